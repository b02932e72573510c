"""The read-only open-data API and the embeddable counter, as Starlette routes.

`routes(source)` gives two mounts for `st.App(..., routes=...)` (see `serve.py`): `/api` (versioned
JSON/CSV routes under `/api/v1`, the OpenAPI document and the data package) and `/embed` (the live
counter badge). They read a `hrcities.source.CampaignSource`, the dashboard's own in `serve.py`: the
same validated campaign, read once per data version, and the progress page's figures from its
view-model. Filters are the dashboard's URL parameters (`viewlink`).

    http       errors, JSON and cache validators (ETag, Last-Modified, 304), paging links, the rate
               limit, CORS
    query      reading a request: the parameters allowed, format, language, page, filters
    records    campaign rows as JSON records, the source index, the progress figures
    endpoints  the `Api` handlers
    app        `routes()`, `create_app()`
    mounts     `mount()`: the API's Mount, also for `serve.py`

The names below are imported on first use, so that `serve.py` takes `mount` at start-up without
loading pandas (the API itself is built on its first request).

Plain Python: this package never imports Streamlit.
"""

import importlib

_HOMES = {
    "ApiError": "http",
    "CACHE_SECONDS": "http",
    "DEFAULT_RATE": "http",
    "EMBED_CACHE_SECONDS": "http",
    "RateLimit": "http",
    "error_response": "http",
    "respond": "http",
    "DEFAULT_PAGE_SIZE": "query",
    "MAX_PAGE_SIZE": "query",
    "parse_filters": "query",
    "csv_rows": "records",
    "progress": "records",
    "source_index": "records",
    "Api": "endpoints",
    "listing": "endpoints",
    "single": "endpoints",
    "VERSION_PATH": "app",
    "create_app": "app",
    "routes": "app",
    "mount": "mounts",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
