"""The read-only open-data API and the embeddable counter, as Starlette routes.

`routes(data)` gives two mounts for `st.App(..., routes=...)` (see `serve.py`): `/api` (versioned
JSON/CSV routes under `/api/v1`, the OpenAPI document and the data package) and `/embed` (the live
counter badge). Only the campaign's public tables are read, through `Store.load()`, the same
validated data the dashboard shows: pending submissions, the audit log, sign-ins and secrets live in
other tables this module never reads. Filters are the dashboard's URL parameters (`viewlink`).

Every answer carries `ETag` (a hash of the body), `Last-Modified` (the store's last change) and
`Cache-Control`; `If-None-Match` / `If-Modified-Since` give 304. GET is open to every origin (CORS).
Each client address may make `rate` requests (default 120 a minute) before a 429 with
`Retry-After`. Errors are JSON `{"error": {"status", "title", "detail", "problems"}}`, never a
traceback.

Plain Python: this module never imports Streamlit.
"""

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import sqlalchemy as sa
from limits import parse as parse_rate
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from . import badge, content, datapackage, i18n, metrics, openapi, record, viewlink
from .errors import DataError
from .exports import csv_bytes
from .filters import FILTER_SPECS, Filters, filter_options, filter_practices, filter_territories
from .load import Campaign
from .schema import TABLES_BY_NAME
from .store import Store
from .store import tables as store_tables

VERSION_PATH = "/v1"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
DEFAULT_RATE = "120/minute"
CACHE_SECONDS = 60
EMBED_CACHE_SECONDS = 300
FILTER_NAMES = tuple(viewlink.FILTER_PARAMS[spec.key] for spec in FILTER_SPECS)
LIST_PARAMS = frozenset({"page", "page_size", "format", "lang", *FILTER_NAMES})
ONE_PARAMS = frozenset({"format", "lang"})
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


@dataclass(frozen=True)
class Snapshot:
    """The public campaign at one data version of the store."""

    campaign: Campaign
    version: int
    changed_at: datetime | None


def last_change(store: Store) -> tuple[int, datetime | None]:
    """The store's data version and when it last changed (UTC): one small query."""
    with store.engine.connect() as conn:
        version, changed_at = conn.execute(
            sa.select(store_tables.data_version.c.version, store_tables.data_version.c.changed_at)
        ).one()
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=UTC)
    return int(version), changed_at


class PublicData:
    """The store's public data, loaded once per data version (one tiny query per request).

    `url` is the store's SQLAlchemy URL or a function giving it (read on first use); the store is
    migrated and seeded from `data_dir` on first use, as the dashboard does.
    """

    def __init__(self, url: str | Callable[[], str], data_dir: Path, today: Callable[[], date] = date.today):
        self._url, self.data_dir, self.today = url, Path(data_dir), today
        self._store: Store | None = None
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def store(self) -> Store:
        """The store, prepared on first use."""
        with self._lock:
            if self._store is None:
                url = self._url() if callable(self._url) else self._url
                store = Store(url, self.data_dir)
                store.prepare(today=self.today())
                self._store = store
            return self._store

    def snapshot(self) -> Snapshot:
        """The campaign as stored now; a store that changed since the last call is read again."""
        store = self.store()
        version, changed_at = last_change(store)
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = Snapshot(store.load(today=self.today()), int(version), changed_at)
            return self._snapshot


# -- values and records ---------------------------------------------------------------------------


def _plain(value: object) -> object:
    """A pandas/NumPy cell as a JSON value (None for anything missing)."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.date().isoformat() if isinstance(value, pd.Timestamp | datetime) else value.isoformat()
    if hasattr(value, "item"):  # NumPy scalars
        return _plain(value.item())
    return value


def source_index(c: Campaign) -> dict[str, dict]:
    """Every source as the API shows it, by id."""
    columns = [col.name for col in TABLES_BY_NAME["sources"].columns]
    return {row["id"]: {k: _plain(row[k]) for k in columns} for row in c.sources[columns].to_dict("records")}


def records(
    frame: pd.DataFrame, table: str, sources: dict[str, dict], extra: tuple[str, ...] = ()
) -> list[dict]:
    """Rows of a public table as JSON objects: its file's columns (+ `extra`), sources expanded."""
    columns = [col.name for col in TABLES_BY_NAME[table].columns] + list(extra)
    result = []
    for row in frame[columns].to_dict("records"):
        item = {k: _plain(v) for k, v in row.items()}
        if "sources" in item:
            item["sources"] = [sources[s] for s in item["sources"] or [] if s in sources]
        result.append(item)
    return result


def csv_rows(items: list[dict]) -> pd.DataFrame:
    """JSON records as a frame for CSV: source objects become their ids."""
    flat = [{k: ([s["id"] for s in v] if k == "sources" else v) for k, v in item.items()} for item in items]
    return pd.DataFrame(flat)


def progress(c: Campaign, selection: Filters, today: date) -> dict:
    """The progress page's figures for `selection`, as the dashboard computes them: the members on
    record (a lower bound unless a complete list is declared) with the campaign's reported figures; the
    milestones and the pace are the whole campaign's, whatever the filters."""
    territories = filter_territories(c.territories, selection, c.practices)
    sources = source_index(c)
    filtered = bool(selection.active())
    headcount = record.count(c, territories, filtered)
    pace = record.pace_reading(c, today).pace
    milestones = c.milestones.set_index("target")
    stages = metrics.stage_counts(territories, c.stages)
    regions = metrics.region_breakdown(territories, c.regions)
    return {
        "members": headcount.members,
        "members_lower_bound": headcount.is_lower_bound,
        "complete_list_as_of": _plain(headcount.complete),
        "members_on_record_total": headcount.total,
        "share_of_all_members": round(headcount.share, 4),
        "filtered": filtered,
        "reported_figures": [
            {
                "metric": r.metric,
                "qualifier": r.qualifier,
                "value": r.value,
                "date": r.when.isoformat(),
                "sources": [sources[i] for i in r.sources if i in sources],
            }
            for r in headcount.reported
        ],
        "data_as_of": headcount.as_of.isoformat(),
        "engaged": headcount.engaged,
        "territories": int(len(territories)),
        "target": pace.target,
        "milestones": [
            {
                "target": s.target,
                "label": s.label,
                "members": s.members,
                "reached": s.reached,
                "reached_on": _plain(s.reached_on),
                "deadline": _plain(s.deadline),
                "remaining": s.remaining,
                "deadline_status": _plain(milestones.at[s.target, "deadline_status"]),
                "sources": [sources[i] for i in milestones.at[s.target, "sources"] if i in sources],
            }
            for s in metrics.milestone_status(c.territories, c.milestones)
        ],
        "stages": [
            {
                "id": r.id,
                "label": r.label,
                "counts_as_member": bool(r.counts_as_member),
                "count": int(r.count),
            }
            for r in stages.itertuples()
        ],
        "regions": [
            {"id": r.id, "label": r.label, "members": int(r.members), "engaged": int(r.engaged)}
            for r in regions.itertuples()
        ],
        "pace": {
            "today": today.isoformat(),
            "deadline": pace.deadline.isoformat(),
            "months_left": round(pace.months_left, 2),
            "per_month_needed": (None if pace.per_month_needed is None else round(pace.per_month_needed, 2)),
            "expected_by_today": round(pace.expected_by_today, 2),
            "gap": None if headcount.is_lower_bound else round(pace.gap, 2),
            "scope": "campaign",
        },
    }


# -- reading a request ---------------------------------------------------------------------------


def _query(request: Request, allowed: frozenset[str]) -> dict[str, list[str]]:
    query = {name: request.query_params.getlist(name) for name in request.query_params}
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise ApiError(
            400,
            "Unknown query parameter.",
            [
                {"parameter": name[:40], "value": None, "rule": "allowed: " + ", ".join(sorted(allowed))}
                for name in unknown
            ],
        )
    for name, values in query.items():
        if len(values) > 1 and name not in FILTER_NAMES:
            raise ApiError(
                400,
                "A parameter was given twice.",
                [{"parameter": name, "value": None, "rule": "give it once"}],
            )
    return query


def _one(query: dict, name: str, default: str) -> str:
    return (query.get(name) or [default])[0]


def _format(query: dict) -> str:
    chosen = _one(query, "format", "json")
    if chosen not in ("json", "csv"):
        raise ApiError(
            400,
            "Unknown format.",
            [{"parameter": "format", "value": chosen[:40], "rule": "one of: json, csv"}],
        )
    return chosen


def _lang(query: dict) -> str:
    chosen = _one(query, "lang", i18n.DEFAULT_LANGUAGE)
    if chosen not in i18n.LANGUAGES:
        raise ApiError(
            400,
            "Unsupported language.",
            [{"parameter": "lang", "value": chosen[:40], "rule": "one of: " + ", ".join(i18n.LANGUAGES)}],
        )
    return chosen


def parse_filters(query: dict[str, list[str]], c: Campaign) -> Filters:
    """The dashboard's filters from URL parameters; any value the data does not have is a 400."""
    options = {
        "filter_" + key: [value for value, _label in pairs]
        for key, pairs in filter_options(c.territories, c.tables).items()
    }
    wanted = {name: values for name, values in query.items() if name in FILTER_NAMES}
    state, dropped = viewlink.decode(wanted, options)
    if dropped:
        raise ApiError(
            400,
            "A filter names a value the data does not have.",
            [
                {
                    "parameter": item.split("=", 1)[0],
                    "value": item.split("=", 1)[1],
                    "rule": "an id listed in the OpenAPI document or the data package",
                }
                for item in dropped
            ],
        )
    return Filters(**{spec.key: tuple(state.get("filter_" + spec.key, ())) for spec in FILTER_SPECS})


def _page(query: dict) -> tuple[int, int]:
    found = []
    for name, default, high in (("page", 1, 1_000_000), ("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)):
        raw = _one(query, name, str(default))
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and 1 <= int(raw) <= high):
            raise ApiError(
                400,
                "Bad pagination.",
                [{"parameter": name, "value": raw[:40], "rule": f"a whole number from 1 to {high}"}],
            )
        found.append(int(raw))
    return found[0], found[1]


# -- answering -----------------------------------------------------------------------------------


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
    return Response(_json_bytes(body), status_code=status, headers=headers, media_type="application/json")


def _json_bytes(body: object) -> bytes:
    """Compact UTF-8 JSON; '<', '>' and '&' escaped, so no echoed value can ever read as markup."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _last_modified(snapshot: Snapshot, today: date | None = None) -> datetime | None:
    changed = snapshot.changed_at
    if today is not None:  # figures that depend on the date change at midnight too
        midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
        changed = midnight if changed is None else max(changed, midnight)
    return changed


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
        fresh = _not_modified_since(request.headers.get("if-modified-since"), modified)
    if fresh:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers={**common, **(headers or {})})


def _not_modified_since(header: str | None, modified: datetime | None) -> bool:
    if not header or modified is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return modified.replace(microsecond=0) <= since


def _links(request: Request, page: int, pages: int) -> dict[str, str | None]:
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


def listing(request: Request, items: list[dict], snapshot: Snapshot, query: dict) -> Response:
    """One page of `items` as JSON (data, meta, links) or CSV (with Link and X-Total-Count)."""
    page, size = _page(query)
    total = len(items)
    pages = max(1, math.ceil(total / size))
    chunk = items[(page - 1) * size : page * size]
    links = _links(request, page, pages)
    link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self")
    headers = {"Link": link_header, "X-Total-Count": str(total)}
    modified = _last_modified(snapshot)
    if _format(query) == "csv":
        return respond(request, csv_bytes(csv_rows(chunk)), "text/csv; charset=utf-8", modified, headers)
    body = {
        "data": chunk,
        "meta": {
            "total": total,
            "page": page,
            "page_size": size,
            "pages": pages,
            "data_version": snapshot.version,
            "last_modified": None if modified is None else modified.isoformat(),
        },
        "links": links,
    }
    return respond(request, _json_bytes(body), "application/json", modified, headers)


def single(request: Request, item: dict, snapshot: Snapshot, query: dict) -> Response:
    """One record as JSON (`{"data": ...}`) or a one-row CSV."""
    modified = _last_modified(snapshot)
    if _format(query) == "csv":
        return respond(request, csv_bytes(csv_rows([item])), "text/csv; charset=utf-8", modified)
    return respond(
        request,
        _json_bytes({"data": item, "meta": {"data_version": snapshot.version}}),
        "application/json",
        modified,
    )


# -- the routes ----------------------------------------------------------------------------------


class Api:
    """The endpoints, reading `data`."""

    def __init__(self, data: PublicData):
        self.data = data

    def _campaign(self, query: dict) -> tuple[Snapshot, Campaign]:
        snapshot = self.data.snapshot()
        return snapshot, content.in_language(snapshot.campaign, _lang(query))

    def territories(self, request: Request) -> Response:
        query = _query(request, LIST_PARAMS)
        snapshot, c = self._campaign(query)
        kept = filter_territories(c.territories, parse_filters(query, c), c.practices)
        items = records(kept, "territories", source_index(c), ("is_member",))
        return listing(request, items, snapshot, query)

    def territory(self, request: Request) -> Response:
        query = _query(request, ONE_PARAMS)
        snapshot, c = self._campaign(query)
        return single(
            request, self._one(c.territories, "territories", request, c, ("is_member",)), snapshot, query
        )

    def practices(self, request: Request) -> Response:
        query = _query(request, LIST_PARAMS)
        snapshot, c = self._campaign(query)
        selection = parse_filters(query, c)
        territories = filter_territories(c.territories, selection, c.practices)
        kept = filter_practices(c.practices, territories, selection)
        return listing(request, records(kept, "practices", source_index(c)), snapshot, query)

    def practice(self, request: Request) -> Response:
        query = _query(request, ONE_PARAMS)
        snapshot, c = self._campaign(query)
        return single(request, self._one(c.practices, "practices", request, c), snapshot, query)

    def _rights_frame(self, c: Campaign, selection: Filters) -> pd.DataFrame:
        territories = filter_territories(c.territories, selection, c.practices)
        return metrics.rights_coverage(filter_practices(c.practices, territories, selection), c.rights)

    def rights(self, request: Request) -> Response:
        query = _query(request, LIST_PARAMS)
        snapshot, c = self._campaign(query)
        selection = parse_filters(query, c)
        table = self._rights_frame(c, selection)
        if selection.rights:
            table = table[table["id"].isin(selection.rights)]
        items = records(table, "rights", source_index(c), ("practices", "territories"))
        return listing(request, items, snapshot, query)

    def right(self, request: Request) -> Response:
        query = _query(request, ONE_PARAMS)
        snapshot, c = self._campaign(query)
        table = self._rights_frame(c, Filters())
        return single(
            request, self._one(table, "rights", request, c, ("practices", "territories")), snapshot, query
        )

    def _one(
        self, frame: pd.DataFrame, table: str, request: Request, c: Campaign, extra: tuple[str, ...] = ()
    ) -> dict:
        wanted = request.path_params["id"]
        found = frame[frame["id"] == wanted]
        if found.empty:
            raise ApiError(
                404,
                f"No {table} record has this id.",
                [{"parameter": "id", "value": wanted[:80], "rule": "an existing id"}],
            )
        return records(found, table, source_index(c), extra)[0]

    def progress(self, request: Request) -> Response:
        query = _query(request, frozenset({"lang", *FILTER_NAMES}))
        snapshot, c = self._campaign(query)
        today = self.data.today()
        body = {
            "data": progress(c, parse_filters(query, c), today),
            "meta": {"data_version": snapshot.version},
        }
        return respond(request, _json_bytes(body), "application/json", _last_modified(snapshot, today))

    def openapi(self, request: Request) -> Response:
        _query(request, frozenset())
        snapshot = self.data.snapshot()
        body = _json_bytes(openapi.document(snapshot.campaign))
        return respond(request, body, "application/json", _last_modified(snapshot))

    def datapackage(self, request: Request) -> Response:
        _query(request, frozenset())
        snapshot = self.data.snapshot()
        body = datapackage.descriptor(snapshot.campaign, snapshot.version, snapshot.changed_at)
        return respond(request, _json_bytes(body), "application/json", _last_modified(snapshot))

    def datapackage_zip(self, request: Request) -> Response:
        _query(request, frozenset())
        snapshot = self.data.snapshot()
        body = datapackage.package_zip(snapshot.campaign, snapshot.version, snapshot.changed_at)
        return respond(
            request,
            body,
            "application/zip",
            _last_modified(snapshot),
            {"Content-Disposition": 'attachment; filename="hrcities-datapackage.zip"'},
        )

    def table(self, request: Request) -> Response:
        _query(request, frozenset())
        name = request.path_params["name"]
        snapshot = self.data.snapshot()
        tables = datapackage.public_tables(snapshot.campaign)
        if name not in tables:
            raise ApiError(
                404,
                "No public table has this name.",
                [{"parameter": "name", "value": name[:80], "rule": "one of: " + ", ".join(tables)}],
            )
        return respond(
            request, datapackage.table_csv(tables[name]), "text/csv; charset=utf-8", _last_modified(snapshot)
        )

    def counter(self, request: Request, as_svg: bool) -> Response:
        query = _query(request, frozenset({"lang"}))
        lang = _lang(query)
        snapshot = self.data.snapshot()
        c = snapshot.campaign
        svg = badge.svg(record.count(c, c.territories, filtered=False), lang)
        body = svg if as_svg else badge.page(svg, lang)
        media = "image/svg+xml" if as_svg else "text/html; charset=utf-8"
        return respond(
            request,
            body.encode("utf-8"),
            media,
            _last_modified(snapshot),
            {"Content-Security-Policy": badge.CSP},
            max_age=EMBED_CACHE_SECONDS,
        )


def _guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """`handler` whose refusals, store outages and unexpected errors become JSON errors."""

    def endpoint(request: Request) -> Response:
        try:
            return handler(request)
        except ApiError as error:
            return error_response(error.status, error.detail, error.problems, error.headers)
        except (sa.exc.SQLAlchemyError, DataError):
            return error_response(
                503,
                "The campaign data cannot be read right now; try again shortly.",
                headers={"Retry-After": "30"},
            )

    return endpoint


async def _not_found(request: Request) -> Response:
    return error_response(404, "No such route. The API is described at /api/v1/openapi.json.")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 405:
        return error_response(405, "Only GET (and HEAD) requests are served.", headers={"Allow": "GET, HEAD"})
    return error_response(exc.status_code, str(exc.detail)[:200])


async def _server_error(request: Request, exc: Exception) -> Response:
    return error_response(500, "Something went wrong on our side; it has been logged.")


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


class _Mount(Mount):
    """A Mount whose path also matches a percent-encoded newline (`%0A`), so that such a path gets the
    API's JSON 404 rather than the server's plain-text one (Starlette's `.*` stops at a newline)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.path_regex = re.compile(self.path_regex.pattern, re.DOTALL)


def _catch_all() -> Route:
    route = Route("/{rest:path}", _not_found, methods=["GET", "HEAD"])
    route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
    return route


def _sub_app(routes: list[BaseRoute], rate: str, cors: bool) -> Starlette:
    middleware = (
        [
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD"],
                allow_headers=["If-None-Match", "If-Modified-Since"],
                expose_headers=EXPOSED_HEADERS,
                max_age=600,
            )
        ]
        if cors
        else []
    )
    middleware.append(Middleware(RateLimit, rate=rate))
    return Starlette(
        routes=[*routes, _catch_all()],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )


def routes(data: PublicData, rate: str = DEFAULT_RATE) -> list[BaseRoute]:
    """`/api` and `/embed`, to serve beside the dashboard (`st.App(routes=...)`) or alone."""
    api = Api(data)
    v = VERSION_PATH
    api_routes = [
        Route(f"{v}/territories", _guarded(api.territories), methods=["GET", "HEAD"]),
        Route(f"{v}/territories/{{id}}", _guarded(api.territory), methods=["GET", "HEAD"]),
        Route(f"{v}/practices", _guarded(api.practices), methods=["GET", "HEAD"]),
        Route(f"{v}/practices/{{id}}", _guarded(api.practice), methods=["GET", "HEAD"]),
        Route(f"{v}/rights", _guarded(api.rights), methods=["GET", "HEAD"]),
        Route(f"{v}/rights/{{id}}", _guarded(api.right), methods=["GET", "HEAD"]),
        Route(f"{v}/progress", _guarded(api.progress), methods=["GET", "HEAD"]),
        Route(f"{v}/openapi.json", _guarded(api.openapi), methods=["GET", "HEAD"]),
        Route(f"{v}/datapackage.json", _guarded(api.datapackage), methods=["GET", "HEAD"]),
        Route(f"{v}/datapackage.zip", _guarded(api.datapackage_zip), methods=["GET", "HEAD"]),
        Route(f"{v}/tables/{{name}}.csv", _guarded(api.table), methods=["GET", "HEAD"]),
    ]
    embed_routes = [
        Route("/counter", _guarded(lambda r: api.counter(r, as_svg=False)), methods=["GET", "HEAD"]),
        Route("/counter.svg", _guarded(lambda r: api.counter(r, as_svg=True)), methods=["GET", "HEAD"]),
    ]
    return [
        _Mount("/api", app=_sub_app(api_routes, rate, cors=True)),
        _Mount("/embed", app=_sub_app(embed_routes, rate, cors=False)),
    ]


def create_app(data: PublicData, rate: str = DEFAULT_RATE) -> Starlette:
    """The API and the counter alone (no dashboard): for tests and for serving them separately."""
    return Starlette(routes=routes(data, rate))
