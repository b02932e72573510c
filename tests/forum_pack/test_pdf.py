"""The overview PDF (`forum_pack.pdf`), read back with pypdf; a filtered view's deck and overview."""

import io

from pptx import Presentation
from pypdf import PdfReader
from readback import TODAY, VIEW_URL, flat, pdf_text, shape_named

from hrcities import forum_pack, i18n, metrics, record
from hrcities.filters import Filters


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
