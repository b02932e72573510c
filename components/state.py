"""The cache boundary: the store, the campaign read from it, the search index and the language.

Each app process keeps one `Store` and one loaded campaign per data version. Every rerun asks the
store for its data version (one tiny query): a write made in any process bumps it, so the next
rerun here reloads. When the store cannot be read (database down, data broken by hand), pages keep
the last good campaign and say so.
"""

import threading
from datetime import date

import sqlalchemy as sa
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from hrcities import content, i18n, snapshot
from hrcities import peers as peers_of
from hrcities.errors import DataError
from hrcities.load import Campaign, data_version
from hrcities.memory import collection_paused, release_free_memory
from hrcities.paths import data_dir, database_url
from hrcities.search import practice_documents
from hrcities.store import Store


def configured_url() -> str | None:
    """`[connections.hrcities] url` from Streamlit secrets (st.connection conventions), if any."""
    try:
        return st.secrets.get("connections", {}).get("hrcities", {}).get("url")
    except (FileNotFoundError, KeyError, AttributeError):
        return None


@st.cache_resource(show_spinner=False)
def _store(url: str, folder: str) -> Store:
    return Store(url, folder)


@st.cache_resource(show_spinner=False, max_entries=8)
def _prepared(url: str, folder: str, files_version: str) -> DataError | None:
    try:
        _store(url, folder).prepare(today=date.today())
    except DataError as error:
        return error
    return None


def store() -> Store:
    """This process's store (migrated, and seeded from the data files on first use)."""
    folder = data_dir()
    url = database_url(folder, configured_url())
    problem = _prepared(url, str(folder), data_version(folder))
    if problem is not None:
        _show_problems(problem, previous=None)
        st.stop()
    return _store(url, str(folder))


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(url: str, version: int) -> Campaign | DataError:
    try:
        return snapshot.load(_store(url, str(data_dir())))  # a restart reads the checked copy on disk
    except DataError as error:
        return error
    finally:
        release_free_memory(collect=False)  # the temporaries of reading and checking, back to the system


@st.cache_resource(show_spinner=False)
def _last_good() -> dict:
    return {}


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
                "rule": p.rule,
            }
            for p in error.problems
        ],
        hide_index=True,
        width="stretch",
    )


def _this_run():
    """An object that stands for the current script run (Streamlit makes a new one per run)."""
    ctx = get_script_run_ctx()
    return ctx, getattr(ctx, "parallel_coordinator", None)


def per_run(key, make):
    """`make()`, computed once per script run for `key` (outside a run: every time).

    For what every component of a page asks again and again (the campaign, tables indexed by id):
    Streamlit's caches hash their arguments on every call, which costs more than a look-up here."""
    ctx, run = _this_run()
    if run is None:
        return make()
    memo = getattr(ctx, "_hrcities_memo", None)
    if memo is None or memo[0] is not run:
        memo = (run, {})
        ctx._hrcities_memo = memo
    if key not in memo[1]:
        memo[1][key] = make()
    return memo[1][key]


def campaign() -> Campaign:
    """The current campaign; on a broken or unreachable store, the last good data with a notice.

    The store is asked for its data version once per script run, however many components ask."""
    return per_run("campaign", _current_campaign)


def by_id(c: Campaign, table: str):
    """`c.<table>` indexed by its `id` column, built once per campaign (`Campaign.memo`)."""
    return c.memo(("by_id", table), lambda: getattr(c, table).set_index("id"))


def _current_campaign() -> Campaign:
    current = store()
    holder = _last_good()
    previous = holder.get(current.url)
    try:
        result = _load(current.url, current.data_version())
    except sa.exc.SQLAlchemyError:
        _ = tr()
        if previous is None:
            st.error(
                _(
                    "The campaign database cannot be reached right now. Nothing was changed; "
                    "please try again in a moment."
                )
            )
            st.stop()
        st.warning(
            _("The campaign database cannot be reached right now: showing the data as it was when last read.")
        )
        return previous
    if isinstance(result, Campaign):
        holder[current.url] = result
        return result
    _show_problems(result, previous)
    if previous is None:
        st.stop()
    return previous


@st.cache_resource(show_spinner=False, max_entries=12)
def _in_language(version: str, lang: str, _c: Campaign) -> Campaign:
    return content.in_language(_c, lang)


def shown_campaign() -> Campaign:
    """The campaign as the viewer reads it (country names in their language): for public pages.
    Coordinator pages that write use `campaign()`, the data as stored."""
    c = campaign()
    return _in_language(c.version, language(), c)


@st.cache_resource(show_spinner=False, max_entries=12)
def _documents(version: str, _campaign: Campaign):
    c = _campaign
    labels = {
        "themes": dict(zip(c.themes["id"], c.themes["label"], strict=False)),
        "target_groups": dict(zip(c.target_groups["id"], c.target_groups["label"], strict=False)),
        "rights": dict(zip(c.rights["id"], c.rights["title_en"], strict=False)),
    }
    return practice_documents(c.practices, c.territories, labels)


@st.cache_resource(show_spinner=False, max_entries=4)
def _peer_keys(version: str, _c: Campaign):
    return peers_of.profiles(_c.practices)


@st.cache_resource(show_spinner=False, max_entries=512)
def _peers(version: str, lang: str, territory_id: str, _c: Campaign):
    return peers_of.peer_territories(_c.practices, _c.territories, territory_id, keys=_peer_keys(version, _c))


def peers(c: Campaign, territory_id: str):
    """The peers of a territory (`hrcities.peers`), computed once per data version and language."""
    return _peers(c.version, language(), territory_id, c)


def search_documents(c: Campaign):
    """The practices' search texts, built once per data version."""
    return _documents(c.version, c)


def language() -> str:
    """The interface language: the language picker's, else `?lang=` when supported, else English."""
    chosen = st.session_state.get("lang")
    if chosen in i18n.LANGUAGES:
        return chosen
    return i18n.supported(st.query_params.get("lang"))


def tr() -> i18n.Translate:
    """The translator for the current language."""
    return i18n.translator(language())


def today() -> date:
    """Today's date (one place, so tests and pages agree)."""
    return date.today()


_first_page = threading.Event()


def warm_up(then_wait: float = 0.0) -> None:
    """Fill this process's caches before the first visitor arrives (`serve.py` runs it in a thread
    at server start): the store checked, the campaign read (from the disk snapshot after a restart),
    the English view of it and the modules the pages import; then the practice search texts and the
    peers' keys. The first page is then served as soon as the browser has loaded Streamlit, instead of
    after all of this. Any problem is left for the first page to show as usual.

    The search texts and the peers' keys serve other pages than the first (about a second at ten times
    the 2030 target): they are built once a first page has been served (`page_served`), or after
    `then_wait` seconds, so that they do not compete with that page for the interpreter."""
    with collection_paused():  # everything built here stays
        loaded = _warm_first_page()
    if loaded is None:
        return
    _first_page.wait(then_wait)
    _documents(loaded.version, loaded)
    _peer_keys(loaded.version, loaded)
    release_free_memory()


def _warm_first_page() -> Campaign | None:
    folder = data_dir()
    url = database_url(folder, configured_url())
    if _prepared(url, str(folder), data_version(folder)) is not None:
        return None
    loaded = _load(url, _store(url, str(folder)).data_version())
    if not isinstance(loaded, Campaign):
        return None
    shown = _in_language(loaded.version, i18n.DEFAULT_LANGUAGE, loaded)
    # what app.py and the first page import (plotly and the figures' template with the charts)
    import components.auth
    import components.banner
    import components.charts
    import components.nav
    import components.profile
    import components.sidebar
    import components.urlstate  # noqa: F401  (the page templates in views/ are app.py's to import)

    components.nav._cities(shown.version, shown)
    return loaded


def page_served() -> None:
    """Called by app.py at the end of each run: a first page has been served."""
    _first_page.set()
