"""The API's HTTP: JSON errors, cache validators and 304, paging links, the rate limit, CORS.

Every answer carries `ETag` (a hash of the body), `Last-Modified` (the store's last change) and
`Cache-Control`; `If-None-Match` / `If-Modified-Since` give 304. GET is open to every origin (CORS).
Each client address may make `rate` requests (default 120 a minute) before a 429 with
`Retry-After`. Errors are JSON `{"error": {"status", "title", "detail", "problems"}}`, never a
traceback; a store that cannot be read, or whose data break a rule, is a 503.
"""

import hashlib
import json
import math
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

import sqlalchemy as sa
from limits import parse as parse_rate
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from ..errors import DataError
from ..source import Unavailable

DEFAULT_RATE = "120/minute"
CACHE_SECONDS = 60
EMBED_CACHE_SECONDS = 300
EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link", "X-Total-Count", "Retry-After"]
TITLES = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """A request the API refuses: `status`, a plain-text `detail` and the `problems` found."""

    def __init__(
        self, status: int, detail: str, problems: list[dict] | None = None, headers: dict | None = None
    ):
        super().__init__(detail)
        self.status, self.detail, self.problems, self.headers = status, detail, problems or [], headers


def json_bytes(body: object) -> bytes:
    """Compact UTF-8 JSON; '<', '>' and '&' escaped, so no echoed value can ever read as markup."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def error_response(
    status: int, detail: str, problems: list[dict] | None = None, headers: dict | None = None
) -> Response:
    """The API's JSON error."""
    body = {
        "error": {
            "status": status,
            "title": TITLES.get(status, "Error"),
            "detail": detail,
            "problems": problems or [],
        }
    }
    return Response(json_bytes(body), status_code=status, headers=headers, media_type="application/json")


# -- validators and cache headers ----------------------------------------------------------------


def last_modified(changed_at: datetime | None, today: date | None = None) -> datetime | None:
    """When an answer last changed: the store's last change, or (for figures that depend on the date,
    given `today`) midnight, when that is later."""
    if today is not None:
        midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
        return midnight if changed_at is None else max(changed_at, midnight)
    return changed_at


def respond(
    request: Request,
    body: bytes,
    media_type: str,
    modified: datetime | None,
    headers: dict | None = None,
    max_age: int = CACHE_SECONDS,
) -> Response:
    """`body` with validators and cache headers, or 304 when the client's copy is current."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    common = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "Vary": "Accept-Encoding"}
    if modified is not None:
        common["Last-Modified"] = format_datetime(modified.astimezone(UTC), usegmt=True)
    match = request.headers.get("if-none-match")
    if match is not None:
        fresh = match.strip() == "*" or tag in [m.strip().removeprefix("W/") for m in match.split(",")]
    else:
        fresh = not_modified_since(request.headers.get("if-modified-since"), modified)
    if fresh:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers={**common, **(headers or {})})


def not_modified_since(header: str | None, modified: datetime | None) -> bool:
    """True when an `If-Modified-Since` header is a date no earlier than `modified` (to the second)."""
    if not header or modified is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return modified.replace(microsecond=0) <= since


def links(request: Request, page: int, pages: int) -> dict[str, str | None]:
    """The paging links of page `page` of `pages`: the request's own query, another `page`."""
    base = f"{request.url.path}"
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def at(number: int) -> str:
        return base + "?" + urlencode([*kept, ("page", str(number))])

    return {
        "self": at(page),
        "first": at(1),
        "last": at(pages),
        "next": at(page + 1) if page < pages else None,
        "prev": at(page - 1) if page > 1 else None,
    }


# -- errors ----------------------------------------------------------------------------------------


def guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """`handler` whose refusals and store outages (or data that break a rule) become JSON errors."""

    def endpoint(request: Request) -> Response:
        try:
            return handler(request)
        except ApiError as error:
            return error_response(error.status, error.detail, error.problems, error.headers)
        except (sa.exc.SQLAlchemyError, DataError, Unavailable):
            return error_response(
                503,
                "The campaign data cannot be read right now; try again shortly.",
                headers={"Retry-After": "30"},
            )

    return endpoint


async def http_error(request: Request, exc: HTTPException) -> Response:
    """Starlette's own refusals as JSON: no route (404), a method other than GET or HEAD (405)."""
    if exc.status_code == 404:
        return error_response(404, "No such route. The API is described at /api/v1/openapi.json.")
    if exc.status_code == 405:
        return error_response(405, "Only GET (and HEAD) requests are served.", headers={"Allow": "GET, HEAD"})
    return error_response(exc.status_code, str(exc.detail)[:200])


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected error as a JSON 500 (Starlette logs the traceback; the client never sees it)."""
    return error_response(500, "Something went wrong on our side; it has been logged.")


# -- middleware ------------------------------------------------------------------------------------


class RateLimit:
    """ASGI middleware: at most `rate` requests per client address (moving window, in memory)."""

    def __init__(self, app, rate: str = DEFAULT_RATE):
        self.app, self.item = app, parse_rate(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.limiter.hit(self.item, client):
            reset = self.limiter.get_window_stats(self.item, client).reset_time
            retry = str(max(1, math.ceil(reset - time.time())))
            response = error_response(
                429,
                f"Too many requests: at most {self.item} per client. Try again in {retry} s.",
                headers={"Retry-After": retry},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def open_to_every_origin() -> Middleware:
    """CORS for GET and HEAD from any origin, the validators and paging headers readable by scripts."""
    return Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD"],
        allow_headers=["If-None-Match", "If-Modified-Since"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
