"""Fixtures of the tracker tests: the real data tables a plan is made against, and a copy of the
word files to edit (the importer then reads the copy, as it would an edited file)."""

import shutil

import pytest

# TODAY too: another folder's `from conftest import TODAY` may find this conftest first
from tracker_files import TODAY, read_table  # noqa: F401

from hrcities import wordlists


@pytest.fixture(scope="module")
def current() -> dict:
    return {name: read_table(name) for name in ("territories", "regions", "stages", "sources", "waves")}


@pytest.fixture
def words_dir(tmp_path, monkeypatch):
    """A copy of hrcities/words/ the importer reads instead, for a test to add words to."""
    for path in wordlists.WORDS_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(wordlists, "WORDS_DIR", tmp_path)
    wordlists.reload()
    yield tmp_path
    wordlists.reload()  # the next reader reads hrcities/words/ again
