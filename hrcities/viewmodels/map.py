"""The map explorer: the territories of a selection as points or countries, a found city, the listing."""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n
from ..figures import map as map_figures
from ..filters import Filters, country_counts_view, names_view, territories_view

VIEWS = ("points", "countries")
COLOUR_BY = ("stage", "uclg_region")
FOCUS_SCALE = 4.0  # how far the map zooms on a found city


@dataclass(frozen=True, eq=False)
class MapView:
    """What the map page shows for a selection in `lang`."""

    c: object
    selection: Filters
    lang: str
    territories: pd.DataFrame
    names: pd.Series  # id -> name, by name: the city search's choices

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    def view_label(self, view: str) -> str:
        """The label of a view choice."""
        return {"points": self._("Cities and territories"), "countries": self._("Members per country")}[view]

    def colour_label(self, colour_by: str) -> str:
        """The label of a colouring choice."""
        return {"stage": self._("Stage"), "uclg_region": self._("UCLG region")}[colour_by]

    def focus(self, found: str | None) -> tuple[float, float] | None:
        """Where to centre the map for the found territory (None: the world, or no coordinates)."""
        if found is None or found not in self.names.index:
            return None
        row = self.c.indexed("territories").loc[found]
        if pd.isna(row["latitude"]) or pd.isna(row["longitude"]):
            return None
        return float(row["latitude"]), float(row["longitude"])

    @cached_property
    def extent(self) -> map_figures.Extent | None:
        """The box the map frames: around the selection's territories when a filter is on, else None
        (the world)."""
        if not self.selection.active():
            return None
        return map_figures.selection_extent(self.territories)

    def aspect(self, found: str | None = None) -> float:
        """Width over height of the map as drawn (zoomed on `found`, else the extent, else the world):
        the page sizes the chart by it so that the map fills its width on any screen."""
        return map_figures.extent_aspect(None if self.focus(found) else self.extent)

    def same_place(self, found: str | None) -> list[str]:
        """The territories of the view at the place of `found` (itself first), when it shares its point
        on the map with others; else an empty list."""
        if found is None or found not in self.names.index:
            return []
        here = map_figures.at_same_place(self.territories, found)
        return here if len(here) > 1 else []

    def same_place_label(self, n: int) -> str:
        """The heading of the list of territories sharing one point."""
        return self._("{n} territories at this place").format(n=n)

    def points_figure(self, colour_by: str, found: str | None = None) -> go.Figure:
        """The territories as points, coloured by stage or region, zoomed on `found` when it has
        coordinates, else framed on the selection's extent when a filter is on.

        The world view is kept with the campaign per selection, colouring and language: rebuilding
        10,000 points cost most of a rerun (a view zoomed on a city is built each time)."""
        focus = self.focus(found)
        categories = (self.c.stages if colour_by == "stage" else self.c.regions).sort_values("order")

        def build(focus=focus, scale=FOCUS_SCALE if focus else 1.0) -> go.Figure:
            return figures.territory_points(
                self.territories, colour_by, categories, self._, focus=focus, scale=scale, extent=self.extent
            )

        if focus:
            return build()
        return self.c.memo(("map_points", self.selection, colour_by, self.lang), build)

    def points_summary(self, found: str | None = None) -> str:
        """The sentence under the points: how they are sized, whether nearby ones are grouped."""
        return figures.points_summary(self.territories, self.focus(found), self._, self.lang)

    @cached_property
    def country_counts(self) -> pd.DataFrame:
        """Members per country of the selection."""
        return country_counts_view(self.c, self.selection)

    def countries_figure(self) -> go.Figure:
        """Members per country, on the shipped base map."""
        return figures.country_choropleth(self.country_counts, self._, extent=self.extent)

    @cached_property
    def countries_summary(self) -> str:
        """The choropleth in one sentence."""
        n = int((self.country_counts["members"] > 0).sum())
        return self._("{n} countries with at least one member.").format(n=n)

    @cached_property
    def unmapped(self) -> str | None:
        """The sentence naming the territories not drawn (no coordinates), or None."""
        names = self.territories.loc[self.territories["latitude"].isna(), "name"]
        if names.empty:
            return None
        return self._("Not drawn (no coordinates in our sources): {names}.").format(names=", ".join(names))

    @cached_property
    def listing(self) -> pd.DataFrame:
        """Every territory of the view, translated, with headers in the language."""
        _, t = self._, self.territories
        stage_labels = {
            s: _(label) for s, label in zip(self.c.stages["id"], self.c.stages["label"], strict=True)
        }
        region_labels = {r: _(r) for r in t["region_label"].dropna().unique()}
        shown = t.assign(
            region_label=t["region_label"].map(region_labels),
            stage=t["stage"].map(lambda s: stage_labels.get(s, s)),
        )
        return shown[["name", "country", "region_label", "stage", "joined_label", "wave"]].rename(
            columns={
                "name": _("City or territory"),
                "country": _("Country"),
                "region_label": _("UCLG region"),
                "stage": _("Campaign stage"),
                "joined_label": _("Joined"),
                "wave": _("Wave"),
            }
        )


def picked_territory(event: object, names: pd.Series) -> str | None:
    """The territory a click on the map chose (the chart's selection event), if it is in `names`."""
    if not isinstance(event, dict):
        return None
    points = (event.get("selection") or {}).get("points") or []
    picked = next((p.get("customdata") for p in points if isinstance(p, dict) and p.get("customdata")), None)
    if isinstance(picked, list | tuple):
        picked = picked[0] if picked else None
    return picked if isinstance(picked, str) and picked in names.index else None


def map_view(c, selection: Filters, lang: str) -> MapView:
    """The map page for `selection` in `lang`, made once per campaign and those."""
    return c.memo(
        ("map_view", selection, lang),
        lambda: MapView(c, selection, lang, territories_view(c, selection), names_view(c, selection)),
    )
