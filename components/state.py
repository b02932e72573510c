"""The data boundary of the dashboard: one campaign source per store, the campaign of this run, the language.

`hrcities.source.CampaignSource` does the work (a version poll per run, the last good copy, the disk
snapshot); this module keeps one per process and store (`st.cache_resource`, the only Streamlit cache
in the app), reads it once at the top of each run (`begin_run`, called by app.py) and says on the page
when the data shown are not the store's current data. The API (`serve.py`) reads the same source.
"""

import threading
from datetime import date

import streamlit as st

from hrcities import content, i18n, peers, practice_index
from hrcities.errors import DataError
from hrcities.load import Campaign
from hrcities.memory import collection_paused, release_free_memory
from hrcities.paths import data_dir, database_url
from hrcities.source import CampaignSource
from hrcities.store import Store

_THIS_RUN = "_hrcities_campaign_this_run"  # session state: the campaign read at the top of this run


def configured_url() -> str | None:
    """`[connections.hrcities] url` from Streamlit secrets (st.connection conventions), if any."""
    try:
        return st.secrets.get("connections", {}).get("hrcities", {}).get("url")
    except (FileNotFoundError, KeyError, AttributeError):
        return None


@st.cache_resource(show_spinner=False)
def _source(url: str, folder: str) -> CampaignSource:
    return CampaignSource(url, folder)


def source() -> CampaignSource:
    """This process's source for the configured store (shared by every session and by the API)."""
    folder = data_dir()
    return _source(database_url(folder, configured_url()), str(folder))


def store() -> Store:
    """This process's store (migrated, and seeded from the data files on first use)."""
    try:
        return source().store()
    except DataError as error:
        _show_problems(error, previous=None)
        st.stop()


def begin_run() -> Campaign:
    """Read the campaign for this run (app.py, first thing): one version poll, whatever asks later."""
    current = _read()
    st.session_state[_THIS_RUN] = current
    return current


def end_run() -> None:
    """Called by app.py at the end of each run: the run's campaign is let go (an idle session does not
    keep an old one alive), and the warm-up's later steps may start (a first page has been served)."""
    st.session_state.pop(_THIS_RUN, None)
    _first_page.set()


def campaign() -> Campaign:
    """The current campaign, as stored; on a broken or unreachable store, the last good data with a notice."""
    current = st.session_state.get(_THIS_RUN)
    return current if current is not None else begin_run()


def shown_campaign() -> Campaign:
    """The campaign as the viewer reads it (country names in their language): for public pages.
    Coordinator pages that write use `campaign()`, the data as stored."""
    return content.shown(campaign(), language())


def peers_of(c: Campaign, territory_id: str):
    """The peers of a territory (`hrcities.peers`) in the shown campaign `c`."""
    return peers.peers_of(c, territory_id, base=campaign())


def _read() -> Campaign:
    try:
        reading = source().read()
    except DataError as error:  # the data files the store is seeded from are broken
        _show_problems(error, previous=None)
        st.stop()
    if reading.is_current:
        return reading.campaign
    _ = tr()
    if reading.unreachable and reading.campaign is None:
        st.error(
            _(
                "The campaign database cannot be reached right now. Nothing was changed; "
                "please try again in a moment."
            )
        )
        st.stop()
    if reading.unreachable:
        st.warning(
            _("The campaign database cannot be reached right now: showing the data as it was when last read.")
        )
        return reading.campaign
    _show_problems(reading.problem, reading.campaign)
    if reading.campaign is None:
        st.stop()
    return reading.campaign


def _show_problems(error: DataError, previous: Campaign | None) -> None:
    _ = tr()
    if previous is None:
        st.error(
            _(
                "The campaign data could not be loaded. Nothing was changed; fix the files "
                "listed below and reload the page."
            )
        )
    else:
        st.warning(
            _(
                "The stored data now breaks these rules, so the dashboard still shows the last "
                "good data. A coordinator can correct the records listed below."
            )
        )
    st.dataframe(
        [
            {
                "file": p.file,
                "record": p.record,
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "rule": i18n.say(p.rule, _),
            }
            for p in error.problems
        ],
        hide_index=True,
        width="stretch",
    )


def language() -> str:
    """The interface language: the language picker's, else `?lang=` when supported, else English."""
    chosen = st.session_state.get("lang")
    if chosen in i18n.LANGUAGES:
        return chosen
    return i18n.supported(st.query_params.get("lang"))


def tr() -> i18n.Translate:
    """The translator for the current language."""
    return i18n.translator(language())


def ntr() -> i18n.PluralTranslate:
    """The plural translator (ngettext) for the current language."""
    return i18n.plural_translator(language())


def today() -> date:
    """Today's date (one place, so tests and pages agree)."""
    return date.today()


_first_page = threading.Event()


def warm_up(then_wait: float = 0.0) -> None:
    """Fill this process's caches before the first visitor arrives (`serve.py` runs it in a thread
    at server start): the store checked, the campaign read (from the disk snapshot after a restart),
    the English view of it and the modules the pages import; then the practice search index and the
    peers' keys. The first page is then served as soon as the browser has loaded Streamlit, instead of
    after all of this. Any problem is left for the first page to show as usual.

    The search texts and the peers' keys serve other pages than the first (about a second at ten times
    the 2030 target): they are built once a first page has been served (`end_run`), or after
    `then_wait` seconds, so that they do not compete with that page for the interpreter."""
    with collection_paused():  # everything built here stays
        loaded = _warm_first_page()
    if loaded is None:
        return
    _first_page.wait(then_wait)
    practice_index.index_of(loaded, content.translations_of(loaded)[0])
    peers.profiles_of(loaded)
    release_free_memory()


def _warm_first_page() -> Campaign | None:
    try:
        reading = source().read()
    except DataError:
        return None
    if not reading.is_current:
        return None
    # what app.py and the first page import (plotly and the figures' template with the charts)
    import components.auth
    import components.banner
    import components.charts
    import components.nav
    import components.profile
    import components.sidebar
    import components.urlstate  # noqa: F401  (the page templates in views/ are app.py's to import)

    components.nav.practice_cities(reading.campaign)
    return reading.campaign
