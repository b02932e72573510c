"""Territories on the map: points over country boundaries (grouped when there are thousands), the
sentence that says how they are drawn, and members per country. Maps need nothing online: the base
maps are Plotly's TopoJSON served from `static/` (`style.TOPOJSON_URL`)."""

import math

import numpy as np
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
# A map of a filtered selection shows the box around its territories, widened by EXTENT_MARGIN of its
# span on each side and to at least EXTENT_MIN_SPAN degrees (one city: its surroundings, not a street).
# A box half the world wide or more is the world view. Below DETAILED_SPAN degrees of longitude the
# 1:50m boundaries are drawn.
EXTENT_MARGIN = 0.12
EXTENT_MIN_SPAN = 8.0
WORLD_SPAN = 180.0
DETAILED_SPAN = 30.0
SAME_PLACE_KM = 5.0  # territories this close share a point on the map (a city and its province)
EARTH_KM = 6371.0
# The country colours: no member (a territory engaged) is a warm grey, unlike empty land (LAND) and
# unlike one member, which is already a clear blue; more members are darker.
LAND = "#F2F2F2"
NO_MEMBER = "#DDD6C8"
ONE_MEMBER = "#6BAED6"
MOST_MEMBERS = "#08306B"

Extent = tuple[tuple[float, float], tuple[float, float]]  # (lat_min, lat_max), (lon_min, lon_max)
WORLD: Extent = ((-90.0, 90.0), (-180.0, 180.0))


def selection_extent(
    territories: pd.DataFrame, margin: float = EXTENT_MARGIN, min_span: float = EXTENT_MIN_SPAN
) -> Extent | None:
    """The latitude and longitude range that frames every mapped territory of `territories` with a
    margin, or None (the world view) when none has coordinates or they spread over most of the world."""
    mapped = territories.dropna(subset=["latitude", "longitude"])
    if mapped.empty:
        return None
    ranges = []
    for column, limit in (("latitude", 90.0), ("longitude", 180.0)):
        low, high = float(mapped[column].min()), float(mapped[column].max())
        pad = max((high - low) * margin, (min_span - (high - low)) / 2, 0.0)
        ranges.append((max(low - pad, -limit), min(high + pad, limit)))
    lat, lon = ranges
    if lon[1] - lon[0] >= WORLD_SPAN:
        return None
    return lat, lon


def _natural_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Natural Earth projection (as d3-geo's `geoNaturalEarth1Raw`, which Plotly draws), in radians."""
    lam, phi = np.radians(lon), np.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def extent_aspect(extent: Extent | None) -> float:
    """Width over height of `extent` (None: the world) as the map draws it, so that the page can give
    the chart the height that fills its width without blank bands."""
    (lat0, lat1), (lon0, lon1) = extent or WORLD
    steps = np.linspace(0.0, 1.0, 33)
    lats = np.concatenate([lat0 + (lat1 - lat0) * steps, np.full(33, lat0), np.full(33, lat1)])
    lons = np.concatenate([np.full(33, lon0), lon0 + (lon1 - lon0) * steps, lon0 + (lon1 - lon0) * steps])
    x, y = _natural_earth(np.concatenate([lons, np.full(33, lon1)]), np.concatenate([lats, lats[:33]]))
    return round(float((x.max() - x.min()) / (y.max() - y.min())), 3)


def distance_km(lat: float, lon: float, lats, lons) -> np.ndarray:
    """Great-circle distances in km from (lat, lon) to each of (lats, lons)."""
    p1, p2 = math.radians(lat), np.radians(np.asarray(lats, dtype=float))
    dphi = p2 - p1
    dlam = np.radians(np.asarray(lons, dtype=float)) - math.radians(lon)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def at_same_place(territories: pd.DataFrame, territory_id: str, km: float = SAME_PLACE_KM) -> list[str]:
    """The ids of the territories within `km` of `territory_id` (itself included), nearest first then
    by name; empty when it has no coordinates or is not in `territories`."""
    mapped = territories.dropna(subset=["latitude", "longitude"])
    here = mapped[mapped["id"] == territory_id]
    if here.empty:
        return []
    lat, lon = float(here["latitude"].iloc[0]), float(here["longitude"].iloc[0])
    near = mapped.assign(_km=distance_km(lat, lon, mapped["latitude"], mapped["longitude"]))
    near = near[near["_km"] <= km].assign(_self=lambda f: f["id"] != territory_id)
    return near.sort_values(["_self", "_km", "name"], kind="stable")["id"].tolist()


def same_place_counts(points: pd.DataFrame, km: float = SAME_PLACE_KM) -> pd.Series:
    """For each mapped row of `points`, how many territories (itself included) are within `km`."""
    lats, lons = points["latitude"].to_numpy(float), points["longitude"].to_numpy(float)
    counts = np.ones(len(points), dtype=int)
    # neighbours are looked for only among rows within a fraction of a degree (sorted by latitude)
    order = np.argsort(lats, kind="stable")
    band = km / 111.0
    start = 0
    for i, row in enumerate(order):
        while lats[order[start]] < lats[row] - band:
            start += 1
        end = i + 1
        while end < len(order) and lats[order[end]] <= lats[row] + band:
            end += 1
        window = order[start:end]
        counts[row] = int((distance_km(lats[row], lons[row], lats[window], lons[window]) <= km).sum())
    return pd.Series(counts, index=points.index)


def _geo(
    fig: go.Figure,
    height: int,
    focus: tuple[float, float] | None = None,
    scale: float = 1.0,
    extent: Extent | None = None,
) -> go.Figure:
    # The whole world is drawn from the 1:110m boundaries (137 kB, as Plotly's default); a map zoomed
    # on a place from the 1:50m ones (1.1 MB), whose detail only shows there: at ten times the 2030
    # target the 50m outlines made each redraw of the world map markedly slower in the browser.
    fig.update_geos(
        projection_type="natural earth",
        resolution=50 if focus or (extent and extent[1][1] - extent[1][0] <= DETAILED_SPAN) else 110,
        showcountries=True,
        countrycolor="#9A9A9A",
        showland=True,
        landcolor=LAND,
        showocean=True,
        oceancolor="#DCEAF5",
        showlakes=False,
        showframe=False,
        coastlinecolor="#9A9A9A",
        fitbounds=False,
    )
    if focus:
        fig.update_geos(center=dict(lat=focus[0], lon=focus[1]), projection_scale=scale)
    elif extent:
        fig.update_geos(lataxis_range=list(extent[0]), lonaxis_range=list(extent[1]))
    # The legend sits below the map, never over land; the page sizes the chart to the map's shape.
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=50, b=0),
        font=FONT,
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0.0, xanchor="left"),
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
    extent: Extent | None = None,
) -> go.Figure:
    """Territories as points over country boundaries: one trace per category (stage or region).

    `categories` has `id` and `label` in legend order; the point's `customdata` is its id so a
    selection can name the territory. A world map of more than GROUPED_ABOVE points draws the
    territories of one category in one grid cell as one point sized by their number (`group_nearby`);
    such a point's `customdata` is empty unless it holds one territory. Otherwise a point standing for
    several territories at one place (within SAME_PLACE_KM) says so when hovered. `extent` frames the
    map on a box (`selection_extent`) unless it is focused on a place.
    """
    mapped = territories.dropna(subset=["latitude", "longitude"])
    grouped = points_are_grouped(mapped, focus)
    here = None if grouped else same_place_counts(mapped)
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
        hovertext = group["name"] + " · " + group["country"]
        if not grouped:
            shared = here.loc[group.index]
            hovertext = hovertext.where(
                shared <= 1,
                hovertext + "<br>" + shared.map(lambda n: _("{n} territories at this place").format(n=n)),
            )
        fig.add_scattergeo(
            lat=group["latitude"],
            lon=group["longitude"],
            mode="markers",
            name=_(category.label),
            customdata=group["id"],
            text=group["name"],
            hovertext=hovertext,
            marker=dict(
                size=sizes,
                color=colours.get(category.id, PALETTE[7]),
                opacity=0.9,
                line=dict(width=1.2 if len(mapped) <= OUTLINED_POINTS else 0, color="white"),
            ),
            hovertemplate="%{hovertext}<extra>" + _(category.label) + "</extra>",
        )
    fig = _geo(fig, 560, focus, scale, extent)
    # short enough for a phone's width, with what the points are in a line of its own
    fig.update_layout(
        title=dict(
            text=title or _("Cities and territories on record"),
            subtitle=dict(text="" if title else _("Members and engaged territories")),
            x=0,
        )
    )
    return fig


def count_ticks(top: int) -> list[int]:
    """Whole-number ticks for a colour bar of counts from 0 to `top`: every number up to 6, else 0 and
    round steps (0, 5, 10, 15 for 15), with 1 as well up to 10 (beyond, its label would touch 0's)."""
    if top <= 6:
        return list(range(top + 1))
    step = next(
        (s for s in (2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if top / s <= 5), 10 ** len(str(top)) // 10
    )
    return sorted({0, *([1] if top <= 10 else []), *range(step, top + 1, step)})


def count_colours(top: int) -> list[list]:
    """A colour scale for counts 0..`top`: 0 (no member) a warm grey, then from 1 a clear blue getting
    darker, so that one member stands apart from none and from empty land."""
    top = max(int(top), 1)
    step = 0.5 / top  # halfway between 0 and 1
    if top == 1:
        return [[0.0, NO_MEMBER], [step, NO_MEMBER], [step, ONE_MEMBER], [1.0, ONE_MEMBER]]
    return [
        [0.0, NO_MEMBER],
        [step, NO_MEMBER],
        [step, ONE_MEMBER],
        [1 / top, ONE_MEMBER],
        [1.0, MOST_MEMBERS],
    ]


def country_choropleth(
    counts: pd.DataFrame, _: Translate = identity, extent: Extent | None = None
) -> go.Figure:
    """Members per country (ISO-3), drawn on the shipped base map; the colour bar, below the map, has
    whole-number ticks. `extent` frames the map on a box (`selection_extent`)."""
    top = max(int(counts["members"].max()) if len(counts) else 0, 1)
    fig = go.Figure(
        go.Choropleth(
            locations=counts["country_iso3"],
            z=counts["members"],
            locationmode="ISO-3",
            text=counts["country"],
            customdata=counts["names"],
            colorscale=count_colours(top),
            zmin=0,
            zmax=top,
            marker_line_color="white",
            marker_line_width=0.6,
            colorbar=dict(
                title=dict(text=_("Members"), side="top"),
                orientation="h",
                x=0.0,
                xanchor="left",
                y=-0.01,
                yanchor="top",
                len=0.6,
                thickness=12,
                tickmode="array",
                tickvals=count_ticks(top),
                tickformat="d",
            ),
            hovertemplate="%{text}: %{z}<br>%{customdata}<extra></extra>",
        )
    )
    fig = _geo(fig, 560, extent=extent)
    fig.update_layout(title=dict(text=_("Members per country"), x=0))
    return fig
