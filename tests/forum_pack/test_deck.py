"""The PPTX deck (`forum_pack.deck`), opened with python-pptx: slides, footers, charts, QR codes."""

import io

import pytest
from PIL import Image
from pptx import Presentation
from readback import FAKE_CATALOGS, KINDS, TODAY, VIEW_URL, decode_qr, pictures, shape_named

from hrcities import forum_pack, i18n, metrics, record


def test_deck_has_one_16_9_slide_per_slide_with_titles_and_source_footers(real, deck_en, slides_en):
    prs, _ = deck_en
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    assert len(prs.slides) == len(slides_en)
    for slide, expected in zip(prs.slides, slides_en, strict=True):
        assert slide.shapes.title.text == expected.title
        footer = shape_named(slide, "Footer").text_frame.text
        assert footer.startswith(f"Data as of {i18n.fmt_date(record.data_date(real), 'en')} · Sources: ")
        assert expected.sources[0].title in footer
        notes = slide.notes_slide.notes_text_frame.text
        assert all(s.url in notes for s in expected.sources if s.url)
    quote_slide = prs.slides[KINDS.index("quote")]
    assert shape_named(quote_slide, "Quote").text_frame.text == slides_en[KINDS.index("quote")].quote.text


def test_deck_charts_are_png_images_and_progress_is_reported(deck_en):
    prs, seen = deck_en
    for index in (KINDS.index("map"), KINDS.index("growth")):
        (blob,) = pictures(prs.slides[index], "Chart")
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == "PNG"
            assert image.size == (forum_pack.CHART_PX[0] * 3, forum_pack.CHART_PX[1] * 3)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) == 4


def test_deck_qr_codes_decode_to_the_view_url(deck_en):
    prs, _ = deck_en
    first, last = prs.slides[0], prs.slides[len(prs.slides) - 1]
    for slide in (first, last):
        (blob,) = pictures(slide, "QR code")
        assert decode_qr(blob) == [VIEW_URL]
    assert not pictures(prs.slides[1], "QR code")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_deck_titles_and_footers_in_the_language(real, lang, monkeypatch):
    monkeypatch.setattr(i18n, "catalog", lambda code: FAKE_CATALOGS.get(code, {}))
    slides = forum_pack.build_slides(real, real.territories, real.practices, lang, TODAY, VIEW_URL)
    prs = Presentation(io.BytesIO(forum_pack.deck_pptx(slides, lang, VIEW_URL, TODAY, charts=False)))
    titles = [slide.shapes.title.text for slide in prs.slides]
    fake = FAKE_CATALOGS[lang]
    assert titles[-1] == fake["Explore this view"]
    assert titles[1] == fake["Cities and territories on record (members and engaged)"]
    assert titles.count(fake["In their words"]) == 5 and titles.count(fake["Practice spotlight"]) == 3
    footer = shape_named(prs.slides[0], "Footer").text_frame.text
    assert footer.startswith(
        fake["Data as of {date}"].format(date=i18n.fmt_date(record.data_date(real), lang))
    )
    assert fake["Sources"] + ": " in footer
    members = len(metrics.members(real.territories))
    assert shape_named(prs.slides[0], "Counter").text_frame.text == f"at least {members}"  # (fake catalog)
    assert decode_qr(pictures(prs.slides[-1], "QR code")[0]) == [VIEW_URL]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_deck_titles_use_the_shipped_catalogs(real, lang):
    _ = i18n.translator(lang)
    slides = forum_pack.build_slides(real, real.territories, real.practices, lang, TODAY, VIEW_URL)
    prs = Presentation(io.BytesIO(forum_pack.deck_pptx(slides, lang, VIEW_URL, TODAY, charts=False)))
    assert [slide.shapes.title.text for slide in prs.slides][-2:] == [
        _("In their words"),
        _("Explore this view"),
    ]
    assert i18n.fmt_date(record.data_date(real), lang) in shape_named(prs.slides[0], "Footer").text_frame.text
    members = i18n.fmt_number(len(metrics.members(real.territories)), lang)
    assert shape_named(prs.slides[0], "Counter").text_frame.text == _("at least {n}").format(n=members)
