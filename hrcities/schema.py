"""The declared shape of every data file: one row per column, checked with pandera.

Adding a column or a rule is adding a row here. Values are read as text and checked as text,
so every message can quote what the file says; `load.py` converts them afterwards.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .dates import is_partial_date
from .i18n import msg

if TYPE_CHECKING:  # pandera is imported when a check runs: a restart from a snapshot never needs it
    import pandera.pandas as pa

LIST_SEPARATOR = "|"
ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
MAX_TEXT = 2000
TEXT_DTYPE = "str"  # pandas' text dtype: what read_csv(dtype=str) and the store's reads give


@dataclass(frozen=True)
class Col:
    """One column: its kind, whether a value is required, and what it must refer to."""

    name: str
    kind: str = "text"  # text | id | int | float | bool | date | list | url
    required: bool = False
    unique: bool = False
    allowed: tuple[str, ...] = ()
    ref: str | None = None  # table whose `id` (or key) every value must name
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Table:
    """One data file and its columns."""

    name: str
    file: str
    key: str
    columns: tuple[Col, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Col:
        """The column declared under `name`."""
        return next(c for c in self.columns if c.name == name)


STATUS = ("confirmed", "inferred", "unverified")
KNOWN_STATUS = STATUS + ("unknown",)
PRACTICE_STATUS = (
    "ongoing",
    "adopted",
    "completed",
    "planned",
    "in-preparation",
    "unknown",
)  # as the source says

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "sources.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("title", required=True),
            Col("publisher"),
            Col("url", "url"),
            Col("published", "date"),
            Col("language"),
        ),
    ),
    Table(
        "regions",
        "regions.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("order", "int", required=True),
            Col("label", required=True),
            Col("section"),
        ),
    ),
    Table(
        "stages",
        "stages.csv",
        "id",
        (
            Col("id", "text", required=True, unique=True),
            Col("order", "int", required=True, unique=True),
            Col("label", required=True),
            Col("description", required=True),
            Col("counts_as_member", "bool", required=True),
        ),
    ),
    Table(
        "waves",
        "waves.csv",
        "wave",
        (
            Col("wave", "int", required=True, unique=True, low=1),
            Col("label", required=True),
            Col("launched", "date", required=True),
            Col("launched_status", required=True, allowed=STATUS),
            Col("description"),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
    Table(
        "milestones",
        "milestones.csv",
        "target",
        (
            Col("target", "int", required=True, unique=True, low=1),
            Col("label", required=True),
            Col("deadline", "date"),
            Col("deadline_status", allowed=STATUS),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
    Table(
        "population_bands",
        "population_bands.csv",
        "id",
        (
            Col("id", "text", required=True, unique=True),
            Col("order", "int", required=True),
            Col("label", required=True),
            Col("min_population", "int", low=0),  # none: a band no head count falls in (supralocal)
            Col("max_population", "int", low=0),
            Col("origin"),
        ),
    ),
    Table(
        "rights",
        "rights.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("order", "int", required=True, unique=True),
            Col("numeral"),
            Col("kind", required=True, allowed=("charter-2011", "proposed", "discussed")),
            Col("title_en", required=True),
            Col("title_en_status", required=True, allowed=STATUS),
            Col("title_es"),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
    Table(
        "themes",
        "themes.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("label", required=True),
        ),
    ),
    Table(
        "target_groups",
        "target_groups.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("label", required=True),
        ),
    ),
    Table(
        "territories",
        "territories.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("name", required=True),
            Col("local_name"),
            Col("kind", required=True, allowed=("city", "municipality", "county", "province", "region")),
            Col("country_iso3", required=True),
            Col("country", required=True),
            Col("uclg_region", required=True, ref="regions"),
            Col("region_status", required=True, allowed=STATUS),
            Col("latitude", "float", low=-90, high=90),
            Col("longitude", "float", low=-180, high=180),
            Col("geonameid", "int", low=1),
            Col("population", "int", low=0),
            Col("population_band", ref="population_bands"),
            Col("stage", required=True, ref="stages"),
            Col("stage_status", required=True, allowed=STATUS),
            Col("joined", "date"),
            Col("joined_status", required=True, allowed=KNOWN_STATUS),
            Col("wave", "int", ref="waves"),
            Col("wave_status", allowed=STATUS),
            Col("pioneer", "bool", required=True),
            Col("leader"),  # as the source names the local or regional leader, with the role
            Col("leader_status", allowed=STATUS),
            Col("mandate"),  # the mandate as the source gives it ("2024-2028", "6 years")
            Col("sources", "list", required=True, ref="sources"),
            Col("context"),
            Col("notes"),
        ),
    ),
    Table(
        "organisations",
        "organisations.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("name", required=True),
            Col("kind", required=True),
            Col("country_iso3"),
            Col("country"),
            Col("status", required=True, allowed=STATUS),
            Col("sources", "list", required=True, ref="sources"),
            Col("notes"),
        ),
    ),
    Table(
        "practices",
        "practices.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("territory_id", required=True, ref="territories"),
            Col("title", required=True),
            Col("original_title"),
            Col("original_lang"),
            Col("summary", required=True),
            Col("start_year", "int", low=1900, high=2100),
            Col("start_status", required=True, allowed=KNOWN_STATUS),
            Col("status", required=True, allowed=PRACTICE_STATUS),
            Col("target_groups", "list", required=True, ref="target_groups"),
            Col("themes", "list", required=True, ref="themes"),
            Col("rights", "list", required=True, ref="rights"),
            Col("sdgs", "list", allowed=tuple(str(n) for n in range(1, 18))),
            Col("sources", "list", required=True, ref="sources"),
            Col("evidence", required=True, allowed=STATUS),
        ),
    ),
    Table(
        "timeline",
        "timeline.csv",
        "date",
        (
            Col("date", "date", required=True),
            Col("kind", required=True, allowed=("movement", "charter", "forum", "campaign", "wave")),
            Col("title", required=True),
            Col("status", required=True, allowed=STATUS),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
    Table(
        "reported_figures",
        "reported_figures.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("date", "date", required=True),
            Col("metric", required=True, allowed=("pledges", "forms", "members", "participants")),
            Col("qualifier", allowed=("more than", "about", "at least")),
            Col("value", "int", required=True, low=0),
            Col("counts_members", "bool", required=True),
            Col("description", required=True),
            Col("status", required=True, allowed=STATUS),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
    Table(
        "record",
        "record.csv",
        "id",
        (  # what the data are: one row, `campaign`
            Col("id", "id", required=True, unique=True),
            Col("data_as_of", "date", required=True),  # when the records were last checked against sources
            # set by a deployment whose coordinators keep the campaign's complete list of members: from then
            # on the member count is the campaign's size, not a lower bound of it
            Col("complete_list_as_of", "date"),
            Col("declared_by"),
            Col("notes"),
        ),
    ),
    Table(
        "charter_phases",
        "charter_phases.csv",
        "id",
        (
            Col("id", "id", required=True, unique=True),
            Col("order", "int", required=True),
            Col("label", required=True),
            Col("start", "date", required=True),
            Col("end", "date", required=True),
            Col("status", required=True, allowed=STATUS),
            Col("description", required=True),
            Col("sources", "list", required=True, ref="sources"),
        ),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


def column_rules(col: Col) -> list[tuple[Callable[[pd.Series], pd.Series], str]]:
    """The element rules a column's declaration implies: (vectorised test, message) pairs. Each test
    takes the column and gives True where a cell passes; each message is a `msg(...)` (hrcities.i18n)."""
    return [*TEXT_RULES, *kind_rules(col)]


TEXT_RULES: list[tuple[Callable[[pd.Series], pd.Series], str]] = [  # every column's
    (
        lambda s: s.isna() | (s.astype(str).str.len() <= MAX_TEXT),
        msg("text longer than {limit} characters", limit=MAX_TEXT),
    ),
    (
        lambda s: s.isna() | ~s.astype(str).str.contains(r"[<>]", regex=True),
        msg("must not contain '<' or '>' (no HTML in data)"),
    ),
]


KIND_RULES: dict[str, tuple[Callable[[pd.Series], pd.Series], str]] = {  # each kind's own rule
    "id": (
        lambda s: s.isna() | s.astype(str).str.fullmatch(ID_PATTERN),
        msg("must be lower-case letters, digits and hyphens"),
    ),
    "int": (lambda s: s.isna() | s.astype(str).str.fullmatch(r"-?\d+"), msg("must be a whole number")),
    "float": (
        lambda s: s.isna() | s.astype(str).str.fullmatch(r"-?\d+(\.\d+)?"),
        msg("must be a decimal number"),
    ),
    "bool": (
        lambda s: s.isna() | s.astype(str).str.lower().isin(["true", "false"]),
        msg("must be true or false"),
    ),
    "date": (
        lambda s: s.isna() | s.astype(str).map(is_partial_date).astype(bool),
        msg("must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ),
    "url": (
        lambda s: s.isna() | s.astype(str).str.fullmatch(r"https?://\S+"),
        msg("must be a web address starting with http:// or https://"),
    ),
}


def kind_rules(col: Col) -> list[tuple[Callable[[pd.Series], pd.Series], str]]:
    """The rules of a column's kind, allowed values and range (beyond `TEXT_RULES`)."""
    rules = [KIND_RULES[col.kind]] if col.kind in KIND_RULES else []
    if col.allowed and col.kind != "list":
        allowed = list(col.allowed)
        rules.append(
            (
                lambda s: s.isna() | s.astype(str).isin(allowed),
                msg("must be one of: {choices}", choices=", ".join(allowed)),
            )
        )
    if col.low is not None or col.high is not None:
        low = float("-inf") if col.low is None else col.low
        high = float("inf") if col.high is None else col.high
        rules.append(
            (
                lambda s: (lambda n: n.isna() | n.between(low, high))(pd.to_numeric(s, errors="coerce")),
                msg(
                    "must be between {low} and {high}",
                    low=col.low if col.low is not None else "…",
                    high=col.high if col.high is not None else "…",
                ),
            )
        )
    return rules


@cache
def dataframe_schema(table: Table) -> "pa.DataFrameSchema":
    """The pandera schema for one table's raw text (built once per table)."""
    import pandera.pandas as pa

    columns = {
        c.name: pa.Column(
            str,
            checks=[pa.Check(test, error=message) for test, message in column_rules(c)],
            nullable=not c.required,
            unique=c.unique,
            required=True,
            coerce=False,
            description=f"{c.kind}{' (required)' if c.required else ''}",
        )
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name=table.file)


def plainly_valid(table: Table, frame: pd.DataFrame) -> bool:
    """True only when `frame` passes `dataframe_schema(table)` for certain, found by running the same
    rules directly: pandera's own bookkeeping costs about 0.1-0.3 s a table, paid on every seed and
    every read of a store. Never lenient where pandera is strict (text must be pandas' string dtype,
    a null counts as a repeat of another); any doubt gives False, and pandera then finds and words the
    problems."""
    names = [c.name for c in table.columns]
    if frame.columns.duplicated().any() or set(frame.columns) != set(names):
        return False
    for col in table.columns:
        values = frame[col.name]
        if values.dtype != TEXT_DTYPE:
            return False
        if (col.required and values.isna().any()) or (col.unique and values.duplicated().any()):
            return False
        present = values.dropna()  # as pandera: rules judge the cells that hold a value
        # TEXT_RULES, for every cell at once: a loop beats two string operations per column here
        if any(len(v) > MAX_TEXT or "<" in v or ">" in v for v in present.tolist()):
            return False
        for test, _message in kind_rules(col):
            passed = test(present)
            if not isinstance(passed, pd.Series) or not bool(passed.fillna(False).astype(bool).all()):
                return False
    return True


def split_list(value: object) -> list[str]:
    """Split a '|' list cell into trimmed, non-empty items."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip()]
