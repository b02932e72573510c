"""The API's endpoints (`Api`), reading a `CampaignSource`: the public tables, one record, the
progress figures, the documents (OpenAPI, data package) and the counter badge.

Each request reads the source (one small query for the store's data version; the campaign itself is
read again only when it changed). The source's current data only: a store that cannot be read, or
whose data break a rule, is a 503 (`http.guarded`), never the last good copy the dashboard shows.
"""

import math

import pandas as pd
from starlette.requests import Request
from starlette.responses import Response

from .. import badge, content, datapackage, metrics, openapi
from ..exports import csv_bytes
from ..filters import Filters, filter_practices, filter_territories
from ..load import Campaign
from ..source import CampaignSource, Reading
from ..viewmodels.progress import progress_view
from .http import EMBED_CACHE_SECONDS, ApiError, json_bytes, last_modified, links, respond
from .query import (
    LIST_PARAMS,
    NO_PARAMS,
    ONE_PARAMS,
    PROGRESS_PARAMS,
    answer_format,
    language,
    paging,
    parse_filters,
    read_query,
)
from .records import csv_rows, progress, records, source_index

CSV = "text/csv; charset=utf-8"


def listing(request: Request, items: list[dict], reading: Reading, query: dict) -> Response:
    """One page of `items` as JSON (data, meta, links) or CSV (with Link and X-Total-Count)."""
    page, size = paging(query)
    total = len(items)
    pages = max(1, math.ceil(total / size))
    chunk = items[(page - 1) * size : page * size]
    paged = links(request, page, pages)
    link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in paged.items() if url and rel != "self")
    headers = {"Link": link_header, "X-Total-Count": str(total)}
    modified = last_modified(reading.changed_at)
    if answer_format(query) == "csv":
        return respond(request, csv_bytes(csv_rows(chunk)), CSV, modified, headers)
    body = {
        "data": chunk,
        "meta": {
            "total": total,
            "page": page,
            "page_size": size,
            "pages": pages,
            "data_version": reading.version,
            "last_modified": None if modified is None else modified.isoformat(),
        },
        "links": paged,
    }
    return respond(request, json_bytes(body), "application/json", modified, headers)


def single(request: Request, item: dict, reading: Reading, query: dict) -> Response:
    """One record as JSON (`{"data": ...}`) or a one-row CSV."""
    modified = last_modified(reading.changed_at)
    if answer_format(query) == "csv":
        return respond(request, csv_bytes(csv_rows([item])), CSV, modified)
    body = {"data": item, "meta": {"data_version": reading.version}}
    return respond(request, json_bytes(body), "application/json", modified)


class Api:
    """The endpoints, reading `source`."""

    def __init__(self, source: CampaignSource):
        self.source = source

    def _reading(self) -> Reading:
        """The source's current data; `DataError` or `Unavailable` when it has none (a 503)."""
        reading = self.source.read()
        reading.current()
        return reading

    def _campaign(self, query: dict) -> tuple[Reading, Campaign]:
        reading = self._reading()
        return reading, content.shown(reading.campaign, language(query))

    def territories(self, request: Request) -> Response:
        query = read_query(request, LIST_PARAMS)
        reading, c = self._campaign(query)
        kept = filter_territories(c.territories, parse_filters(query, c), c.practices)
        items = records(kept, "territories", source_index(c), ("is_member",))
        return listing(request, items, reading, query)

    def territory(self, request: Request) -> Response:
        query = read_query(request, ONE_PARAMS)
        reading, c = self._campaign(query)
        item = self._one(c.territories, "territories", request, c, ("is_member",))
        return single(request, item, reading, query)

    def practices(self, request: Request) -> Response:
        query = read_query(request, LIST_PARAMS)
        reading, c = self._campaign(query)
        selection = parse_filters(query, c)
        territories = filter_territories(c.territories, selection, c.practices)
        kept = filter_practices(c.practices, territories, selection)
        return listing(request, records(kept, "practices", source_index(c)), reading, query)

    def practice(self, request: Request) -> Response:
        query = read_query(request, ONE_PARAMS)
        reading, c = self._campaign(query)
        return single(request, self._one(c.practices, "practices", request, c), reading, query)

    def _rights_frame(self, c: Campaign, selection: Filters) -> pd.DataFrame:
        territories = filter_territories(c.territories, selection, c.practices)
        return metrics.rights_coverage(filter_practices(c.practices, territories, selection), c.rights)

    def rights(self, request: Request) -> Response:
        query = read_query(request, LIST_PARAMS)
        reading, c = self._campaign(query)
        selection = parse_filters(query, c)
        table = self._rights_frame(c, selection)
        if selection.rights:
            table = table[table["id"].isin(selection.rights)]
        items = records(table, "rights", source_index(c), ("practices", "territories"))
        return listing(request, items, reading, query)

    def right(self, request: Request) -> Response:
        query = read_query(request, ONE_PARAMS)
        reading, c = self._campaign(query)
        item = self._one(self._rights_frame(c, Filters()), "rights", request, c, ("practices", "territories"))
        return single(request, item, reading, query)

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
        query = read_query(request, PROGRESS_PARAMS)
        reading, c = self._campaign(query)
        today = self.source.today()
        body = {
            "data": progress(c, parse_filters(query, c), today, language(query)),
            "meta": {"data_version": reading.version},
        }
        modified = last_modified(reading.changed_at, today)  # the pace changes at midnight too
        return respond(request, json_bytes(body), "application/json", modified)

    def openapi(self, request: Request) -> Response:
        read_query(request, NO_PARAMS)
        reading = self._reading()
        body = json_bytes(openapi.document(reading.campaign))
        return respond(request, body, "application/json", last_modified(reading.changed_at))

    def datapackage(self, request: Request) -> Response:
        read_query(request, NO_PARAMS)
        reading = self._reading()
        body = datapackage.descriptor(reading.campaign, reading.version, reading.changed_at)
        return respond(request, json_bytes(body), "application/json", last_modified(reading.changed_at))

    def datapackage_zip(self, request: Request) -> Response:
        read_query(request, NO_PARAMS)
        reading = self._reading()
        body = datapackage.package_zip(reading.campaign, reading.version, reading.changed_at)
        return respond(
            request,
            body,
            "application/zip",
            last_modified(reading.changed_at),
            {"Content-Disposition": 'attachment; filename="hrcities-datapackage.zip"'},
        )

    def table(self, request: Request) -> Response:
        read_query(request, NO_PARAMS)
        name = request.path_params["name"]
        reading = self._reading()
        tables = datapackage.public_tables(reading.campaign)
        if name not in tables:
            raise ApiError(
                404,
                "No public table has this name.",
                [{"parameter": "name", "value": name[:80], "rule": "one of: " + ", ".join(tables)}],
            )
        return respond(request, datapackage.table_csv(tables[name]), CSV, last_modified(reading.changed_at))

    def counter(self, request: Request, as_svg: bool) -> Response:
        """The badge: the count the progress page shows for the whole campaign, in `lang`."""
        query = read_query(request, frozenset({"lang"}))
        lang = language(query)
        reading = self._reading()
        c = content.shown(reading.campaign, lang)
        svg = badge.svg(progress_view(c, Filters(), lang, self.source.today()).headcount, lang)
        body = svg if as_svg else badge.page(svg, lang)
        media = "image/svg+xml" if as_svg else "text/html; charset=utf-8"
        return respond(
            request,
            body.encode("utf-8"),
            media,
            last_modified(reading.changed_at),
            {"Content-Security-Policy": badge.CSP},
            max_age=EMBED_CACHE_SECONDS,
        )
