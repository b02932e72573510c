"""Links that reproduce a view: the URL's query parameters <-> the dashboard's state, validated.

A view is the page (the URL path), the language, every sidebar filter, and the page's own choices
(the map's view, colouring and selected territory; the practice search and places). In the URL each
is a short, language-independent parameter holding ids, e.g.
`/map?lang=fr&region=europe&stage=member&territory=barcelona`. Lists repeat the parameter
(`?region=europe&region=africa`). Values that are not valid (an unknown id, a year that is not a
number) are dropped and reported, never shown as they are.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .filters import FILTER_SPECS, options_view
from .i18n import LANGUAGES

MAX_TEXT = 200


@dataclass(frozen=True)
class Param:
    """One URL parameter and the session value it stands for."""

    name: str  # in the URL
    key: str  # the widget's session-state key
    many: bool = False  # a list (repeated parameter) or one value
    kind: str = "id"  # "id" (must be among the options), "int" (among the options), "text" (free)
    page: str | None = None  # the URL path of the only page it belongs to (None: every page)


FILTER_PARAMS = {
    "regions": "region",
    "countries": "country",
    "stages": "stage",
    "waves": "wave",
    "years": "year",
    "rights": "right",
    "themes": "theme",
    "groups": "group",
}
INT_FILTERS = {"waves", "years"}

PARAMS: tuple[Param, ...] = (
    Param("lang", "lang"),
    *(
        Param(
            FILTER_PARAMS[spec.key],
            "filter_" + spec.key,
            many=True,
            kind="int" if spec.key in INT_FILTERS else "id",
        )
        for spec in FILTER_SPECS
    ),
    Param("view", "map_view", page="map"),
    Param("colour", "map_colour", page="map"),
    Param("territory", "map_search", page="map"),
    Param("q", "practice_query", kind="text", page="practices"),
    Param("place", "practice_cities", many=True, page="practices"),
    Param("slide", "present_slide", kind="int", page="present"),
)
BY_NAME = {p.name: p for p in PARAMS}
BY_KEY = {p.key: p for p in PARAMS}


def _clean_text(value: str) -> str | None:
    text = "".join(ch for ch in value if ch.isprintable()).strip()[:MAX_TEXT]
    return text or None


def _one(param: Param, raw: str, options: Mapping[str, Iterable] | None) -> object | None:
    if param.kind == "text":
        return _clean_text(raw)
    value: object = raw
    if param.kind == "int":
        try:
            value = int(raw)
        except ValueError:
            return None
    allowed = None if options is None else options.get(param.key)
    if allowed is not None and value not in set(allowed):
        return None
    return value


def decode(query: Mapping[str, list[str]], options: Mapping[str, Iterable]) -> tuple[dict, list[str]]:
    """The session values a URL's parameters ask for, and a note for each value dropped.

    `query` maps a parameter name to its values (repeated parameters give several). `options`
    maps a session key to its valid values; a key without options accepts any value of its kind.
    Unknown parameters are ignored (other tools add their own, e.g. `embed`).
    """
    state: dict = {}
    dropped: list[str] = []
    for name, values in query.items():
        param = BY_NAME.get(name)
        if param is None:
            continue
        good = []
        for raw in values:
            value = _one(param, str(raw), options)
            if value is None:
                dropped.append(f"{name}={str(raw)[:40]}")
            elif value not in good:
                good.append(value)
        if param.many:
            state[param.key] = good
        elif good:
            state[param.key] = good[0]
    return state, dropped


DEFAULTS = {"lang": "en", "map_view": "points", "map_colour": "stage", "present_slide": 0}


def encode(state: Mapping[str, object], page: str | None = None) -> dict[str, list[str]]:
    """The URL parameters of page `page` for the session values in `state` (defaults and empty values
    left out; a page's own parameters only on that page)."""
    query: dict[str, list[str]] = {}
    for param in PARAMS:
        if param.page is not None and param.page != page:
            continue
        value = state.get(param.key)
        if value is None or value == "" or value == [] or value == () or DEFAULTS.get(param.key) == value:
            continue
        values = list(value) if param.many else [value]
        query[param.name] = [str(v) for v in values]
    return query


def link(page_url: str, query: Mapping[str, list[str]]) -> str:
    """A shareable link: the page's URL (no query) plus the parameters."""
    encoded = urlencode([(name, v) for name, values in query.items() for v in values])
    return page_url.split("?", 1)[0] + (f"?{encoded}" if encoded else "")


def light_link(page_url: str, page: str, lang: str, cities: Iterable[str] = ()) -> str | None:
    """The light page (`hrcities.light`) of the page at URL path `page`, in `lang`, or None when it
    has none: the progress page, the map's listing and each practice city (`cities`)."""
    path = {"": "/light/", "map": "/light/map"}.get(page)
    if path is None and page in set(cities):
        path = f"/light/city/{page}"
    if path is None:
        return None
    scheme, _sep, rest = page_url.split("?", 1)[0].partition("://")
    origin = f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""
    return f"{origin}{path}?{urlencode({'lang': lang})}"


def choices(c) -> dict[str, list]:
    """What each URL parameter may hold in campaign `c` (for `decode`), made once per campaign."""

    def build() -> dict[str, list]:
        options = {
            "filter_" + key: [value for value, _label in pairs] for key, pairs in options_view(c).items()
        }
        ids = list(c.territories["id"])
        options.update(
            {
                "lang": list(LANGUAGES),
                "map_view": ["points", "countries"],
                "map_colour": ["stage", "uclg_region"],
                "map_search": ids,
                "practice_cities": ids,
                "present_slide": list(range(100)),
            }
        )
        return options

    return c.memo("url_choices", build, keep=True)
