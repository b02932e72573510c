"""The OpenAPI 3.1 document of the open-data API, built from the same column rows as the data files.

Every field of every record is described (`datapackage.FIELD_DESCRIPTIONS`); the filter parameters
list the ids the current data has, so the document is built from the campaign it describes.

Plain Python: this module never imports Streamlit.
"""

import copy
from functools import cache
from pathlib import Path

import yaml

from .datapackage import FIELD_DESCRIPTIONS, PARTIAL_DATE, TABLE_DESCRIPTIONS, public_tables
from .filters import FILTER_SPECS, filter_options
from .i18n import LANGUAGES
from .load import Campaign
from .schema import TABLES_BY_NAME, Col

OPENAPI_VERSION = "3.1.0"
FIXED_FILE = Path(__file__).with_name("openapi.yaml")  # the schemas written out as data
MAX_PAGE_SIZE = 200  # kept equal to api.MAX_PAGE_SIZE by a test
DEFAULT_PAGE_SIZE = 50
PARAM_NAMES = {
    "regions": "region",
    "countries": "country",
    "stages": "stage",
    "waves": "wave",
    "years": "year",
    "rights": "right",
    "themes": "theme",
    "groups": "group",
}
_JSON_TYPES = {"int": "integer", "float": "number", "bool": "boolean"}
EXTRA_FIELDS = {
    "territories": {
        "is_member": {"type": "boolean", "description": "Whether its stage counts toward 10 / 100 / 1000"}
    },
    "rights": {
        "practices": {
            "type": "integer",
            "minimum": 0,
            "description": "Practices addressing this right (under the filters)",
        },
        "territories": {
            "type": "integer",
            "minimum": 0,
            "description": "Territories with such a practice (under the filters)",
        },
    },
}
SCHEMA_NAMES = {"territories": "Territory", "practices": "Practice", "rights": "Right"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _field_schema(table: str, col: Col) -> dict:
    if col.name == "sources":
        schema: dict = {"type": "array", "items": _ref("Source")}
    elif col.kind == "list":
        schema = {"type": "array", "items": {"type": "string"}}
    else:
        schema = {"type": _JSON_TYPES.get(col.kind, "string")}
        if col.kind == "date":
            schema["pattern"] = f"^{PARTIAL_DATE}$"
        if col.allowed:
            schema["enum"] = list(col.allowed)
        if col.low is not None:
            schema["minimum"] = col.low
        if col.high is not None:
            schema["maximum"] = col.high
        if not col.required:
            schema["type"] = [schema["type"], "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
    schema["description"] = FIELD_DESCRIPTIONS[table][col.name]
    return schema


def record_schema(table: str) -> dict:
    """The JSON schema of one record of `table`: its file's columns, sources as objects."""
    spec = TABLES_BY_NAME[table]
    properties = {col.name: _field_schema(table, col) for col in spec.columns}
    properties.update(EXTRA_FIELDS.get(table, {}))
    return {
        "type": "object",
        "description": TABLE_DESCRIPTIONS[table],
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


@cache
def _fixed() -> dict:
    """The document's fixed parts (`hrcities/openapi.yaml`), read once."""
    with FIXED_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def _error_schema() -> dict:
    """The JSON error body every failure answers with."""
    return copy.deepcopy(_fixed()["schemas"]["Error"])


def _progress_schema() -> dict:
    """`/progress`'s answer: the count as a lower bound, the pace, the milestones, the breakdowns."""
    return copy.deepcopy(_fixed()["schemas"]["Progress"])


def _parameters(c: Campaign) -> dict:
    options = filter_options(c.territories, c.tables)
    params = {}
    for spec in FILTER_SPECS:
        values = [value for value, _label in options[spec.key]]
        kind = "integer" if spec.key in ("waves", "years") else "string"
        params[PARAM_NAMES[spec.key]] = {
            "name": PARAM_NAMES[spec.key],
            "in": "query",
            "required": False,
            "style": "form",
            "explode": True,
            "description": f"{spec.label}: keep records matching any of these ids "
            "(repeat the parameter for several); as in the dashboard's links",
            "schema": {
                "type": "array",
                "items": {"type": kind, "enum": [int(v) if kind == "integer" else v for v in values]},
            },
        }
    params["page"] = {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
    }
    params["page_size"] = {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": f"Records per page (at most {MAX_PAGE_SIZE})",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    }
    params["format"] = {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "json or csv",
        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    }
    params["lang"] = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of country names (the dashboard's languages)",
        "schema": {"type": "string", "enum": list(LANGUAGES), "default": "en"},
    }
    return params


def _headers(listing: bool) -> dict:
    headers = {
        "ETag": {
            "description": "A hash of the body; send it back in If-None-Match",
            "required": True,
            "schema": {"type": "string"},
        },
        "Cache-Control": {"required": True, "schema": {"type": "string"}},
        "Last-Modified": {"description": "When the store last changed", "schema": {"type": "string"}},
    }
    if listing:
        headers["X-Total-Count"] = {
            "required": True,
            "schema": {"type": "string", "pattern": r"^\d+$"},
            "description": "Records matching the filters, all pages",
        }
        headers["Link"] = {
            "description": "first, last, next and prev pages (RFC 8288)",
            "schema": {"type": "string"},
        }
    return headers


def _errors(*codes: int) -> dict:
    texts = {
        400: "A parameter is not valid (JSON says which and why)",
        404: "No record has this id",
        429: "Too many requests from this client; see Retry-After",
        503: "The campaign data cannot be read right now",
    }
    result = {"304": {"description": "Not modified (If-None-Match or If-Modified-Since matched)"}}
    for code in codes:
        result[str(code)] = {
            "description": texts[code],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return result


def _operation(
    summary: str, params: list[str], body: dict, listing: bool, csv: bool, codes: tuple, description: str = ""
) -> dict:
    content = {"application/json": {"schema": body}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": {
                "200": {"description": "OK", "headers": _headers(listing), "content": content},
                **_errors(*codes),
            },
        }
    }


def _page_schema(item: str) -> dict:
    link = {"type": ["string", "null"]}
    return {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": {"type": "array", "items": _ref(item)},
            "meta": {
                "type": "object",
                "required": ["total", "page", "page_size", "pages", "data_version"],
                "properties": {
                    "total": {"type": "integer", "minimum": 0},
                    "page": {"type": "integer"},
                    "page_size": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "data_version": {"type": "integer"},
                    "last_modified": {"type": ["string", "null"]},
                },
            },
            "links": {
                "type": "object",
                "required": ["self", "first", "last", "next", "prev"],
                "properties": {k: link for k in ("self", "first", "last", "next", "prev")},
            },
        },
    }


def _one_schema(item: str) -> dict:
    return {
        "type": "object",
        "required": ["data", "meta"],
        "properties": {
            "data": _ref(item),
            "meta": {"type": "object", "properties": {"data_version": {"type": "integer"}}},
        },
    }


def document(c: Campaign) -> dict:
    """The OpenAPI 3.1 document of every route under /api/v1 and the counter under /embed."""
    filters = list(PARAM_NAMES.values())
    listing = [*filters, "page", "page_size", "format", "lang"]
    id_param = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "The record's id",
    }
    paths: dict = {}
    for table, name in SCHEMA_NAMES.items():
        paths[f"/api/v1/{table}"] = _operation(
            f"{TABLE_DESCRIPTIONS[table]} One page, filtered.",
            listing,
            _page_schema(name),
            True,
            True,
            (400, 429, 503),
        )
        single = _operation(
            f"One {name.lower()} by id.",
            ["format", "lang"],
            _one_schema(name),
            False,
            True,
            (400, 404, 429, 503),
        )
        single["get"]["parameters"].insert(0, id_param)
        paths[f"/api/v1/{table}/{{id}}"] = single
    paths["/api/v1/progress"] = _operation(
        "The campaign's progress under the filters: members, milestones, stages, regions, pace.",
        [*filters, "lang"],
        {
            "type": "object",
            "required": ["data", "meta"],
            "properties": {"data": _ref("Progress"), "meta": {"type": "object"}},
        },
        False,
        False,
        (400, 429, 503),
    )
    described = (
        "The Frictionless data package descriptor of every public table (paths relative to "
        "it: tables/<name>.csv)."
    )
    for path, summary in (
        ("/api/v1/openapi.json", "This document."),
        ("/api/v1/datapackage.json", described),
    ):
        paths[path] = _operation(summary, [], {"type": "object"}, False, False, (400, 429, 503))
    zipped = _operation(
        "The data package as one zip: datapackage.json and tables/<name>.csv.",
        [],
        {"type": "object"},
        False,
        False,
        (400, 429, 503),
    )
    zipped["get"]["responses"]["200"]["content"] = {
        "application/zip": {"schema": {"type": "string", "format": "binary"}}
    }
    paths["/api/v1/datapackage.zip"] = zipped
    table_op = _operation(
        "One public table as CSV, as in the data package.",
        [],
        {"type": "object"},
        False,
        False,
        (400, 404, 429, 503),
    )
    table_op["get"]["parameters"] = [
        {
            "name": "name",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "enum": list(public_tables(c))},
            "description": "The table's name",
        }
    ]
    table_op["get"]["responses"]["200"]["content"] = {"text/csv": {"schema": {"type": "string"}}}
    paths["/api/v1/tables/{name}.csv"] = table_op
    for path, media in (("/embed/counter", "text/html"), ("/embed/counter.svg", "image/svg+xml")):
        op = _operation(
            "The live counter badge, 'N of 1000 by 2030', for partner sites (no script).",
            ["lang"],
            {"type": "object"},
            False,
            False,
            (400, 429, 503),
        )
        op["get"]["responses"]["200"]["content"] = {media: {"schema": {"type": "string"}}}
        paths[path] = op
    schemas = {name: record_schema(table) for table, name in SCHEMA_NAMES.items()}
    schemas["Source"] = record_schema("sources")
    schemas["Progress"] = _progress_schema()
    schemas["Error"] = _error_schema()
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "10, 100, 1000 Human Rights Cities and Territories: open data API",
            "version": "1",
            "description": "Read-only public records of the campaign dashboard, each with its sources "
            "and the status of uncertain fields. Filters are the dashboard's URL "
            "parameters. GET only; every client address may make 120 requests a minute.",
        },
        "paths": paths,
        "components": {"schemas": schemas, "parameters": _parameters(c)},
    }
