"""Word lists a translator or coordinator edits, kept as TOML files in `hrcities/words/`.

Each file maps a key (a region, stage or kind id; a country name or code) to a word or a list of
words; its header says what it is for and how to add a word. Read once per process.
"""

import tomllib
from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).with_name("words")


@cache
def words(name: str) -> dict[str, object]:
    """The mapping in `hrcities/words/<name>.toml` (lists as tuples)."""
    with (WORDS_DIR / f"{name}.toml").open("rb") as file:
        found = tomllib.load(file)
    return {key: tuple(value) if isinstance(value, list) else value for key, value in found.items()}
