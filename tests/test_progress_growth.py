"""The growth chart's views on the progress page (issue 21): "now" up to the next milestone, the
path to 1000, the same on a log axis; the view-model without Streamlit, the page under AppTest."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hrcities.filters import Filters
from hrcities.viewmodels.progress import progress_view

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 28)  # as in conftest.py


def test_the_view_model_offers_now_first_then_the_path_to_1000(real):
    view = progress_view(real, Filters(), "en", TODAY)
    assert [scale for scale, _label in view.growth_scales] == ["now", "path", "log"]
    assert view.next_milestone == 100  # 51 members in the December 2026 data
    now = view.growth_figure()  # the default
    assert now.layout.yaxis.range[1] == pytest.approx(120)  # headroom for two rows of wave labels
    assert view.growth_figure("log").layout.yaxis.type == "log"
    assert "The axis runs to the next milestone, 100" in view.growth_summary("now")
    assert '"Path to 1000 by 2030"' in view.growth_summary("now")
    assert "pace needed from today's 51 members" in view.growth_summary("path")
    assert "logarithmic" in view.growth_summary("log")
    for scale, _label in view.growth_scales:  # each view says what it draws and what it cannot
        assert "members have a known join date" in view.growth_summary(scale)


def test_a_selection_offers_a_linear_and_a_log_axis(real):
    view = progress_view(real, Filters(regions=("europe",)), "en", TODAY)
    assert [scale for scale, _label in view.growth_scales] == ["now", "log"]
    assert "1000" not in view.growth_summary("now").replace(str(len(view.joins)), "")
    assert view.growth_figure("log").layout.title.text == "Joins over time in this selection"


def test_the_view_labels_are_translated(real):
    view = progress_view(real, Filters(), "fr", TODAY)
    labels = dict(view.growth_scales)
    assert labels["now"] != "Now: up to the next milestone" and labels["path"] != "Path to 1000 by 2030"


@pytest.mark.usefixtures("fresh_app_caches")
def test_switching_the_growth_view_on_the_progress_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    choice = at.radio(key="growth_view")
    assert choice.value == "now"
    assert "Joins over time and the next milestone" in at.get("plotly_chart")[1].proto.spec
    for scale, title in (
        ("path", "Joins over time and the pace to 1000 by 2030"),
        ("log", "Joins over time and the pace to 1000 by 2030"),
        ("now", "Joins over time and the next milestone"),
    ):
        at.radio(key="growth_view").set_value(scale).run()
        assert not at.exception, [e.value for e in at.exception]
        spec = at.get("plotly_chart")[1].proto.spec
        assert title in spec
        assert ('"type":"log"' in spec.replace(" ", "")) == (scale == "log")
        captions = "\n".join(c.value for c in at.caption)
        assert "members have a known join date" in captions
