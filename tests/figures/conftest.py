"""Fixtures of the figure tests: the territories as on file, and every builder applied to the real data."""

from datetime import date

import pytest
from on_file import territories_on_file

from hrcities import figures, metrics

TODAY = date(2026, 11, 28)  # as in conftest.py


@pytest.fixture(scope="session")
def on_file():
    """data/territories.csv read straight with pandas (not through hrcities.load), with `is_member`
    from data/stages.csv and `mapped` where both coordinates are given: the real-data expectations
    below are counted from it, so they follow the data without trusting the code under test."""
    territories = territories_on_file()
    return territories.assign(
        mapped=(territories["latitude"] != "") & (territories["longitude"] != ""),
    )


@pytest.fixture(scope="session")
def built(real):
    """Every builder of the package applied to the real data, by name."""
    t, p = real.territories, real.practices
    statuses = metrics.milestone_status(t, real.milestones)
    pace = metrics.pace_to_target(t, real.milestones, TODAY)
    return {
        "milestone_bars": figures.milestone_bars(statuses),
        "growth_curve": figures.growth_curve(metrics.cumulative_joins(t), pace, real.waves),
        "stage_bars": figures.stage_bars(metrics.stage_counts(t, real.stages)),
        "region_bars": figures.region_bars(metrics.region_breakdown(t, real.regions)),
        "territory_points": figures.territory_points(t, "stage", real.stages.sort_values("order")),
        "country_choropleth": figures.country_choropleth(metrics.country_counts(t)),
        "rights_bars": figures.rights_bars(metrics.rights_coverage(p, real.rights)),
        "rights_heatmap": figures.rights_heatmap(
            metrics.rights_by_region(p, t, real.rights, real.regions),
            list(real.rights.sort_values("order")["title_en"]),
            list(real.regions.sort_values("order")["label"]),
        ),
        "phase_timeline": figures.phase_timeline(real.charter_phases, TODAY),
        "facet_bars": figures.facet_bars(metrics.facet_counts(p, "themes", real.themes), "Themes"),
    }
