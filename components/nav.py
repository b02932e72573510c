"""The page registry: fixed pages as rows, plus one page per territory with practices."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from hrcities.load import Campaign
from hrcities.metrics import territories_with_practices


@dataclass(frozen=True)
class PageRow:
    """A fixed page: its file, title, icon and URL path ('' for the default page at '/')."""

    path: str
    title: str
    icon: str
    url_path: str
    default: bool = False


FIXED_PAGES: tuple[PageRow, ...] = (
    PageRow("views/campaign/progress.py", "Campaign progress", ":material/trending_up:", "", default=True),
    PageRow("views/campaign/map.py", "Map explorer", ":material/public:", "map"),
    PageRow("views/campaign/practices.py", "Practice library", ":material/library_books:", "practices"),
    PageRow("views/campaign/charter.py", "Charter-Agenda", ":material/gavel:", "charter"),
    PageRow("views/campaign/forum.py", "Forum: WHRCF 2023", ":material/forum:", "forum"),
    PageRow("views/campaign/propose.py", "Propose a practice", ":material/edit_note:", "propose"),
    PageRow("views/campaign/present.py", "Presenter mode", ":material/slideshow:", "present"),
    PageRow("views/campaign/pack.py", "Forum pack", ":material/folder_zip:", "pack"),
    PageRow("views/campaign/open_data.py", "Open data", ":material/api:", "data"),
)

SIGN_IN_PAGE = PageRow("views/coordinator/signin.py", "Coordinators", ":material/badge:", "coordinators")

# Listed in the navigation only for a signed-in coordinator; each page also checks the grant itself.
COORDINATOR_PAGES: tuple[PageRow, ...] = (
    PageRow("views/coordinator/edit.py", "Edit data", ":material/edit:", "edit"),
    PageRow("views/coordinator/tracker.py", "Import the tracker", ":material/upload_file:", "import"),
    PageRow("views/coordinator/review.py", "Review submissions", ":material/fact_check:", "review"),
    PageRow("views/coordinator/export.py", "Export and backup", ":material/download:", "export"),
    PageRow("views/coordinator/activity.py", "Activity log", ":material/history:", "activity"),
)


# Up to this many practice cities are listed in the menu, each a registered page. With more (the
# synthetic 10x data has ~7,700), every rerun would send them all to the browser: then only the city
# being opened is registered, and links to the others make their page when drawn (`city_page`).
MENU_CITY_LIMIT = 60


def city_url_path(territory_id: str) -> str:
    """The URL path of a city page: the territory id, e.g. 'marseille'."""
    return territory_id


@st.cache_resource(show_spinner=False, max_entries=8)
def _cities(version: str, _c: Campaign) -> tuple[pd.DataFrame, dict[str, str]]:
    """The practice cities (by name) and their ids by page hash, once per data version."""
    cities = territories_with_practices(_c.practices, _c.territories)
    return cities, {calc_hash(city_url_path(tid)): tid for tid in cities["id"]}


_CITY_PAGES: dict = {}
_RENDERER: list = []


def city_pages() -> dict:
    """Every registered city page, by territory id."""
    return dict(sorted(_CITY_PAGES.items()))


def _make_city_page(territory_id: str, name: str, city_renderer: Callable[[str], None]):
    def render(territory_id=territory_id):
        city_renderer(territory_id)

    render.__name__ = f"city_{territory_id.replace('-', '_')}"
    return st.Page(render, title=name, icon=":material/location_city:", url_path=city_url_path(territory_id))


def city_page(territory_id: str, c: Campaign | None = None):
    """The page of a territory (registered, or made for a link when the menu does not list it), or None
    when it has no page."""
    page = _CITY_PAGES.get(territory_id)
    if page is not None or c is None or not _RENDERER:
        return page
    cities, _hashes = _cities(c.version, c)
    names = c.memo("city_page_names", lambda: dict(zip(cities["id"], cities["name"], strict=True)))
    name = names.get(territory_id)
    return None if name is None else _make_city_page(territory_id, name, _RENDERER[0])


def _opened_city(hashes: dict[str, str]) -> str | None:
    """The city this run is for: the page hash a link asked for, else the URL's last segment."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    wanted = getattr(manager, "intended_page_script_hash", None)
    if wanted in hashes:
        return hashes[wanted]
    name = getattr(manager, "intended_page_name", None) or requested_path()
    return name if calc_hash(city_url_path(str(name))) in hashes else None


def build_pages(
    c: Campaign, city_renderer: Callable[[str], None], _=lambda s: s, signed_in: bool = False
) -> dict:
    """The sections for `st.navigation`: the fixed pages, one page per practice city (only the one
    being opened when there are more than `MENU_CITY_LIMIT`), then the coordinators' pages (hidden from
    the menu until a coordinator signs in)."""
    global _CITY_PAGES
    _RENDERER[:] = [city_renderer]
    fixed = [
        st.Page(
            row.path, title=_(row.title), icon=row.icon, url_path=row.url_path or None, default=row.default
        )
        for row in FIXED_PAGES
    ]
    listed, hashes = _cities(c.version, c)
    if len(listed) > MENU_CITY_LIMIT:
        listed = listed[listed["id"] == _opened_city(hashes)]
    registry = {
        tid: _make_city_page(tid, name, city_renderer)
        for tid, name in zip(listed["id"], listed["name"], strict=True)
    }
    _CITY_PAGES = registry
    coordinators = [
        st.Page(
            SIGN_IN_PAGE.path,
            title=_(SIGN_IN_PAGE.title),
            icon=SIGN_IN_PAGE.icon,
            url_path=SIGN_IN_PAGE.url_path,
        )
    ]
    coordinators += [
        st.Page(
            row.path,
            title=_(row.title),
            icon=row.icon,
            url_path=row.url_path,
            visibility="visible" if signed_in else "hidden",
        )
        for row in COORDINATOR_PAGES
    ]
    sections = {
        _("Campaign"): fixed,
        _("Practice cities"): list(registry.values()),
        _("Coordinators"): coordinators,
    }
    return {title: pages for title, pages in sections.items() if pages}


def known_url_paths(c: Campaign) -> set[str]:
    """Every URL path the app serves."""
    ids = _cities(c.version, c)[0]["id"]
    return {row.url_path for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES)} | {
        city_url_path(t) for t in ids
    }


def requested_path() -> str:
    """The last path segment of the URL the browser asked for ('' for the root)."""
    url = st.context.url or ""
    path = url.split("://", 1)[-1].partition("/")[2]
    return path.strip("/").split("/")[-1] if path.strip("/") else ""


def base_paths() -> set[str]:
    """Segments of the server's base URL path, which are not page names."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return set(base.split("/")) if base else set()
