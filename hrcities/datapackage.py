"""The public tables as a Frictionless data package: `datapackage.json` plus one CSV per table.

The descriptor is built from the same column rows as the data files (`schema.TABLES`), with a
description for every table and field kept here as data. Only the campaign's data tables are
public; the store's own tables (submissions, audit log, imports, sign-ins) are never part of it.
The same descriptor serves the zip (`tables/<name>.csv` beside `datapackage.json`) and the API
(`/api/v1/datapackage.json` beside `/api/v1/tables/<name>.csv`), since its paths are relative.

Plain Python: this module never imports Streamlit.
"""

import io
import json
import zipfile
from datetime import datetime

import pandas as pd

from .exports import prepare_frame
from .load import Campaign
from .schema import LIST_SEPARATOR, TABLES, TABLES_BY_NAME, Col

PACKAGE_NAME = "hrcities-campaign"
PROFILE = "tabular-data-package"
# The campaign has not published a licence for its own records yet: set it here once it has
# (e.g. {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": ...}).
CAMPAIGN_LICENCE: dict | None = None
GEONAMES_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (GeoNames: coordinates, populations)",
}
PARTIAL_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"

TABLE_DESCRIPTIONS = {
    "sources": "Every public source the other tables cite, by id.",
    "regions": "The seven UCLG regional sections.",
    "stages": "The campaign ladder, from engaged to member with a local framework.",
    "waves": "The campaign's waves of joining.",
    "milestones": "The targets 10, 100 and 1000 with their deadlines.",
    "population_bands": "Population bands used to group territories by size.",
    "rights": "The 12 rights of the 2011 Global Charter-Agenda, the 6 dimensions proposed for its update "
    "and 2 more discussed at the WHRCF 2023 session.",
    "themes": "Themes of practices (the dashboard editors' classification).",
    "target_groups": "Groups of people practices are aimed at (the editors' classification).",
    "territories": "Local and regional governments on record: members (a lower bound of the campaign's "
    "size unless record.csv declares a complete list) and engaged (not counted).",
    "organisations": "Civil-society organisations and networks in the campaign directory; never counted "
    "as members.",
    "record": "What the data are: the date they were last checked against their sources, and whether "
    "the members are declared the campaign's complete list.",
    "practices": "Human rights practices of territories, summarised by the dashboard editors.",
    "timeline": "Dated events of the human rights cities movement and the campaign.",
    "reported_figures": "Figures the campaign reported, as reported (never turned into rows).",
    "charter_phases": "Phases of the Global Charter-Agenda update.",
}

STATUS_NOTE = "confirmed, inferred or unverified: how sure the sources make this value"
KNOWN_STATUS_NOTE = "confirmed, inferred, unverified or unknown: how sure the sources make this value"
SOURCES_NOTE = "ids of the records in sources.csv that support this record, separated by '|'"

FIELD_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "sources": {
        "id": "Source id, cited by other tables",
        "title": "Title of the page or document",
        "publisher": "Who published it",
        "url": "Web address",
        "published": "Date of publication",
        "language": "Language code of the source (ISO 639-1)",
    },
    "regions": {
        "id": "Region id",
        "order": "Display order",
        "label": "Region name",
        "section": "The UCLG regional section",
    },
    "stages": {
        "id": "Stage id",
        "order": "Position on the ladder (1 = first)",
        "label": "Stage name",
        "description": "What the stage means",
        "counts_as_member": "Whether territories at this stage count toward 10 / 100 / 1000",
    },
    "waves": {
        "wave": "Wave number",
        "label": "Wave name",
        "launched": "Launch date",
        "launched_status": STATUS_NOTE,
        "description": "What the wave was",
        "sources": SOURCES_NOTE,
    },
    "milestones": {
        "target": "Number of members aimed at",
        "label": "Milestone name",
        "deadline": "Date by which the target is to be reached",
        "deadline_status": STATUS_NOTE,
        "sources": SOURCES_NOTE,
    },
    "population_bands": {
        "id": "Band id",
        "order": "Display order",
        "label": "Band name",
        "min_population": "Lowest population in the band (inclusive)",
        "max_population": "Population where the next band starts (exclusive); empty for the top band",
        "origin": "Where the band comes from",
    },
    "rights": {
        "id": "Right id",
        "order": "Charter order",
        "numeral": "Roman numeral in the Charter",
        "kind": "charter-2011 (one of the 12 rights), proposed (one of the six dimensions proposed for the "
        "update at the WHRCF 2023 session) or discussed (raised there, not proposed)",
        "title_en": "English title",
        "title_en_status": STATUS_NOTE,
        "title_es": "Spanish title from the official edition",
        "sources": SOURCES_NOTE,
    },
    "themes": {"id": "Theme id", "label": "Theme name"},
    "target_groups": {"id": "Target group id", "label": "Target group name"},
    "territories": {
        "id": "Territory id (also its city page's address)",
        "name": "Name in English",
        "local_name": "Name in the local language",
        "kind": "city, municipality, county, province or region",
        "country_iso3": "Country code (ISO 3166 alpha-3)",
        "country": "Country name in English",
        "uclg_region": "UCLG region id (regions.csv)",
        "region_status": STATUS_NOTE,
        "latitude": "Latitude of the point (WGS 84; GeoNames)",
        "longitude": "Longitude of the point (WGS 84; GeoNames)",
        "geonameid": "GeoNames record of the point",
        "population": "Population (GeoNames)",
        "population_band": "Population band id (population_bands.csv)",
        "stage": "Stage on the campaign ladder (stages.csv)",
        "stage_status": STATUS_NOTE,
        "joined": "When it joined the campaign (YYYY, YYYY-MM or YYYY-MM-DD); empty when not on record",
        "joined_status": KNOWN_STATUS_NOTE,
        "wave": "Wave it joined in (waves.csv)",
        "wave_status": STATUS_NOTE,
        "pioneer": "One of the campaign's pioneers",
        "leader": "Local or regional leader as the source names them, with the role",
        "leader_status": STATUS_NOTE,
        "mandate": "The leader's mandate as the source gives it",
        "sources": SOURCES_NOTE,
        "context": "Context in the dashboard editors' words",
        "notes": "Editors' notes on the record",
    },
    "organisations": {
        "id": "Organisation id",
        "name": "Name",
        "kind": "Kind of organisation",
        "country_iso3": "Country code (ISO 3166 alpha-3), when known",
        "country": "Country name in English, when known",
        "status": STATUS_NOTE,
        "sources": SOURCES_NOTE,
        "notes": "Editors' notes on the record",
    },
    "practices": {
        "id": "Practice id",
        "territory_id": "Territory id (territories.csv)",
        "title": "Title in English",
        "original_title": "Title in its original language",
        "original_lang": "Language of the original",
        "summary": "Summary in the dashboard editors' words",
        "start_year": "Year it started",
        "start_status": KNOWN_STATUS_NOTE,
        "status": "ongoing, adopted, completed or planned",
        "target_groups": "Target group ids (target_groups.csv), separated by '|'",
        "themes": "Theme ids (themes.csv), separated by '|'",
        "rights": "Right ids (rights.csv), separated by '|'",
        "sdgs": "Sustainable Development Goal numbers, separated by '|'",
        "sources": SOURCES_NOTE,
        "evidence": STATUS_NOTE,
    },
    "timeline": {
        "date": "Date of the event (YYYY, YYYY-MM or YYYY-MM-DD)",
        "kind": "movement, charter, forum, campaign or wave",
        "title": "What happened",
        "status": STATUS_NOTE,
        "sources": SOURCES_NOTE,
    },
    "reported_figures": {
        "id": "Figure id",
        "date": "Date the figure refers to",
        "metric": "pledges, forms, members or participants",
        "qualifier": "more than, about or at least, as reported",
        "value": "The number",
        "counts_members": "Whether the figure counts members",
        "description": "What the figure is",
        "status": STATUS_NOTE,
        "sources": SOURCES_NOTE,
    },
    "record": {
        "id": "Always 'campaign'",
        "data_as_of": "When the records were last checked against their sources",
        "complete_list_as_of": "Set only when the members are declared the campaign's "
        "complete list as of this date; empty: the member count is a lower bound",
        "declared_by": "Who declared the complete list",
        "notes": "What the records rest on",
    },
    "charter_phases": {
        "id": "Phase id",
        "order": "Order",
        "label": "Phase name",
        "start": "Start date",
        "end": "End date",
        "status": STATUS_NOTE,
        "description": "What the phase did",
        "sources": SOURCES_NOTE,
    },
}

_TYPES = {"int": "integer", "float": "number", "bool": "boolean"}


def field_descriptor(table: str, col: Col) -> dict:
    """The Frictionless field of one column: name, type, description and constraints."""
    field: dict = {
        "name": col.name,
        "type": _TYPES.get(col.kind, "string"),
        "description": FIELD_DESCRIPTIONS[table][col.name],
    }
    if col.kind == "url":
        field["format"] = "uri"
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.unique:
        constraints["unique"] = True
    if col.allowed and col.kind != "list":
        constraints["enum"] = list(col.allowed)
    if col.kind == "date":
        constraints["pattern"] = PARTIAL_DATE
    if col.kind in ("int", "float"):
        if col.low is not None:
            constraints["minimum"] = int(col.low) if col.kind == "int" else col.low
        if col.high is not None:
            constraints["maximum"] = int(col.high) if col.kind == "int" else col.high
    if constraints:
        field["constraints"] = constraints
    return field


def public_tables(c: Campaign) -> dict[str, pd.DataFrame]:
    """Every public table of `c` with exactly the columns of its data file (typed, lists as lists)."""
    return {
        table.name: c.tables[table.name][[col.name for col in table.columns]].reset_index(drop=True)
        for table in TABLES
    }


def table_csv(frame: pd.DataFrame) -> bytes:
    """One table as the package's CSV: UTF-8, lists joined with '|', formula cells neutralised."""
    return prepare_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _resource(table_name: str, frame: pd.DataFrame) -> dict:
    table = TABLES_BY_NAME[table_name]
    schema: dict = {
        "fields": [field_descriptor(table_name, col) for col in table.columns],
        "missingValues": [""],
    }
    if table.key in {c.name for c in table.columns} and table.column(table.key).unique:
        schema["primaryKey"] = [table.key]
    refs = [
        {"fields": [col.name], "reference": {"resource": col.ref, "fields": [TABLES_BY_NAME[col.ref].key]}}
        for col in table.columns
        if col.ref and col.kind != "list"
    ]
    if refs:
        schema["foreignKeys"] = refs
    resource = {
        "name": table_name,
        "path": f"tables/{table_name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": TABLE_DESCRIPTIONS[table_name],
        "schema": schema,
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
        "rows": int(len(frame)),
    }
    if table_name == "territories":
        resource["licenses"] = [GEONAMES_LICENCE]
    return resource


def descriptor(c: Campaign, data_version: int | str, changed_at: datetime | None) -> dict:
    """The `datapackage.json` of campaign `c` at `data_version`, last changed at `changed_at`."""
    tables = public_tables(c)
    sources = c.sources
    package: dict = {
        "profile": PROFILE,
        "name": PACKAGE_NAME,
        "title": "10, 100, 1000 Human Rights Cities and Territories by 2030: campaign data",
        "description": (
            "The public records of the UCLG campaign dashboard. Every record names its sources by id "
            "(sources.csv) and uncertain fields carry a status. List cells hold ids separated by "
            f"'{LIST_SEPARATOR}'. Cells a spreadsheet would read as a formula start with an apostrophe. "
            + (
                ""
                if CAMPAIGN_LICENCE
                else "The campaign has not yet published a licence for its own "
                "records; ask UCLG-CSIPDHR before reusing them beyond citation."
            )
        ),
        "version": str(data_version),
        "keywords": ["human rights cities", "UCLG", "local government", "campaign"],
        "homepage": "https://uclg-cisdp.org/en/cities-territories-human-rights-2030",
        "sources": [
            {"title": str(row.title), **({"path": str(row.url)} if isinstance(row.url, str) else {})}
            for row in sources.itertuples()
        ],
        "contributors": [
            {
                "title": "UCLG Committee on Social Inclusion, Participatory Democracy and "
                "Human Rights (UCLG-CSIPDHR)",
                "role": "publisher",
            }
        ],
        "resources": [_resource(name, frame) for name, frame in tables.items()],
    }
    if changed_at is not None:
        package["created"] = changed_at.isoformat()
    if CAMPAIGN_LICENCE:
        package["licenses"] = [CAMPAIGN_LICENCE]
    return package


def package_zip(c: Campaign, data_version: int | str, changed_at: datetime | None) -> bytes:
    """`datapackage.json` and `tables/<name>.csv` for every public table, as one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(descriptor(c, data_version, changed_at), ensure_ascii=False, indent=2),
        )
        for name, frame in public_tables(c).items():
            archive.writestr(f"tables/{name}.csv", table_csv(frame))
    return buffer.getvalue()


def package_zip_of(c: Campaign, data_version: int | str, changed_at: datetime | None) -> bytes:
    """`package_zip`, built once per campaign and data version (not on every rerun)."""
    return c.memo(
        ("package_zip", str(data_version), str(changed_at)), lambda: package_zip(c, data_version, changed_at)
    )
