"""The practice-count figures: per right (bars and heatmap) and per facet value."""

import numpy as np

from hrcities import figures, metrics


def test_rights_heatmap(built, real):
    (heatmap,) = built["rights_heatmap"].data
    assert np.shape(heatmap.z) == (20, 7)
    assert int(np.sum(heatmap.z)) == int(real.practices["rights"].map(len).sum())
    assert heatmap.x[0] == "Africa" and heatmap.y[0] == "Right to the city"
    assert np.array_equal(np.asarray(heatmap.text), np.asarray(heatmap.z))


def test_rights_bars(built):
    bars = built["rights_bars"].data[0]
    assert bars.y[0] == "I. Right to the city"
    assert bars.y[12] == "Right to internet"
    assert bars.marker.color[11] == figures.PALETTE[0] and bars.marker.color[12] == figures.PALETTE[1]
    assert len(bars.y) == 20


def test_count_axes_tick_every_number_only_while_counts_are_small(real):
    # a tick per number up to 16,000 practices froze the browser (the charter page at 10x)
    # small counts: one city's practices (Marseille's 6 in the December 2026 data)
    marseille = real.practices[real.practices["territory_id"] == "marseille"]
    few = metrics.rights_coverage(marseille, real.rights)
    assert 0 < few["practices"].max() <= 10
    small = figures.rights_bars(few)
    assert small.layout.xaxis.dtick == 1
    coverage = metrics.rights_coverage(real.practices, real.rights)
    # the whole real record is past a tick per number already (27 practices for one right)
    assert coverage["practices"].max() > 10
    assert figures.rights_bars(coverage).layout.xaxis.dtick is None
    big = coverage.assign(practices=coverage["practices"] * 1000)
    assert figures.rights_bars(big).layout.xaxis.dtick is None
    counts = metrics.facet_counts(real.practices, "themes", real.themes)
    counts = counts.assign(count=counts["count"] * 600)
    assert figures.facet_bars(counts, "Themes").layout.xaxis.dtick is None
    assert figures.facet_bars(counts.assign(count=0), "Themes").layout.xaxis.dtick == 1  # nothing shown


def test_facet_bars_leave_out_zero_counts(built, real):
    bars = built["facet_bars"].data[0]
    counts = metrics.facet_counts(real.practices, "themes", real.themes)
    shown = counts[counts["count"] > 0]
    assert list(bars.y) == shown["label"].tolist()
    assert list(bars.x) == shown["count"].tolist()
    assert 0 not in list(bars.x)
    assert built["facet_bars"].layout.title.text == "Themes"
