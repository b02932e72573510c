"""The dashboard with its open-data API and live counter on one port: `streamlit run serve.py`.

Streamlit finds the `st.App` below and serves `app.py` (the dashboard, unchanged) with two more
mounts beside it: `/api` (the read-only API, `/api/v1/...`) and `/embed` (the counter badge). Both
read the same store as the dashboard. `streamlit run app.py` still serves the dashboard alone; any
ASGI server works too: `uvicorn serve:app`.
"""

import streamlit as st

from components.state import configured_url
from hrcities.api import PublicData, routes
from hrcities.paths import data_dir, database_url

data = PublicData(lambda: database_url(data_dir(), configured_url()), data_dir())
app = st.App("app.py", routes=routes(data))
