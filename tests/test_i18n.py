"""Every message shown has an English catalog entry; numbers and dates are formatted for the language."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from hrcities import i18n

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
CATALOG = ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po"
LABEL_COLUMNS = [("stages.csv", "label"), ("regions.csv", "label"), ("themes.csv", "label"),
                 ("target_groups.csv", "label"), ("rights.csv", "title_en"), ("milestones.csv", "label"),
                 ("waves.csv", "label"), ("population_bands.csv", "label"),
                 ("charter_phases.csv", "label")]


def code_messages() -> list[tuple[str, int, str]]:
    """(file, line, msgid) for every `_("...")` in the app's code."""
    found = []
    for folder in ("hrcities", "components", "views"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None}):
            found.append((f"{folder}/{filename}", lineno, message))
    for lineno, message, _comments, _context in extract_from_file("python", ROOT / "app.py",
                                                                  keywords={"_": None}):
        found.append(("app.py", lineno, message))
    return found


def data_labels() -> list[tuple[str, str]]:
    return [(f"{file}:{column}", label) for file, column in LABEL_COLUMNS
            for label in pd.read_csv(DATA_DIR / file, dtype=str)[column].dropna()]


def catalog_strings() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="en") if m.id}


CODE = code_messages()
LABELS = data_labels()
STRINGS = catalog_strings()


def test_extraction_finds_the_code_messages():
    assert len(CODE) > 50
    messages = {m for _, _, m in CODE}
    assert "Members" in messages
    assert "Members against the 10 / 100 / 1000 milestones" in messages
    assert all(isinstance(m, str) and m for m in messages)


@pytest.mark.parametrize("where, line, message", CODE, ids=[f"{f}:{n}" for f, n, _ in CODE])
def test_code_message_is_translated(where, line, message):
    strings = STRINGS
    assert message in strings, f"{where}:{line} {message!r} missing from {CATALOG.name}"
    assert strings[message].strip(), f"{where}:{line} {message!r} has an empty msgstr"


@pytest.mark.parametrize("where, label", LABELS, ids=[f"{w}:{label}" for w, label in LABELS])
def test_data_label_is_translated(where, label):
    strings = STRINGS
    assert label in strings, f"{where} {label!r} missing from {CATALOG.name}"
    assert strings[label].strip()


def test_every_label_table_is_covered():
    assert len(LABELS) == 5 + 7 + 13 + 12 + 20 + 3 + 3 + 4 + 4


@pytest.mark.parametrize("lang", ["en", "fr", None, "xx"])
def test_translator_falls_back_to_the_message(lang):
    _ = i18n.translator(lang)
    assert _("Members") == "Members"
    assert _("A sentence no catalog has") == "A sentence no catalog has"
    assert _("") == ""


@pytest.mark.parametrize("lang, expected", [("en", "en"), ("fr", "en"), (None, "en"), ("EN", "en")])
def test_supported(lang, expected):
    assert i18n.supported(lang) == expected


def test_catalog_holds_translations():
    assert i18n.catalog("en")["Members"] == "Members"
    assert "" not in i18n.catalog("en")


@pytest.mark.parametrize("value, decimals, expected", [
    (1234.5, 0, "1,235"),
    (1234.4, 0, "1,234"),
    (1234.56, 1, "1,234.6"),
    (1000000, 0, "1,000,000"),
    (20, 0, "20"),
    (30.2, 1, "30.2"),
    (0, 0, "0"),
])
def test_fmt_number(value, decimals, expected):
    assert i18n.fmt_number(value, "en", decimals=decimals) == expected


@pytest.mark.parametrize("share, expected", [(0.02, "2%"), (0.2, "20%"), (1.0, "100%")])
def test_fmt_percent(share, expected):
    assert i18n.fmt_percent(share, "en") == expected


@pytest.mark.parametrize("day, precision, expected", [
    (date(2023, 12, 5), "month", "Dec 2023"),
    (date(2023, 12, 31), "year", "2023"),
    (date(2023, 1, 26), "day", "Jan 26, 2023"),
    (date(2024, 2, 29), "month", "Feb 2024"),
])
def test_fmt_date(day, precision, expected):
    assert i18n.fmt_date(day, "en", precision=precision) == expected
    assert i18n.fmt_date(day, "fr", precision=precision) == expected  # unsupported -> English
