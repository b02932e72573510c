"""What the coordinator tools call our tables and columns: readable words, not column names.

Each label is a `msg`, so the catalogs hold it in every language; `column_label` and `table_label`
fall back to the column's name made readable for one that has no label yet.
"""

from .i18n import Message, Translate, identity, msg, say

TABLE_LABELS = {
    "territories": msg("Territory"),
    "practices": msg("Practice"),
    "sources": msg("Source"),
    "organisations": msg("Organisation"),
    "record": msg("About the data"),
}

COLUMN_LABELS = {
    "id": msg("Id"),
    "name": msg("Name"),
    "local_name": msg("Name in the local language"),
    "kind": msg("Kind of government"),
    "country_iso3": msg("Country code (ISO)"),
    "country": msg("Country"),
    "uclg_region": msg("Region"),
    "region_status": msg("Region: status"),
    "latitude": msg("Latitude"),
    "longitude": msg("Longitude"),
    "geonameid": msg("GeoNames id"),
    "population": msg("Population"),
    "population_band": msg("Population band"),
    "stage": msg("Stage"),
    "stage_status": msg("Stage: status"),
    "joined": msg("Joined"),
    "joined_status": msg("Joined: status"),
    "wave": msg("Wave"),
    "wave_status": msg("Wave: status"),
    "pioneer": msg("Pioneer"),
    "leader": msg("Leader"),
    "leader_status": msg("Leader: status"),
    "mandate": msg("Mandate"),
    "sources": msg("Sources"),
    "context": msg("Context"),
    "notes": msg("Notes"),
    "territory_id": msg("Territory"),
    "title": msg("Title"),
    "original_title": msg("Title in the original language"),
    "original_lang": msg("Original language"),
    "summary": msg("Summary"),
    "start_year": msg("Start year"),
    "start_status": msg("Start year: status"),
    "status": msg("Status"),
    "target_groups": msg("Target groups"),
    "themes": msg("Themes"),
    "rights": msg("Rights"),
    "sdgs": msg("Sustainable Development Goals"),
    "evidence": msg("Evidence"),
    "publisher": msg("Publisher"),
    "url": msg("Web address"),
    "published": msg("Published"),
    "language": msg("Language"),
    "data_as_of": msg("Data as of"),
    "complete_list_as_of": msg("Complete list as of"),
    "declared_by": msg("Declared by"),
    # the fields of a proposal (hrcities.moderation)
    "territory_name": msg("Name of the city or territory"),
    "contact_name": msg("Your name"),
    "contact_email": msg("Your e-mail"),
    "source_url": msg("A web page about it"),
}


def column_label(column: str, _: Translate = identity) -> str:
    """The readable name of one of our columns, in the language of `_`."""
    label: Message | None = COLUMN_LABELS.get(column)
    return say(label, _) if label is not None else column.replace("_", " ").capitalize()


def table_label(table: str, _: Translate = identity) -> str:
    """The readable name of one of our tables (singular), in the language of `_`."""
    label = TABLE_LABELS.get(table)
    return say(label, _) if label is not None else table.replace("_", " ").capitalize()
