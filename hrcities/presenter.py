"""Presenter mode's plain logic: the keys and where they go, the screen's palettes, the public address.

`KEYS` is the table of a clicker's and a keyboard's keys (Streamlit button shortcuts) and the move
each makes; `SCRIPT_KEYS` are the two that Streamlit's shortcuts cannot take ("." and F, which needs
the browser's full-screen call). `move` says which slide a move goes to. `PALETTES` are the dark
(default) and light screens, with `contrast` to check them. `view_address` is the link the closing
slide's QR code holds: on `HRCITIES_PUBLIC_URL` when the deployment sets it, else the page's own,
marked not public when it is this machine's (localhost) and useless to a room.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import plotly.graph_objects as go

from .viewlink import link

NEXT, PREVIOUS, FIRST, LAST, BLANK, FULL_SCREEN = "next", "previous", "first", "last", "blank", "fullscreen"
PUBLIC_URL_ENV = "HRCITIES_PUBLIC_URL"
PAGE = "present"  # the URL path of presenter mode
IDLE_MS = 3000  # the controls hide after this long without the mouse moving
# Chart type in pixels (Plotly sizes its text in px, not in viewport units): read from the back of a
# room at 1920x1080, and still in proportion on a 1280x720 projector.
TICK_PX, LEGEND_PX, ANNOTATION_PX = 20, 20, 18


@dataclass(frozen=True)
class Key:
    """One key of a clicker or keyboard: its name for Streamlit's `shortcut=` and the move it makes."""

    shortcut: str
    action: str


# A clicker sends PageDown / PageUp (some Right / Left); PowerPoint's B blanks the screen.
KEYS: tuple[Key, ...] = (
    Key("Right", NEXT),
    Key("Left", PREVIOUS),
    Key("PageDown", NEXT),
    Key("PageUp", PREVIOUS),
    Key("Space", NEXT),
    Key("Home", FIRST),
    Key("End", LAST),
    Key("B", BLANK),
)
# Keys Streamlit's shortcuts cannot take (punctuation; full screen must start in the browser), by the
# `KeyboardEvent.key` values that press them.
SCRIPT_KEYS: dict[str, str] = {".": BLANK, "f": FULL_SCREEN, "F": FULL_SCREEN}


def move(action: str, current: int, count: int) -> int:
    """The slide (0-based, of `count`) that `action` goes to from `current`; next and previous wrap."""
    if count <= 0:
        raise ValueError("a presentation needs at least one slide")
    current = min(max(0, int(current)), count - 1)
    if action == NEXT:
        return (current + 1) % count
    if action == PREVIOUS:
        return (current - 1) % count
    if action == FIRST:
        return 0
    if action == LAST:
        return count - 1
    raise ValueError(f"not a move between slides: {action!r}")


def text_size(chars: int, width: float = 1.0, largest: float = 6.0, smallest: float = 3.0) -> float:
    """The type size, in hundredths of the slide's height, at which `chars` characters of running text
    fill at most about half the slide's height in a column `width` of the slide's width (1: all of it):
    a short quote is set large, a long one smaller, never outside `smallest`..`largest`."""
    room_high, room_wide = 50.0, 160.0 * width  # a 16:9 slide is about 170 hundredths wide
    # A line holds about 2 characters per unit of type size; each line is 1.3 units high.
    fitted = (room_high * room_wide / (0.65 * max(1, chars))) ** 0.5
    return round(min(largest, max(smallest, fitted)), 2)


@dataclass(frozen=True)
class Palette:
    """The colours of one presenter screen (CSS hex colours) and its charts."""

    name: str
    background: str
    text: str
    muted: str  # notes: the slide's position, sources, captions
    panel: str  # the presenter controls' bar
    grid: str
    axis: str
    land: str
    borders: str
    ocean: str
    bar_track: str  # the unfilled part of a milestone bar


DARK = Palette(
    "dark", background="#000000", text="#ffffff", muted="#e6e6e6", panel="#1a1a1a", grid="#4d4d4d",
    axis="#b3b3b3", land="#3a3a3a", borders="#9a9a9a", ocean="#0b1a2a", bar_track="#595959",
)  # fmt: skip
LIGHT = Palette(
    "light", background="#ffffff", text="#000000", muted="#262626", panel="#f0f0f0", grid="#cccccc",
    axis="#4d4d4d", land="#e3e3e3", borders="#8c8c8c", ocean="#dbe9f6", bar_track="#b3b3b3",
)  # fmt: skip
PALETTES: dict[str, Palette] = {p.name: p for p in (DARK, LIGHT)}


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two hex colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def screen_figure(fig: go.Figure, palette: Palette) -> go.Figure:
    """A copy of a slide's figure for the screen: no title (the slide has it), no fixed height (the
    chart fills the space the slide leaves), large type in the palette's text colour on its background."""
    fig = go.Figure(fig)
    fig.update_layout(
        paper_bgcolor=palette.background,
        plot_bgcolor=palette.background,
        font={"color": palette.text, "size": TICK_PX},
        height=None,
        autosize=True,
        title=None,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"font": {"size": LEGEND_PX, "color": palette.text}, "bgcolor": palette.background},
    )
    axis = {
        "gridcolor": palette.grid,
        "linecolor": palette.axis,
        "tickfont": {"size": TICK_PX, "color": palette.text},
        "title_font": {"size": TICK_PX, "color": palette.text},
        "automargin": True,
    }
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_annotations(font_size=ANNOTATION_PX, font_color=palette.text)
    fig.update_geos(
        bgcolor=palette.background,
        landcolor=palette.land,
        countrycolor=palette.borders,
        coastlinecolor=palette.borders,
        showocean=True,
        oceancolor=palette.ocean,
    )
    return fig


@dataclass(frozen=True)
class Address:
    """The link the closing slide shows and its QR code holds; `public` is False when it names this
    machine (localhost), which a room's phones cannot open."""

    url: str
    public: bool


def public_base(env: Mapping[str, str] | None = None) -> str | None:
    """The deployment's public address (`HRCITIES_PUBLIC_URL`, e.g. https://dashboard.example.org),
    without a trailing slash, or None when unset or not an http(s) address."""
    value = (os.environ if env is None else env).get(PUBLIC_URL_ENV, "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return value.split("?", 1)[0].split("#", 1)[0].rstrip("/")


def is_local(url: str) -> bool:
    """True when `url` has no host or names this machine: localhost, a loopback or unspecified IP."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def view_query(query: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The parameters of the presented view (language, filters) without the slide shown now: the link
    and the slides stay the same from one slide to the next."""
    return {name: list(values) for name, values in query.items() if name != "slide"}


def view_address(page_url: str, query: Mapping[str, list[str]], base: str | None = None) -> Address:
    """The link back to presenter mode of this view: on `base` (the public address) when given, else on
    the page's own URL `page_url`; not public when that names this machine."""
    if base:
        url = link(f"{base.rstrip('/')}/{PAGE}", view_query(query))
    else:
        url = link(page_url, view_query(query))
    return Address(url, not is_local(url))


def phone_address(address: Address, lang: str, filtered: bool) -> str:
    """Where the closing slide's QR code sends the room's phones: the light page of the campaign's
    progress in `lang` (small HTML, no session: thirty phones at once cost the server little) on the
    same site as `address`; the interactive view itself when it is filtered (the light page is not)."""
    if filtered:
        return address.url
    parts = urlsplit(address.url)
    root = address.url.split("?", 1)[0].removesuffix(f"/{PAGE}").rstrip("/")
    return f"{root}/light/?lang={lang}" if parts.scheme else address.url


def sentences(lines: tuple[str, ...] | list[str]) -> str:
    """`lines` as one text, each ending as a sentence ('... are members' + 'A lower bound: ...' read
    as one run-on sentence under a chart)."""
    return " ".join(
        line if line.rstrip().endswith((".", "!", "?", ":", "…")) else line + "." for line in lines
    )
