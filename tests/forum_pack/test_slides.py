"""The slides of a view (`forum_pack.slides`): counter, map, growth, spotlights, quotes, closing."""

from readback import KINDS, TODAY, VIEW_URL

from hrcities import forum_pack, i18n, metrics, record
from hrcities.filters import Filters


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
    found = forum_pack.translations(real)
    assert [(q.text, q.speaker, q.lang) for q in quotes] == [
        (r["text"], r["speaker"], r["lang"]) for r in raw
    ]
    # the role in French (data/translations.csv), labelled as a machine translation from English
    assert [q.role for q in quotes] == [found.get("quotes", r["id"], "role", "fr")[0] for r in raw]
    assert {q.role_note for q in quotes} == {
        i18n.translator("fr")("Machine translation from {original}.").format(original="anglais")
    }
    spanish = next(q for q in quotes if q.lang == "es")
    assert spanish.text.startswith("Es importante que los entes locales")
    # beside it, the French machine translation of data/translations.csv, labelled as such
    assert spanish.translation.startswith("Il est important que les collectivités locales")
    assert spanish.translation_note == i18n.translator("fr")("Machine translation")
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
