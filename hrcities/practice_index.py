"""The practice library's search index: every practice findable in English, French and Spanish.

Each practice is indexed in each language with what a reader of that language sees: its title and
summary (the original, or its translation from `translations.csv`), the labels of its rights, themes
and target groups (from the catalogs), their synonyms (`hrcities/words/search_synonyms.csv`) and the
country's name; plus, in every language, the territory's names (English and local) and the original
title. Words are stemmed with the Snowball stemmer of their language (handicap / handicapées,
migrant / migrantes) and folded (case and accents), and the index is SQLite's FTS5 in memory, ranked
by BM25 with the title above the labels above the rest. A query word matches a practice when it, or a
stem of it in any of the three languages, is among the practice's words in that language: a French
query finds a Spanish original through its French translation and labels.
"""

import csv
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import snowballstemmer

from .i18n import LANGUAGES, country_name, translator
from .text import fold

LANGS = tuple(LANGUAGES)  # en, fr, es
STEMMER_NAMES = {"en": "english", "fr": "french", "es": "spanish"}
FIELDS = ("title", "labels", "body")
WEIGHTS = {"title": 3.0, "labels": 2.0, "body": 1.0, "place": 2.0}
COLUMNS = tuple(f"{field}_{lang}" for lang in LANGS for field in FIELDS) + ("place",)
SYNONYMS_FILE = Path(__file__).with_name("words") / "search_synonyms.csv"
STOPWORDS_FILE = Path(__file__).with_name("words") / "search_stopwords.csv"
CACHE_KIB = 16_384  # the index's page cache in memory (SQLite's default is 2 MiB)
MAX_WORDS = 12  # words of a query that count (a pasted paragraph is not a search)
_WORD = re.compile(r"\w+")


def words(text: object) -> list[str]:
    """The words of `text`, lower case (accents kept: the stemmers read them)."""
    return _WORD.findall(str(text).lower()) if isinstance(text, str) else []


_local = threading.local()  # Snowball stemmers keep state while they work: one set per thread


def _stemmer(lang: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {
            code: snowballstemmer.stemmer(name) for code, name in STEMMER_NAMES.items()
        }
    return stemmers[lang]


@cache
def forms(word: str, lang: str) -> tuple[str, ...]:
    """The forms `word` is indexed and looked up under in `lang`: its stem folded, and the stem of
    its folded spelling (so 'handicapees' typed without accents meets 'handicapées')."""
    stemmer = _stemmer(lang)
    return tuple(dict.fromkeys((fold(stemmer.stemWord(word)), stemmer.stemWord(fold(word)))))


def terms(text: object, lang: str) -> str:
    """`text` as the index holds it in `lang`: the forms of its words, space-separated."""
    return " ".join(form for word in words(text) for form in forms(word, lang))


@cache
def synonyms() -> dict[tuple[str, str], tuple[str, ...]]:
    """(facet id, language) -> extra words a reader may search for (housing / logement / vivienda)."""
    found: dict[tuple[str, str], list[str]] = {}
    with SYNONYMS_FILE.open(encoding="utf-8") as file:
        rows = (line for line in file if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(rows):
            found.setdefault((row["id"].strip(), row["lang"].strip()), []).append(row["words"].strip())
    return {key: tuple(values) for key, values in found.items()}


@cache
def stopwords() -> frozenset[str]:
    """Words a query leaves out, in any of the languages (folded)."""
    with STOPWORDS_FILE.open(encoding="utf-8") as file:
        rows = (line for line in file if line.strip() and not line.startswith("#"))
        return frozenset(fold(w) for row in csv.DictReader(rows) for w in row["words"].split())


def query_words(query: str) -> list[str]:
    """The words of a query that count: common words left out (unless nothing else is left)."""
    found = words(query)
    kept = [w for w in found if fold(w) not in stopwords()]
    return (kept or found)[:MAX_WORDS]


@dataclass(frozen=True)
class Match:
    """Why a practice matched: the parts of it a query word was found in."""

    field: str  # "title", "labels", "body" or "place"
    lang: str | None  # the language of that text (None for names)


class PracticeIndex:
    """The FTS5 index of campaign practices; `search` gives matching row positions, best first."""

    def __init__(self, rows: Iterable[dict[str, str]]):
        self.size = 0
        # a private temporary database on disk (SQLite deletes it on close): held in memory, 50,000
        # practices in three languages cost this process about 150 MiB; on disk, its page cache
        self._db = sqlite3.connect("", check_same_thread=False)
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._lock = threading.Lock()
        columns = ", ".join(COLUMNS)
        self._db.execute(
            f"CREATE VIRTUAL TABLE fts USING fts5({columns}, content='', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            f"INSERT INTO fts(rowid, {columns}) VALUES (?, {', '.join('?' * len(COLUMNS))})",
            (self._counted(i, row) for i, row in enumerate(rows)),
        )
        self._db.commit()  # FTS5 holds what it was given in memory until the transaction ends

    def _counted(self, position: int, row: dict[str, str]) -> tuple:
        self.size = position + 1
        return (position, *(row.get(c, "") for c in COLUMNS))

    @staticmethod
    def expression(query: str, columns: tuple[str, ...] = COLUMNS) -> str | None:
        """The FTS5 query for `query` over `columns`: every word must match, in one of the languages
        (or among the names); None when the query has no word."""
        parts = []
        for word in query_words(query):
            options = []
            for lang in LANGS:
                own = [c for c in columns if c.endswith(f"_{lang}")]
                if own:
                    found = " OR ".join(f'"{form}"' for form in forms(word, lang))
                    options.append(f"{{{' '.join(own)}}} : ({found})")
            if "place" in columns:
                options.append(f'place : "{fold(word)}"')
            parts.append("(" + " OR ".join(options) + ")")
        return " AND ".join(parts) or None

    def search(self, query: str) -> tuple[list[int], list[float]] | None:
        """Row positions matching `query`, best first, and their scores (higher is better); None for
        an empty query (everything matches)."""
        expression = self.expression(query)
        if expression is None:
            return None
        weights = ", ".join(str(WEIGHTS[c.rsplit("_", 1)[0]]) for c in COLUMNS)
        with self._lock:
            rows = self._db.execute(
                f"SELECT rowid, -bm25(fts, {weights}) FROM fts WHERE fts MATCH ? ORDER BY 2 DESC",
                (expression,),
            ).fetchall()
        return [r[0] for r in rows], [float(r[1]) for r in rows]

    def why(self, query: str, position: int) -> tuple[Match, ...]:
        """The parts of the practice at `position` that `query`'s words were found in."""
        found = []
        for column in COLUMNS:
            expression = self.expression(query, (column,))
            if expression is None:
                return ()
            # any word is enough to name the part: OR the words
            expression = expression.replace(") AND (", ") OR (")
            with self._lock:
                hit = self._db.execute(
                    "SELECT 1 FROM fts WHERE fts MATCH ? AND rowid = ?", (expression, position)
                ).fetchone()
            if hit:
                field, _sep, lang = column.partition("_")
                found.append(Match(field, lang or None))
        return tuple(found)


def index_rows(c, translations=None) -> Iterator[dict[str, str]]:
    """One row of index columns per practice of campaign `c` (see the module's docstring), made as
    the index reads them (a list of 50,000 rows would leave this process 140 MiB larger after it
    was freed: the allocator keeps the memory that the words cached meanwhile are scattered in).

    `translations` is a `content.Translations`; without it only the originals are indexed."""
    facet_terms = {lang: _facet_terms(c, lang) for lang in LANGS}
    places = _place_terms(c)
    seen: dict[tuple[str, str], str] = {}  # the same text (a template, a label) is read once

    def read(text: object, lang: str) -> str:
        key = (text if isinstance(text, str) else "", lang)
        if key not in seen:
            seen[key] = terms(key[0], lang)
        return seen[key]

    for p in c.practices.itertuples(index=False):
        place = places.get(p.territory_id, {})
        original_lang = (
            p.original_lang if isinstance(p.original_lang, str) and p.original_lang in LANGS else "en"
        )
        row = {"place": " ".join(filter(None, [place.get("names", ""), read(p.original_title, "en")]))}
        for lang in LANGS:
            title = p.title if lang == "en" else _translated(translations, p.id, "title", lang)
            summary = p.summary if lang == "en" else _translated(translations, p.id, "summary", lang)
            title_terms = read(title, lang)
            if lang == original_lang and isinstance(p.original_title, str):
                title_terms += " " + read(p.original_title, lang)
            labels = facet_terms[lang]
            row[f"title_{lang}"] = title_terms
            row[f"labels_{lang}"] = " ".join(
                labels.get((kind, i), "") for kind, items in _facets(p) for i in items
            )
            row[f"body_{lang}"] = read(summary, lang) + " " + place.get(lang, "")
        yield row


def _place_terms(c) -> dict[str, dict[str, str]]:
    """Per territory: its names, folded ('names'), and its country's name in each language's terms."""
    found = {}
    for t in c.territories.itertuples(index=False):
        names = [t.id.replace("-", " "), str(t.name), t.local_name if isinstance(t.local_name, str) else ""]
        entry = {"names": " ".join(fold(w) for name in names for w in words(name))}
        for lang in LANGS:
            entry[lang] = terms(country_name(t.country_iso3, lang, str(t.country)), lang)
        found[t.id] = entry
    return found


def _facets(p) -> tuple[tuple[str, list], ...]:
    return (("rights", p.rights), ("themes", p.themes), ("target_groups", p.target_groups))


def _facet_terms(c, lang: str) -> dict[tuple[str, str], str]:
    _ = translator(lang)
    extra = synonyms()
    found = {}
    for kind, column in (("rights", "title_en"), ("themes", "label"), ("target_groups", "label")):
        for item, label in c.labels(kind, column).items():
            text = " ".join([_(label), *extra.get((item, lang), ())])
            if kind == "rights" and lang == "es" and "title_es" in c.rights.columns:
                text += " " + str(c.indexed("rights").at[item, "title_es"])
            found[(kind, item)] = terms(text, lang)
    return found


def _translated(translations, practice_id: str, field: str, lang: str) -> str | None:
    if translations is None:
        return None
    found = translations.get("practices", practice_id, field, lang)
    return found[0] if found else None


def index_of(c, translations=None) -> PracticeIndex:
    """The search index of campaign `c`'s practices, built once per campaign."""
    return c.memo(
        ("practice_index", translations), lambda: PracticeIndex(index_rows(c, translations)), keep=True
    )


def search(c, practices: pd.DataFrame, query: str, translations=None, index=None) -> pd.DataFrame:
    """The rows of `practices` (a selection of `c.practices`) matching `query`, best first, with a
    `score`; an empty query keeps them all, newest first. `index` is `index_of(c, translations)`."""
    found = (index or index_of(c, translations)).search(query)
    if found is None:
        ordered = practices.assign(score=0.0)
        years = pd.to_numeric(ordered["start_year"], errors="coerce")
        return (
            ordered.assign(_year=years)
            .sort_values("_year", ascending=False, kind="stable")
            .drop(columns="_year")
        )
    positions, scores = found
    labels = c.practices.index[positions]
    ranked = pd.DataFrame({"score": scores}, index=labels)
    ranked = ranked[ranked.index.isin(practices.index)]
    out = practices.loc[ranked.index].assign(score=ranked["score"].to_numpy())
    years = pd.to_numeric(out["start_year"], errors="coerce").fillna(0)
    return (
        out.assign(_year=years)
        .sort_values(["score", "_year"], ascending=False, kind="stable")
        .drop(columns="_year")
    )
