"""A Streamlit session over its websocket, without a browser: the load test's client (issue 6).

One `Session` is what one browser tab is to the server: one websocket to `/_stcore/stream`, one
`AppSession` in the server process, reruns requested with a `BackMsg.rerun_script` carrying the
page (`page_name`, as the frontend sends the URL path), the URL's query string (the sidebar filters
live there, see components/urlstate.py) and the browser context (`context_info.url`, which the app
reads for its own routing). The server answers with `ForwardMsg`s: `new_session`, the page's deltas,
and `script_finished`. An interaction is timed from sending the rerun to `script_finished` with
FINISHED_SUCCESSFULLY (FINISHED_EARLY_FOR_RERUN means the app asked for another run: keep waiting).

Errors counted (each with a line saying what happened):
- an exception element in the page (`Delta.new_element.exception`, what the browser draws as a
  traceback box) or a `session_event.script_compilation_exception`;
- `script_finished` with FINISHED_WITH_COMPILE_ERROR; Streamlit's `page_not_found`;
- an error box (`st.error`), or a warning saying the database cannot be reached, the last good
  data is shown, or part of the link was not understood;
- the page drawn without the heading expected for it (a wrong page is not a success);
- the websocket closing or failing; no `script_finished` within the timeout.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

INTERACTION_TIMEOUT = 90.0

# What a browsing session visits (the load test and scripts/load_benchmark.py): sidebar filters in
# their link form (components/urlstate.py), and these city pages among the pages.
FILTERS = (
    "",
    "region=europe",
    "stage=member",
    "region=latin-america&stage=member",
    "region=africa",
    "theme=participation",
    "region=asia-pacific&theme=participation",
    "stage=pledged",
)
CITIES = ("barcelona", "gwangju", "kisumu", "marseille", "mexico-city")


class InteractionError(Exception):
    """One failed interaction (its message says why)."""


@dataclass
class Result:
    """What one interaction showed: the heading texts, all text of the page, the time it took."""

    seconds: float
    headings: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def unescape(markdown: str) -> str:
    """Markdown text as read: without the backslashes that escape punctuation (`\\(` is `(`)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _element_texts(element) -> tuple[list[str], list[str]]:
    kind = element.WhichOneof("type")
    if kind == "heading":
        return [unescape(element.heading.body)], [element.heading.body]
    if kind == "markdown":
        body = element.markdown.body
        heads = [unescape(line.lstrip("#").strip()) for line in body.splitlines() if line.startswith("# ")]
        return heads, [body]
    if kind in {"alert", "text", "code", "metric"}:
        return [], [str(getattr(element, kind))]
    return [], []


# Warnings that mean the page did not show the current data, or did not take the link as given.
FAILURE_WARNINGS = ("cannot be reached", "last good data", "were not understood")


def _alert_problem(alert) -> str | None:
    if alert.format == Alert.ERROR:
        return f"an error box: {alert.body[:300]!r}"
    if alert.format == Alert.WARNING and any(w in alert.body for w in FAILURE_WARNINGS):
        return f"a warning: {alert.body[:300]!r}"
    return None


class Session:
    """One Streamlit session on `base_url` (http://host:port). `headers` go with the websocket
    handshake (the load test's sticky-session key behind nginx)."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.headers = headers or {}
        self.ws = None

    async def connect(self) -> None:
        url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        try:
            self.ws = await websockets.connect(
                url,
                subprotocols=["streamlit"],
                additional_headers=self.headers,
                max_size=None,
                open_timeout=60,
                ping_interval=20,
                ping_timeout=60,
            )
        except (TimeoutError, OSError, websockets.WebSocketException) as e:
            raise InteractionError(f"websocket handshake failed: {type(e).__name__}: {e}") from e

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def visit(self, page: str, query: str = "", timeout: float = INTERACTION_TIMEOUT) -> Result:
        """Rerun on `page` ('' for the root) with `query` (without '?'), as a browser does when the
        URL changes; wait for the run to finish; raise InteractionError on any error."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = page
        state.page_script_hash = ""
        state.context_info.url = f"{self.base_url}/{page}"  # the frontend sends it without the query
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        started = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            result = await asyncio.wait_for(self._until_finished(page, query), timeout)
        except TimeoutError as e:
            raise InteractionError(f"no script_finished within {timeout:.0f} s") from e
        except websockets.ConnectionClosed as e:
            raise InteractionError(f"websocket closed: {e}") from e
        result.seconds = time.perf_counter() - started
        return result

    async def _until_finished(self, page: str, query: str) -> Result:
        result = Result(0.0)
        where = f"/{page}?{query}"
        while True:
            data = await self.ws.recv()
            if isinstance(data, str):
                raise InteractionError(f"{where}: a text frame from the server: {data[:200]!r}")
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _read_element(fwd.delta.new_element, where, result)
            elif kind == "session_event":
                if fwd.session_event.WhichOneof("type") == "script_compilation_exception":
                    e = fwd.session_event.script_compilation_exception
                    raise InteractionError(f"{where}: compile exception {e.type}: {e.message[:300]}")
            elif kind == "page_not_found":
                raise InteractionError(f"{where}: Streamlit's page_not_found")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise InteractionError(f"{where}: script finished with a compile error")
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return result
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # another run follows
                    result.headings.clear()
                    result.texts.clear()


def _read_element(element, where: str, result: Result) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        e = element.exception
        raise InteractionError(f"{where}: exception {e.type}: {e.message[:300]}")
    if kind == "alert":
        problem = _alert_problem(element.alert)
        if problem:
            raise InteractionError(f"{where}: {problem}")
    heads, texts = _element_texts(element)
    result.headings += heads
    result.texts += texts
