"""Chart images (`forum_pack.render`), decoded: sizes, burned-in texts, the base map drawn offline."""

import html
import io
import sys

import pytest
from PIL import Image
from readback import TODAY

from hrcities import figures, forum_pack, i18n, metrics
from hrcities.forum_pack import render


def test_chart_png_has_the_expected_size(real, renderer):
    statuses = metrics.milestone_status(real.territories, real.milestones)
    png = forum_pack.chart_image(
        figures.milestone_bars(statuses),
        "png",
        "Members by milestone",
        "Source: UCLG-CSIPDHR",
        TODAY,
        width=800,
        height=450,
        scale=2,
    )
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size) == ("PNG", (1600, 900))
        assert len(image.convert("RGB").getcolors(1 << 20)) > 50  # drawn, not blank


def test_chart_svg_burns_in_title_source_line_date_and_legend(real, renderer):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    fig = figures.growth_curve(metrics.cumulative_joins(real.territories), pace, real.waves)
    title = "Adhésions et rythme à 2030 — Mexico, Tétouan"
    source = "Source : UCLG-CSIPDHR, page de la campagne"
    svg = forum_pack.chart_image(fig, "svg", title, source, TODAY, lang="fr").decode("utf-8")
    text = html.unescape(svg)
    assert svg.lstrip().startswith("<svg")
    assert title in text and source in text
    assert i18n.fmt_date(TODAY, "fr") in text
    assert "Pace needed from today" in text  # the legend


def test_map_image_renders_offline_with_the_shipped_base_map(real, renderer):
    fig = figures.territory_points(real.territories, "stage", real.stages.sort_values("order"))
    png = forum_pack.chart_image(
        fig, "png", "Cities and territories", "Source: UCLG", TODAY, width=900, scale=1
    )
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        assert rgb.width == 900 and rgb.height > 500
        colours = dict((colour, count) for count, colour in rgb.getcolors(1 << 20))
    ocean, land = (0xDC, 0xEA, 0xF5), (0xF2, 0xF2, 0xF2)  # figures._geo's colours: the base map is drawn
    assert colours.get(ocean, 0) > 0.1 * rgb.width * rgb.height
    assert colours.get(land, 0) > 0.05 * rgb.width * rgb.height


def test_missing_chromium_or_kaleido_is_a_clear_error(real, monkeypatch):
    monkeypatch.setattr(render._local, "renderer", None, raising=False)  # no browser open
    statuses = metrics.milestone_status(real.territories, real.milestones)
    fig = figures.milestone_bars(statuses)
    monkeypatch.setattr(render, "BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(forum_pack.ExportUnavailable, match="Chromium"):
        forum_pack.chart_image(fig, "png", "t", "s", TODAY)
    monkeypatch.setitem(sys.modules, "kaleido", None)
    with pytest.raises(forum_pack.ExportUnavailable, match="kaleido"):
        forum_pack.chart_image(fig, "png", "t", "s", TODAY)
    with pytest.raises(ValueError, match="png"):
        forum_pack.chart_image(fig, "jpeg", "t", "s", TODAY)
