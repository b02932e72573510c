"""The forum pack, read back as a person would get it: the PPTX opened with python-pptx (titles,
footers, the QR code decoded), the PDFs read with pypdf, the chart images decoded, the tables opened.

Chart images need Kaleido and Chromium (CI installs Debian's chromium): every image of this module
is rendered by one browser (the `renderer` fixture), offline, maps included.
"""

import html
import io
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import zxingcpp
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from hrcities import figures, forum_pack, i18n, metrics, record
from hrcities.filters import Filters

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 28)  # as in conftest.py
VIEW_URL = "https://hrcities.example.org/present?lang=en&region=europe&stage=member"
KINDS = [
    "counter",
    "map",
    "growth",
    "spotlight",
    "spotlight",
    "spotlight",
    "quote",
    "quote",
    "quote",
    "quote",
    "quote",
    "closing",
]
FAKE_CATALOGS = {  # stand-in translations, so a test can tell a translated title from the English one
    "fr": {
        "Explore this view": "Explorer cette vue",
        "In their words": "Avec leurs mots",
        "Practice spotlight": "Pratique à la une",
        "Data as of {date}": "Données au {date}",
        "Sources": "Sources",
        "Cities and territories on record (members and engaged)": "Villes et territoires",
    },
    "es": {
        "Explore this view": "Explorar esta vista",
        "In their words": "En sus palabras",
        "Practice spotlight": "Práctica destacada",
        "Data as of {date}": "Datos a {date}",
        "Sources": "Fuentes",
        "Cities and territories on record (members and engaged)": "Ciudades y territorios",
    },
}


@pytest.fixture(scope="module")
def renderer():
    """One Chromium for every chart image of this module."""
    with forum_pack.image_renderer() as active:
        yield active


@pytest.fixture(scope="module")
def slides_en(real):
    return forum_pack.build_slides(real, real.territories, real.practices, "en", TODAY, VIEW_URL)


@pytest.fixture(scope="module")
def deck_en(real, slides_en, renderer):
    """The English deck with its charts, and the progress it reported."""
    seen = []
    data = forum_pack.deck_pptx(slides_en, "en", VIEW_URL, TODAY, progress=seen.append)
    return Presentation(io.BytesIO(data)), seen


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines compares with the original."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def shape_named(slide, name: str):
    return next(shape for shape in slide.shapes if shape.name == name)


def pictures(slide, name: str) -> list[bytes]:
    return [
        shape.image.blob
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name == name
    ]


def decode_qr(blob: bytes) -> list[str]:
    with Image.open(io.BytesIO(blob)) as image:
        return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


# -- slides ----------------------------------------------------------------------------------------


def test_slides_cover_counter_map_growth_spotlights_quotes_and_closing(real, slides_en):
    assert [s.kind for s in slides_en] == KINDS
    counter, map_slide, growth = slides_en[:3]
    members = len(metrics.members(real.territories))
    # the members on the public record are a lower bound of the campaign's size, said as one
    assert counter.big_number == f"at least {i18n.fmt_number(members, 'en')}"
    assert counter.subtitle == "members on the public record, of 1,000 by 2030"
    assert counter.lines[0] == f"At least {members} members on the public record."
    assert any(
        "more than 100 pledges and more than 70 forms by Dec 10, 2022" in line for line in counter.lines
    )
    assert [(m.target, m.reached) for m in counter.milestones] == [
        (10, members >= 10),
        (100, members >= 100),
        (1000, False),
    ]
    assert counter.milestones[2].status == f"{1000 - members:,} still needed"
    assert map_slide.figure is not None and growth.figure is not None
    assert map_slide.title == "Cities and territories on record (members and engaged)"
    assert map_slide.figure.data[0].type == "scattergeo"
    assert any("at most" in line and "joins a month are needed from today" in line for line in growth.lines)
    assert not any("Expected by today" in line for line in growth.lines)  # no deficit against a floor
    assert all(s.data_date == record.data_date(real) and s.sources for s in slides_en)
    assert all(s.filter_line == "" for s in slides_en)
    closing = slides_en[-1]
    assert (closing.title, closing.url) == ("Explore this view", VIEW_URL)
    assert {s.id for s in closing.sources} >= {s.id for slide in slides_en for s in slide.sources}


def test_spotlights_are_practices_of_the_view_one_per_place(real, slides_en):
    spots = [s.spotlight for s in slides_en if s.kind == "spotlight"]
    assert len({s.territory_id for s in spots}) == len(spots) == 3
    practice = real.practices.set_index("id").loc[spots[0].practice_id]
    assert spots[0].title == practice["title"] and len(spots[0].summary) <= forum_pack.SUMMARY_CHARS
    assert spots[0].place == "Marseille, France"  # presented at the forum session, so first
    assert "Right to the city" in spots[0].rights


def test_quotes_are_verbatim_with_speaker_role_and_language(real):
    slides = forum_pack.build_slides(real, real.territories, real.practices, "fr", TODAY, VIEW_URL)
    raw = real.session["quotes"]
    quotes = [s.quote for s in slides if s.kind == "quote"]
    assert [(q.text, q.speaker, q.role, q.lang) for q in quotes] == [
        (r["text"], r["speaker"], r["role"], r["lang"]) for r in raw
    ]
    spanish = next(q for q in quotes if q.lang == "es")
    assert spanish.text.startswith("Es importante que los entes locales")
    # beside it, the French machine translation of data/translations.csv, labelled as such
    assert spanish.translation.startswith("Il est important que les collectivités locales")
    assert spanish.translation_note == forum_pack.i18n.translator("fr")("Machine translation")
    french = next(q for q in quotes if q.lang == "fr")
    assert french.translation is None  # a French quote in a French deck needs no translation
    english = forum_pack.build_slides(real, real.territories, real.practices, "en", TODAY, VIEW_URL)
    spanish_in_english = next(s.quote for s in english if s.kind == "quote" and s.quote.lang == "es")
    # one English translation per quote, from data/translations.csv, labelled as what it is
    expected = forum_pack.translations(real).get("quotes", spanish_in_english_id(raw), "text", "en")
    assert (spanish_in_english.translation, spanish_in_english.translation_note) == (
        expected[0],
        "Machine translation",
    )


def spanish_in_english_id(raw) -> str:
    return next(r["id"] for r in raw if r["lang"] == "es")


def test_slides_follow_the_filtered_view(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    slides = forum_pack.build_slides(
        real, europe, practices, "en", TODAY, VIEW_URL, spotlights=2, selection=Filters(regions=("europe",))
    )
    members, total = len(metrics.members(europe)), len(metrics.members(real.territories))
    assert slides[0].big_number == f"at least {members}"
    assert slides[0].subtitle == "members on the public record in this selection"
    share = i18n.fmt_percent(members / total, "en")
    assert f"{members} of the {total} members on record ({share}) are in this selection." in slides[0].lines
    assert slides[0].milestones == ()  # a region is not measured against the campaign's 10 / 100 / 1000
    assert slides[2].title == "Joins over time in this selection"
    assert all(s.filter_line == "Filtered view: UCLG region: Europe" for s in slides)  # on every slide
    places = {s.spotlight.territory_id for s in slides if s.kind == "spotlight"}
    assert len(places) == 2 and places <= set(europe["id"])
    speakers = [s.quote.speaker for s in slides if s.kind == "quote"]
    assert speakers == ["Morten Kjaerum", "Anatole Puiseux", "Ana Isabel Rodríguez Basanta"]
    chosen = forum_pack.build_slides(
        real, europe, practices, "en", TODAY, VIEW_URL, spotlight_ids=["barcelona-ond"], max_quotes=1
    )
    assert [s.kind for s in chosen] == ["counter", "map", "growth", "spotlight", "quote", "closing"]
    assert chosen[3].spotlight.practice_id == "barcelona-ond"


def test_footer_names_the_date_and_cuts_long_source_lists(slides_en):
    growth = slides_en[2]
    text = forum_pack.footer_text(growth.sources, TODAY, "en")
    assert text.startswith("Data as of Nov 28, 2026 · Sources: " + growth.sources[0].title)
    assert text.endswith("more)") and len(text) < 320
    assert forum_pack.footer_text((), TODAY, "es") == i18n.translator("es")("Data as of {date}").format(
        date=i18n.fmt_date(TODAY, "es")
    )


# -- the deck --------------------------------------------------------------------------------------


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


# -- chart images ------------------------------------------------------------------------------------


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
    monkeypatch.setattr(forum_pack._local, "renderer", None, raising=False)  # no browser open
    statuses = metrics.milestone_status(real.territories, real.milestones)
    fig = figures.milestone_bars(statuses)
    monkeypatch.setattr(forum_pack, "BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(forum_pack.ExportUnavailable, match="Chromium"):
        forum_pack.chart_image(fig, "png", "t", "s", TODAY)
    monkeypatch.setitem(sys.modules, "kaleido", None)
    with pytest.raises(forum_pack.ExportUnavailable, match="kaleido"):
        forum_pack.chart_image(fig, "png", "t", "s", TODAY)
    with pytest.raises(ValueError, match="png"):
        forum_pack.chart_image(fig, "jpeg", "t", "s", TODAY)


# -- PDFs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("territory_id, lang", [("barcelona", "es"), ("marseille", "fr"), ("gwangju", "en")])
def test_city_brief_pdf_reads_back(real, territory_id, lang):
    data = forum_pack.city_brief_pdf(real, territory_id, lang, TODAY)
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    t = real.territories.set_index("id").loc[territory_id]
    practices = real.practices[real.practices["territory_id"] == territory_id]
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert t["name"] in text and t["country"] in text
    assert i18n.fmt_date(record.data_date(real), lang) in text
    found = forum_pack.translations(real)
    for practice in practices.itertuples():  # in the brief's language (data/translations.csv)
        shown = found.localized("practices", practice.id, "title", practice.title, "en", lang)
        assert shown.lang == lang
        assert flat(shown.text) in flat(text)
    for quote in real.session["quotes"]:
        if quote.get("territory_id") == territory_id:
            assert flat(quote["text"]) in flat(text)
            assert quote["speaker"] in flat(text)
    compact = "".join(text.split())
    ids = list(t["sources"]) + [s for cell in practices["sources"] for s in cell]
    urls = real.sources.set_index("id").loc[list(dict.fromkeys(ids)), "url"].dropna()
    assert len(urls) and all(url in compact for url in urls)
    links = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []}
    assert set(urls) <= links


def test_city_brief_keeps_accents_and_non_latin_names(real):
    barcelona = flat(pdf_text(forum_pack.city_brief_pdf(real, "barcelona", "en", TODAY)))
    assert "Ana Isabel Rodríguez Basanta" in barcelona
    assert "inclusión financiera" in barcelona and "Oficina per la No Discriminació" in barcelona
    marseille = flat(pdf_text(forum_pack.city_brief_pdf(real, "marseille", "en", TODAY)))
    assert "Nous devons lutter contre la pauvreté avec un focus sur des groupes spécifiques" in marseille
    assert "Les Marseillaises et le Sport – #Jesuislégitime" in marseille
    gwangju = pdf_text(forum_pack.city_brief_pdf(real, "gwangju", "en", TODAY))
    assert "광주광역시" in gwangju  # Hangul, from the shipped fallback font
    irbid = forum_pack.city_brief_pdf(real, "irbid", "en", TODAY)  # Arabic local name, no practice
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(irbid)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in font for font in fonts) and "Irbid" in pdf_text(irbid)


def test_city_brief_says_whether_the_territory_counts(real):
    engaged = flat(pdf_text(forum_pack.city_brief_pdf(real, "kisumu", "en", TODAY)))
    assert "Not counted toward 10 / 100 / 1000" in engaged and "➤ Engaged" in engaged
    member = flat(pdf_text(forum_pack.city_brief_pdf(real, "chiguayante", "en", TODAY)))
    assert "Counts toward 10 / 100 / 1000: yes" in member and "➤ Member" in member


def test_overview_pdf_reads_back_with_counts_charts_regions_and_sources(real, renderer):
    seen = []
    data = forum_pack.overview_pdf(real, real.territories, real.practices, "es", TODAY, progress=seen.append)
    reader = PdfReader(io.BytesIO(data))
    text = flat(pdf_text(data))
    _ = i18n.translator("es")
    members = len(metrics.members(real.territories))
    assert _("At least {n} members on the public record").format(n=members) in text
    assert _("The campaign's latest reported figures: {figures}.").split("{")[0] in text
    assert i18n.fmt_date(record.data_date(real), "es") in text
    assert sum(len(page.images) for page in reader.pages) == 2  # milestone bars and growth curve
    for region in ("Europe", "Africa", "Latin America"):
        assert _(region) in text
    assert "Tétouan" in text and "Diputació de Barcelona" in text and "l'Alfàs del Pi" in text
    assert "https://uclg-cisdp.org/en/cities-territories-human-rights-2030?page=0" in "".join(text.split())
    assert seen[0] == 0.0 and seen[-1] == 1.0


# -- tables ----------------------------------------------------------------------------------------


def test_tables_xlsx_and_csv_zip_hold_the_view_and_its_sources(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    cited = {s for frame in (europe, practices) for cell in frame["sources"] for s in cell}
    book = openpyxl.load_workbook(
        io.BytesIO(forum_pack.tables_xlsx(europe, practices, real.sources, "fr", data_date=TODAY))
    )
    assert book.sheetnames == ["About", "territories", "practices", "sources"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["data_date"] == i18n.translator("fr")("Data as of {date}").format(
        date=i18n.fmt_date(TODAY, "fr")
    )
    names = [row[1] for row in book["territories"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(europe["name"]) and "l'Alfàs del Pi" in names
    assert {row[0] for row in book["sources"].iter_rows(min_row=2, values_only=True)} == cited
    with zipfile.ZipFile(io.BytesIO(forum_pack.tables_csv_zip(europe, practices, real.sources, "es"))) as z:
        assert sorted(z.namelist()) == ["ABOUT.txt", "practices.csv", "sources.csv", "territories.csv"]
        frame = pd.read_csv(z.open("practices.csv"), encoding="utf-8-sig")
        assert list(frame["id"]) == list(practices["id"])
        assert i18n.translator("es")("10, 100, 1000 Human Rights Cities and Territories by 2030") in z.read(
            "ABOUT.txt"
        ).decode("utf-8")


def test_view_sources_are_the_ones_the_view_cites(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    cited = {s for cell in list(europe["sources"]) + list(practices["sources"]) for s in cell}
    shown = forum_pack.view_sources(real, europe, practices)
    assert set(shown["id"]) == cited and len(shown) < len(real.sources)


def test_a_filtered_pack_says_its_filter_on_every_slide_and_page(real, renderer):
    """A deck and an overview made from a filtered view (Spanish): the filter on every slide and every
    PDF page, the selection's members as a lower bound, and no campaign milestone chart."""
    selection = Filters(regions=("europe",))
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    slides = forum_pack.build_slides(real, europe, practices, "es", TODAY, VIEW_URL, selection=selection)
    line = "Vista filtrada: Región de CGLU: Europa"
    prs = Presentation(
        io.BytesIO(forum_pack.deck_pptx(slides, "es", VIEW_URL, record.data_date(real), charts=False))
    )
    assert all(shape_named(slide, "Filter").text_frame.text == line for slide in prs.slides)
    members = len(metrics.members(europe))
    assert shape_named(prs.slides[0], "Counter").text_frame.text == f"al menos {members}"
    data = forum_pack.overview_pdf(real, europe, practices, "es", TODAY, selection=selection)
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
    assert all(line in page for page in pages)
    assert f"Al menos {members} miembros en las fuentes públicas en esta selección" in pages[0]
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages) == 1  # its joins only
