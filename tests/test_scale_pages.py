"""The app on (small) synthetic data: the banner, paged practice cards and the city-page registry."""

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components import nav, state
from hrcities import synthetic
from hrcities.load import load_campaign
from hrcities.paths import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return synthetic.generate(
        tmp_path_factory.mktemp("scale") / "data", territories=150, practices=400, seed=3
    )


@pytest.fixture
def scaled(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("HRCITIES_DATA_DIR", str(folder))
    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'scale.sqlite3'}")
    st.cache_resource.clear()
    yield folder
    st.cache_resource.clear()


def test_every_page_says_synthetic_and_the_library_pages_its_cards(scaled):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Synthetic data" in w.value for w in at.warning)
    # more practice cities than the menu lists: one city page draws whichever a link names
    c = state.source().read().campaign
    assert not nav.one_page_per_city(c) and nav.known_url_paths(c) >= {"city"}
    assert "barcelona" not in nav.known_url_paths(c)
    at.switch_page("views/campaign/practices.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Synthetic data" in w.value for w in at.warning)
    assert at.number_input(key="practice_page").value == 1
    assert "Page 1 of 40: results 1 to 10." in [c.value for c in at.caption]
    at.number_input(key="practice_page").set_value(40).run()
    assert "Page 40 of 40: results 391 to 400." in [c.value for c in at.caption]


def test_real_data_shows_no_banner_and_lists_every_city():
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Synthetic data" in w.value for w in at.warning)
    assert "barcelona" in nav.known_url_paths(state.source().read().campaign)


def _picker_page(count: int):
    import pandas as pd
    import streamlit as st

    from components import picker

    # generated names, synthetic (never shown as real): "Synthetic City 00000" ... plus one with accents
    names = pd.Series(
        [f"Synthetic City {i:05d}" for i in range(count - 1)] + ["Synthetic Ciudad Juárez"],
        index=[f"t{i}" for i in range(count)],
    )
    one = picker.pick_one(st, "Find", names, key="one", placeholder="Type")
    many = picker.pick_many(st, "Places", names, key="many", placeholder="All")
    st.write(f"one={one} many={','.join(many)}")


def test_a_few_names_are_listed_whole():
    at = AppTest.from_function(_picker_page, args=(24,), default_timeout=60).run()
    assert not at.exception
    assert len(at.selectbox(key="one").options) == 24 and not at.text_input
    at.selectbox(key="one").set_value("t3").run()
    assert "one=t3 many=" in at.markdown[0].value


def test_thousands_of_names_are_found_by_typing_and_a_choice_stays():
    at = AppTest.from_function(_picker_page, args=(2_000,), default_timeout=60).run()
    assert not at.exception
    assert at.selectbox(key="one").options == []  # nothing sent until a few letters are typed
    at.text_input(key="one__query").input("city 0012").run()
    assert at.selectbox(key="one").options == [f"Synthetic City 0012{d}" for d in range(10)]
    at.selectbox(key="one").set_value("t123").run()
    at.text_input(key="one__query").input("JUAREZ").run()  # accents and case ignored
    assert at.selectbox(key="one").options == ["Synthetic City 00123", "Synthetic Ciudad Juárez"]
    assert at.selectbox(key="one").value == "t123"  # the choice stays while another name is typed
    at.text_input(key="many__query").input("city 01998").run()
    assert at.multiselect(key="many").options == ["Synthetic City 01998"]
    at.text_input(key="one__query").input("zzz").run()
    assert "No name matches." in [c.value for c in at.caption]
    at.multiselect(key="many").set_value(["t1998"]).run()
    at.text_input(key="many__query").input("city 0000").run()
    assert len(at.multiselect(key="many").options) == 11  # ten matches and the one chosen
    assert at.multiselect(key="many").value == ["t1998"]


def test_the_warm_up_fills_the_caches_the_first_page_reads(fresh_app_caches, monkeypatch, tmp_path):
    # serve.py runs state.warm_up() in a thread at start: the first visitor then reads its results
    from hrcities import snapshot

    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'warm.sqlite3'}")
    reads = []
    real_load = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda store: reads.append(store.url) or real_load(store))
    state.warm_up()
    assert len(reads) == 1
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(reads) == 1  # the page found the campaign the warm-up had read
    at.switch_page("views/campaign/practices.py").run()
    total = len(load_campaign(ROOT / "data").practices)
    assert not at.exception and f"**{total}** of {total} practices match." in [m.value for m in at.markdown]


def test_the_warm_up_builds_the_search_texts_after_the_first_page(fresh_app_caches, monkeypatch, tmp_path):
    # the first page does not need them: building them while it is served slowed it
    import threading

    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'warm.sqlite3'}")
    order = []

    class Served(threading.Event):
        def wait(self, timeout=None):
            order.append(("wait for the first page", timeout))
            return True

    monkeypatch.setattr(state, "_first_page", Served())
    monkeypatch.setattr(state.practice_index, "index_of", lambda *args: order.append("search texts"))
    monkeypatch.setattr(state.peers, "profiles_of", lambda *args: order.append("peers' keys"))
    state.warm_up(then_wait=7.0)
    assert order == [("wait for the first page", 7.0), "search texts", "peers' keys"]
    # and app.py says when a page has been served
    monkeypatch.setattr(state, "_first_page", threading.Event())
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and state._first_page.is_set()


def test_a_world_map_of_thousands_draws_nearby_territories_as_one_point(tmp_path, monkeypatch):
    from hrcities import figures

    big = synthetic.generate(tmp_path / "data", territories=figures.GROUPED_ABOVE + 200, practices=50, seed=5)
    monkeypatch.setenv("HRCITIES_DATA_DIR", str(big))
    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'big.sqlite3'}")
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=180)
        at.run()
        at.switch_page("views/campaign/map.py").run()
        assert not at.exception, [e.value for e in at.exception]
        captions = [c.value for c in at.caption]
        assert any(c.startswith("With more than 2,000 points") for c in captions), captions
        (chart,) = at.get("plotly_chart")
        import base64
        import json

        def points(lat) -> int:  # Plotly sends numeric arrays as base64 typed arrays
            return len(base64.b64decode(lat["bdata"])) // 8 if isinstance(lat, dict) else len(lat)

        drawn = sum(points(trace["lat"]) for trace in json.loads(chart.proto.spec)["data"])
        mapped = int(pd.read_csv(big / "territories.csv")["latitude"].notna().sum())
        assert 0 < drawn < mapped, (drawn, mapped)
    finally:
        st.cache_resource.clear()


def test_a_city_address_keeps_working_above_the_menu_limit(folder):
    """Above 60 practice cities a city has no page of its own in the menu, but a link written as
    /<territory id> (shared when the record was smaller) is registered for the run that asks for it."""
    c = load_campaign(folder)
    assert not nav.one_page_per_city(c)
    territory_id = next(iter(nav.city_names(c)))
    assert nav.requested_kind(c, territory_id) == "city"
    # an address no page has gets the friendly page, registered too (no Streamlit dialog over it)
    assert nav.requested_kind(c, "atlantis") == "missing"
    # the pages the app has, the root and nested paths need no extra page
    assert nav.requested_kind(c, "map") is None and nav.requested_kind(c, "") is None
    assert nav.requested_kind(c, "a/b") is None
    # the friendly page links to the cities whose address is closest, not to thousands
    near = nav.cities_like(c, "synthetic-cty-0001")
    assert 0 < len(near) <= 10 and set(near) <= set(nav.city_names(c))
    assert len(nav.cities_like(c, "atlantis")) < 10
