"""Coordinator sign-in in the app: OpenID Connect via `st.login` when configured, else a passphrase.

Configuration lives in Streamlit secrets (or, for the passphrase hash, the environment):

- `[auth]` (Streamlit's OIDC settings) plus `[coordinators] emails = [...]`: `st.login()`; only
  allow-listed e-mail addresses become coordinators.
- `[coordinators] passphrase_hash = "$argon2id$..."` (or `HRCITIES_COORDINATOR_HASH`): a shared
  coordinator passphrase, checked against its argon2 hash; wrong tries are rate-limited per client
  across every app process (`hrcities.auth.MAX_FAILURES` per `FAILURE_WINDOW`).

A successful sign-in stores a signed `hrcities.auth.Grant` in the session. The store verifies that
grant on every write, so a page that forgot to check, or a forged session value, still cannot write.
"""

import os
from datetime import UTC, datetime

import sqlalchemy as sa
import streamlit as st

from hrcities import auth

from .state import store, tr
from .text import md_escape

SESSION_KEY = "coordinator_grant"
HASH_ENV = "HRCITIES_COORDINATOR_HASH"


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


def current_grant() -> auth.Grant | None:
    """The session's coordinator grant when genuine and fresh, else None."""
    grant = st.session_state.get(SESSION_KEY)
    if grant is None:
        return None
    try:
        return auth.verify(grant)
    except auth.NotAuthorised:
        return None


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
    st.session_state[SESSION_KEY] = auth.issue(name.strip()[:80], "passphrase")
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


def sign_in_panel() -> None:
    """The sign-in controls for whichever method is configured (or how to configure one)."""
    _ = tr()
    if oidc_configured():
        _oidc_panel()
    elif passphrase_hash():
        _passphrase_form(passphrase_hash())
    else:
        st.info(
            _(
                "Coordinator sign-in is not configured on this server. An administrator sets a "
                "passphrase hash (python -m hrcities.auth hash) in .streamlit/secrets.toml under "
                "[coordinators] passphrase_hash, or configures an identity provider: see the "
                "README."
            )
        )


def sign_out() -> None:
    """Forget the session's grant (and the OIDC login, when used)."""
    grant = st.session_state.pop(SESSION_KEY, None)
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
    cols = st.columns([4, 1])
    cols[0].caption(_("Signed in as {name}.").format(name=md_escape(grant.name)))
    cols[1].button(_("Sign out"), on_click=sign_out, key="sign_out")
