"""The open-data API and the counter, in process (Starlette's TestClient), on SQLite and PostgreSQL.

Each backend gets one store seeded from the real data (a copy of the run's template), read by every
read-only test through a `CampaignSource`, as the dashboard reads it; tests that write get a store of
their own (`real_store`). The HTTP helpers alone are tested in test_api_http.py, the records and the
progress figures in test_api_records.py.
"""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from on_file import territories_on_file
from openapi_spec_validator import validate as validate_openapi
from starlette.testclient import TestClient

from hrcities import api, metrics, openapi
from hrcities.api import endpoints
from hrcities.filters import Filters, filter_practices, filter_territories
from hrcities.paths import DEFAULT_DATA_DIR as DATA_DIR
from hrcities.source import CampaignSource
from hrcities.store import Store, submissions

V = "/api/v1"


@pytest.fixture(scope="module")
def stores(request):
    """tests/store/conftest.py (its store helpers and TODAY), as pytest loaded it. Not `from conftest
    import ...`: that names whichever folder's conftest.py pytest loaded last (tests/, tests/figures/,
    resilience/ have one each), so a run of several folders would import the wrong one."""
    here = Path(__file__).with_name("conftest.py").resolve()
    return next(
        plugin
        for plugin in request.config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == here
    )


def counts_on_file() -> tuple[int, int, list[int]]:
    """Members, engaged (not members) and each milestone's remaining members, read straight from
    data/territories.csv, stages.csv and milestones.csv (not through hrcities), so the expected
    figures follow the data without trusting the code under test."""
    territories = territories_on_file()
    members = int(territories["is_member"].sum())
    targets = pd.read_csv(DATA_DIR / "milestones.csv").sort_values("target")["target"]
    return members, len(territories) - members, [max(0, int(t) - members) for t in targets]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, stores, tmp_path_factory):
    url, drop = stores.new_database_url(
        request.param,
        tmp_path_factory.mktemp("api"),
        stores.seeded_template(request.param, tmp_path_factory, stores.DATA_DIR),
    )
    source = CampaignSource(url, DATA_DIR, today=lambda: stores.TODAY)
    with TestClient(api.create_app(source, rate="10000/minute")) as c:
        c.campaign, c.source = source.read().current(), source
        yield c
    source.store().dispose()
    drop()


def client_for(store: Store, today) -> TestClient:
    return TestClient(api.create_app(CampaignSource(store.url, DATA_DIR, today=lambda: today)))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


# -- filters, the dashboard's way -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "selection"),
    [
        ("", Filters()),
        ("region=europe", Filters(regions=("europe",))),
        (
            "region=europe&region=africa&stage=member",
            Filters(regions=("europe", "africa"), stages=("member",)),
        ),
        ("country=ESP", Filters(countries=("ESP",))),
        ("wave=1", Filters(waves=(1,))),
        ("right=right-to-the-city", Filters(rights=("right-to-the-city",))),
        (
            "region=africa&country=ARG&right=right-to-the-city",  # nothing matches: empty, not an error
            Filters(regions=("africa",), countries=("ARG",), rights=("right-to-the-city",)),
        ),
        (
            "theme=anti-discrimination&region=europe",
            Filters(themes=("anti-discrimination",), regions=("europe",)),
        ),
    ],
)
def test_territories_and_practices_filter_like_the_dashboard(client, query, selection):
    c = client.campaign
    territories = filter_territories(c.territories, selection, c.practices)
    practices = filter_practices(c.practices, territories, selection)
    assert ids(client.get(f"{V}/territories?page_size=200&{query}")) == list(territories["id"])
    assert ids(client.get(f"{V}/practices?page_size=200&{query}")) == list(practices["id"])


def test_records_keep_their_sources_and_statuses(client):
    item = client.get(f"{V}/territories/barcelona").json()["data"]
    assert item["stage"] == "member" and item["stage_status"] == "confirmed" and item["is_member"] is True
    assert {s["id"] for s in item["sources"]} == {"campaign-page", "wave2-en"}
    assert all(s["url"].startswith("https://") for s in item["sources"])
    practice = client.get(f"{V}/practices?page_size=1").json()["data"][0]
    assert practice["sources"] and practice["evidence"] in ("confirmed", "inferred", "unverified")


def test_progress_and_counter_agree_with_the_dashboard(client):
    members, engaged, remaining = counts_on_file()  # 51, 7, [0, 49, 949] on the December 2026 data
    progress = client.get(f"{V}/progress").json()["data"]
    assert (progress["members"], progress["engaged"]) == (members, engaged)  # as the progress page shows
    assert [m["remaining"] for m in progress["milestones"]] == remaining
    europe = client.get(f"{V}/progress?region=europe").json()["data"]
    c = client.campaign
    kept = filter_territories(c.territories, Filters(regions=("europe",)), c.practices)
    assert europe["members"] == len(metrics.members(kept))
    assert europe["milestones"] == progress["milestones"]  # always the whole campaign's
    # no complete list is declared (data/record.csv): the count is a lower bound, "at least N"
    for lang, text in (
        ("en", f"at least {members} of 1,000 by 2030"),
        ("fr", f"au moins {members} sur 1\u202f000 d’ici 2030"),
        ("es", f"al menos {members} de 1.000 para 2030"),
    ):
        body = client.get(f"/embed/counter.svg?lang={lang}").text
        assert text in body, body


def test_rights_count_practices_under_the_filters(client):
    rights = client.get(f"{V}/rights?page_size=200").json()["data"]
    assert [r["order"] for r in rights] == sorted(r["order"] for r in rights)
    one = client.get(f"{V}/rights/right-to-the-city").json()["data"]
    assert one["practices"] == next(r for r in rights if r["id"] == "right-to-the-city")["practices"] > 0
    only = client.get(f"{V}/rights?right=right-to-the-city").json()["data"]
    assert [r["id"] for r in only] == ["right-to-the-city"]


# -- pagination, formats, headers ----------------------------------------------------------------


def test_pagination_walks_every_record_once(client):
    first = client.get(f"{V}/territories?page_size=10&region=europe&region=africa")
    meta, links = first.json()["meta"], first.json()["links"]
    seen = ids(first)
    assert meta["page"] == 1 and meta["pages"] == -(-meta["total"] // 10)
    assert first.headers["X-Total-Count"] == str(meta["total"]) and 'rel="next"' in first.headers["Link"]
    while links["next"]:
        page = client.get(links["next"])
        seen += ids(page)
        links = page.json()["links"]
    assert len(seen) == len(set(seen)) == meta["total"]
    assert "region=africa" in links["self"] and links["prev"]
    assert client.get(f"{V}/territories?page=99").json()["data"] == []


def test_csv_has_the_same_records(client):
    response = client.get(f"{V}/practices?format=csv&page_size=200")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ids(client.get(f"{V}/practices?page_size=200"))
    assert "|" in rows[0]["sources"] or rows[0]["sources"]


def test_cache_validators_and_cors(client):
    response = client.get(f"{V}/territories", headers={"Origin": "https://partner.example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]
    assert response.headers["cache-control"].startswith("public, max-age=")
    tag, modified = response.headers["etag"], response.headers["last-modified"]
    assert client.get(f"{V}/territories", headers={"If-None-Match": tag}).status_code == 304
    assert client.get(f"{V}/territories", headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(datetime.now(UTC) - timedelta(days=3650), usegmt=True)
    assert client.get(f"{V}/territories", headers={"If-Modified-Since": earlier}).status_code == 200
    preflight = client.options(
        f"{V}/territories",
        headers={"Origin": "https://partner.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200 and "GET" in preflight.headers["access-control-allow-methods"]


# -- refusals: always JSON, never a traceback -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        (f"{V}/territories?region=atlantis", 400, "region"),
        (f"{V}/territories?year=soon", 400, "year"),
        (f"{V}/practices?page_size=201", 400, "page_size"),
        (f"{V}/practices?page=0", 400, "page"),
        (f"{V}/practices?format=xml", 400, "format"),
        (f"{V}/territories?regoin=europe", 400, "regoin"),
        (f"{V}/progress?lang=de", 400, "lang"),
        (f"{V}/territories/atlantis", 404, "id"),
        (f"{V}/practices/%3Cscript%3E", 404, "id"),
        (f"{V}/tables/submissions.csv", 404, "name"),
        (f"{V}/nothing", 404, None),
        ("/api/v2/territories", 404, None),
        ("/embed/counter?lang=%3Cb%3E", 400, "lang"),
    ],
)
def test_bad_requests_get_clear_json_errors(client, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["detail"]
    assert [p["parameter"] for p in error["problems"]][:1] == ([parameter] if parameter else [])
    assert "Traceback" not in response.text and "<" not in response.text


def test_writes_are_refused(client):
    response = client.post(f"{V}/territories", json={"id": "x"})
    assert response.status_code == 405 and response.json()["error"]["status"] == 405


def test_rate_limit_answers_429_with_retry_after(client):
    limited = TestClient(api.create_app(client.source, rate="3/minute"))
    assert [limited.get(f"{V}/rights").status_code for _ in range(3)] == [200] * 3
    response = limited.get(f"{V}/rights")
    assert response.status_code == 429 and int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["status"] == 429


def test_unexpected_errors_and_outages_are_json(client, monkeypatch):
    c = TestClient(api.create_app(client.source), raise_server_exceptions=False)
    monkeypatch.setattr(endpoints, "progress", lambda *a: 1 / 0)
    response = c.get(f"{V}/progress")
    assert response.status_code == 500 and "ZeroDivisionError" not in response.text
    assert response.json()["error"]["status"] == 500
    down = "postgresql+psycopg://nobody:none@127.0.0.1:1/none?connect_timeout=2"  # nothing listens on port 1
    broken = TestClient(api.create_app(CampaignSource(down, DATA_DIR)), raise_server_exceptions=False)
    response = broken.get(f"{V}/territories")
    assert response.status_code == 503 and response.json()["error"]["status"] == 503


def test_an_outage_after_a_good_read_is_a_503_not_the_last_good_data(tmp_path, monkeypatch):
    source = CampaignSource(
        f"sqlite:///{tmp_path / 'api.sqlite3'}", Path(__file__).parents[1] / "fixtures" / "tiny"
    )
    c = TestClient(api.create_app(source))
    assert c.get(f"{V}/territories").status_code == 200

    def unreachable():
        raise sa.exc.OperationalError("SELECT version", {}, ConnectionError("gone"))

    monkeypatch.setattr(source.store(), "stamp", unreachable)
    assert source.read().campaign is not None  # what the dashboard shows, with its notice
    response = c.get(f"{V}/territories")
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
    assert response.json()["error"]["status"] == 503
    source.store().dispose()


# -- only public, approved records --------------------------------------------------------------


def test_pending_submissions_never_appear_and_formulas_are_neutralised(real_store, grant, stores):
    c = client_for(real_store, stores.TODAY)
    before = c.get(f"{V}/practices?format=csv&page_size=200")
    secret = "Zorblat pending proposal"
    submissions.submit(
        real_store,
        "practice",
        {
            "territory_name": "Zorblatville",
            "country": "Nowhere",
            "contact_name": "Private Person",
            "contact_email": "private@example.org",
            "title": secret,
            "summary": '=HYPERLINK("http://x")',
        },
        client="test",
    )
    record = real_store.records("practices").set_index("id").loc["marseille-outreach"]
    real_store.update(
        grant,
        "practices",
        "marseille-outreach",
        int(record["row_version"]),
        {"summary": "=1+1 then text"},
        today=stores.TODAY,
    )
    everything = "".join(
        c.get(url).text
        for url in (
            f"{V}/practices?page_size=200",
            f"{V}/territories?page_size=200",
            f"{V}/progress",
            f"{V}/datapackage.json",
            f"{V}/openapi.json",
            f"{V}/rights?page_size=200",
        )
    )
    everything += "".join(
        c.get(f"{V}/tables/{name}.csv").text for name in ("practices", "territories", "sources")
    )
    for private in (secret, "Zorblatville", "private@example.org", "Private Person", "HYPERLINK"):
        assert private not in everything
    after = c.get(f"{V}/practices?format=csv&page_size=200")
    assert after.headers["etag"] != before.headers["etag"]  # the edit shows at once
    assert "'=1+1 then text" in after.text and ",=1+1" not in after.text
    assert "'=1+1 then text" in c.get(f"{V}/tables/practices.csv").text
    assert c.get(f"{V}/practices/marseille-outreach").json()["data"]["summary"] == "=1+1 then text"


# -- the documents --------------------------------------------------------------------------------


def test_openapi_document_validates_and_describes_every_route(client):
    document = client.get(f"{V}/openapi.json").json()
    validate_openapi(document)
    served = {
        route.path
        for mount in api.routes(CampaignSource("sqlite://", DATA_DIR))
        for route in mount.routes
        if "{rest" not in route.path
    }
    documented = {p.removeprefix("/api").removeprefix("/embed") for p in document["paths"]}
    assert served == documented
    territory = document["components"]["schemas"]["Territory"]["properties"]
    assert all(field.get("description") for field in territory.values())
    assert openapi.MAX_PAGE_SIZE == api.MAX_PAGE_SIZE and openapi.DEFAULT_PAGE_SIZE == api.DEFAULT_PAGE_SIZE


def test_data_package_zip_matches_the_api(client):
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{V}/datapackage.zip").content))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor == client.get(f"{V}/datapackage.json").json()
    for resource in descriptor["resources"]:
        assert archive.read(resource["path"]) == client.get(f"{V}/{resource['path']}").content
        assert resource["description"] and all(f["description"] for f in resource["schema"]["fields"])
    assert {r["name"] for r in descriptor["resources"]} >= {"territories", "practices", "rights", "sources"}
    assert not {"submissions", "audit_log", "sign_ins"} & {r["name"] for r in descriptor["resources"]}


def test_a_path_with_an_encoded_newline_gets_the_json_404(client):
    answer = client.get("/api/v1/tables/Z%0A.csv")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("application/json")
    assert answer.json()["error"]["status"] == 404
