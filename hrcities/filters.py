"""Sidebar filters as data: each filter is a row naming the table and column it narrows."""

from dataclasses import dataclass, fields

import pandas as pd


@dataclass(frozen=True)
class FilterSpec:
    """One filter: which table's column it reads and whether that column holds lists."""

    key: str
    label: str
    table: str  # "territories" | "practices"
    column: str
    is_list: bool = False


FILTER_SPECS: tuple[FilterSpec, ...] = (
    FilterSpec("regions", "UCLG region", "territories", "uclg_region"),
    FilterSpec("countries", "Country", "territories", "country_iso3"),
    FilterSpec("stages", "Campaign stage", "territories", "stage"),
    FilterSpec("waves", "Wave", "territories", "wave"),
    FilterSpec("years", "Year joined", "territories", "joined_year"),
    FilterSpec("rights", "Right", "practices", "rights", is_list=True),
    FilterSpec("themes", "Theme", "practices", "themes", is_list=True),
    FilterSpec("groups", "Target group", "practices", "target_groups", is_list=True),
)


@dataclass(frozen=True)
class Filters:
    """The current selection; an empty tuple means 'no restriction'."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    waves: tuple[int, ...] = ()
    years: tuple[int, ...] = ()
    rights: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    def active(self) -> dict[str, tuple]:
        """The filters that restrict something, by key."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def for_table(self, table: str) -> list[tuple[FilterSpec, tuple]]:
        """The active filters that apply to `table`."""
        active = self.active()
        return [
            (spec, active[spec.key]) for spec in FILTER_SPECS if spec.table == table and spec.key in active
        ]


def _mask(frame: pd.DataFrame, spec: FilterSpec, values: tuple) -> pd.Series:
    wanted = set(values)
    if spec.is_list:
        # astype(bool): on an empty frame `map` gives a float Series, which would select columns
        return frame[spec.column].map(lambda items: bool(wanted.intersection(items))).astype(bool)
    return frame[spec.column].isin(wanted)


def with_joined_year(territories: pd.DataFrame) -> pd.DataFrame:
    """Territories with a `joined_year` column (Int64, missing when the year is unknown)."""
    years = territories["joined"].str.slice(0, 4)
    return territories.assign(joined_year=pd.to_numeric(years).astype("Int64"))


def filter_practices(practices: pd.DataFrame, territories: pd.DataFrame, selection: Filters) -> pd.DataFrame:
    """Practices matching the practice filters, of territories matching the territory filters."""
    kept = practices
    for spec, values in selection.for_table("practices"):
        kept = kept[_mask(kept, spec, values)]
    if selection.for_table("territories"):
        allowed = set(filter_territories(territories, selection)["id"])
        kept = kept[kept["territory_id"].isin(allowed)]
    return kept


def filter_territories(
    territories: pd.DataFrame, selection: Filters, practices: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Territories matching the territory filters.

    When practice filters (right, theme, group) are active and `practices` is given, only
    territories with at least one matching practice are kept.
    """
    kept = with_joined_year(territories)
    for spec, values in selection.for_table("territories"):
        kept = kept[_mask(kept, spec, values)]
    if practices is not None and selection.for_table("practices"):
        matching = filter_practices(
            practices,
            territories,
            Filters(**{spec.key: values for spec, values in selection.for_table("practices")}),
        )
        kept = kept[kept["id"].isin(set(matching["territory_id"]))]
    return kept.drop(columns="joined_year")


def filter_options(territories: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dict[str, list]:
    """Every value each filter can take, in display order, as (value, label) pairs."""
    territories = with_joined_year(territories)

    def pairs(frame: pd.DataFrame, order: str, value: str = "id", label: str = "label") -> list:
        return list(frame.sort_values(order)[[value, label]].itertuples(index=False, name=None))

    return {
        "regions": pairs(tables["regions"], "order"),
        "countries": pairs(territories.drop_duplicates("country_iso3"), "country", "country_iso3", "country"),
        "stages": pairs(tables["stages"], "order"),
        "waves": pairs(tables["waves"], "wave", "wave"),
        "years": [(int(y), str(int(y))) for y in sorted(territories["joined_year"].dropna().unique())],
        "rights": pairs(tables["rights"], "order", label="title_en"),
        "themes": pairs(tables["themes"], "label"),
        "groups": pairs(tables["target_groups"], "label"),
    }


# -- a campaign's views, computed once per campaign and selection (`Campaign.memo`) -------------------
# Every rerun of a page (a click anywhere) asks for the same filtered frames again; at ten times the
# 2030 target refiltering 50,000 practices each time was most of a filter round trip. Read-only frames.


def territories_view(c, selection: Filters) -> pd.DataFrame:
    """`filter_territories` over campaign `c`'s tables (practice filters included)."""
    return c.memo(
        ("territories_view", selection), lambda: filter_territories(c.territories, selection, c.practices)
    )


def practices_view(c, selection: Filters) -> pd.DataFrame:
    """`filter_practices` over campaign `c`'s tables."""
    return c.memo(
        ("practices_view", selection), lambda: filter_practices(c.practices, c.territories, selection)
    )


def options_view(c) -> dict[str, list]:
    """`filter_options` of campaign `c`."""
    return c.memo("filter_options", lambda: filter_options(c.territories, c.tables), keep=True)


def names_view(c, selection: Filters) -> pd.Series:
    """The territories of `territories_view`, id -> name, by name (for a search box)."""
    return c.memo(
        ("names_view", selection),
        lambda: territories_view(c, selection).sort_values("name").set_index("id")["name"],
    )


def with_practices_view(c, selection: Filters) -> pd.DataFrame:
    """The territories with at least one practice of `practices_view`, by name."""
    from .metrics import territories_with_practices

    return c.memo(
        ("with_practices_view", selection),
        lambda: territories_with_practices(practices_view(c, selection), c.territories),
    )


def country_counts_view(c, selection: Filters) -> pd.DataFrame:
    """`metrics.country_counts` of `territories_view`."""
    from .metrics import country_counts

    return c.memo(("country_counts_view", selection), lambda: country_counts(territories_view(c, selection)))
