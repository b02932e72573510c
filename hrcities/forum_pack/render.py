"""Chart images, rendered by Kaleido with the Debian Chromium, offline.

Maps read the base map shipped in `static/` (a file:// URL), MathJax is off, and every other
request the browser would make goes to a dead local proxy so that it fails at once instead of
waiting on the network. Several images share one browser inside `image_renderer()`.
`export_figure` lays a figure out for a still image; `chart_image` burns its title, legend, source
line and data date into a PNG or SVG. `ExportUnavailable` says why images cannot be made.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any

import plotly.graph_objects as go

from .. import i18n
from ..paths import STATIC_DIR
from . import measure
from .sources import stamp
from .style import GREY

Progress = Callable[[float], None]  # called with the fraction of the work done, 0.0 to 1.0
TITLE_PX, FOOTER_PX, LEGEND_PX = 18, 12, 12  # font sizes of a still image's title, source line, legend

BROWSER_PATH: str | None = None  # None: Kaleido finds Chromium itself (BROWSER_PATH env, then PATH)
RENDER_TIMEOUT = 60  # seconds for one image
START_TIMEOUT = 60  # seconds for the browser to start
DEAD_PROXY = "http://127.0.0.1:9"  # nothing listens there: any network request fails at once


class ExportUnavailable(RuntimeError):
    """Chart images cannot be made here: Kaleido or Chromium is missing, or the render failed."""


def topojson_url() -> str:
    """The file:// URL of the shipped base maps (`static/world_50m.json`, `world_110m.json`)."""
    return STATIC_DIR.as_uri() + "/"


class Renderer:
    """One headless Chromium (through Kaleido) running in a thread of its own with its event loop."""

    def __init__(self) -> None:
        try:
            import kaleido
            import plotly.io as pio
        except ImportError as error:
            raise ExportUnavailable(
                "Chart images need the kaleido package (pip install 'kaleido>=1.5,<1.6') and Chromium."
            ) from error
        if not (STATIC_DIR / "world_50m.json").is_file():
            raise ExportUnavailable(f"The base map is missing: {STATIC_DIR / 'world_50m.json'}.")
        if pio.defaults.topojson is None:
            pio.defaults.topojson = topojson_url()  # plotly.io.to_image elsewhere then works offline
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        options: dict[str, Any] = {
            "n": 1,
            "timeout": RENDER_TIMEOUT,
            "mathjax": False,
            "proxy_server": DEAD_PROXY,
        }
        if BROWSER_PATH:
            options["path"] = BROWSER_PATH

        async def start():
            browser = kaleido.Kaleido(**options)
            await browser.open()
            return browser

        try:
            self._kaleido = self._call(start(), START_TIMEOUT)
        except Exception as error:  # no browser found, it failed to start, or it timed out
            self._stop_loop()
            raise ExportUnavailable(
                f"Chart images need Chromium (Debian package 'chromium'), which could not be started: {error}"
            ) from error

    def _call(self, coroutine, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as `fmt` ("png" or "svg") bytes."""
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            return self._call(
                self._kaleido.calc_fig(fig.to_dict(), opts=opts, topojson=topojson_url()), RENDER_TIMEOUT + 5
            )
        except Exception as error:  # Kaleido's own errors, a closed browser, a timeout
            raise ExportUnavailable(f"The chart could not be rendered: {error}") from error

    def _stop_loop(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()

    def close(self) -> None:
        """Close the browser and the thread (once; later calls do nothing)."""
        if self._loop.is_closed():
            return
        with suppress(Exception):
            self._call(self._kaleido.close(), 30)
        self._stop_loop()


_local = threading.local()


@contextmanager
def image_renderer() -> Iterator[Renderer]:
    """One browser for every chart image made inside the block (in this thread).

    Starting Chromium takes seconds, so wrap several `chart_image` calls (or a test module) in
    one `with image_renderer():`; `deck_pptx` and `overview_pdf` open one themselves if none is open.
    Raises `ExportUnavailable` when Kaleido or Chromium is missing.
    """
    current = getattr(_local, "renderer", None)
    if current is not None:
        yield current
        return
    renderer = Renderer()
    _local.renderer = renderer
    try:
        yield renderer
    finally:
        _local.renderer = None
        renderer.close()


def _is_geo(fig: go.Figure) -> bool:
    return any(trace.type in ("scattergeo", "choropleth") for trace in fig.data)


def _legend_rows(fig: go.Figure, width: int) -> int:
    """How many rows a horizontal legend of `fig` takes at `width` pixels (0 if it shows none), its
    names measured in DejaVu Sans (each item: a 40 px symbol and gap, then the name)."""
    if fig.layout.showlegend is False:
        return 0
    items = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if len(items) < 2:
        return 0
    rows, used = 1, 0.0
    for name in items:
        item = measure.text_width(name, LEGEND_PX) + 50
        if used and used + item > width - 40:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def export_figure(
    fig: go.Figure, width: int, title: str | None = None, footer: str = ""
) -> tuple[go.Figure, int]:
    """A copy of `fig` laid out for a still image `width` pixels wide.

    The title (`fig`'s own, with its subtitle, when `title` is None; `title` alone otherwise; none
    when "") sits at the top, the legend of a chart in rows under it, and `footer` (a source line)
    under the plot; title and footer are wrapped at the image's width, measured. Returns the figure
    and the pixels to add to its height.
    """
    out = go.Figure(fig)
    geo = _is_geo(out)
    shown = out.layout.title.text if title is None else title
    if title is not None:
        out.update_layout(title_subtitle_text="")  # the figure's subtitle went with its title
    room = width - 24 - max(out.layout.margin.r or 0, 12)  # the title's left pad and right margin
    title_lines = [line for line in measure.wrap(shown or "", TITLE_PX, room) if line]
    rows = 0 if geo else _legend_rows(out, width)
    if rows:
        out.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"))
    old_top = out.layout.margin.t if out.layout.margin.t is not None else 60
    top = max(30, 18 + 26 * len(title_lines) + 26 * rows + (20 if geo else 12))
    margin = out.layout.margin
    out.update_layout(
        title=dict(
            text="<br>".join(title_lines),
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=14, l=12),
            font=dict(size=TITLE_PX),
        ),
        margin=dict(t=top, l=max(margin.l or 0, 12), r=max(margin.r or 0, 12)),
    )
    added = top - old_top
    if footer:
        left = max(out.layout.margin.l or 0, 12)
        lines = measure.wrap(footer, FOOTER_PX, width - left - max(out.layout.margin.r or 0, 12) - 8)
        old_bottom = out.layout.margin.b if out.layout.margin.b is not None else 10
        axis_room = 0 if geo else 30 + (28 if out.layout.xaxis.title.text else 0)
        bottom = max(old_bottom, axis_room) + 18 * len(lines) + 14
        out.update_layout(margin=dict(b=bottom))
        out.add_annotation(
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            yshift=-(bottom - 8),
            align="left",
            showarrow=False,
            font=dict(size=FOOTER_PX, color=GREY),
        )
        added += bottom - old_bottom
    return out, added


def chart_image(
    fig: go.Figure,
    fmt: str,
    title: str,
    source_line: str,
    data_date: date | str,
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
    width: int = 1200,
    height: int | None = None,
    scale: float = 2,
) -> bytes:
    """`fig` as a "png" or "svg" image with `title`, its legend, `source_line` and the data date
    (a date, shown 'Data as of <date>' in `lang`, or a ready string) burned in.

    The PNG is `width` x `height` layout pixels times `scale`; `height` defaults to the figure's
    own height plus the room for the title, legend and source line. Maps use the base map shipped
    in `static/`. Raises `ExportUnavailable` when Kaleido or Chromium is missing or the render fails.
    """
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg', not {fmt!r}")
    footer = " · ".join(x for x in (source_line, stamp(data_date, lang)) if x)
    stamped, added = export_figure(fig, width, title, footer)
    height = height or int(fig.layout.height or 500) + added
    with image_renderer() as renderer:
        return renderer.render(stamped, fmt, width, height, scale if fmt == "png" else 1)
