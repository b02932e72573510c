"""The dashboard with its open-data API and live counter on one port: `streamlit run serve.py`.

Streamlit finds the `st.App` below and serves `app.py` (the dashboard, unchanged) with two more
mounts beside it: `/api` (the read-only API, `/api/v1/...`) and `/embed` (the counter badge). Both
read the dashboard's own campaign source (`components.state.source()`), so the process holds one
campaign. `streamlit run app.py` still serves the dashboard alone; any ASGI server works too:
`uvicorn serve:app`.

Start-up is kept short: this file imports only Streamlit and Starlette, so the server listens at once.
The API (pandas, SQLAlchemy) is built on its first request, and a background thread fills the
dashboard's caches (the campaign and the modules the pages import) while the first visitor's browser
loads Streamlit, so that the first page does not wait for them; the practice search texts and peers'
keys follow once a first page has been served.

Two small routes keep a coordinator's sign-in across reloads (`hrcities.sessions`): `/auth/session`
sets the signed session cookie and `/auth/signout` deletes it. A server with no coordinator
configured that listens only on this machine prints a one-time sign-in link at start.
"""

import logging
import os
import threading
from contextlib import asynccontextmanager

import streamlit as st

from hrcities import sessions
from hrcities.api import mount  # Starlette only: the API itself is imported on its first request
from hrcities.memory import collection_paused, limit_arenas

WARM_UP_WAIT = 10.0  # at most this long, the warm-up's later steps wait for a first page to be served
_built: dict[str, object] = {}
_lock = threading.Lock()


def build_api() -> dict[str, object]:
    """`hrcities.api`'s `/api` and `/embed` applications and the light pages (`/light`) by path,
    reading the dashboard's own campaign source (`components.state.source()`), so that the process
    holds one campaign, not two."""
    from components.state import source
    from hrcities import light
    from hrcities.api import routes

    mounts = [*routes(source()), light.routes(source())]
    return {route.path: route.app for route in mounts}


def _api_apps() -> dict[str, object]:
    """`build_api()`, once, on first use."""
    with _lock:
        if not _built:
            _built.update(build_api())
    return _built


class _Deferred:
    """An ASGI app that stands for `hrcities.api`'s app at `path` and builds it on first request."""

    def __init__(self, path: str):
        self.path = path

    async def __call__(self, scope, receive, send):
        await _api_apps()[self.path](scope, receive, send)


def _warm_up() -> None:
    try:
        with collection_paused():  # the modules imported stay: nothing for the collector to find
            from components.state import warm_up

        warm_up(then_wait=WARM_UP_WAIT)
    except Exception:  # the first page then does the work itself and shows any problem
        logging.getLogger(__name__).exception("warming up the caches failed")


def _first_run_link() -> None:
    """The one-time coordinator sign-in link, in the log, when nothing is configured (see
    `hrcities.sessions.announce_first_run`)."""
    try:
        configured = sessions.coordinator_configured(os.environ, st.secrets)
    except Exception:  # secrets that cannot be read: never offer a way round them
        configured = True
    sessions.announce_first_run(
        st.get_option("server.address"),
        st.get_option("server.port"),
        st.get_option("server.baseUrlPath") or "",
        configured,
    )


@asynccontextmanager
async def lifespan(_app):
    """Warm the caches in the background while the server starts taking requests; say how to sign
    in on a first run."""
    _first_run_link()
    threading.Thread(target=_warm_up, name="hrcities-warm-up", daemon=True).start()
    yield


# before Streamlit starts its script threads: their arenas would each keep freed memory
limit_arenas()

ROUTES = [*sessions.routes(), *(mount(path, _Deferred(path)) for path in ("/api", "/embed", "/light"))]
app = st.App("app.py", routes=ROUTES, lifespan=lifespan)
