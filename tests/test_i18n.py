"""Every message shown has an entry in every language's catalog (English, French, Spanish) with the
same placeholders; numbers and dates are formatted for the language."""

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from hrcities import i18n

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
LANGS = ("en", "fr", "es")
KEYWORDS = {"_": None, "msg": None, "ngettext": (1, 2)}
LABEL_COLUMNS = [
    ("stages.csv", "label"),
    ("regions.csv", "label"),
    ("themes.csv", "label"),
    ("target_groups.csv", "label"),
    ("rights.csv", "title_en"),
    ("milestones.csv", "label"),
    ("waves.csv", "label"),
    ("population_bands.csv", "label"),
    ("charter_phases.csv", "label"),
]


def code_messages() -> list[tuple[str, int, str]]:
    """(file, line, msgid) for every `_("...")` in the app's code."""
    found = []
    for folder in ("hrcities", "components", "views"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.append((f"{folder}/{filename}", lineno, message))
    for lineno, message, _comments, _context in extract_from_file(
        "python", ROOT / "app.py", keywords=KEYWORDS
    ):
        found.append(("app.py", lineno, message))
    return found


def data_labels() -> list[tuple[str, str]]:
    return [
        (f"{file}:{column}", label)
        for file, column in LABEL_COLUMNS
        for label in pd.read_csv(DATA_DIR / file, dtype=str)[column].dropna()
    ]


def catalog_strings(lang: str) -> dict[str, str]:
    with i18n.catalog_path(lang).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


CODE = code_messages()
LABELS = data_labels()
STRINGS = {lang: catalog_strings(lang) for lang in LANGS}
PLACEHOLDER = re.compile(r"{[a-z_]*}")


def check_translated(lang: str, where: str, message: str | tuple[str, str]) -> None:
    """`message` (a msgid, or the (singular, plural) of an ngettext call) has a translation in `lang`
    with the same placeholders: every plural form of it, as many as the language has."""
    strings = STRINGS[lang]
    assert message in strings, f"{where} {message!r} missing from the {lang} catalog"
    forms = strings[message] if isinstance(message, tuple) else (strings[message],)
    ids = message if isinstance(message, tuple) else (message,)
    assert all(f.strip() for f in forms), f"{where} {message!r} has an empty msgstr in the {lang} catalog"
    for form in forms:
        assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(ids[-1])), (
            f"{where} {message!r}: the {lang} translation changes the placeholders: {form!r}"
        )


def test_extraction_finds_the_code_messages():
    assert len(CODE) > 50
    messages = {m for _, _, m in CODE}
    assert "Members" in messages
    assert "Members against the 10 / 100 / 1000 milestones" in messages
    assert all(isinstance(m, str | tuple) and all(m) for m in messages)  # a tuple: an ngettext pair


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_message_is_translated(lang):
    for where, line, message in CODE:
        check_translated(lang, f"{where}:{line}", message)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_title_and_tracker_field_is_translated(lang):
    from components.nav import COORDINATOR_PAGES, FIXED_PAGES, SIGN_IN_PAGE
    from hrcities.tracker import FIELDS

    for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES):
        check_translated(lang, "components/nav.py", row.title)
    for field in FIELDS:
        check_translated(lang, "hrcities/tracker.py", field.label)


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_label_is_translated(lang):
    for where, label in LABELS:
        check_translated(lang, where, label)


# Words that are the same in the other language (checked by a person): anything else left equal to its
# English id is a copy, not a translation.
SAME_AS_ENGLISH = {
    "fr": {
        "Consultation",
        "Culture",
        "Date",
        "Europe",
        "Latitude",
        "Longitude",
        "Note",
        "Notes",
        "Organisation",
        "Organisations",
        "Population",
        "Source",
        "Sources",
        "Type",
        "forum",
        "province",
    },
    "es": {"Eurasia", "Panel", "no"},
}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_translations_are_not_english_copies(lang):
    """A catalog that copies English would pass the checks above: only known words may stay equal."""
    catalog = read_po((ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb"), locale=lang)
    same = sorted(
        str(m.id)
        for m in catalog
        if m.id
        and (m.string == m.id or (m.pluralizable and m.string[0] == m.id[0]))
        and m.id not in SAME_AS_ENGLISH[lang]
    )
    assert not same, f"{lang}: {len(same)} messages left in English: {same[:10]}"


def test_every_label_table_is_covered():
    # stages, regions, themes, target groups, rights, milestones, waves, population bands, Charter phases
    assert len(LABELS) == 5 + 7 + 19 + 18 + 20 + 3 + 3 + 5 + 4


@pytest.mark.parametrize("lang", ["en", "fr", "es", None, "xx"])
def test_translator_falls_back_to_the_message(lang):
    _ = i18n.translator(lang)
    assert _("A sentence no catalog has") == "A sentence no catalog has"
    assert _("") == ""


@pytest.mark.parametrize("lang, members", [("en", "Members"), ("fr", "Membres"), ("es", "Miembros")])
def test_each_language_translates(lang, members):
    assert i18n.translator(lang)("Members") == members


@pytest.mark.parametrize(
    "lang, expected",
    [("en", "en"), ("fr", "fr"), ("es", "es"), (None, "en"), ("EN", "en"), ("de", "en"), ("<script>", "en")],
)
def test_supported(lang, expected):
    assert i18n.supported(lang) == expected


def test_catalog_holds_translations():
    assert i18n.catalog("en")["Members"] == "Members"
    assert "" not in i18n.catalog("en")


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (1234.5, 0, "1,235"),
        (1234.4, 0, "1,234"),
        (1234.56, 1, "1,234.6"),
        (1000000, 0, "1,000,000"),
        (20, 0, "20"),
        (30.2, 1, "30.2"),
        (0, 0, "0"),
    ],
)
def test_fmt_number(value, decimals, expected):
    assert i18n.fmt_number(value, "en", decimals=decimals) == expected


@pytest.mark.parametrize(
    "lang, value, decimals, expected",
    [
        ("fr", 1234.5, 0, "1\u202f235"),
        ("fr", 1234.56, 1, "1\u202f234,6"),
        ("es", 1234.56, 1, "1.234,6"),
        ("es", 12345.6, 0, "12.346"),
    ],
)
def test_fmt_number_per_locale(lang, value, decimals, expected):
    assert i18n.fmt_number(value, lang, decimals=decimals) == expected


@pytest.mark.parametrize("share, expected", [(0.02, "2%"), (0.2, "20%"), (1.0, "100%")])
def test_fmt_percent(share, expected):
    assert i18n.fmt_percent(share, "en") == expected


@pytest.mark.parametrize(
    "day, precision, expected",
    [
        (date(2023, 12, 5), "month", "Dec 2023"),
        (date(2023, 12, 31), "year", "2023"),
        (date(2023, 1, 26), "day", "Jan 26, 2023"),
        (date(2024, 2, 29), "month", "Feb 2024"),
    ],
)
def test_fmt_date(day, precision, expected):
    assert i18n.fmt_date(day, "en", precision=precision) == expected
    assert i18n.fmt_date(day, "de", precision=precision) == expected  # unsupported -> English


@pytest.mark.parametrize(
    "lang, day, precision, expected",
    [
        ("fr", date(2023, 1, 26), "day", "26 janv. 2023"),
        ("es", date(2023, 1, 26), "day", "26 ene 2023"),
        ("fr", date(2023, 12, 5), "month", "déc. 2023"),
        ("es", date(2023, 12, 5), "month", "dic 2023"),
    ],
)
def test_fmt_date_per_locale(lang, day, precision, expected):
    assert i18n.fmt_date(day, lang, precision=precision) == expected


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_practice_status_on_a_card_is_in_the_readers_language(lang):
    """A card says a practice's status ('ongoing', 'in-preparation'...): each value the data holds
    has its translation, so a Spanish card does not read '... desde 2024 · in-preparation'."""
    import pandas as pd

    from hrcities.paths import ROOT

    statuses = set(pd.read_csv(ROOT / "data" / "practices.csv", dtype=str)["status"].dropna()) - {"unknown"}
    _ = i18n.translator(lang)
    assert statuses and all(_(s) != s for s in statuses), [s for s in statuses if _(s) == s]


@pytest.mark.parametrize(
    "lang, counts",
    [
        ("en", {0: "0 problems", 1: "1 problem", 2: "2 problems"}),
        ("fr", {0: "0 problème", 1: "1 problème", 2: "2 problèmes"}),  # French: 0 and 1 are singular
        ("es", {0: "0 problemas", 1: "1 problema", 2: "2 problemas"}),
    ],
)
def test_plural_forms_follow_each_language(lang, counts):
    ngettext = i18n.plural_translator(lang)
    for n, expected in counts.items():
        said = ngettext(
            "{count} problem found. Its row is left out of the import.",
            "{count} problems found. Rows with a problem are left out of the import.",
            n,
        ).format(count=n)
        assert expected in said, (lang, n, said)
