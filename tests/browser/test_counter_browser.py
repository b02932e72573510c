"""The embeddable counter in a real browser, offline, in each language, served by `streamlit run serve.py`
(the dashboard, its API and the counter on one port)."""

import os
import subprocess
import sys
import time

import harness
import pandas as pd
import pytest


def members_on_file() -> int:
    """The members in data/territories.csv (stages that data/stages.csv counts as members), read
    straight with pandas: 51 on the December 2026 data."""
    territories = pd.read_csv(harness.ROOT / "data" / "territories.csv", dtype=str, keep_default_na=False)
    stages = pd.read_csv(harness.ROOT / "data" / "stages.csv", dtype=str)
    return int(territories["stage"].isin(stages.loc[stages["counts_as_member"] == "true", "id"]).sum())


MEMBERS = members_on_file()
# no complete list is declared (data/record.csv): the counter says the count is a lower bound
LANGS = {
    "en": f"at least {MEMBERS} of 1,000 by 2030",
    "fr": f"au moins {MEMBERS} sur 1\u202f000 d’ici 2030",
    "es": f"al menos {MEMBERS} de 1.000 para 2030",
}


@pytest.fixture(scope="module")
def serve_url(tmp_path_factory):
    port = harness.free_port()
    database = tmp_path_factory.mktemp("serve") / "serve.sqlite3"
    env = dict(os.environ, PYTHONUNBUFFERED="1", HRCITIES_DATABASE_URL=f"sqlite:///{database}")
    log = (tmp_path_factory.mktemp("serve-log") / "server.log").open("w+b")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=harness.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + harness.HEALTH_TIMEOUT
        while not harness._healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                output = log.read().decode(errors="replace")[-3000:]
                pytest.fail(f"streamlit run serve.py did not start:\n{output}")
            time.sleep(0.25)
        yield url
    finally:
        harness._stop(proc)
        log.close()


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
