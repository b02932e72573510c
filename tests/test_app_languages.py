"""Every page in English, French and Spanish under AppTest; links that reproduce a view."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hrcities import i18n
from hrcities.load import load_campaign

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGES = {
    "views/campaign/progress.py": "Campaign progress",
    "views/campaign/map.py": "Map explorer",
    "views/campaign/practices.py": "Practice library",
    "views/campaign/charter.py": "Global Charter-Agenda for Human Rights in the City",
    "views/campaign/forum.py": "Forum: WHRCF 2023",
    "views/campaign/propose.py": "Propose a practice",
    "views/campaign/open_data.py": "Open data",
    "views/coordinator/signin.py": "Coordinators",
}


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_page_renders_in_the_language_with_its_own_title(lang):
    _ = i18n.translator(lang)
    at = app(lang=lang)
    for page, title in PAGES.items():
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title[0].value == _(title) != title, page
        assert at.session_state["lang"] == lang
    # the sidebar is translated too (on a page that follows the filters: the last one shows none)
    assert not [m for m in at.multiselect if str(m.key).startswith("filter_")]
    at.switch_page("views/campaign/map.py").run()
    assert at.multiselect(key="filter_regions").label == _("UCLG region") != "UCLG region"


def test_numbers_are_formatted_for_the_language():
    at = app(lang="fr")
    metrics = {m.label: m.value for m in at.metric}
    members = int(load_campaign(ROOT / "data").territories["is_member"].sum())
    # "au moins 51": a lower bound, in French words and French digits
    assert metrics[i18n.translator("fr")("Members on record")] == f"au moins {i18n.fmt_number(members, 'fr')}"


def test_a_shared_link_restores_language_filters_and_selected_territory():
    at = app(lang="es", region="europe", stage="member")
    at.switch_page("views/campaign/map.py")
    at.query_params["territory"] = "barcelona"
    at.run()
    assert not at.exception
    assert at.session_state["filter_regions"] == ["europe"]
    assert at.session_state["filter_stages"] == ["member"]
    assert at.session_state["map_search"] == "barcelona"
    assert at.session_state["lang"] == "es"
    # and the URL the app writes back reproduces it
    assert at.query_params["territory"] == ["barcelona"] or at.query_params["territory"] == "barcelona"
    share = [c.value for c in at.code]
    assert any("lang=es" in s and "region=europe" in s and "territory=barcelona" in s for s in share), share


def test_switching_language_keeps_the_view():
    at = app(region="africa")
    assert at.session_state["filter_regions"] == ["africa"]
    at.radio(key="lang").set_value("fr").run()
    assert not at.exception
    assert at.session_state["filter_regions"] == ["africa"]
    assert at.title[0].value == i18n.translator("fr")("Campaign progress")
    metrics = {m.label: m.value for m in at.metric}
    africa = load_campaign(ROOT / "data").territories.query("uclg_region == 'africa'")
    assert (
        metrics[i18n.translator("fr")("Members in this selection")]
        == f"au moins {int(africa['is_member'].sum())}"
    )


def test_a_link_with_bad_values_says_what_it_left_out_and_shows_no_markup():
    at = app(region=["europe", "<b>atlantis</b>"], lang="xx")
    warnings = " ".join(w.value for w in at.warning)
    assert "left out" in warnings and "atlantis" in warnings and "<b>" not in warnings.replace("\\<b\\>", "")
    assert at.session_state["filter_regions"] == ["europe"]
    assert at.session_state["lang"] == "en"


def test_presenter_mode_steps_through_every_slide_and_wraps():
    at = app(lang="fr")
    at.switch_page("views/campaign/present.py").run()
    fr = i18n.translator("fr")
    total = None
    titles = []
    prefix = fr("Slide {n} of {total}").split("{")[0]
    for step in range(13):
        assert not at.exception, [e.value for e in at.exception]
        total = int(next(c.value for c in at.caption if c.value.startswith(prefix)).split()[-1])
        titles.append(at.title[0].value)
        if step < 12:
            at.button(key="present_next").click().run()
    assert total == 12 and len(titles) == 13
    assert (
        titles[0] == fr("10, 100, 1000 Human Rights Cities and Territories by 2030") == titles[12]
    )  # wrapped
    assert fr("Practice spotlight") in titles and fr("Explore this view") in titles
    assert not [b for b in at.button if b.key and b.key.startswith(("edit", "pick_"))]  # no editing control
    at.button(key="present_prev").click().run()
    assert at.title[0].value == fr("Explore this view")


def test_forum_pack_page_prepares_files_in_the_chosen_language():
    import io

    from pptx import Presentation

    at = app(lang="es")
    at.switch_page("views/campaign/pack.py").run()
    at.button(key="pack_prepare").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    es = i18n.translator("es")
    labels = {b.label for b in at.get("download_button")}
    assert {
        es("Slide deck (PPTX)"),
        es("Campaign overview (PDF)"),
        es("Tables (XLSX)"),
        es("Everything (zip)"),
        es("City brief (PDF)"),
    } <= labels
    files = at.session_state["forum_pack"]["files"]
    deck = Presentation(io.BytesIO(next(v for k, v in files.items() if k.endswith(".pptx"))))
    first = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert es("10, 100, 1000 Human Rights Cities and Territories by 2030") in first
    assert any(k.endswith(".svg") for k in files) and any(k.endswith(".png") for k in files)


def _render_city_in(territory_id: str, lang: str) -> None:
    import streamlit as st  # AppTest.from_function runs this function's source alone

    st.session_state["lang"] = lang
    from views.templates import city

    city.render(territory_id)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_city_page_renders_in_the_language_with_translated_practices(lang):
    from hrcities import content
    from hrcities.load import load_campaign
    from hrcities.metrics import territories_with_practices

    real = load_campaign(ROOT / "data")
    found, _problems = content.load(ROOT / "data", real)
    _ = i18n.translator(lang)
    for territory_id in territories_with_practices(real.practices, real.territories)["id"]:
        at = AppTest.from_function(_render_city_in, args=(territory_id, lang), default_timeout=60)
        at.run()
        assert not at.exception, (territory_id, [e.value for e in at.exception])
        body = "\n".join(m.value for m in at.markdown).replace("\\", "")
        assert _("Stage on the campaign ladder") in body
        for practice in real.practices[real.practices["territory_id"] == territory_id].itertuples():
            shown = found.localized("practices", practice.id, "title", practice.title, "en", lang)
            assert shown.lang == lang and shown.text in body, (territory_id, practice.id)
        captions = " ".join(c.value for c in at.caption)
        if territory_id in {"marseille", "barcelona"}:  # a quote in another language gets one beside it
            assert (
                _("Machine translation from {original}.").split("{")[0].strip() in captions
                or _("Translation by the {who}").split("{")[0].strip() in captions
            )


def test_country_names_and_territory_notes_follow_the_language():
    es = i18n.translator("es")
    at = AppTest.from_function(_render_city_in, args=("barcelona", "es"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "España" in captions and "Spain" not in captions
    assert "Pionera de la primera ola" in captions  # its note, machine-translated and labelled as such
    assert es("Machine translation from {original}.").split("{")[0].strip() in captions

    at = app(lang="fr")
    at.switch_page("views/campaign/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe  # the listing is built only once opened
    at.session_state["map_listing"] = True
    at.run()
    shown = {str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()}
    assert "Espagne" in shown and "Spain" not in shown
    assert "Espagne" in at.multiselect(key="filter_countries").options
