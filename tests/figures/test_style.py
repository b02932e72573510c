"""What every figure shares: the colours are colour-blind safe."""

from datetime import date

from hrcities import figures, metrics

TODAY = date(2026, 11, 28)  # as in conftest.py


OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
NEUTRAL = {"#E5ECF6", "#7F7F7F", "#FFFFFF", "WHITE"}  # the 100 % track, reference lines, point outlines


def test_discrete_chart_colours_are_okabe_ito(real):
    """Colour-blind safe: every category colour is one of the Okabe-Ito eight (no red against green)."""
    assert set(figures.PALETTE) == OKABE_ITO
    assert set(figures.STAGE_COLOURS.values()) <= OKABE_ITO
    t, p = real.territories, real.practices
    built = [
        figures.milestone_bars(metrics.milestone_status(t, real.milestones)),
        figures.stage_bars(metrics.stage_counts(t, real.stages)),
        figures.region_bars(metrics.region_breakdown(t, real.regions)),
        figures.territory_points(t, "uclg_region", real.regions.sort_values("order")),
        figures.rights_bars(metrics.rights_coverage(p, real.rights)),
        figures.phase_timeline(real.charter_phases, TODAY),
    ]
    used = set()
    for fig in built:
        for trace in fig.data:
            colour = trace.marker.color
            used |= {c.upper() for c in ([colour] if isinstance(colour, str) else list(colour or []))}
    assert used and used <= OKABE_ITO | NEUTRAL, used - OKABE_ITO - NEUTRAL
