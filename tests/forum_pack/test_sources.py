"""The sources of a slide and its footer line (`forum_pack.sources`)."""

from readback import TODAY

from hrcities import forum_pack, i18n


def test_footer_names_the_date_and_cuts_long_source_lists(slides_en):
    growth = slides_en[2]
    text = forum_pack.footer_text(growth.sources, TODAY, "en")
    assert text.startswith("Data as of Nov 28, 2026 · Sources: " + growth.sources[0].title)
    assert text.endswith("more)") and len(text) < 320
    assert forum_pack.footer_text((), TODAY, "es") == i18n.translator("es")("Data as of {date}").format(
        date=i18n.fmt_date(TODAY, "es")
    )


def test_source_refs_keep_the_order_once_each_and_leave_unknown_ids_out(real):
    first, second = real.sources["id"][:2]
    refs = forum_pack.source_refs(real, [second, "no-such-source", first, second, None])
    assert [r.id for r in refs] == [second, first]
    assert refs[1].title == real.sources.set_index("id").loc[first, "title"]
