"""The dashboard with its open-data API and live counter on one port: `streamlit run serve.py`.

Streamlit finds the `st.App` below and serves `app.py` (the dashboard, unchanged) with two more
mounts beside it: `/api` (the read-only API, `/api/v1/...`) and `/embed` (the counter badge). Both
read the same store as the dashboard. `streamlit run app.py` still serves the dashboard alone; any
ASGI server works too: `uvicorn serve:app`. At start, a background thread fills the caches (the
campaign, its search texts, the chart modules), so the first visitor does not wait for them.
"""

import logging
import threading
from contextlib import asynccontextmanager

import streamlit as st

from components.state import configured_url, warm_up
from hrcities.api import PublicData, routes
from hrcities.paths import data_dir, database_url

data = PublicData(lambda: database_url(data_dir(), configured_url()), data_dir())


def _warm_up() -> None:
    try:
        warm_up()
    except Exception:  # the first page then does the work itself and shows any problem
        logging.getLogger(__name__).exception("warming up the caches failed")


@asynccontextmanager
async def lifespan(_app):
    """Warm the caches in the background while the server starts taking requests."""
    threading.Thread(target=_warm_up, name="hrcities-warm-up", daemon=True).start()
    yield


app = st.App("app.py", routes=routes(data), lifespan=lifespan)
