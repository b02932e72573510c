"""The data-table twin and the fallback summary of every chart (`hrcities.figures.table`), without
Streamlit: each figure builder's data comes back as a table with the same numbers the chart draws."""

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from hrcities import figures, metrics
from hrcities.figures.table import chart_data, default_summary, figure_table

TODAY = date(2026, 11, 28)  # as in conftest.py


def mark(message: str) -> str:
    """A translator that makes translated text recognisable."""
    return f"«{message}»"


def test_horizontal_bars_name_columns_after_the_axes_and_drop_labels_that_repeat_values():
    counts = pd.DataFrame({"id": ["engaged", "member"], "label": ["Engaged", "Member"], "count": [4, 17]})
    table = figure_table(figures.stage_bars(counts))
    assert list(table.columns) == ["Category", "Territories"]
    assert table.to_dict("records") == [
        {"Category": "Engaged", "Territories": 4},
        {"Category": "Member", "Territories": 17},
    ]


def test_column_names_and_summary_go_through_the_translator():
    counts = pd.DataFrame({"id": ["engaged", "member"], "label": ["Engaged", "Member"], "count": [4, 17]})
    fig = figures.stage_bars(counts, mark)
    data = chart_data(fig, mark)
    assert list(data.table.columns) == ["«Category»", "«Territories»"]
    assert list(data.table["«Category»"]) == ["«Engaged»", "«Member»"]
    assert (
        default_summary(fig, data, mark)
        == "««Territories at each campaign stage»: 2 values; the largest is «Member» (17).»"
    )


def test_decoration_traces_are_left_out_and_shares_are_marked_as_percentages(real):
    statuses = metrics.milestone_status(real.territories, real.milestones)
    data = chart_data(figures.milestone_bars(statuses))
    table = data.table
    assert len(table) == len(statuses)  # not the grey 100 % track drawn behind each bar
    share = "Share of the target reached"
    assert data.percent == {share}
    assert list(table[share]) == pytest.approx([round(s.share, 3) for s in statuses])
    # the member count is a lower bound of the campaign's size: "at least 51 / 10" etc.
    assert list(table["Label"]) == [f"at least {s.members} / {s.target}" for s in statuses]
    assert list(table["Category"]) == [s.label for s in statuses]
    # a deployment that declares its complete list shows the plain count
    complete = chart_data(figures.milestone_bars(statuses, lower_bound=False)).table
    assert list(complete["Label"]) == [f"{s.members} / {s.target}" for s in statuses]


def test_several_named_traces_get_a_series_column(real):
    breakdown = metrics.region_breakdown(real.territories, real.regions)
    data = chart_data(figures.region_bars(breakdown))
    table = data.table
    assert list(table.columns) == ["Series", "Category", "Territories"]
    assert len(table) == 2 * len(breakdown)
    members = table[table["Series"] == "Members"]
    assert list(members["Territories"]) == list(breakdown["members"])
    assert table["Territories"].sum() == breakdown["members"].sum() + breakdown["engaged"].sum()
    top = table.loc[table["Territories"].idxmax()]
    assert default_summary(figures.region_bars(breakdown), data) == (
        f"Territories by UCLG region: {len(table)} values; the largest is "
        f"{top['Series']} · {top['Category']} ({top['Territories']})."
    )


def test_map_points_give_name_and_position(real):
    stages = real.stages.sort_values("order")
    fig = figures.territory_points(real.territories, "stage", stages)
    table = figure_table(fig)
    mapped = real.territories.dropna(subset=["latitude", "longitude"])
    assert list(table.columns) == ["Series", "Name", "Latitude", "Longitude"]
    assert sorted(table["Name"]) == sorted(mapped["name"])
    row = table[table["Name"] == "Barcelona"].iloc[0]
    barcelona = mapped[mapped["name"] == "Barcelona"].iloc[0]
    assert row["Latitude"] == pytest.approx(barcelona["latitude"], abs=0.01)
    assert row["Longitude"] == pytest.approx(barcelona["longitude"], abs=0.01)
    assert set(table["Series"]) <= set(stages["label"])


def test_choropleth_gives_country_code_and_value(real):
    counts = metrics.country_counts(real.territories)
    fig = figures.country_choropleth(counts)
    data = chart_data(fig)
    assert list(data.table.columns) == ["Country", "ISO-3", "Members"]
    assert list(data.table["ISO-3"]) == list(counts["country_iso3"])
    assert data.table["Members"].sum() == counts["members"].sum()
    top = counts.loc[counts["members"].idxmax()]
    assert f"the largest is {top['country']} ({top['members']})" in default_summary(fig, data)


def test_heatmap_becomes_one_row_per_cell(real):
    matrix = metrics.rights_by_region(real.practices, real.territories, real.rights, real.regions)
    rights = list(real.rights.sort_values("order")["title_en"])
    regions = list(real.regions.sort_values("order")["label"])
    table = figure_table(figures.rights_heatmap(matrix, rights, regions))
    assert list(table.columns) == ["Row", "Column", "Practices"]
    assert len(table) == matrix.size
    assert table["Practices"].sum() == int(np.asarray(matrix.values).sum())
    assert table.iloc[1]["Row"] == rights[0] and table.iloc[1]["Column"] == regions[1]
    assert table.iloc[1]["Practices"] == matrix.to_numpy()[0, 1]


def test_timeline_bars_become_start_and_end_dates(real):
    fig = figures.phase_timeline(real.charter_phases, TODAY)
    data = chart_data(fig)
    phases = real.charter_phases.sort_values("order")
    assert list(data.table.columns) == ["Category", "Start", "End"]  # no series: one phase per trace
    assert list(data.table["Category"]) == list(phases["label"])
    first = phases.iloc[0]
    assert (
        data.table.iloc[0]["Start"]
        == pd.Timestamp(first["start"] + ("-01" if len(first["start"]) == 7 else "")).date()
    )
    assert all(data.table["End"] >= data.table["Start"])
    assert data.period == ("Start", "End")
    assert default_summary(fig, data).startswith(
        f"Update of the Global Charter-Agenda: {len(phases)} periods, from "
    )


def test_lines_keep_their_dates_and_are_summarised_by_count(real):
    joins = metrics.cumulative_joins(real.territories)
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    fig = figures.growth_curve(joins, pace, real.waves)
    data = chart_data(fig)
    table = data.table
    assert list(table.columns)[:3] == ["Series", "Date", "Members"]
    joined = table[table["Series"] == "Members with a known join date"]
    assert len(joined) == len(joins) + 2  # from the launch, each join, to today
    assert joined["Members"].max() == joins["cumulative"].max()
    assert all(isinstance(d, date) for d in table["Date"])
    assert not table.isna().any().any()  # empty text is an empty cell, not "None"
    assert default_summary(fig, data) == f"{fig.layout.title.text}: {len(table)} data points in 5 series."


def test_unknown_traces_and_empty_figures_give_an_empty_table():
    assert figure_table(go.Figure()).empty
    assert figure_table(go.Figure(go.Pie(labels=["a"], values=[1]))).empty


def test_every_builder_gives_a_table(real):
    t, p = real.territories, real.practices
    pace = metrics.pace_to_target(t, real.milestones, TODAY)
    built = [
        figures.milestone_bars(metrics.milestone_status(t, real.milestones)),
        figures.growth_curve(metrics.cumulative_joins(t), pace, real.waves),
        figures.stage_bars(metrics.stage_counts(t, real.stages)),
        figures.region_bars(metrics.region_breakdown(t, real.regions)),
        figures.territory_points(t, "uclg_region", real.regions.sort_values("order")),
        figures.country_choropleth(metrics.country_counts(t)),
        figures.rights_bars(metrics.rights_coverage(p, real.rights)),
        figures.phase_timeline(real.charter_phases, TODAY),
        figures.facet_bars(metrics.facet_counts(p, "themes", real.themes), "Themes"),
    ]
    for fig in built:
        data = chart_data(fig)
        assert len(data.table) > 0, fig.layout.title.text
        summary = default_summary(fig, data)
        assert summary.startswith(fig.layout.title.text + ": ") and summary.endswith(".")
        assert "\n" not in summary and len(summary) < 200, summary


def test_each_growth_view_tables_what_it_draws(real):
    joins = metrics.cumulative_joins(real.territories)
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    tables = {
        scale: chart_data(
            figures.growth_curve(joins, pace, real.waves, scale=scale, milestones=real.milestones)
        ).table
        for scale in figures.GROWTH_SCALES
    }
    for scale, table in tables.items():
        series = set(table["Series"])
        assert "Members on the public record" in series and None not in series and "" not in series
        today = table[table["Series"] == "Members on the public record"]
        assert list(today["Members"]) == [pace.members], scale
        assert not table.isna().any().any()
    assert set(tables["now"]["Series"]) == {"Members with a known join date", "Members on the public record"}
    assert set(tables["path"]["Series"]) == set(tables["log"]["Series"])
    line = "Members with a known join date"
    dated = {s: t[t["Series"] == line].reset_index(drop=True) for s, t in tables.items()}
    pd.testing.assert_frame_equal(dated["now"], dated["path"], check_dtype=False)  # the same joins
    assert len(dated["log"]) == len(dated["path"]) - 1  # no 0 at the launch on a log axis
