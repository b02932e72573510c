"""The city brief: one territory on one or two printable A4 pages, in one language.

Its name and country, its stage on the campaign ladder (and whether it counts toward
10 / 100 / 1000), its practices in the brief's language, its representatives' quotes (verbatim),
the sources with URLs and the data date.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .. import i18n, record
from ..load import Campaign
from .pdf import new_pdf, write_quote, write_sources
from .quotes import session_line, session_quotes, translation_label, translations
from .sources import footer_text, source_ids, source_refs
from .style import BLUE, DARK, GREY


def _pdf_practice(pdf, c: Campaign, practice, lang: str) -> None:
    _ = i18n.translator(lang)
    rights = c.rights.set_index("id")["title_en"]
    found = translations(c)
    title = found.localized("practices", practice.id, "title", practice.title, "en", lang)
    summary = found.localized("practices", practice.id, "summary", practice.summary, "en", lang)
    pdf.para(title.text, 11, "B", gap=0.5)
    facts = []
    if isinstance(practice.original_title, str) and practice.original_title != title.text:
        facts.append(_("Original title") + f": {practice.original_title} ({practice.original_lang})")
    if not pd.isna(practice.start_year):
        facts.append(_("Since") + f" {practice.start_year} ({_(practice.start_status)})")
    if practice.status != "unknown":  # a status only where the source says one
        facts.append(_(practice.status))
    if title.kind == "machine" or summary.kind == "machine":
        facts.append(_("Machine translation"))
    pdf.para(" · ".join(facts), 9, colour=GREY, gap=0.5)
    pdf.para(summary.text, 10, gap=0.5)
    if practice.rights:
        pdf.para(
            _("Rights (editors' classification)")
            + ": "
            + "; ".join(_(rights.get(r, r)) for r in practice.rights),
            9,
            gap=3,
        )


def _pdf_ladder(pdf, c: Campaign, t: pd.Series, lang: str) -> None:
    _ = i18n.translator(lang)
    pdf.heading(_("Stage on the campaign ladder"))
    for stage in c.stages.sort_values("order").itertuples():
        here = stage.id == t["stage"]
        label = _(stage.label) + (f" ({_(t['stage_status'])})" if here else "")
        pdf.para(("➤ " if here else "   ") + label, 10, "B" if here else "", DARK if here else GREY, gap=0.3)
    pdf.ln(1.5)
    if t["is_member"]:
        pdf.para(_("Counts toward 10 / 100 / 1000: yes, a confirmed member of the campaign."), 10)
    else:
        pdf.para(
            _("Not counted toward 10 / 100 / 1000: campaign membership was not found in any source."), 10
        )


def city_brief_pdf(c: Campaign, territory_id: str, lang: str, today: date) -> bytes:
    """A printable A4 brief of one territory in `lang`: name, country, stage on the ladder (and
    whether it counts), its practices, its representatives' quotes (verbatim), sources with URLs
    and the data date."""
    _ = i18n.translator(lang)
    t = c.territories.set_index("id").loc[territory_id]
    practices = c.practices[c.practices["territory_id"] == territory_id]
    quotes = [q for q in session_quotes(c) if q.get("territory_id") == territory_id]
    ids = list(t["sources"]) + source_ids(practices)
    if quotes:
        ids += list(c.session.get("sources") or [])
    sources = source_refs(c, ids)
    as_of = record.data_date(c)
    pdf = new_pdf(str(t["name"]), footer_text((), as_of, lang) + " · " + str(t["name"]), lang)
    pdf.para(_("10, 100, 1000 Human Rights Cities and Territories by 2030"), 9, colour=GREY, gap=1)
    name = str(t["name"])
    if isinstance(t["local_name"], str) and t["local_name"] != name:
        name += f" ({t['local_name']})"
    pdf.para(name, 22, "B", BLUE, gap=1)
    pdf.para(" · ".join([_(t["kind"]), str(t["country"]), _(t["region_label"])]), 11, colour=GREY, gap=1)
    pdf.para(_("Data as of {date}").format(date=i18n.fmt_date(as_of, lang)), 9, colour=GREY, gap=2)
    if isinstance(t["context"], str):
        context = translations(c).localized("territories", territory_id, "context", t["context"], "en", lang)
        label = translation_label(context)
        pdf.para(context.text, 10, gap=0.5 if label else 1)
        if label:
            pdf.para(label, 8, colour=GREY, gap=1)
    _pdf_ladder(pdf, c, t, lang)
    for label, value in record.territory_facts(c, t, lang)[2:]:  # joined, wave, leader, population band
        pdf.para(f"{label}: {value}", 10, gap=0.5)
    pdf.heading(_("Practices") + f" ({i18n.fmt_number(len(practices), lang)})")
    if practices.empty:
        pdf.para(_("No practice on record yet."), 10, colour=GREY)
    for practice in practices.itertuples():
        _pdf_practice(pdf, c, practice, lang)
    if quotes:
        pdf.heading(_("In their words"))
        pdf.para(session_line(c, lang), 9, colour=GREY, gap=2)
        for raw in quotes:
            write_quote(pdf, raw, lang, translations(c))
    write_sources(pdf, sources, lang)
    return bytes(pdf.output())
