"""Content in the viewer's language: originals, their translations, and honest labels.

Interface strings are gettext messages (`hrcities.i18n`). *Content* (practice titles and summaries,
territory context and notes, the forum session's texts and panel roles, quotes; right titles are
interface labels; country names come from CLDR) is written once in a language of origin;
`data/translations.csv` holds its translations, one row per (table, record, field, language), each
marked `original` (e.g. a practice's official title in its own language), `human` (a person
translated it) or `machine` (a machine did, not reviewed). `localized()` picks the text for a
language and says what it is; when no translation exists it falls back, visibly, to the original.
"""

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from babel import Locale, UnknownLocaleError

from .errors import DataProblem
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, country_name, supported, translator

FILE = "translations.csv"
COLUMNS = ["table", "record_id", "field", "lang", "text", "kind", "note"]
KINDS = ("original", "human", "machine")
TABLES = ("practices", "territories", "session", "quotes")  # right titles are catalog labels
MAX_TEXT = 4000


@dataclass(frozen=True)
class Text:
    """A content field as shown in one language."""

    text: str
    lang: str  # the language `text` is written in
    kind: str  # "original", "human" or "machine"
    original_lang: str  # the language the field was written in
    wanted: str  # the language the viewer asked for

    @property
    def is_fallback(self) -> bool:
        """True when the viewer's language is missing and the original is shown instead."""
        return self.lang != self.wanted


EMPTY = pd.DataFrame(columns=COLUMNS)


def known_records(c) -> dict[str, set[str]]:
    """The record ids each content table has in campaign `c`."""
    session = c.session or {}
    return {
        "practices": set(c.practices["id"]),
        "territories": set(c.territories["id"]),
        "quotes": {str(q.get("id")) for q in session.get("quotes") or [] if isinstance(q, dict)},
        "session": {str(session.get("id"))} if session.get("id") else set(),
    }


def read_translations(data_dir: Path, known: dict[str, set[str]]) -> tuple[pd.DataFrame, list[DataProblem]]:
    """The translations of `data_dir`, checked; rows breaking a rule are left out and reported."""
    path = Path(data_dir) / FILE
    if not path.exists():
        return EMPTY.copy(), []
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return EMPTY.copy(), [DataProblem(FILE, f"is not UTF-8 text (byte {error.start})")]
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return EMPTY.copy(), [DataProblem(FILE, f"is not valid CSV: {str(error).splitlines()[0]}")]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return EMPTY.copy(), [DataProblem(FILE, f"columns missing: {', '.join(missing)}")]
    problems: list[DataProblem] = []
    keep = []
    seen: dict[tuple, int] = {}
    for index, row in frame[COLUMNS].iterrows():
        line = int(index) + 2
        rule = _row_problem(row, known)
        key = (row["table"], row["record_id"], row["field"], row["lang"])
        if rule is None and key in seen:
            rule = (f"repeats row {seen[key]} (same table, record, field and language)", "lang", row["lang"])
        if rule is not None:
            message, column, value = rule
            problems.append(DataProblem(FILE, message, row=line, column=column, value=str(value)[:80]))
            continue
        seen[key] = line
        keep.append(index)
    return frame.loc[keep, COLUMNS].reset_index(drop=True), problems


def _row_problem(row: pd.Series, known: dict[str, set[str]]) -> tuple[str, str, str] | None:
    if row["table"] not in TABLES:
        return f"table must be one of {', '.join(TABLES)}", "table", row["table"]
    if row["record_id"] not in known.get(row["table"], set()):
        return f"no {row['table']} record has this id", "record_id", row["record_id"]
    if row["lang"] not in LANGUAGES:
        return f"language must be one of {', '.join(LANGUAGES)}", "lang", row["lang"]
    if row["kind"] not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}", "kind", row["kind"]
    text = row["text"].strip()
    if not text:
        return "text is empty", "text", ""
    if len(text) > MAX_TEXT:
        return f"text is longer than {MAX_TEXT} characters", "text", text[:40]
    if "<" in text or ">" in text:
        return "HTML is not allowed in text", "text", text[:40]
    if not row["field"].strip():
        return "field is empty", "field", ""
    return None


class Translations:
    """Lookup of content translations by (table, record, field, language)."""

    def __init__(self, frame: pd.DataFrame):
        self._rows = {
            (r.table, r.record_id, r.field, r.lang): (r.text.strip(), r.kind)
            for r in frame.itertuples(index=False)
        }

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, table: str, record_id: str, field: str, lang: str) -> tuple[str, str] | None:
        """(text, kind) of one translation, if there is one."""
        return self._rows.get((table, str(record_id), field, lang))

    def localized(
        self, table: str, record_id: str, field: str, original: str, original_lang: str, lang: str
    ) -> Text:
        """`original` (written in `original_lang`) as shown to a viewer of `lang`."""
        original_lang = original_lang or "en"
        if lang == original_lang:
            return Text(original, original_lang, "original", original_lang, lang)
        found = self.get(table, record_id, field, lang)
        if found is not None:
            return Text(found[0], lang, found[1], original_lang, lang)
        return Text(original, original_lang, "original", original_lang, lang)


def load(data_dir: Path, c) -> tuple[Translations, list[DataProblem]]:
    """The translations for campaign `c`, and the problems of the rows left out."""
    frame, problems = read_translations(data_dir, known_records(c))
    return Translations(frame), problems


COUNTRY_TABLES = ("territories", "organisations")  # tables with `country_iso3` + `country` (English)


def in_language(c, lang: str):
    """Campaign `c` as a viewer of `lang` reads it: country names from CLDR (via Babel) in `lang`.

    English returns `c` itself. The copy's `version` names the language, so caches keyed on it keep
    one entry per language. Only for display: writes go through the store, never through this copy.
    """
    if lang not in LANGUAGES or lang == DEFAULT_LANGUAGE:
        return c
    tables = dict(c.tables)
    for name in COUNTRY_TABLES:
        frame = tables.get(name)
        if frame is None or "country" not in frame.columns or "country_iso3" not in frame.columns:
            continue
        frame = frame.copy()
        frame["country"] = [
            country_name(iso3, lang, default)
            for iso3, default in zip(frame["country_iso3"], frame["country"], strict=True)
        ]
        tables[name] = frame
    return replace(c, tables=tables, version=f"{c.version}:{lang}")


def shown(c, lang: str):
    """`in_language(c, lang)`, made once per campaign and language."""
    return (
        c
        if lang == DEFAULT_LANGUAGE
        else c.memo(("in_language", lang), lambda: in_language(c, lang), keep=True)
    )


def translations_of(c) -> tuple[Translations, list[DataProblem]]:
    """`load` of campaign `c`'s data folder, read again when the translations file changes."""
    path = Path(c.data_dir) / FILE
    stat = path.stat() if path.exists() else None
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    return c.memo(("translations", stamp), lambda: load(c.data_dir, c), keep=True)


def language_name(code: str, in_lang: str) -> str:
    """The name of language `code` written in `in_lang` (e.g. 'anglais'); the code when unknown."""
    try:
        return Locale.parse(code).get_display_name(supported(in_lang)) or code
    except (ValueError, UnknownLocaleError):
        return code


def translation_label(text: Text) -> str | None:
    """What a content text shown is, in the language it was wanted in: a machine or a person's
    translation, or the original shown for want of one; None for an original in that language.
    (The labels of the app's pages and of the forum pack.)"""
    _ = translator(text.wanted)
    wanted = text.wanted
    if text.is_fallback:
        return _("Not yet translated into {language}: shown in {original}.").format(
            language=language_name(wanted, wanted), original=language_name(text.lang, wanted)
        )
    if text.kind == "machine":
        return _("Machine translation from {original}.").format(
            original=language_name(text.original_lang, wanted)
        )
    if text.kind == "human":
        return _("Translated from {original}.").format(original=language_name(text.original_lang, wanted))
    return None
