"""The API as Starlette applications: `routes(source)` gives the `/api` and `/embed` mounts,
`create_app(source)` an application of them alone.

Each mount holds an application of its own, with its middleware (CORS for `/api`, the rate limit for
both) and its error handlers: a path no route matches is the JSON 404 (the router's own refusal,
`http.http_error`; no redirect for a trailing slash), a method other than GET or HEAD the JSON 405.
"""

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from ..source import CampaignSource
from .endpoints import Api
from .http import DEFAULT_RATE, RateLimit, guarded, http_error, open_to_every_origin, server_error
from .mounts import mount

VERSION_PATH = "/v1"
METHODS = ["GET", "HEAD"]


def _sub_app(routes: list[BaseRoute], rate: str, cors: bool) -> Starlette:
    middleware = [open_to_every_origin()] if cors else []
    middleware.append(Middleware(RateLimit, rate=rate))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.router.redirect_slashes = False  # a trailing slash is the JSON 404, not a redirect
    return app


def routes(source: CampaignSource, rate: str = DEFAULT_RATE) -> list[BaseRoute]:
    """`/api` and `/embed`, to serve beside the dashboard (`st.App(routes=...)`) or alone."""
    api = Api(source)
    v = VERSION_PATH
    api_routes = [
        Route(f"{v}/territories", guarded(api.territories), methods=METHODS),
        Route(f"{v}/territories/{{id}}", guarded(api.territory), methods=METHODS),
        Route(f"{v}/practices", guarded(api.practices), methods=METHODS),
        Route(f"{v}/practices/{{id}}", guarded(api.practice), methods=METHODS),
        Route(f"{v}/rights", guarded(api.rights), methods=METHODS),
        Route(f"{v}/rights/{{id}}", guarded(api.right), methods=METHODS),
        Route(f"{v}/progress", guarded(api.progress), methods=METHODS),
        Route(f"{v}/openapi.json", guarded(api.openapi), methods=METHODS),
        Route(f"{v}/datapackage.json", guarded(api.datapackage), methods=METHODS),
        Route(f"{v}/datapackage.zip", guarded(api.datapackage_zip), methods=METHODS),
        Route(f"{v}/tables/{{name}}.csv", guarded(api.table), methods=METHODS),
    ]
    embed_routes = [
        Route("/counter", guarded(lambda r: api.counter(r, as_svg=False)), methods=METHODS),
        Route("/counter.svg", guarded(lambda r: api.counter(r, as_svg=True)), methods=METHODS),
    ]
    return [
        mount("/api", _sub_app(api_routes, rate, cors=True)),
        mount("/embed", _sub_app(embed_routes, rate, cors=False)),
    ]


def create_app(source: CampaignSource, rate: str = DEFAULT_RATE) -> Starlette:
    """The API and the counter alone (no dashboard): for tests and for serving them separately."""
    return Starlette(routes=routes(source, rate))
