"""The app on (small) synthetic data: the banner, paged practice cards and the city-page registry."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components import nav
from hrcities import synthetic
from hrcities.paths import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return synthetic.generate(tmp_path_factory.mktemp("scale") / "data", territories=150, practices=400,
                              seed=3)


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
    # more practice cities than the menu lists: none is registered until one is opened
    assert nav.city_pages() == {}
    at.switch_page("views/campaign/practices.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Synthetic data" in w.value for w in at.warning)
    assert at.number_input(key="practice_page").value == 1
    assert "Page 1 of 14: results 1 to 30." in [c.value for c in at.caption]
    at.number_input(key="practice_page").set_value(14).run()
    assert "Page 14 of 14: results 391 to 400." in [c.value for c in at.caption]


def test_real_data_shows_no_banner_and_lists_every_city():
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Synthetic data" in w.value for w in at.warning)
    assert "barcelona" in nav.city_pages()
