"""Our tracker fields (name, label, whether required) and the column headings that usually hold
them, in English, French, Spanish and Portuguese (`hrcities/words/tracker_headings.toml`);
`normalise_header` says how headings compare and `suggest_mapping` proposes which of their columns
holds which field. `stage` is required unless the coordinator says which stage every row is at."""

import difflib
from dataclasses import dataclass
from functools import lru_cache

from ..text import fold_key
from ..wordlists import derived, words
from .limits import FUZZY_CUTOFF


@dataclass(frozen=True)
class Field:
    """A tracker field we accept; its label is a message translated for the mapping's choices."""

    name: str
    label: str
    required: bool

    @property
    def synonyms(self) -> tuple[str, ...]:
        """The column headings that usually hold it, from `hrcities/words/tracker_headings.toml`."""
        return words("tracker_headings").get(self.name, ())


FIELDS: tuple[Field, ...] = (
    Field("name", "Name", True),
    Field("local_name", "Local name", False),
    Field("kind", "Type", False),
    Field("country", "Country", True),
    Field("region", "UCLG region", False),
    Field("stage", "Campaign stage", True),
    Field("joined", "Date joined", False),
    Field("wave", "Wave", False),
    Field("population", "Population", False),
    Field("latitude", "Latitude", False),
    Field("longitude", "Longitude", False),
    Field("source_url", "Source (web address)", False),
    Field("notes", "Notes", False),
    Field("id", "Identifier", False),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}


@lru_cache(maxsize=65536)
def normalise_header(text: str) -> str:
    """Lower case, accents stripped, punctuation and underscores as spaces (`text.fold_key`).

    "Année d'adhésion" → "annee d adhesion"; "UCLG_Region" → "uclg region".
    """
    return fold_key(text)


@derived
@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, str]:
    """Every normalised heading we recognise → the field it names."""
    index: dict[str, str] = {}
    for item in FIELDS:
        for text in (*item.synonyms, item.name, item.label):
            index.setdefault(normalise_header(text), item.name)
    return index


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """For each heading, the field it probably holds, or None; no field is suggested twice.

    An exact match of a known heading (accents, case and punctuation aside) beats a close one
    (`difflib`, ratio at least `FUZZY_CUTOFF`); among equals the leftmost column wins.
    """
    index = _synonym_index()
    candidates = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in index:
            candidates.append((1.0, position, index[key]))
            continue
        for match in difflib.get_close_matches(key, list(index), n=3, cutoff=FUZZY_CUTOFF):
            score = difflib.SequenceMatcher(None, key, match).ratio()
            candidates.append((score, position, index[match]))
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    placed, taken = set(), set()
    for _, position, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if position not in placed and name not in taken:
            mapping[headers[position]] = name
            placed.add(position)
            taken.add(name)
    return mapping
