"""Coordinator sign-in in the app: OpenID Connect via `st.login` when configured, else a passphrase.

Configuration lives in Streamlit secrets (or, for the passphrase hash, the environment):

- `[auth]` (Streamlit's OIDC settings) plus `[coordinators] emails = [...]`: `st.login()`; only
  allow-listed e-mail addresses become coordinators.
- `[coordinators] passphrase_hash = "$argon2id$..."` (or `HRCITIES_COORDINATOR_HASH`): a shared
  coordinator passphrase, checked against its argon2 hash; wrong tries are rate-limited per client
  across every app process (`hrcities.auth.MAX_FAILURES` per `FAILURE_WINDOW`).

- Nothing configured, on a server that listens only on this machine: `serve.py` prints a one-time
  sign-in link in its log at start (`hrcities.sessions`), which signs in once.

A successful sign-in stores a signed `hrcities.auth.Grant` in the session. The store verifies that
grant on every write, so a page that forgot to check, or a forged session value, still cannot write.
A passphrase or one-time-link sign-in also gets a signed, HttpOnly session cookie (set through
`serve.py`'s `/auth/session`), so that a reload keeps it for `auth.GRANT_HOURS`; signing out revokes
it on the server and deletes it. (An OIDC sign-in keeps Streamlit's own login cookie instead.)
"""

import json
import logging
import os
from datetime import UTC, datetime

import sqlalchemy as sa
import streamlit as st

from hrcities import auth, sessions
from hrcities.paths import data_dir, database_url

from .state import configured_url, store, tr
from .text import md_escape

SESSION_KEY = "coordinator_grant"
HASH_ENV = "HRCITIES_COORDINATOR_HASH"
LINK_NAME = "Coordinator (one-time link)"  # the name a first-run sign-in is recorded under
_SESSION_ID = "_coordinator_session_id"  # (id, expiry) of the session cookie behind the grant
_BROWSER = "_coordinator_browser"  # what the browser still has to do: ("set", handoff) or ("clear", "")
_LINK_REFUSED = "_coordinator_link_refused"
_log = logging.getLogger(__name__)


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except (FileNotFoundError, KeyError, AttributeError):
        return {}


def passphrase_hash() -> str | None:
    """The configured argon2 hash, if any."""
    return os.environ.get(HASH_ENV) or _secrets_section("coordinators").get("passphrase_hash")


def oidc_configured() -> bool:
    """True when Streamlit's `[auth]` secrets are set (an identity provider is configured)."""
    return bool(_secrets_section("auth"))


def _allowed_emails() -> set[str]:
    return {str(e).strip().lower() for e in _secrets_section("coordinators").get("emails", [])}


def configured() -> bool:
    """Whether any coordinator sign-in (identity provider or passphrase) is configured."""
    return oidc_configured() or bool(passphrase_hash())


def _scopes() -> dict[str, str]:
    """What a session cookie of each method must have been issued under to be accepted now."""
    if oidc_configured():
        return {}  # Streamlit's own login session then
    hashed = passphrase_hash()
    if hashed:
        return {"passphrase": sessions.scope_of("passphrase", hashed)}
    return {"link": sessions.scope_of("link", database_url(data_dir(), configured_url()))}


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no browser request behind this run (AppTest, a bare script)
        return None
    return value if isinstance(value, str) and value else None


def _start(name: str, method: str) -> auth.Grant:
    """Sign `name` in for this session, with a session cookie for the browser when the method has one."""
    grant = auth.issue(name, method)
    st.session_state[SESSION_KEY] = grant
    scope = _scopes().get(method)
    if scope:
        try:
            session, _token = sessions.issue(name, method, scope, issued=grant.issued)
            handoff = sessions.handoff(session)
        except OSError:  # no session secret to be had: the sign-in lasts as long as this session
            _log.warning("no session cookie: the session secret cannot be read or made", exc_info=True)
        else:
            st.session_state[_SESSION_ID] = (session.jti, session.expires)
            st.session_state[_BROWSER] = ("set", handoff)
    return grant


def _from_cookie() -> auth.Grant | None:
    token = _cookie()
    if token is None:
        return None
    try:
        session = sessions.read(token, _scopes())
    except OSError:
        return None
    if session is None:
        return None
    grant = auth.issue(session.name, session.method, issued=session.issued)
    try:
        grant = auth.verify(grant)
    except auth.NotAuthorised:
        return None
    st.session_state[SESSION_KEY] = grant
    st.session_state[_SESSION_ID] = (session.jti, session.expires)
    return grant


def _from_one_time_link() -> auth.Grant | None:
    """Sign in with the first run's one-time link (`?token=...`), only when nothing is configured."""
    token = st.query_params.get(sessions.ONE_TIME_PARAM)
    if not token or configured():
        return None
    del st.query_params[sessions.ONE_TIME_PARAM]
    if not sessions.redeem_one_time(token):
        st.session_state[_LINK_REFUSED] = True
        return None
    return _start(LINK_NAME, "link")


def current_grant() -> auth.Grant | None:
    """The session's coordinator grant when genuine and fresh, else None. A new session takes it from
    a valid session cookie (a reload) or the first run's one-time link."""
    grant = st.session_state.get(SESSION_KEY)
    if grant is not None:
        try:
            grant = auth.verify(grant)
        except auth.NotAuthorised:
            grant = None
        else:
            held = st.session_state.get(_SESSION_ID)
            if held is None or not sessions.is_revoked(held[0]):
                return grant
            st.session_state.pop(SESSION_KEY, None)  # signed out in another tab or process
            st.session_state.pop(_SESSION_ID, None)
            return None
    return _from_one_time_link() or _from_cookie()


def sync_browser() -> None:
    """Give the browser its session cookie after a sign-in, or delete it after a sign-out, through
    serve.py's routes (a few lines of script; the cookie itself stays out of reach of scripts)."""
    pending = st.session_state.pop(_BROWSER, None)
    if pending is None:
        return
    kind, handoff = pending
    if kind == "set":
        request = (
            f"fetch({json.dumps(sessions.SESSION_PATH)}, {{method: 'POST', credentials: 'same-origin', "
            "headers: {'Content-Type': 'application/json'}, "
            f"body: JSON.stringify({{handoff: {json.dumps(handoff)}}})}})"
        )
    else:
        request = (
            f"fetch({json.dumps(sessions.SIGNOUT_PATH)}, {{method: 'POST', credentials: 'same-origin'}})"
        )
    st.html(f"<script>{request}.catch(() => null);</script>", unsafe_allow_javascript=True)


def client_key() -> str:
    """Who is asking, for rate limits: the client's IP address when Streamlit knows it."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "local"


def _database_down() -> None:
    _ = tr()
    st.error(
        _(
            "Sign-in is not available while the campaign database cannot be reached. Nothing was "
            "changed; please try again in a moment."
        )
    )


def _passphrase_form(hashed: str) -> None:
    _ = tr()
    s = store()
    try:  # the rate limit is kept in the database: no sign-in while it cannot be read
        locked = auth.locked_until(s.recent_failures(client_key()))
    except sa.exc.SQLAlchemyError:
        _database_down()
        return
    if locked is not None:
        minutes = max(1, int((locked - datetime.now(UTC)).total_seconds() // 60) + 1)
        st.error(
            _("Too many wrong passphrases from this connection. Try again in {minutes} minute(s).").format(
                minutes=minutes
            )
        )
        return
    with st.form("sign_in"):
        name = st.text_input(_("Your name (shown in the activity log)"), max_chars=80)
        passphrase = st.text_input(_("Coordinator passphrase"), type="password", max_chars=200)
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if not submitted:
        return
    if not name.strip():
        st.error(_("Please give your name: every change is recorded with it."))
        return
    try:
        locked = auth.locked_until(s.recent_failures(client_key()))
    except sa.exc.SQLAlchemyError:
        _database_down()
        return
    if locked is not None:  # locked while the form was open
        st.rerun()
    ok = auth.passphrase_matches(passphrase, hashed)
    try:
        s.record_sign_in(client_key(), ok)
    except sa.exc.SQLAlchemyError:  # not recorded, so not granted either
        _database_down()
        return
    if not ok:
        st.error(_("That passphrase is not right. Nothing was changed."))
        return
    _start(name.strip()[:80], "passphrase")
    st.rerun()


def _oidc_panel() -> None:
    _ = tr()
    if not st.user.is_logged_in:
        st.button(_("Sign in with your organisation account"), on_click=st.login, type="primary")
        return
    email = str(st.user.get("email") or "").lower()
    if email in _allowed_emails():
        st.session_state[SESSION_KEY] = auth.issue(email, "oidc")
        st.rerun()
    st.error(
        _("You are signed in as {email}, which is not on the coordinators' list.").format(email=email or "?")
    )
    st.button(_("Sign out"), on_click=st.logout)


def _first_run_panel() -> None:
    _ = tr()
    if sessions.one_time_link_issued():
        st.info(
            _(
                "No coordinator sign-in is configured yet. Look in the server's log (the terminal "
                "where it was started) for a one-time sign-in link, and open it on this machine: it "
                "signs you in once."
            )
        )
    else:
        st.info(
            _(
                "Coordinator sign-in is not configured on this server. An administrator sets a "
                "passphrase hash (python -m hrcities.auth hash) in .streamlit/secrets.toml under "
                "[coordinators] passphrase_hash, or configures an identity provider: see the "
                "README."
            )
        )
        st.caption(
            _(
                "On a first run, a server started with no sign-in configured and listening only on "
                "this machine (python -m streamlit run serve.py --server.address 127.0.0.1) prints a "
                "one-time sign-in link in its log."
            )
        )


def sign_in_panel() -> None:
    """The sign-in controls for whichever method is configured (or how to configure one)."""
    _ = tr()
    sync_browser()
    if st.session_state.pop(_LINK_REFUSED, False):
        st.error(
            _(
                "This one-time sign-in link has already been used or has expired. Restart the server "
                "for a new one, or set a passphrase."
            )
        )
    if oidc_configured():
        _oidc_panel()
    elif passphrase_hash():
        _passphrase_form(passphrase_hash())
    else:
        _first_run_panel()


def sign_out() -> None:
    """Forget the session's grant, end its session cookie (revoked on the server, deleted from the
    browser) and the OIDC login, when used."""
    grant = st.session_state.pop(SESSION_KEY, None)
    ended = [st.session_state.pop(_SESSION_ID, None)]
    try:
        ended.append(sessions.token_id(_cookie()))
        for known in ended:
            if known is not None:
                sessions.revoke(*known)
    except OSError:
        _log.warning("a signed-out session could not be recorded as revoked", exc_info=True)
    st.session_state[_BROWSER] = ("clear", "")
    if isinstance(grant, auth.Grant) and grant.method == "oidc":
        st.logout()


def require_grant() -> auth.Grant:
    """The coordinator's grant; otherwise show the sign-in panel and stop the page here."""
    grant = current_grant()
    if grant is None:
        _ = tr()
        st.info(_("This page is for campaign coordinators. Sign in to continue."))
        sign_in_panel()
        st.stop()
    return grant


def signed_in_caption(grant: auth.Grant) -> None:
    """Who is signed in, with a sign-out button."""
    _ = tr()
    sync_browser()
    cols = st.columns([4, 1])
    cols[0].caption(_("Signed in as {name}.").format(name=md_escape(grant.name)))
    cols[1].button(_("Sign out"), on_click=sign_out, key="sign_out")


def first_run_note(grant: auth.Grant) -> None:
    """After a sign-in with the one-time link: how coordinators will sign in from now on."""
    if grant.method != "link":
        return
    _ = tr()
    st.info(
        _(
            "You signed in with the server's one-time link, which works only once. So that "
            "coordinators can sign in later, set a passphrase hash (python -m hrcities.auth hash) in "
            ".streamlit/secrets.toml under [coordinators] passphrase_hash, or in the environment "
            "variable HRCITIES_COORDINATOR_HASH, and restart the server: see the README."
        )
    )
