"""Word lists a translator or coordinator edits, kept as TOML files in `hrcities/words/`.

Each file maps a key (a region, stage, kind or field name; a country name or code) to a word or a
list of words; its header says what it is for and how to add a word. `words` reads a file once per
process; an index built from word lists is marked `@derived`, so that `reload()` (after a file is
edited, in a test or a shell) forgets the files and every index built from them.
"""

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

WORDS_DIR = Path(__file__).with_name("words")
_DERIVED: list[Callable] = []
F = TypeVar("F", bound=Callable)


@cache
def words(name: str) -> dict[str, object]:
    """The mapping in `hrcities/words/<name>.toml` (lists as tuples)."""
    with (WORDS_DIR / f"{name}.toml").open("rb") as file:
        found = tomllib.load(file)
    return {key: tuple(value) if isinstance(value, list) else value for key, value in found.items()}


def derived(cached: F) -> F:
    """Mark a cached function (`functools.cache` or `lru_cache`) as built from word lists."""
    _DERIVED.append(cached)
    return cached


def reload() -> None:
    """Read the word files again the next time they are needed, and rebuild what was built from them."""
    words.cache_clear()
    for cached in _DERIVED:
        cached.cache_clear()
