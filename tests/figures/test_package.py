"""The figures package: every builder is exercised, and no figure needs anything online."""

import inspect
import json
import re

import plotly.graph_objects as go
import pytest

from hrcities import figures


def test_every_builder_is_exercised(built):
    # every public function of the package that returns a figure (helpers such as group_nearby do not)
    builders = {
        name
        for name, fn in inspect.getmembers(figures, inspect.isfunction)
        if fn.__module__.startswith(f"{figures.__name__}.")
        and not name.startswith("_")
        and inspect.signature(fn).return_annotation in (go.Figure, "go.Figure")
    }
    assert len(builders) >= 10
    assert builders == set(built)
    assert all(isinstance(fig, go.Figure) for fig in built.values())


@pytest.mark.parametrize(
    "name",
    [
        "milestone_bars",
        "growth_curve",
        "stage_bars",
        "region_bars",
        "territory_points",
        "country_choropleth",
        "rights_bars",
        "rights_heatmap",
        "phase_timeline",
        "facet_bars",
    ],
)
def test_figure_needs_nothing_online(built, name):
    fig = built[name]
    text = fig.to_json()
    assert "http" not in text
    assert not re.search(r"mapbox|tile|carto|open-street-map|stamen", text, re.IGNORECASE)
    layout = json.loads(text)["layout"]
    assert "mapbox" not in layout and "map" not in layout
    assert not {trace.type for trace in fig.data} & {
        "scattermapbox",
        "choroplethmapbox",
        "densitymapbox",
        "scattermap",
        "choroplethmap",
        "densitymap",
    }
