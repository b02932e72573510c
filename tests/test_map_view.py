"""The map explorer as a city official uses it: a filter frames the map on the selection, territories
sharing a place can each be opened, the chart's shape follows the map's, countries with one member stand
out. Counts and places are read from data/territories.csv with pandas, not through the code under test."""

import pandas as pd
import plotly.colors
import pytest

from hrcities.figures import map as map_figures
from hrcities.filters import Filters
from hrcities.paths import DEFAULT_DATA_DIR
from hrcities.viewmodels.map import map_view, picked_territory

ON_FILE = pd.read_csv(DEFAULT_DATA_DIR / "territories.csv")
MAPPED = ON_FILE.dropna(subset=["latitude", "longitude"])


def inside(extent, lat, lon) -> bool:
    (lat0, lat1), (lon0, lon1) = extent
    return lat0 <= lat <= lat1 and lon0 <= lon <= lon1


def test_no_filter_is_the_world_and_a_region_frames_its_territories(real):
    assert map_view(real, Filters(), "en").extent is None
    assert map_view(real, Filters(), "en").points_figure("stage").layout.geo.lonaxis.range is None
    view = map_view(real, Filters(regions=("europe",)), "en")
    extent = view.extent
    europe = MAPPED[MAPPED["uclg_region"] == "europe"]
    assert len(europe) >= 10
    for row in europe.itertuples():
        assert inside(extent, row.latitude, row.longitude), row.id
    for other in ("mexico-city", "gwangju", "kisumu", "winnipeg"):
        row = MAPPED.set_index("id").loc[other]
        assert not inside(extent, row["latitude"], row["longitude"]), other
    # a margin around the outermost territories, and a box of Europe, not of the world
    (lat0, lat1), (lon0, lon1) = extent
    assert lat0 < europe["latitude"].min() and lat1 > europe["latitude"].max()
    assert lon0 < europe["longitude"].min() and lon1 > europe["longitude"].max()
    assert lon1 - lon0 < 60 and lat1 - lat0 < 40
    geo = view.points_figure("stage").layout.geo
    assert tuple(geo.lataxis.range) == extent[0] and tuple(geo.lonaxis.range) == extent[1]
    assert tuple(view.countries_figure().layout.geo.lonaxis.range) == extent[1]
    # a found city still zooms on the city
    zoomed = view.points_figure("stage", "barcelona").layout.geo
    assert zoomed.projection.scale > 1 and zoomed.lonaxis.range is None


def test_a_single_city_gets_its_surroundings_and_a_worldwide_selection_the_world():
    one = MAPPED[MAPPED["id"] == "malakoff"]
    (lat0, lat1), (lon0, lon1) = map_figures.selection_extent(one)
    assert lat1 - lat0 >= map_figures.EXTENT_MIN_SPAN and lon1 - lon0 >= map_figures.EXTENT_MIN_SPAN
    assert map_figures.selection_extent(MAPPED) is None  # members from Winnipeg to Gwangju
    assert map_figures.selection_extent(ON_FILE[ON_FILE["latitude"].isna()]) is None


def test_the_chart_shape_follows_the_map():
    world = map_figures.extent_aspect(None)
    assert 1.8 < world < 2.1  # Natural Earth is about twice as wide as tall
    assert map_figures.extent_aspect(((35.0, 60.0), (-10.0, 30.0))) < world
    assert map_figures.extent_aspect(((-56.0, 33.0), (-118.0, -34.0))) < 1.2  # Latin America: tall


def shared_places() -> list[set[str]]:
    """Groups of territories on file at exactly the same coordinates."""
    same = MAPPED[MAPPED.duplicated(["latitude", "longitude"], keep=False)]
    return [set(g["id"]) for _, g in same.groupby(["latitude", "longitude"])]


def test_territories_at_one_place_are_listed_each_way(real):
    places = shared_places()
    assert {"barcelona", "diputacio-barcelona"} in places  # a city and its province share a point
    view = map_view(real, Filters(), "en")
    for place in places:
        for tid in place:
            here = view.same_place(tid)
            assert here[0] == tid and set(here) >= place
    # Malakoff and Villejuif are 5.3 km apart (two points), Terrassa stands alone
    assert view.same_place("terrassa") == [] and view.same_place(None) == []
    assert view.same_place_label(2) == "2 territories at this place"


def test_the_point_of_several_territories_says_so_and_a_click_names_one(real):
    fig = map_view(real, Filters(), "en").points_figure("stage")
    hover = {
        cid: text for trace in fig.data for cid, text in zip(trace.customdata, trace.hovertext, strict=True)
    }
    assert "2 territories at this place" in hover["barcelona"]
    assert "2 territories at this place" in hover["diputacio-barcelona"]
    assert "at this place" not in hover["terrassa"]
    names = map_view(real, Filters(), "en").names
    event = {"selection": {"points": [{"customdata": "diputacio-barcelona"}]}}
    assert picked_territory(event, names) == "diputacio-barcelona"


def test_same_place_counts_match_a_direct_count():
    counts = map_figures.same_place_counts(MAPPED)
    for i, row in MAPPED.iterrows():
        km = map_figures.distance_km(
            row["latitude"], row["longitude"], MAPPED["latitude"], MAPPED["longitude"]
        )
        assert counts[i] == int((km <= map_figures.SAME_PLACE_KM).sum()), row["id"]


def luminance(colour: str) -> float:
    r, g, b = (c / 255 for c in plotly.colors.hex_to_rgb(colour))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("top", [1, 3, 15, 400])
def test_one_member_is_clearly_not_none_and_the_ticks_are_whole(top):
    scale = map_figures.count_colours(top)

    def colour_of(z: float) -> str:  # the colour scale read at z, between its stops
        t = z / top
        for (p0, c0), (p1, c1) in zip(scale, scale[1:], strict=False):
            if p0 <= t <= p1 and p1 > p0:
                a, b = plotly.colors.hex_to_rgb(c0), plotly.colors.hex_to_rgb(c1)
                mix = [round(x + (y - x) * (t - p0) / (p1 - p0)) for x, y in zip(a, b, strict=True)]
                return "#{:02x}{:02x}{:02x}".format(*mix)
        raise AssertionError(f"{z} is off the scale {scale}")

    zero, one = colour_of(0), colour_of(1)
    assert contrast(one, zero) >= 1.5 and contrast(one, map_figures.LAND) >= 1.5
    assert contrast(zero, map_figures.LAND) >= 1.1  # none (engaged only) is not empty land either
    ticks = map_figures.count_ticks(top)
    assert ticks[0] == 0 and all(isinstance(t, int) for t in ticks) and ticks[-1] <= top
    assert (1 in ticks) == (top <= 10) and ticks == sorted(set(ticks))
    assert len(ticks) <= 7


def test_the_country_map_has_its_colour_bar_and_legend_below(real):
    view = map_view(real, Filters(), "en")
    (choropleth,) = view.countries_figure().data
    assert choropleth.colorbar.orientation == "h" and choropleth.colorbar.yanchor == "top"
    assert choropleth.colorbar.y < 0 and choropleth.colorbar.tickformat == "d"
    assert list(choropleth.colorbar.tickvals) == map_figures.count_ticks(int(max(choropleth.z)))
    legend = view.points_figure("stage").layout.legend
    assert legend.orientation == "h" and legend.yanchor == "top" and legend.y < 0
