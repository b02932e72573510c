"""The public record, counted honestly: a lower bound said as one, in every language and on every page
that shows a count; filtered views compare like with like; the complete-list setting; the data date.

Plain logic first (`hrcities.record`, no Streamlit), then the pages as a reader meets them (AppTest).
"""

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from hrcities import api, badge, i18n, record
from hrcities.filters import Filters, filter_territories
from hrcities.load import load_campaign

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TODAY = date(2026, 11, 28)
REAL = load_campaign(ROOT / "data")
MEMBERS = int(REAL.territories["is_member"].sum())
EUROPE = filter_territories(REAL.territories, Filters(regions=("europe",)))
IN_EUROPE = int(EUROPE["is_member"].sum())
AS_OF = record.data_date(REAL)
LABELS = {  # what a reader sees, per language
    "en": {
        "at least": "at least {n}",
        "members": "Members on record",  # the first card's label
        "headline": "At least {n} members on the public record",
        "pledges": "more than 100 pledges",
        "data": "Data as of {date}",
    },
    "fr": {
        "at least": "au moins {n}",
        "members": "Membres recensés",
        "headline": "Au moins {n} membres dans les sources publiques",
        "pledges": "plus de 100 engagements",
        "data": "Données au {date}",
    },
    "es": {
        "at least": "al menos {n}",
        "members": "Miembros registrados",
        "headline": "Al menos {n} miembros en las fuentes públicas",
        "pledges": "más de 100 compromisos",
        "data": "Datos al {date}",
    },
}


def declared_complete(c, day: str):
    """Campaign `c` as a deployment that declares its members the complete list as of `day`."""
    tables = dict(c.tables)
    tables["record"] = c.record.assign(complete_list_as_of=day)
    return replace(c, tables=tables)


# -- the logic, without Streamlit -------------------------------------------------------------------


def test_the_real_data_holds_the_directory_members_and_keeps_the_others_apart():
    t = REAL.territories
    assert MEMBERS >= 50  # the campaign's directory lists at least 50 governments
    assert t.set_index("id").at["san-antonio", "is_member"]  # its profile: joined 2022
    assert t.set_index("id").at["san-antonio", "joined"] == "2022"
    assert t.set_index("id").at["grenoble", "is_member"]
    assert set(t.loc[~t["is_member"], "stage"]) == {"engaged"}
    assert {"lac-coalition", "red-diversa-chile"} <= set(REAL.organisations["id"])  # networks apart
    assert not {"lac-coalition", "red-diversa-chile", "indre"} & set(t["id"])
    joined_2022 = t[(t["joined"] == "2022") & t["wave"].notna()]
    assert (joined_2022["wave_status"] != "confirmed").sum() > 0  # a wave read off a 2022 join is inferred


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_count_is_a_lower_bound_with_the_reported_figures_beside_it(lang):
    count = record.count(REAL, REAL.territories, filtered=False)
    words = LABELS[lang]
    n = i18n.fmt_number(MEMBERS, lang)
    assert count.is_lower_bound and count.members == MEMBERS
    assert count.number(lang) == words["at least"].format(n=n)
    story = count.story(lang)
    assert story.startswith(words["headline"].format(n=n) + ".")
    assert words["pledges"] in story and i18n.fmt_date(date(2022, 12, 10), lang) in story
    assert words["data"].format(date=i18n.fmt_date(AS_OF, lang)) in story
    assert count.of_target(lang).startswith(words["at least"].format(n=n))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_declared_complete_list_drops_the_lower_bound_wording(lang):
    c = declared_complete(REAL, "2026-12-01")
    count = record.count(c, c.territories, filtered=False)
    n = i18n.fmt_number(MEMBERS, lang)
    assert not count.is_lower_bound
    assert count.number(lang) == n
    assert i18n.fmt_date(date(2026, 12, 1), lang) in count.headline(lang)
    assert LABELS[lang]["at least"].format(n=n) not in count.story(lang)
    pace = record.pace_reading(c, TODAY)
    assert pace.expected_delta(lang) is not None  # a complete list may be measured against the line
    assert record.pace_reading(REAL, TODAY).expected_delta(lang) is None  # a floor may not


def test_the_pace_from_a_lower_bound_is_an_upper_bound_and_never_a_deficit():
    pace = record.pace_reading(REAL, TODAY)
    needed = (1000 - MEMBERS) / pace.pace.months_left
    assert pace.per_month_value("en") == f"at most {i18n.fmt_number(needed, 'en', decimals=1)}"
    assert f"computed from the {MEMBERS} members on record" in pace.per_month_help("en")
    assert "gap to this line is not known" in pace.expected_help("en")
    assert "at most" in pace.sentence("fr").replace("au plus", "at most")


def test_a_filtered_count_gives_the_selections_share_and_names_its_filter():
    count = record.count(REAL, EUROPE, filtered=True)
    assert (count.members, count.total) == (IN_EUROPE, MEMBERS)
    share = i18n.fmt_percent(IN_EUROPE / MEMBERS, "en")
    assert (
        count.share_sentence("en")
        == f"{IN_EUROPE} of the {MEMBERS} members on record ({share}) are in this selection."
    )
    assert record.filter_sentence(REAL, Filters(regions=("europe",), countries=("ESP",)), "es") == (
        "Vista filtrada: Región de CGLU: Europa · País: España"
    )
    assert record.filter_sentence(REAL, Filters(), "en") == ""


def test_the_data_date_is_the_records_date_or_a_coordinators_later_change():
    assert AS_OF == date.fromisoformat(REAL.record.at[0, "data_as_of"])
    assert record.data_date(replace(REAL, last_change=date(2027, 1, 5))) == date(2027, 1, 5)
    assert record.data_date(replace(REAL, last_change=date(2020, 1, 5))) == AS_OF  # the seed is newer


def test_the_open_data_progress_route_and_the_badge_count_honestly():
    europe = api.progress(REAL, Filters(regions=("europe",)), TODAY)
    assert (europe["members"], europe["members_on_record_total"]) == (IN_EUROPE, MEMBERS)
    assert europe["members_lower_bound"] and europe["filtered"]
    assert europe["pace"]["scope"] == "campaign" and europe["pace"]["gap"] is None
    assert [m["members"] for m in europe["milestones"]] == [MEMBERS] * 3  # never a region against 1000
    assert {r["metric"] for r in europe["reported_figures"]} == {"pledges", "forms"}
    assert europe["data_as_of"] == AS_OF.isoformat()
    svg = badge.svg(record.count(REAL, REAL.territories, filtered=False), "fr")
    assert f"au moins {i18n.fmt_number(MEMBERS, 'fr')} sur 1 000 d’ici 2030" in svg.replace("\u202f", " ")


def test_territory_facts_carry_their_statuses():
    san_antonio = REAL.territories.set_index("id").loc["san-antonio"]
    facts = dict(record.territory_facts(REAL, san_antonio, "en"))
    assert facts["Joined"] == "2022 (confirmed)"
    assert facts["Wave"] == "First wave (inferred)"
    assert facts["Leader"].startswith("Omar Vera Castro") and facts["Leader"].endswith("(confirmed)")
    assert facts["Counted toward 10 / 100 / 1000"] == "yes"
    kisumu = dict(record.territory_facts(REAL, REAL.territories.set_index("id").loc["kisumu"], "es"))
    assert kisumu["Cuenta para 10 / 100 / 1000"] == "no"


# -- the pages, as a reader meets them (AppTest) -----------------------------------------------------

pytestmark_pages = pytest.mark.usefixtures("fresh_app_caches")


def run(page: str | None = None, lang: str = "en", at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(parts).replace("\\", "")


@pytestmark_pages
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_progress_page_says_at_least_with_the_reported_figures(lang):
    at = run(lang=lang)
    words = LABELS[lang]
    n = i18n.fmt_number(MEMBERS, lang)
    shown = {m.label: m.value for m in at.metric}
    assert shown[words["members"]] == words["at least"].format(n=n)
    body = texts(at)
    assert words["headline"].format(n=n) in body and words["pledges"] in body
    assert all(not str(m.value).startswith("-") and "−" not in str(m.delta or "") for m in at.metric)
    assert not any(m.delta for m in at.metric)  # no deficit against a lower bound


@pytestmark_pages
def test_a_filtered_progress_page_never_measures_a_region_against_1000():
    at = run()
    at.multiselect(key="filter_regions").set_value(["africa"]).run()
    africa = REAL.territories[REAL.territories["uclg_region"] == "africa"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Members in this selection"] == f"at least {int(africa['is_member'].sum())}"
    assert shown["Share of all members"] == i18n.fmt_percent(africa["is_member"].sum() / MEMBERS, "en")
    body = texts(at)
    assert "not measured against a selection" in body
    assert "of 3 milestones" not in body and "still needed" not in body
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert specs and not any("10 / 100 / 1000 milestones" in s for s in specs)
    assert "Joins over time in this selection" in specs[0]


@pytestmark_pages
def test_the_complete_list_setting_switches_the_wording(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    frame = pd.read_csv(data / "record.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "complete_list_as_of"] = "2026-12-01"
    frame.to_csv(data / "record.csv", index=False)
    monkeypatch.setenv("HRCITIES_DATA_DIR", str(data))
    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    at = run(lang="fr")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Membres recensés"] == i18n.fmt_number(MEMBERS, "fr")
    body = texts(at)
    assert "la liste complète de la campagne au" in body and "au moins" not in body.split("\n")[0]
    assert any(m.delta for m in at.metric)  # against a complete list the steady line is a plain fact


PAGES = [
    "views/campaign/progress.py",
    "views/campaign/map.py",
    "views/campaign/practices.py",
    "views/campaign/charter.py",
    "views/campaign/forum.py",
    "views/campaign/propose.py",
    "views/campaign/pack.py",
    "views/campaign/open_data.py",
]


@pytestmark_pages
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_its_data_date(page):
    at = run(page, lang="es")
    assert f"Datos al {i18n.fmt_date(AS_OF, 'es')}." in [c.value for c in at.caption]


def _render_city(territory_id: str, lang: str) -> None:
    import streamlit as st

    from views.templates import city

    st.session_state["lang"] = lang
    city.render(territory_id)


@pytestmark_pages
@pytest.mark.parametrize(
    "lang, joined, wave, leader",
    [
        ("en", "2022 (confirmed)", "First wave (inferred)", "Omar Vera Castro"),
        ("es", "2022 (confirmado)", "Primera ola (inferido)", "Omar Vera Castro"),
    ],
)
def test_san_antonios_page_shows_it_as_a_member_with_join_wave_and_leader(lang, joined, wave, leader):
    at = AppTest.from_function(_render_city, args=("san-antonio", lang), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    assert joined in body and wave in body and leader in body
    assert not any("Not counted" in i.value or "No se cuenta" in i.value for i in at.info)


def test_a_complete_list_cannot_be_declared_ahead_of_today(tmp_path):
    """A coordinator (or a file) declaring the complete list for a future date is refused, with where."""
    from hrcities.errors import DataError

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    frame = pd.read_csv(data / "record.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "complete_list_as_of"] = "2031-01-01"
    frame.to_csv(data / "record.csv", index=False)
    with pytest.raises(DataError) as error:
        load_campaign(data, today=TODAY)
    (problem,) = error.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "record.csv",
        2,
        "complete_list_as_of",
        "2031-01-01",
    )
    assert problem.rule == "date is in the future"
