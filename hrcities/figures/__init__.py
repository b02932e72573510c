"""Plotly figure builders: pure functions from prepared frames to figures, and what each chart shows
in words and as a table.

`style` holds what every figure shares (palette, font, layout); `progress` the milestones, the stage
and region bars and the Charter-Agenda's phases; `growth` the growth curve and its three views; `map`
the territory points and the choropleth; `facets` the practices per right and facet; `table` a
figure's data table and summary.
Every name is importable from here: `from hrcities import figures; figures.growth_curve(...)`.
"""

from .facets import facet_bars, rights_bars, rights_heatmap
from .growth import GROWTH_SCALES, NAMED_JOINS, growth_curve, next_milestone, wave_label, wave_short_label
from .map import (
    BAND_SIZES,
    GROUP_DEGREES,
    GROUPED_ABOVE,
    OUTLINED_POINTS,
    UNKNOWN_BAND_SIZE,
    country_choropleth,
    group_nearby,
    group_size_km,
    points_are_grouped,
    points_summary,
    selection_extent,
    territory_points,
)
from .progress import milestone_bars, phase_timeline, region_bars, stage_bars
from .style import FONT, PALETTE, STAGE_COLOURS, TOPOJSON_URL
from .table import ChartData, chart_data, default_summary, figure_table

__all__ = [
    "BAND_SIZES",
    "FONT",
    "GROUPED_ABOVE",
    "GROUP_DEGREES",
    "GROWTH_SCALES",
    "NAMED_JOINS",
    "OUTLINED_POINTS",
    "PALETTE",
    "STAGE_COLOURS",
    "TOPOJSON_URL",
    "UNKNOWN_BAND_SIZE",
    "ChartData",
    "chart_data",
    "country_choropleth",
    "default_summary",
    "facet_bars",
    "figure_table",
    "group_nearby",
    "group_size_km",
    "growth_curve",
    "milestone_bars",
    "next_milestone",
    "phase_timeline",
    "points_are_grouped",
    "points_summary",
    "selection_extent",
    "region_bars",
    "rights_bars",
    "rights_heatmap",
    "stage_bars",
    "territory_points",
    "wave_label",
    "wave_short_label",
]
