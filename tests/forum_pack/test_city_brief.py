"""The city brief (`forum_pack.city_brief`), read back with pypdf."""

import io

import pytest
from pypdf import PdfReader
from readback import TODAY, flat, pdf_text

from hrcities import forum_pack, i18n, record


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
