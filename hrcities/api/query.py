"""Reading a request's query: the parameters a route allows, the format, the language, the page and
the dashboard's filters (its URL parameters, `viewlink`). Anything else is a 400 that says what."""

from starlette.requests import Request

from .. import i18n, viewlink
from ..filters import FILTER_SPECS, Filters, filter_options
from ..load import Campaign
from .http import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
FILTER_NAMES = tuple(viewlink.FILTER_PARAMS[spec.key] for spec in FILTER_SPECS)
LIST_PARAMS = frozenset({"page", "page_size", "format", "lang", *FILTER_NAMES})
ONE_PARAMS = frozenset({"format", "lang"})
PROGRESS_PARAMS = frozenset({"lang", *FILTER_NAMES})
NO_PARAMS: frozenset[str] = frozenset()
FORMATS = ("json", "csv")


def read_query(request: Request, allowed: frozenset[str]) -> dict[str, list[str]]:
    """The request's parameters, each with its values; unknown ones, or one given twice, are a 400."""
    query = {name: request.query_params.getlist(name) for name in request.query_params}
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise ApiError(
            400,
            "Unknown query parameter.",
            [
                {"parameter": name[:40], "value": None, "rule": "allowed: " + ", ".join(sorted(allowed))}
                for name in unknown
            ],
        )
    for name, values in query.items():
        if len(values) > 1 and name not in FILTER_NAMES:
            raise ApiError(
                400,
                "A parameter was given twice.",
                [{"parameter": name, "value": None, "rule": "give it once"}],
            )
    return query


def _one(query: dict, name: str, default: str) -> str:
    return (query.get(name) or [default])[0]


def answer_format(query: dict) -> str:
    """`format`: json (the default) or csv."""
    chosen = _one(query, "format", "json")
    if chosen not in FORMATS:
        raise ApiError(
            400,
            "Unknown format.",
            [{"parameter": "format", "value": chosen[:40], "rule": "one of: " + ", ".join(FORMATS)}],
        )
    return chosen


def language(query: dict) -> str:
    """`lang`: one of the dashboard's languages (English by default)."""
    chosen = _one(query, "lang", i18n.DEFAULT_LANGUAGE)
    if chosen not in i18n.LANGUAGES:
        raise ApiError(
            400,
            "Unsupported language.",
            [{"parameter": "lang", "value": chosen[:40], "rule": "one of: " + ", ".join(i18n.LANGUAGES)}],
        )
    return chosen


def parse_filters(query: dict[str, list[str]], c: Campaign) -> Filters:
    """The dashboard's filters from URL parameters; any value the data does not have is a 400."""
    options = {
        "filter_" + key: [value for value, _label in pairs]
        for key, pairs in filter_options(c.territories, c.tables).items()
    }
    wanted = {name: values for name, values in query.items() if name in FILTER_NAMES}
    state, dropped = viewlink.decode(wanted, options)
    if dropped:
        raise ApiError(
            400,
            "A filter names a value the data does not have.",
            [
                {
                    "parameter": item.split("=", 1)[0],
                    "value": item.split("=", 1)[1],
                    "rule": "an id listed in the OpenAPI document or the data package",
                }
                for item in dropped
            ],
        )
    return Filters(**{spec.key: tuple(state.get("filter_" + spec.key, ())) for spec in FILTER_SPECS})


def paging(query: dict) -> tuple[int, int]:
    """`page` and `page_size`, whole numbers in range."""
    found = []
    for name, default, high in (("page", 1, 1_000_000), ("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)):
        raw = _one(query, name, str(default))
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and 1 <= int(raw) <= high):
            raise ApiError(
                400,
                "Bad pagination.",
                [{"parameter": name, "value": raw[:40], "rule": f"a whole number from 1 to {high}"}],
            )
        found.append(int(raw))
    return found[0], found[1]
