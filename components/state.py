"""The cache boundary: the campaign, its search index and the current language, per session."""

from datetime import date
from pathlib import Path

import streamlit as st

from hrcities import i18n
from hrcities.errors import DataError
from hrcities.load import Campaign, data_version, load_campaign
from hrcities.paths import data_dir
from hrcities.search import practice_documents


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, version: str) -> Campaign | DataError:
    try:
        return load_campaign(Path(path))
    except DataError as error:
        return error


@st.cache_resource(show_spinner=False)
def _last_good() -> dict:
    return {}


def campaign() -> Campaign:
    """The current campaign data; on broken files, the last good data with a warning, or a stop."""
    folder = data_dir()
    result = _load(str(folder), data_version(folder))
    holder = _last_good()
    if isinstance(result, Campaign):
        holder[str(folder)] = result
        return result
    _ = tr()
    previous = holder.get(str(folder))
    if previous is None:
        st.error(_("The campaign data could not be loaded. Nothing was changed; fix the files "
                   "listed below and reload the page."))
    else:
        st.warning(_("The data files were changed and now break these rules, so the dashboard "
                     "still shows the last good data. Fix the files listed below."))
    st.dataframe(
        [{"file": p.file, "row": p.row, "column": p.column, "value": p.value, "rule": p.rule}
         for p in result.problems],
        hide_index=True, width="stretch")
    if previous is None:
        st.stop()
    return previous


@st.cache_resource(show_spinner=False, max_entries=4)
def _documents(version: str, _campaign: Campaign):
    c = _campaign
    labels = {
        "themes": dict(zip(c.themes["id"], c.themes["label"])),
        "target_groups": dict(zip(c.target_groups["id"], c.target_groups["label"])),
        "rights": dict(zip(c.rights["id"], c.rights["title_en"])),
    }
    return practice_documents(c.practices, c.territories, labels)


def search_documents(c: Campaign):
    """The practices' search texts, built once per data version."""
    return _documents(c.version, c)


def language() -> str:
    """The interface language: `?lang=` when supported, else English."""
    return i18n.supported(st.query_params.get("lang"))


def tr() -> i18n.Translate:
    """The translator for the current language."""
    return i18n.translator(language())


def today() -> date:
    """Today's date (one place, so tests and pages agree)."""
    return date.today()
