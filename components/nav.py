"""The page registry: fixed pages as rows, plus the city pages made from the data.

Up to `MENU_CITY_LIMIT` practice cities, each has its own page at `/<territory id>`, listed in the
menu. With more (the synthetic 10x data has ~7,700), sending every one to the browser on each rerun
would cost too much: then one city page, `/city?territory=<id>`, draws whichever city its link names.
Links to a city go through `city_link`, which knows which of the two applies. A city's own address
keeps working above the limit: the city asked for is registered as a hidden page of its own, and so is
any other address the app does not have (it gets the friendly "page not found" page, not Streamlit's
dialog).
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from hrcities.filters import FILTER_SPECS
from hrcities.load import Campaign
from hrcities.metrics import practice_cities, practice_city_names

# Every sidebar filter (`hrcities.filters.FILTER_SPECS` keys): what a page that follows the whole
# selection declares. A page shows only the filters its row names; a page naming none shows none.
ALL_FILTERS: tuple[str, ...] = tuple(spec.key for spec in FILTER_SPECS)


@dataclass(frozen=True)
class PageRow:
    """A fixed page: its file, title, icon, URL path ('' for the default page at '/') and the sidebar
    filters it follows (keys of `FILTER_SPECS`: the sidebar draws those, the page shows their chips)."""

    path: str
    title: str
    icon: str
    url_path: str
    default: bool = False
    filters: tuple[str, ...] = ()


FIXED_PAGES: tuple[PageRow, ...] = (
    PageRow(
        "views/campaign/progress.py",
        "Campaign progress",
        ":material/trending_up:",
        "",
        default=True,
        filters=ALL_FILTERS,
    ),
    PageRow("views/campaign/map.py", "Map explorer", ":material/public:", "map", filters=ALL_FILTERS),
    PageRow(
        "views/campaign/practices.py",
        "Practice library",
        ":material/library_books:",
        "practices",
        filters=ALL_FILTERS,
    ),
    PageRow(
        "views/campaign/charter.py", "Charter-Agenda", ":material/gavel:", "charter", filters=ALL_FILTERS
    ),
    PageRow(
        "views/campaign/gaps.py", "Gaps in the record", ":material/search_off:", "gaps", filters=ALL_FILTERS
    ),
    PageRow("views/campaign/forum.py", "Forum: WHRCF 2023", ":material/forum:", "forum"),
    PageRow("views/campaign/propose.py", "Propose a practice", ":material/edit_note:", "propose"),
    PageRow("views/campaign/present.py", "Presenter mode", ":material/slideshow:", "present"),
    PageRow("views/campaign/pack.py", "Forum pack", ":material/folder_zip:", "pack", filters=ALL_FILTERS),
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

# The presenter's slides follow the selection made on the other pages, but its sidebar is hidden: it
# draws no filter. The forum, proposal, open-data, city and coordinators' pages follow none.


def page_filters(url_path: str) -> tuple[str, ...]:
    """The filters the page at `url_path` follows (its row's `filters`; none for any other page)."""
    for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES):
        if row.url_path == url_path:
            return row.filters
    return ()


MENU_CITY_LIMIT = 60  # up to this many practice cities, each has its own page in the menu
CITY_TEMPLATE_PATH = "city"  # above it, the one city page: /city?territory=<id>
CITY_PARAM = "territory"
CITY_ICON = ":material/location_city:"


def city_url_path(territory_id: str) -> str:
    """The URL path of a city's own page: the territory id, e.g. 'marseille'."""
    return territory_id


def one_page_per_city(c: Campaign) -> bool:
    """True when every practice city has its own page (at most `MENU_CITY_LIMIT` of them)."""
    return len(practice_cities(c)) <= MENU_CITY_LIMIT


def _city_page(territory_id: str, name: str, renderer: Callable[[str], None]) -> st.Page:
    def render(territory_id=territory_id):
        renderer(territory_id)

    render.__name__ = f"city_{territory_id.replace('-', '_')}"
    return st.Page(render, title=name, icon=CITY_ICON, url_path=city_url_path(territory_id))


def _template_page(renderer: Callable[[str], None], _) -> st.Page:
    def city():
        renderer(str(st.query_params.get(CITY_PARAM, "")))

    return st.Page(
        city, title=_("City page"), icon=CITY_ICON, url_path=CITY_TEMPLATE_PATH, visibility="hidden"
    )


def _no_renderer(territory_id: str) -> None:  # pages made only to link to (never run)
    raise RuntimeError(territory_id)


def city_names(c: Campaign) -> dict[str, str]:
    """The practice cities' names by territory id."""
    return practice_city_names(c)


def cities_like(c: Campaign, requested: str, most: int = 10) -> dict[str, str]:
    """The practice cities a 'page not found' page links to: all of them up to `MENU_CITY_LIMIT`,
    above it the few whose address is closest to the one asked for."""
    names = city_names(c)
    if one_page_per_city(c):
        return names
    close = difflib.get_close_matches(requested.lower(), list(names), n=most, cutoff=0.6)
    return {territory_id: names[territory_id] for territory_id in close}


def city_link(
    where, territory_id: str, c: Campaign, label: str | None = None, icon: str | None = None
) -> bool:
    """A link to the city page of `territory_id` in `where` (`st` or a column); False (nothing drawn)
    when the territory has no page. `label` is Markdown (escape user text); the city's name by default."""
    name = city_names(c).get(territory_id)
    if name is None:
        return False
    if one_page_per_city(c):
        where.page_link(_city_page(territory_id, name, _no_renderer), label=label or name, icon=icon)
    else:
        page = _template_page(_no_renderer, lambda s: s)
        where.page_link(page, label=label or name, icon=icon, query_params={CITY_PARAM: territory_id})
    return True


def _hidden_page(requested: str, renderer: Callable[[str], None], title: str) -> st.Page:
    def render(requested=requested):
        renderer(requested)

    render.__name__ = "requested_" + re.sub(r"\W", "_", requested)
    return st.Page(render, title=title, icon=CITY_ICON, url_path=requested, visibility="hidden")


def requested_kind(c: Campaign, requested: str) -> str | None:
    """What an address the registry does not list stands for: 'city' (a practice city's own address
    above the limit), 'missing' (any other simple path: the friendly page), or None (a listed page,
    the root, or a path no page can have)."""
    if not requested or requested in known_url_paths(c) | base_paths():
        return None
    if not _SIMPLE_PATH.fullmatch(requested):
        return None
    return "city" if requested in city_names(c) else "missing"


def requested_page(
    c: Campaign,
    requested: str,
    city_renderer: Callable[[str], None],
    not_found_renderer: Callable[[str], None],
    _=lambda s: s,
) -> st.Page | None:
    """The hidden page `requested_kind` says this address needs, if any."""
    kind = requested_kind(c, requested)
    if kind == "city":
        return _hidden_page(requested, city_renderer, city_names(c)[requested])
    if kind == "missing":
        return _hidden_page(requested, not_found_renderer, _("Page not found"))
    return None


_SIMPLE_PATH = re.compile(r"[^/\s]{1,100}")


def build_pages(
    c: Campaign,
    city_renderer: Callable[[str], None],
    _=lambda s: s,
    signed_in: bool = False,
    extra: st.Page | None = None,
) -> dict:
    """The sections for `st.navigation`: the fixed pages, the city pages (see the module's docstring),
    then the coordinators' pages (hidden from the menu until a coordinator signs in). `extra` is
    the page `requested_page` made for this address, if any."""
    fixed = [
        st.Page(
            row.path, title=_(row.title), icon=row.icon, url_path=row.url_path or None, default=row.default
        )
        for row in FIXED_PAGES
    ]
    if one_page_per_city(c):
        cities = [_city_page(tid, name, city_renderer) for tid, name in city_names(c).items()]
    else:
        cities = []
        fixed.append(_template_page(city_renderer, _))
    if extra is not None:
        fixed.append(extra)
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
    sections = {_("Campaign"): fixed, _("Practice cities"): cities, _("Coordinators"): coordinators}
    return {title: pages for title, pages in sections.items() if pages}


def known_url_paths(c: Campaign) -> set[str]:
    """Every URL path the app serves."""
    fixed = {row.url_path for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES)}
    if not one_page_per_city(c):
        return fixed | {CITY_TEMPLATE_PATH}
    return fixed | {city_url_path(t) for t in city_names(c)}


def requested_path() -> str:
    """The last path segment of the URL the browser asked for ('' for the root)."""
    url = st.context.url or ""
    path = url.split("://", 1)[-1].partition("/")[2]
    return path.strip("/").split("/")[-1] if path.strip("/") else ""


def base_paths() -> set[str]:
    """Segments of the server's base URL path, which are not page names."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return set(base.split("/")) if base else set()
