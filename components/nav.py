"""The page registry: fixed pages as rows, plus one page per territory with practices."""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

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


def city_url_path(territory_id: str) -> str:
    """The URL path of a city page: the territory id, e.g. 'marseille'."""
    return territory_id


_CITY_PAGES: dict = {}


def city_pages() -> dict:
    """Every registered city page, by territory id."""
    return dict(sorted(_CITY_PAGES.items()))


def city_page(territory_id: str):
    """The registered page of a territory, or None when it has no page."""
    return _CITY_PAGES.get(territory_id)


def build_pages(c: Campaign, city_renderer: Callable[[str], None], _=lambda s: s,
                signed_in: bool = False) -> dict:
    """The sections for `st.navigation`: the fixed pages, one page per practice city, then the
    coordinators' pages (hidden from the menu until a coordinator signs in)."""
    global _CITY_PAGES
    fixed = [st.Page(row.path, title=_(row.title), icon=row.icon, url_path=row.url_path or None,
                     default=row.default) for row in FIXED_PAGES]
    cities, registry = [], {}
    for territory in territories_with_practices(c.practices, c.territories).itertuples():
        def render(territory_id=territory.id):
            city_renderer(territory_id)
        render.__name__ = f"city_{territory.id.replace('-', '_')}"
        page = st.Page(render, title=territory.name, icon=":material/location_city:",
                       url_path=city_url_path(territory.id))
        registry[territory.id] = page
        cities.append(page)
    _CITY_PAGES = registry
    coordinators = [st.Page(SIGN_IN_PAGE.path, title=_(SIGN_IN_PAGE.title), icon=SIGN_IN_PAGE.icon,
                            url_path=SIGN_IN_PAGE.url_path)]
    coordinators += [st.Page(row.path, title=_(row.title), icon=row.icon, url_path=row.url_path,
                             visibility="visible" if signed_in else "hidden")
                     for row in COORDINATOR_PAGES]
    return {_("Campaign"): fixed, _("Practice cities"): cities, _("Coordinators"): coordinators}


def known_url_paths(c: Campaign) -> set[str]:
    """Every URL path the app serves."""
    ids = territories_with_practices(c.practices, c.territories)["id"]
    return ({row.url_path for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES)}
            | {city_url_path(t) for t in ids})


def requested_path() -> str:
    """The last path segment of the URL the browser asked for ('' for the root)."""
    url = st.context.url or ""
    path = url.split("://", 1)[-1].partition("/")[2]
    return path.strip("/").split("/")[-1] if path.strip("/") else ""


def base_paths() -> set[str]:
    """Segments of the server's base URL path, which are not page names."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return set(base.split("/")) if base else set()
