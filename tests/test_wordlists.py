"""The word-list loader (hrcities/wordlists.py) and the files it reads (hrcities/words/*.toml)."""

from functools import lru_cache

import pytest

from hrcities import wordlists

FILES = sorted(wordlists.WORDS_DIR.glob("*.toml"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_word_file_says_what_it_is_and_how_to_add_a_word(path):
    header = path.read_text(encoding="utf-8").split("\n\n")[0]
    assert header.startswith("# ")
    assert "add" in header.lower()
    assert wordlists.words(path.stem)  # it reads, and holds something


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_lists_are_tuples_and_single_words_strings(path):
    for value in wordlists.words(path.stem).values():
        if isinstance(value, dict):  # a table per language (the tracker template's headings)
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
            continue
        assert isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(w, str) for w in value))


def test_a_file_is_read_once_and_again_after_reload(tmp_path, monkeypatch):
    (tmp_path / "colours.toml").write_text('"red" = ["rouge", "rojo"]\n', encoding="utf-8")
    monkeypatch.setattr(wordlists, "WORDS_DIR", tmp_path)
    wordlists.reload()
    calls = []

    @wordlists.derived
    @lru_cache(maxsize=1)
    def index() -> dict[str, str]:
        calls.append(1)
        return {word: key for key, words in wordlists.words("colours").items() for word in words}

    try:
        assert wordlists.words("colours") == {"red": ("rouge", "rojo")}
        assert index() == index() == {"rouge": "red", "rojo": "red"} and len(calls) == 1
        (tmp_path / "colours.toml").write_text('"red" = ["rouge", "rojo", "vermelho"]\n', encoding="utf-8")
        assert "vermelho" not in index()  # read once: an edit waits for reload()
        wordlists.reload()
        assert index()["vermelho"] == "red" and len(calls) == 2
    finally:
        wordlists._DERIVED.remove(index)
        wordlists.reload()
