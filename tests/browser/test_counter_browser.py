"""The embeddable counter in a real browser, offline, in each language, served by `streamlit run serve.py`
(the dashboard, its API and the counter on one port)."""

import harness
import pytest
from on_file import members_on_file

MEMBERS = members_on_file()
# no complete list is declared (data/record.csv): the counter says the count is a lower bound
LANGS = {
    "en": f"at least {MEMBERS} of 1,000 by 2030",
    "fr": f"au moins {MEMBERS} sur 1\u202f000 d’ici 2030",
    "es": f"al menos {MEMBERS} de 1.000 para 2030",
}


@pytest.fixture(scope="module")
def serve_url(tmp_path_factory):
    """`streamlit run serve.py`: the dashboard with its API and counter on one port."""
    database = tmp_path_factory.mktemp("serve") / "serve.sqlite3"
    with harness.streamlit_server(
        env={"HRCITIES_DATABASE_URL": f"sqlite:///{database}"},
        log_path=tmp_path_factory.mktemp("serve-log") / "server.log",
        script="serve.py",
    ) as url:
        yield url


def test_counter_renders_offline_in_each_language(browser, serve_url):
    context = browser.new_context(viewport={"width": 400, "height": 120})
    harness.block_outside(context)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for lang, text in LANGS.items():
            response = page.goto(f"{serve_url}/embed/counter?lang={lang}")
            assert response.status == 200
            badge = page.locator("svg[role=img]")
            assert badge.bounding_box()["width"] > 150
            assert text in badge.text_content()
            assert page.locator("script").count() == 0
        api = page.goto(f"{serve_url}/api/v1/progress")
        assert api.status == 200 and f'"members":{MEMBERS},' in page.content()
    finally:
        context.close()
    assert not errors and not [u for u in requests if harness.is_outside(u)]
