"""The import plan's parts: `Change`, `ImportPlan` (territories to add, changes, unchanged ones,
new sources, problems with row and column), the reading context and the value normalisers by field."""

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd

from .. import countries
from ..errors import DataProblem
from ..i18n import Translate, country_name, identity, msg, say
from ..labels import column_label
from ..wordlists import derived, words
from .fields import normalise_header
from .values import (
    _look_up,
    check_text,
    infer_region,
    normalise_coordinate,
    normalise_country,
    normalise_date,
    normalise_id,
    normalise_kind,
    normalise_population,
    normalise_url,
    normalise_wave,
    wave_index,
    word_index,
)

# --- the import plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """An existing territory the file changes: our columns before and after (changed ones only).

    `held` names the columns of `after` written only when the coordinator ticks the change (a stage
    move down the ladder); the others are written by applying the import.
    """

    id: str
    name: str
    row: int
    before: dict
    after: dict
    held: tuple[str, ...] = ()

    def without_held(self) -> "Change | None":
        """The change with its held columns left out; None when only its sources would change."""
        after = {k: v for k, v in self.after.items() if k not in self.held}
        if set(after) <= {"sources"}:
            return None
        return Change(self.id, self.name, self.row, {k: self.before[k] for k in after}, after)


@dataclass(frozen=True)
class ImportPlan:
    """What importing a tracker would do; nothing is saved until the caller applies it."""

    filename: str
    rows_read: int
    added: list[dict]  # full territory rows, our columns, text or None
    added_rows: list[int]  # the spreadsheet row of each added territory
    changed: list[Change]
    unchanged: list[str]
    new_sources: list[dict]
    problems: list[DataProblem]

    def summary(self) -> dict[str, int]:
        """Counts for the preview: rows read, added, changed, unchanged, new sources, problems."""
        return {
            "rows_read": self.rows_read,
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "new_sources": len(self.new_sources),
            "held": len(self.held()),
            "problems": len(self.problems),
            "rows_with_problems": len({p.row for p in self.problems if p.row is not None}),
        }

    def held(self) -> list[Change]:
        """The changes that hold a column back until the coordinator ticks them."""
        return [ch for ch in self.changed if ch.held]

    def held_left(self, ticked: bool | Collection[str]) -> int:
        """How many held changes applying with `ticked` (as for `changes_to_apply`) leaves out."""
        return 0 if ticked is True else sum(1 for ch in self.held() if not ticked or ch.id not in ticked)

    def unknown_countries(self, headings: Collection[str]) -> list[tuple[str, str | None]]:
        """The countries, as the file writes them in the columns `headings`, that we could not read:
        each with the alpha-3 code of the closest name when one is close (for the preview to ask
        which country is meant), in the order they first appear."""
        found: dict[str, str | None] = {}
        for p in self.problems:
            if p.column in headings and p.value and p.value not in found and not countries.find_iso3(p.value):
                close = countries.closest_name(p.value)
                found[p.value] = countries.find_iso3(close) if close else None
        return list(found.items())

    def changes_to_apply(self, ticked: bool | Collection[str]) -> list[Change]:
        """The changes applying writes. A held change is written whole when it is `ticked` (True for
        all of them, or the ids of the territories ticked), else without its held columns (and left
        out when nothing else would change)."""
        kept = (
            ch if not ch.held or ticked is True or (ticked and ch.id in ticked) else ch.without_held()
            for ch in self.changed
        )
        return [ch for ch in kept if ch is not None]

    def problems_table(self, _: Translate = identity) -> pd.DataFrame:
        """Each problem: the spreadsheet row, their column heading, the value, the rule it breaks
        (headings and rules in the language of `_`)."""
        rows = [
            {"row": p.row, "column": p.column, "value": p.value, "rule": say(p.rule, _)}
            for p in self.problems
        ]
        return _headed(pd.DataFrame(rows, columns=["row", "column", "value", "rule"]), _)

    def added_table(
        self,
        _: Translate = identity,
        words: Mapping[str, Mapping[str, str]] | None = None,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """The territories the import adds, by their main columns; `words` gives, for a column, the
        label of each id (a region's or a stage's name in the reader's language), `lang` the language
        to name countries in."""
        columns = ["id", "name", "country", "uclg_region", "stage", "joined"]
        table = pd.DataFrame(self.added, columns=None if self.added else columns).reindex(columns=columns)
        for column, labels in (words or {}).items():
            table[column] = table[column].map(lambda v, labels=labels: labels.get(v, v))
        if lang and self.added:  # the country as the reader's language names it
            iso3 = pd.Series([row.get("country_iso3") for row in self.added])
            table["country"] = [
                country_name(code, lang, name) for code, name in zip(iso3, table["country"], strict=True)
            ]
        return _headed(table, _)

    def changes_table(
        self, _: Translate = identity, words: Mapping[str, Mapping[str, str]] | None = None
    ) -> pd.DataFrame:
        """One row per changed field of a territory: its id, spreadsheet row, field, before, after
        (held fields are in `held_table`); `words` as for `added_table`."""
        rows = [
            {"id": ch.id, "row": ch.row, "field": name, "before": ch.before.get(name), "after": value}
            for ch in self.changed
            for name, value in ch.after.items()
            if name not in ch.held
        ]
        return _headed(
            _worded(pd.DataFrame(rows, columns=["id", "row", "field", "before", "after"]), words), _
        )

    def held_table(
        self, _: Translate = identity, words: Mapping[str, Mapping[str, str]] | None = None
    ) -> pd.DataFrame:
        """One row per held field: id, name, spreadsheet row, field, before, after and why it is held
        (a stage move down, a rounder point or a vaguer date than ours)."""
        rows = [
            {
                "id": ch.id,
                "name": ch.name,
                "row": ch.row,
                "field": name,
                "before": ch.before.get(name),
                "after": ch.after[name],
                "why": say(HELD_REASONS.get(name), _),
            }
            for ch in self.held()
            for name in ch.held
            if not name.endswith("_status")
        ]
        table = pd.DataFrame(rows, columns=["id", "name", "row", "field", "before", "after", "why"])
        return _headed(_worded(table, words), _)


HELD_REASONS = {  # a held column → why it waits for a tick, in the preview's words
    "stage": msg("moves down the campaign ladder"),
    "latitude": msg("less precise than the point we hold"),
    "longitude": msg("less precise than the point we hold"),
    "joined": msg("less precise than the date we hold"),
}


HEADINGS = {  # the preview tables' column → its heading on the page
    "id": msg("Id"),
    "name": msg("Name"),
    "row": msg("Row"),
    "column": msg("Column"),
    "value": msg("Value"),
    "rule": msg("Rule"),
    "field": msg("Field"),
    "before": msg("Before"),
    "after": msg("After"),
    "why": msg("Why it waits for a tick"),
    "country": msg("Country"),
    "uclg_region": msg("Region"),
    "stage": msg("Stage"),
    "joined": msg("Joined"),
}


def _worded(table: pd.DataFrame, words: Mapping[str, Mapping[str, str]] | None) -> pd.DataFrame:
    """A changes table with, for the fields in `words`, each id before and after as its label."""
    for column, labels in (words or {}).items():
        rows = table["field"] == column
        for side in ("before", "after"):
            table.loc[rows, side] = table.loc[rows, side].map(lambda v, labels=labels: labels.get(v, v))
    return table


def _headed(table: pd.DataFrame, _: Translate) -> pd.DataFrame:
    """`table` with readable headings, and the fields it names as their labels, in the language of
    `_` (as it is for the identity: the logic's own column names)."""
    if _ is identity:
        return table
    if "field" in table:
        table = table.assign(field=table["field"].map(lambda name: column_label(name, _)))
    return table.rename(columns={c: say(HEADINGS[c], _) for c in table.columns if c in HEADINGS})


def _text_or_none(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return str(value) if str(value) != "" else None


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _text_or_none(v) for k, v in record.items()} for record in frame.to_dict("records")]


def name_key(text: str) -> str:
    """How names are compared: accents, case and punctuation aside ('l'Alfàs' ~ 'L Alfas')."""
    return normalise_header(text)


@dataclass(frozen=True)
class _Context:
    """The current data as the plan needs it, built once per import."""

    file: str
    today: date
    source_id: str
    by_id: dict[str, dict]
    by_name: dict[tuple[str, str], list[str]]
    by_local_name: dict[tuple[str, str], list[str]]
    country_names: tuple[tuple[str, str], ...]  # (alpha-3, name as our data writes it)
    region_by_country: dict[str, str]
    regions: dict[str, str]
    stages: dict[str, str]
    stage_order: dict[str, int]
    waves: dict[str, str]
    default_stage: str | None
    country_fixes: dict[str, str]  # name_key of a country as the file writes it → alpha-3 chosen
    source_by_url: dict[str, str]
    source_ids: frozenset[str]

    @classmethod
    def build(
        cls,
        file: str,
        current: Mapping[str, pd.DataFrame],
        today: date,
        source_id: str,
        default_stage: str | None = None,
        country_fixes: Mapping[str, str] | None = None,
    ):
        territories = _records(current["territories"])
        by_name, by_local = defaultdict(list), defaultdict(list)
        for row in territories:
            by_name[(name_key(row["name"] or ""), row["country_iso3"])].append(row["id"])
            if row["local_name"]:
                by_local[(name_key(row["local_name"]), row["country_iso3"])].append(row["id"])
        names = {r["country_iso3"]: r["country"] for r in territories if r["country_iso3"] and r["country"]}
        sources = _records(current["sources"])
        stages = current["stages"]
        stage_order = {i: int(o) for i, o in zip(stages["id"], stages["order"], strict=True) if i and o}
        if default_stage is not None and default_stage not in stage_order:
            raise ValueError(f"default_stage must be one of {sorted(stage_order)}: {default_stage!r}")
        return cls(
            file=file,
            today=today,
            source_id=source_id,
            by_id={row["id"]: row for row in territories},
            by_name=dict(by_name),
            by_local_name=dict(by_local),
            country_names=tuple(sorted(names.items())),
            region_by_country={iso3: infer_region(iso3, current["territories"]) for iso3 in names},
            regions=word_index(current["regions"], words("tracker_regions"), ("label", "section")),
            stages=word_index(stages, words("tracker_stages")),
            stage_order=stage_order,
            waves=wave_index(current.get("waves")),
            default_stage=default_stage,
            country_fixes={name_key(text): iso3 for text, iso3 in (country_fixes or {}).items()},
            source_by_url={s["url"]: s["id"] for s in sources if s["url"]},
            source_ids=frozenset(s["id"] for s in sources),
        )

    def problem(
        self, rule: str, row: int | None = None, column: str | None = None, value: str | None = None
    ) -> DataProblem:
        return DataProblem(self.file, rule, row=row, column=column, value=value)

    def country(self, text: str) -> tuple[str, str]:
        fixed = self.country_fixes.get(name_key(text))
        if fixed:
            return fixed, dict(self.country_names).get(fixed) or countries.english_name(fixed)
        return _cached_country(text, self.country_names)


@derived
@lru_cache(maxsize=4096)
def _cached_country(text: str, known: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    return normalise_country(text, dict(known))


NORMALISERS: dict[str, Callable[[str, _Context], object]] = {
    "id": lambda text, ctx: normalise_id(text),
    "name": lambda text, ctx: check_text(text, single_line=True),
    "local_name": lambda text, ctx: check_text(text, single_line=True),
    "kind": lambda text, ctx: normalise_kind(text),
    "country": lambda text, ctx: ctx.country(text),
    "region": lambda text, ctx: _look_up(text, ctx.regions, "region"),
    "stage": lambda text, ctx: _look_up(text, ctx.stages, "stage"),
    "joined": lambda text, ctx: normalise_date(text, ctx.today),
    "wave": lambda text, ctx: normalise_wave(text, ctx.waves),
    "population": lambda text, ctx: normalise_population(text),
    "latitude": lambda text, ctx: normalise_coordinate(text, "latitude"),
    "longitude": lambda text, ctx: normalise_coordinate(text, "longitude"),
    "source_url": lambda text, ctx: normalise_url(text),
    "notes": lambda text, ctx: check_text(text),
}


@dataclass
class _Row:
    """One record of their file while it is being planned."""

    number: int
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (their heading, raw text)
    found: dict[str, object] = field(default_factory=dict)  # field → normalised value
    problems: list[DataProblem] = field(default_factory=list)
    target: str | None = None  # id of the existing territory this row updates
    by_id: bool = False  # matched by its id column (so its name may rename the territory)
    key: object = None  # what makes two rows the same territory

    def heading(self, name: str) -> str | None:
        return self.cells[name][0] if name in self.cells else None
