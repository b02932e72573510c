"""The API's HTTP helpers (`hrcities.api.http`, `hrcities.api.mounts`) on a tiny app: no store."""

from datetime import UTC, date, datetime

import pytest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from hrcities.api import http
from hrcities.api.mounts import mount
from hrcities.errors import DataError
from hrcities.source import Unavailable

CHANGED = datetime(2026, 11, 2, 9, 30, 15, 500, tzinfo=UTC)


def page(request: Request) -> Response:
    return http.respond(request, b'{"n":1}', "application/json", CHANGED, {"X-Total-Count": "1"})


def raises(error: Exception):
    def handler(request: Request) -> Response:
        raise error

    return handler


def tiny(rate: str = "1000/minute") -> TestClient:
    routes = [
        Route("/page", page),
        Route("/links", lambda r: Response(http.json_bytes(http.links(r, 2, 3)))),
        Route("/refused", http.guarded(raises(http.ApiError(400, "No.", [{"parameter": "x"}])))),
        Route("/broken", http.guarded(raises(DataError([])))),
        Route("/unavailable", http.guarded(raises(Unavailable("down")))),
    ]
    app = Starlette(
        routes=[mount("/api", Starlette(routes=routes, exception_handlers={HTTPException: http.http_error}))],
        middleware=[http.open_to_every_origin(), Middleware(http.RateLimit, rate=rate)],
    )
    return TestClient(app)


def test_json_never_reads_as_markup():
    assert http.json_bytes({"v": "<b>&</b>"}) == b'{"v":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),
        ({"If-None-Match": "*"}, 304),
        ({"If-None-Match": '"other"'}, 200),
        ({"If-Modified-Since": "Mon, 02 Nov 2026 09:30:15 GMT"}, 304),  # to the second
        ({"If-Modified-Since": "Mon, 02 Nov 2026 09:30:14 GMT"}, 200),
        ({"If-Modified-Since": "soon"}, 200),
        ({"If-None-Match": '"other"', "If-Modified-Since": "Mon, 02 Nov 2026 09:30:15 GMT"}, 200),
    ],
)
def test_validators_give_304_when_the_copy_is_current(headers, status):
    assert tiny().get("/api/page", headers=headers).status_code == status


def test_a_weak_or_listed_etag_matches():
    client = tiny()
    first = client.get("/api/page")
    tag = first.headers["etag"]
    assert first.headers["last-modified"] == "Mon, 02 Nov 2026 09:30:15 GMT"
    assert first.headers["cache-control"] == f"public, max-age={http.CACHE_SECONDS}"
    for match in (f"W/{tag}", f'"x", {tag}'):
        answer = client.get("/api/page", headers={"If-None-Match": match})
        assert answer.status_code == 304 and answer.headers["etag"] == tag


def test_last_modified_moves_to_midnight_for_figures_of_the_day():
    assert http.last_modified(CHANGED) == CHANGED
    assert http.last_modified(None) is None
    assert http.last_modified(CHANGED, date(2026, 12, 1)) == datetime(2026, 12, 1, tzinfo=UTC)
    assert http.last_modified(CHANGED, date(2026, 11, 1)) == CHANGED
    assert http.last_modified(None, date(2026, 12, 1)) == datetime(2026, 12, 1, tzinfo=UTC)


def test_links_keep_the_query_and_change_the_page():
    found = tiny().get("/api/links?region=europe&region=africa&page=2").json()
    assert found["self"] == "/api/links?region=europe&region=africa&page=2"
    assert (found["prev"], found["next"]) == (
        "/api/links?region=europe&region=africa&page=1",
        "/api/links?region=europe&region=africa&page=3",
    )
    assert found["first"].endswith("page=1") and found["last"].endswith("page=3")


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/refused", 400), ("/api/broken", 503), ("/api/unavailable", 503), ("/api/nothing", 404)],
)
def test_refusals_and_outages_are_json_errors(path, status):
    answer = tiny().get(path)
    error = answer.json()["error"]
    assert answer.status_code == error["status"] == status
    assert error["title"] == http.TITLES[status] and error["detail"]
    assert (answer.headers.get("retry-after") == "30") is (status == 503)


def test_the_mount_takes_a_path_with_an_encoded_newline():
    answer = tiny().get("/api/no%0Aroute")
    assert answer.status_code == 404 and answer.json()["error"]["status"] == 404
    plain = Mount("/api", app=Starlette())
    assert mount("/api", Starlette()).path_regex.match("/api/a\nb")
    assert not plain.path_regex.match("/api/a\nb")  # why mount() exists


def test_the_rate_limit_answers_429_with_retry_after():
    client = tiny(rate="2/minute")
    assert [client.get("/api/page").status_code for _ in range(2)] == [200, 200]
    answer = client.get("/api/page")
    assert answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1
    assert answer.json()["error"]["status"] == 429


def test_every_origin_may_read_the_validators():
    answer = tiny().get("/api/page", headers={"Origin": "https://partner.example.org"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert set(http.EXPOSED_HEADERS) <= {
        h.strip() for h in answer.headers["access-control-expose-headers"].split(",")
    }
