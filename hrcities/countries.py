"""ISO 3166 country codes and country names: alpha-2 and alpha-3 codes, the names CLDR (through Babel)
gives in English, French and Spanish, the common names it does not give
(`hrcities/words/country_names.toml`) and plainer English names for a few of its short ones
(`hrcities/words/country_english_names.toml`). `find_iso3` reads any of these, accents, case and
punctuation aside, and official long forms of them ('República Federal de Alemania', 'Korea,
Republic of': the forms are the word file's official_forms list) into an alpha-3 code;
`english_name` gives the name our data writes for one.
"""

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache

from babel import Locale
from babel.core import get_global

from .text import fold_key
from .wordlists import derived, words

RETIRED_ALPHA3 = frozenset({"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR"})  # Babel still lists them
NOT_COUNTRIES = re.compile(r"AA|EU|EZ|UN|Q[M-Z]|X[A-JL-Z]|ZZ")  # unions and user-assigned codes (not XK)
NAME_LANGUAGES = ("en", "fr", "es")
CLOSE_NAME_CUTOFF = 0.8

_key = lru_cache(maxsize=65536)(fold_key)


@lru_cache(maxsize=1)
def codes() -> tuple[dict[str, str], dict[str, str]]:
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


@derived
@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str]]:
    """Folded country name (EN, FR, ES and the extra names) → (alpha-3, the name as written)."""
    _, to_alpha3 = codes()
    found: dict[str, tuple[str, str]] = {}
    for language in NAME_LANGUAGES:
        for alpha2, name in Locale.parse(language).territories.items():
            if alpha2 in to_alpha3:
                found.setdefault(_key(name), (to_alpha3[alpha2], name))
    for name, alpha2 in words("country_names").items():
        if isinstance(alpha2, str):  # the official_forms list is not a name
            found.setdefault(_key(name), (to_alpha3[alpha2], name))
    return found


@derived
@lru_cache(maxsize=1)
def official_forms() -> tuple[str, ...]:
    """The folded words that open an official long name ('republica federal de'), longest first."""
    forms = words("country_names").get("official_forms", ())
    return tuple(sorted({_key(form) for form in forms} - {""}, key=len, reverse=True))


def short_forms(key: str) -> list[str]:
    """A folded name without the official form around it: 'reino de espana' → ['espana'];
    'korea republic of' → ['korea']; 'la republique du kenya' → ['republique du kenya', 'kenya']."""
    found: list[str] = []
    pending = [key]
    while pending and len(found) < 8:
        text = pending.pop(0)
        for form in official_forms():
            for rest in (_without_prefix(text, form), _without_suffix(text, form)):
                if rest and rest not in found:
                    found.append(rest)
                    pending.append(rest)
    return found


def _without_prefix(text: str, form: str) -> str | None:
    return text[len(form) + 1 :] if text.startswith(form + " ") else None


def _without_suffix(text: str, form: str) -> str | None:
    return text[: -len(form) - 1] if text.endswith(" " + form) else None


def iso3_from_code(text: str) -> str | None:
    """The current alpha-3 code for an alpha-3 or alpha-2 code in any case ('esp', 'ES'), else None."""
    return _iso3_from_key(_key(text))


def _iso3_from_key(key: str) -> str | None:
    to_alpha2, to_alpha3 = codes()
    code = key.upper()
    if len(code) == 3 and code in to_alpha2:
        return to_alpha3.get(to_alpha2[code])
    return to_alpha3.get(code) if len(code) == 2 else None


def all_iso3() -> list[str]:
    """Every current country's alpha-3 code (for a picker)."""
    return sorted(codes()[1].values())


def english_name(iso3: str) -> str:
    """The English name for an ISO alpha-3 code (CLDR's, or the plainer one of the word file)."""
    to_alpha2, _ = codes()
    alpha2 = to_alpha2[iso3]
    return words("country_english_names").get(alpha2) or Locale.parse("en").territories[alpha2]


def find_iso3(text: str, known_names: Mapping[str, str] | None = None) -> str | None:
    """The alpha-3 code for 'ESP', 'ES', 'Spain', 'Espagne', 'España' (any case, accents), else None.

    A code wins over a name; `known_names` (alpha-3 → the name our data writes) is read last.
    """
    key = _key(text)
    in_data = {_key(name): iso3 for iso3, name in (known_names or {}).items()}
    code = _iso3_from_key(key)
    if code:
        return code
    for candidate in (key, *short_forms(key)):
        found = names().get(candidate)
        if found or candidate in in_data:
            return found[0] if found else in_data[candidate]
    return None


def closest_name(text: str) -> str | None:
    """The country name (as written) closest to a misspelt one ('Spian' → 'Spain', 'République de
    Mauritanié' → 'Mauritanie'), the official form around it aside; None when nothing is close."""
    key = _key(text)
    best: tuple[float, str] | None = None
    for candidate in (key, *short_forms(key)):
        for close in difflib.get_close_matches(candidate, list(names()), n=1, cutoff=CLOSE_NAME_CUTOFF):
            score = difflib.SequenceMatcher(None, candidate, close).ratio()
            if best is None or score > best[0]:
                best = (score, close)
    return names()[best[1]][1] if best else None
