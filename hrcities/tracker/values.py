"""Cell values normalised against our data: countries, regions, stages, waves, kinds, dates,
populations, coordinates, text, URLs and ids. Each normaliser returns our value or raises
`InvalidValue`, whose `rule` says what is wrong in words a coordinator can act on. The words
trackers write for regions, stages, waves and kinds are in `hrcities/words/tracker_*.toml`;
countries are read by `hrcities.countries`."""

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import pandas as pd

from .. import countries, i18n, wordlists
from ..dates import parse_partial_date
from ..i18n import msg
from ..schema import ID_PATTERN, MAX_TEXT
from .fields import normalise_header
from .limits import KINDS


class InvalidValue(ValueError):
    """A cell's value breaks a rule; `rule` says which, in words a coordinator can act on."""

    def __init__(self, rule: str):  # a `msg(...)`, for the page to say in its reader's language
        super().__init__(rule)
        self.rule = rule


def normalise_country(text: str, known_names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(ISO alpha-3, English name) for 'ESP', 'ES', 'Spain', 'Espagne', 'España' (any case, accents).

    `known_names` maps alpha-3 codes to the names our data already writes; they are preferred
    (and recognised) over Babel's. Raise `InvalidValue` for a country we cannot tell.
    """
    known_names = known_names or {}
    iso3 = countries.find_iso3(text, known_names)
    if iso3 is None:
        close = countries.closest_name(text)
        if close:
            raise InvalidValue(
                msg(
                    "unknown country: write its name in English, French or Spanish, or its ISO code "
                    "(e.g. Spain, Espagne, España, ESP or ES). Did you mean '{close}'?",
                    close=close,
                )
            )
        raise InvalidValue(
            msg(
                "unknown country: write its name in English, French or Spanish, or its ISO code "
                "(e.g. Spain, Espagne, España, ESP or ES)."
            )
        )
    return iso3, known_names.get(iso3) or countries.english_name(iso3)


def word_index(
    table: pd.DataFrame | None,
    words: Mapping[str, tuple[str, ...]],
    text_columns: tuple[str, ...] = ("label",),
) -> dict[str, str]:
    """Normalised id, label (and `text_columns`) and extra words → our id, for ids in `table`."""
    ids = list(words) if table is None else [i for i in table["id"] if isinstance(i, str)]
    index: dict[str, str] = {}
    for record in [] if table is None else table.to_dict("records"):
        for column in ("id", *text_columns):
            if isinstance(record.get(column), str):
                index.setdefault(normalise_header(record[column]), record["id"])
    for ident in ids:
        for word in words.get(ident, ()):
            index.setdefault(normalise_header(word), ident)
    return index


def _look_up(text: str, index: Mapping[str, str], what: str) -> str:
    found = index.get(normalise_header(text))
    if found is None:
        choices = ", ".join(sorted(set(index.values())))
        raise InvalidValue(_unknown_word(what, choices))
    return found


def _unknown_word(what: str, choices: str) -> str:
    """The rule a word `_look_up` does not know breaks: one sentence per kind of word, so that each
    language can agree its words with it ('région inconnue', 'tipo desconocido')."""
    if what == "region":
        return msg(
            "unknown region: use one of {choices} (French and Spanish words work too)", choices=choices
        )
    if what == "stage":
        return msg("unknown stage: use one of {choices} (French and Spanish words work too)", choices=choices)
    if what == "type":
        return msg("unknown type: use one of {choices} (French and Spanish words work too)", choices=choices)
    return msg(
        "unknown {what}: use one of {choices} (French and Spanish words work too)", what=what, choices=choices
    )


def normalise_region(text: str, regions: pd.DataFrame) -> str:
    """Our region id for an id, an English label, a UCLG section or a French/Spanish name."""
    return _look_up(
        text, word_index(regions, wordlists.words("tracker_regions"), ("label", "section")), "region"
    )


def normalise_stage(text: str, stages: pd.DataFrame) -> str:
    """Our stage id for an id, an English label or a French/Spanish word ('membre', 'promesa')."""
    return _look_up(text, word_index(stages, wordlists.words("tracker_stages")), "stage")


WAVE_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|re|ere|eme|a|o)?")  # '2', '2nd', '2e', '2ème', '2ª'


def wave_index(waves: pd.DataFrame | None) -> dict[str, str]:
    """Normalised wave number, label (English and its French and Spanish translations) and the
    ordinal words of `hrcities/words/tracker_waves.toml` → our wave number, for waves in `waves`."""
    if waves is None:
        return {}
    known = {str(int(w)): label for w, label in zip(waves["wave"], waves["label"], strict=True) if w}
    index: dict[str, str] = {}
    for number, label in known.items():
        index[number] = number
        for lang in i18n.LANGUAGES:
            index.setdefault(normalise_header(i18n.translator(lang)(label or "")), number)
        for word in wordlists.words("tracker_waves").get(number, ()):
            index.setdefault(normalise_header(word), number)
    return {key: number for key, number in index.items() if key}


def normalise_wave(text: str, index: Mapping[str, str]) -> str:
    """Our wave number for '2', 'Wave 2', '2nd wave', 'Segunda ola', 'vague II' or 'onda 2'."""
    key = normalise_header(text)
    ignored = {normalise_header(w) for w in wordlists.words("tracker_waves").get("ignored", ())}
    rest = " ".join(t for t in key.split() if t not in ignored)
    number = WAVE_NUMBER.fullmatch(rest)
    found = index.get(key) or index.get(rest) or (number and index.get(str(int(number.group(1)))))
    if found is None:
        choices = ", ".join(sorted(set(index.values()), key=int))
        if not choices:
            raise InvalidValue(
                msg("unknown wave: use a wave number (none yet) or its name, e.g. Wave 2, Ola 2")
            )
        raise InvalidValue(
            msg(
                "unknown wave: use a wave number ({choices}) or its name, e.g. Wave 2, Ola 2", choices=choices
            )
        )
    return found


def normalise_kind(text: str) -> str:
    """One of our kinds (city, municipality, county, province, region) from EN, FR or ES words."""
    return _look_up(text, _kind_index(), "type")


@wordlists.derived
@lru_cache(maxsize=1)
def _kind_index() -> dict[str, str]:
    return word_index(
        None, {kind: wordlists.words("tracker_kinds").get(kind, ()) + (kind,) for kind in KINDS}
    )


def infer_region(iso3: str, territories: pd.DataFrame) -> str | None:
    """The region our data most often gives territories of this country, or None if it has none."""
    regions = territories.loc[territories["country_iso3"] == iso3, "uclg_region"].dropna()
    return None if regions.empty else Counter(regions).most_common(1)[0][0]


DATE_FORMATS = (  # (pattern, order of year/month/day groups)
    (r"(\d{4})", "y"),
    (r"(\d{4})-(\d{1,2})", "ym"),
    (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ymd"),
    (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", "dmy"),
    (r"(\d{1,2})[/.-](\d{4})", "my"),
)
DATE_HELP = msg("write 2024, 2024-03, 2024-03-05, 05/03/2024 (day first) or 03/2024")


def normalise_date(text: str, today: date) -> str:
    """Our partial date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') from the ways trackers write it.

    Slashes are read day first: '05/03/2024' is 5 March 2024. A date after `today` is refused.
    """
    value = text.strip()
    for pattern, order in DATE_FORMATS:
        match = re.fullmatch(pattern, value)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            result = _partial_date(parts.get("y", 0), parts.get("m"), parts.get("d"), value)
            if parse_partial_date(result).start > today:
                raise InvalidValue(msg("date is in the future (today is {today})", today=today.isoformat()))
            return result
    raise InvalidValue(msg("'{value}' is not a date we can read: {help}", value=value, help=DATE_HELP))


def _partial_date(year: int, month: int | None, day: int | None, value: str) -> str:
    if year < 1900:
        raise InvalidValue(msg("'{value}' is not a plausible year: {help}", value=value, help=DATE_HELP))
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidValue(msg("'{value}' is not a real date: {help}", value=value, help=DATE_HELP)) from exc
    return "-".join([f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None])


SPACES = " \u00a0\u202f\u2009\u2007"


def normalise_population(text: str) -> str:
    """A whole number from '1686208', '1 686 208' (any space), '1,686,208', '1.686.208' or '1686208.0'.

    Separators must split the digits into groups of three. A single '.' group ('1.686') is refused
    as ambiguous: it may be a decimal point.
    """
    value = text.strip()
    squeezed = re.sub(f"[{SPACES}]+", " ", value)
    if re.fullmatch(r"\d+(\.0+)?", squeezed):
        return str(int(float(squeezed)))
    match = re.fullmatch(r"\d{1,3}([ ,.'’])\d{3}(?:\1\d{3})*", squeezed)
    if match and not (match.group(1) == "." and squeezed.count(".") == 1):
        return str(int(re.sub(r"\D", "", squeezed)))
    if match:
        raise InvalidValue(
            msg(
                "'{value}' is ambiguous (a decimal point or a thousands separator?): write the "
                "population without separators, e.g. 1686208",
                value=value,
            )
        )
    raise InvalidValue(msg("population must be a whole number of people, e.g. 1686208 or 1 686 208"))


COORDINATE_RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}


def normalise_coordinate(text: str, axis: str) -> str:
    """A decimal latitude or longitude ('41.38' or '41,38') within its range, as text like '41.38'."""
    low, high = COORDINATE_RANGES[axis]
    value = text.strip().replace("\u2212", "-").lstrip("+")
    if re.fullmatch(r"-?\d+,\d+", value):
        value = value.replace(",", ".")
    if re.fullmatch(r"-?\d+(\.\d+)?[eE][-+]?\d+", value):  # a spreadsheet's repr of a tiny number
        value = f"{float(value):.8f}".rstrip("0").rstrip(".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise InvalidValue(_coordinate_rule(axis, "number", low, high))
    if not low <= float(value) <= high:
        raise InvalidValue(_coordinate_rule(axis, "range", low, high))
    return value


def _coordinate_rule(axis: str, broken: str, low: int, high: int) -> str:
    """The rule a latitude or a longitude breaks: not a `number`, or out of its `range`."""
    if axis == "latitude":
        if broken == "number":
            return msg("latitude must be a decimal number of degrees, e.g. 41.38 or 41,38")
        return msg("latitude must be between {low} and {high}", low=low, high=high)
    if broken == "number":
        return msg("longitude must be a decimal number of degrees, e.g. 41.38 or 41,38")
    return msg("longitude must be between {low} and {high}", low=low, high=high)


FORMULA_START = ("=", "+", "@")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode 'Cc' but tab and line ends


def check_text(text: str, single_line: bool = False) -> str:
    """The text stripped; refused if it holds HTML, looks like a formula, is too long or has control codes."""
    value = text.strip()
    if "<" in value or ">" in value:
        raise InvalidValue(msg("HTML is not allowed: remove the '<' and '>' characters"))
    if value.startswith(FORMULA_START):
        raise InvalidValue(
            msg(
                "looks like a spreadsheet formula (it starts with '{start}'): type the value itself",
                start=value[0],
            )
        )
    if len(value) > MAX_TEXT:
        raise InvalidValue(
            msg(
                "text is {length} characters long; the limit is {limit}",
                length=format(len(value), ","),
                limit=format(MAX_TEXT, ","),
            )
        )
    if CONTROL.search(value):
        raise InvalidValue(msg("contains invisible control characters: retype the value"))
    if single_line and re.search(r"[\r\n]", value):
        raise InvalidValue(msg("must fit on one line (no line breaks)"))
    return value


def normalise_url(text: str) -> str:
    """A web address starting http:// or https:// (the scheme put in lower case)."""
    value = check_text(text, single_line=True)
    match = re.fullmatch(r"(https?)(://\S+)", value, flags=re.IGNORECASE)
    if not match:
        raise InvalidValue(msg("must be a web address starting with http:// or https://"))
    return match.group(1).lower() + match.group(2)


def normalise_id(text: str) -> str:
    """An identifier as our data writes them: lower-case letters, digits and hyphens."""
    value = text.strip()
    if not re.fullmatch(ID_PATTERN, value):
        raise InvalidValue(msg("an id must be lower-case letters, digits and hyphens, e.g. testville"))
    return value
