"""Territories on the map: points over country boundaries (grouped when there are thousands), the
sentence that says how they are drawn, and members per country. Maps need nothing online: the base
maps are Plotly's TopoJSON served from `static/` (`style.TOPOJSON_URL`)."""

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translate, fmt_number, identity
from .style import FONT, PALETTE, STAGE_COLOURS

BAND_SIZES = {"up_to_50k": 9, "50k_250k": 12, "250k_1m": 16, "over_1m": 21, "supralocal": 21}
UNKNOWN_BAND_SIZE = 11
OUTLINED_POINTS = 2000  # up to this many points on a map, each has a white outline (thousands: a blur)
# Above this many points on a world map, territories of one colour within one grid cell of GROUP_DEGREES
# are drawn as one point sized by their number (thousands of points cost the browser most of a redraw)
GROUPED_ABOVE = 2000
GROUP_DEGREES = 2.0


def _geo(
    fig: go.Figure, height: int, focus: tuple[float, float] | None = None, scale: float = 1.0
) -> go.Figure:
    # The whole world is drawn from the 1:110m boundaries (137 kB, as Plotly's default); a map zoomed
    # on a place from the 1:50m ones (1.1 MB), whose detail only shows there: at ten times the 2030
    # target the 50m outlines made each redraw of the world map markedly slower in the browser.
    fig.update_geos(
        projection_type="natural earth",
        resolution=50 if focus else 110,
        showcountries=True,
        countrycolor="#9A9A9A",
        showland=True,
        landcolor="#F2F2F2",
        showocean=True,
        oceancolor="#DCEAF5",
        showlakes=False,
        showframe=False,
        coastlinecolor="#9A9A9A",
        fitbounds=False,
    )
    if focus:
        fig.update_geos(center=dict(lat=focus[0], lon=focus[1]), projection_scale=scale)
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=50, b=0),
        font=FONT,
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0, bgcolor="rgba(255,255,255,0.8)"),
    )
    return fig


def points_are_grouped(territories: pd.DataFrame, focus: tuple[float, float] | None = None) -> bool:
    """Whether `territory_points` draws nearby territories as one point (a world map of very many)."""
    mapped = territories[["latitude", "longitude"]].notna().all(axis=1)  # the points it would draw
    return focus is None and int(mapped.sum()) > GROUPED_ABOVE


def group_size_km(degrees: float = GROUP_DEGREES) -> int:
    """The grid cell of `group_nearby` in kilometres (north-south; a degree of latitude is ~111 km),
    rounded to tens, for saying how near "nearby" is."""
    return int(round(degrees * 111.2, -1))


def points_summary(
    territories: pd.DataFrame,
    focus: tuple[float, float] | None = None,
    _: Translate = identity,
    lang: str = "en",
) -> str:
    """The sentence under `territory_points`: how points are sized, and when nearby ones are grouped."""
    if points_are_grouped(territories, focus):
        return _(
            "With more than {n} points, the territories of one colour within about {km} km are "
            "drawn as one point sized by how many it holds. Click a single territory's point or "
            "use the search box to open a profile."
        ).format(n=fmt_number(GROUPED_ABOVE, lang), km=group_size_km())
    return _("Point size follows the population band. Click a point to open its profile.")


def group_nearby(points: pd.DataFrame, degrees: float = GROUP_DEGREES) -> pd.DataFrame:
    """Territories in the same cell of a `degrees` grid, as one row each: the mean position, how many
    (`count`), and the id, name and country of the first (by name). Input needs id, name, country,
    latitude, longitude; output is ordered by cell."""
    cells = points.assign(
        _cell_lat=(points["latitude"] // degrees).astype(int),
        _cell_lon=(points["longitude"] // degrees).astype(int),
    ).sort_values(["_cell_lat", "_cell_lon", "name"], kind="stable")
    grouped = cells.groupby(["_cell_lat", "_cell_lon"], sort=True)
    return pd.DataFrame(
        {
            "latitude": grouped["latitude"].mean(),
            "longitude": grouped["longitude"].mean(),
            "count": grouped.size(),
            "id": grouped["id"].first(),
            "name": grouped["name"].first(),
            "country": grouped["country"].first(),
        }
    ).reset_index(drop=True)


def territory_points(
    territories: pd.DataFrame,
    colour_by: str,
    categories: pd.DataFrame,
    _: Translate = identity,
    focus: tuple[float, float] | None = None,
    scale: float = 1.0,
    title: str | None = None,
) -> go.Figure:
    """Territories as points over country boundaries: one trace per category (stage or region).

    `categories` has `id` and `label` in legend order; the point's `customdata` is its id so a
    selection can name the territory. A world map of more than GROUPED_ABOVE points draws the
    territories of one category in one grid cell as one point sized by their number (`group_nearby`);
    such a point's `customdata` is empty unless it holds one territory.
    """
    mapped = territories.dropna(subset=["latitude", "longitude"])
    grouped = points_are_grouped(mapped, focus)
    fig = go.Figure()
    colours = (
        STAGE_COLOURS
        if colour_by == "stage"
        else {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(categories["id"])}
    )
    for category in categories.itertuples():
        group = mapped[mapped[colour_by] == category.id]
        if group.empty:
            continue
        if grouped:
            cells = group_nearby(group)
            many = cells["count"] > 1
            sizes = (6 + 3 * cells["count"] ** 0.5).clip(upper=30).round(1)
            ids = cells["id"].where(~many, "")
            names = cells["name"].where(
                ~many,
                [
                    _("{name} and {n} more nearby").format(name=name, n=n - 1)
                    for name, n in zip(cells["name"], cells["count"], strict=True)
                ],
            )
            group = cells.assign(id=ids, name=names)
        else:
            sizes = group["population_band"].map(BAND_SIZES).fillna(UNKNOWN_BAND_SIZE)
        fig.add_scattergeo(
            lat=group["latitude"],
            lon=group["longitude"],
            mode="markers",
            name=_(category.label),
            customdata=group["id"],
            text=group["name"],
            hovertext=group["name"] + " · " + group["country"],
            marker=dict(
                size=sizes,
                color=colours.get(category.id, PALETTE[7]),
                opacity=0.9,
                line=dict(width=1.2 if len(mapped) <= OUTLINED_POINTS else 0, color="white"),
            ),
            hovertemplate="%{hovertext}<extra>" + _(category.label) + "</extra>",
        )
    fig = _geo(fig, 560, focus, scale)
    fig.update_layout(
        title=dict(text=title or _("Cities and territories on record (members and engaged)"), x=0)
    )
    return fig


def country_choropleth(counts: pd.DataFrame, _: Translate = identity) -> go.Figure:
    """Members per country (ISO-3), drawn on the shipped base map."""
    fig = go.Figure(
        go.Choropleth(
            locations=counts["country_iso3"],
            z=counts["members"],
            locationmode="ISO-3",
            text=counts["country"],
            customdata=counts["names"],
            colorscale="Blues",
            zmin=0,
            marker_line_color="white",
            marker_line_width=0.6,
            colorbar=dict(title=dict(text=_("Members")), thickness=14),
            hovertemplate="%{text}: %{z}<br>%{customdata}<extra></extra>",
        )
    )
    fig = _geo(fig, 560)
    fig.update_layout(title=dict(text=_("Members per country"), x=0))
    return fig
