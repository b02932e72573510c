"""Country names and codes a tracker may write (CLDR names in three languages, ISO codes, common
extra names), read into ISO 3166 alpha-3."""

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache

from babel import Locale
from babel.core import get_global

from ..wordlists import words
from .fields import normalise_header

# --- value normalisers -----------------------------------------------------------------------------


class InvalidValue(ValueError):
    """A cell's value breaks a rule; `rule` says which, in words a coordinator can act on."""

    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


RETIRED_ALPHA3 = frozenset({"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR"})  # Babel still lists them
NOT_COUNTRIES = re.compile(r"AA|EU|EZ|UN|Q[M-Z]|X[A-JL-Z]|ZZ")  # unions and user-assigned codes (not XK)
COUNTRY_NAME_LANGUAGES = ("en", "fr", "es")
EXTRA_COUNTRY_NAMES = words("country_names")  # common names CLDR does not give


@lru_cache(maxsize=1)
def _country_codes() -> tuple[dict[str, str], dict[str, str]]:
    """Babel's alpha-3 → alpha-2 aliases, and the current alpha-3 of every named alpha-2 code."""
    english = Locale.parse("en").territories
    to_alpha2 = {
        alpha3: targets[0]
        for alpha3, targets in get_global("territory_aliases").items()
        if re.fullmatch(r"[A-Z]{3}", alpha3)
        and len(targets) == 1
        and re.fullmatch(r"[A-Z]{2}", targets[0])
        and targets[0] in english
        and not NOT_COUNTRIES.fullmatch(targets[0])
    }
    to_alpha3 = {alpha2: alpha3 for alpha3, alpha2 in to_alpha2.items() if alpha3 not in RETIRED_ALPHA3}
    return to_alpha2, to_alpha3


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, str]]:
    """Normalised country name (EN, FR, ES and a few common extras) → (alpha-3, name as written)."""
    _, to_alpha3 = _country_codes()
    names: dict[str, tuple[str, str]] = {}
    for language in COUNTRY_NAME_LANGUAGES:
        for alpha2, name in Locale.parse(language).territories.items():
            if alpha2 in to_alpha3:
                names.setdefault(normalise_header(name), (to_alpha3[alpha2], name))
    for name, alpha2 in EXTRA_COUNTRY_NAMES.items():
        names.setdefault(normalise_header(name), (to_alpha3[alpha2], name))
    return names


def _iso3_from_code(key: str) -> str | None:
    to_alpha2, to_alpha3 = _country_codes()
    code = key.upper()
    if len(code) == 3 and code in to_alpha2:
        return to_alpha3.get(to_alpha2[code])
    return to_alpha3.get(code) if len(code) == 2 else None


ENGLISH_NAME_OVERRIDES = words("country_english_names")  # CLDR short names that read oddly


def english_country_name(iso3: str) -> str:
    """The English name for an ISO alpha-3 code (Babel's, with a few plainer overrides)."""
    to_alpha2, _ = _country_codes()
    alpha2 = to_alpha2[iso3]
    return ENGLISH_NAME_OVERRIDES.get(alpha2) or Locale.parse("en").territories[alpha2]


def normalise_country(text: str, known_names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(ISO alpha-3, English name) for 'ESP', 'ES', 'Spain', 'Espagne', 'España' (any case, accents).

    `known_names` maps alpha-3 codes to the names our data already writes; they are preferred
    (and recognised) over Babel's. Raise `InvalidValue` for a country we cannot tell.
    """
    known_names = known_names or {}
    key = normalise_header(text)
    in_data = {normalise_header(name): iso3 for iso3, name in known_names.items()}
    found = _country_names().get(key)
    iso3 = _iso3_from_code(key) or (found and found[0]) or in_data.get(key)
    if iso3 is None:
        raise InvalidValue(_unknown_country_rule(key))
    return iso3, known_names.get(iso3) or english_country_name(iso3)


def _unknown_country_rule(key: str) -> str:
    close = difflib.get_close_matches(key, list(_country_names()), n=1, cutoff=0.8)
    hint = f" Did you mean '{_country_names()[close[0]][1]}'?" if close else ""
    return (
        "unknown country: write its name in English, French or Spanish, or its ISO code "
        f"(e.g. Spain, Espagne, España, ESP or ES).{hint}"
    )
