"""Sign-ins that last: signed session cookies (expiry, scope, revocation, the handoff), the first run's
one-time link, and what the Coordinators page says about them (AppTest)."""

import json
import time
from pathlib import Path

import pytest
import streamlit as st
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from hrcities import auth, sessions

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SIGNIN = "views/coordinator/signin.py"
PASSPHRASE = "correct horse battery staple"
SCOPE = sessions.scope_of("passphrase", "$argon2id$example")


@pytest.fixture(autouse=True)
def session_dir(tmp_path, monkeypatch) -> Path:
    """The secret and the revocations of each test in a folder of its own, never var/."""
    folder = tmp_path / "sessions"
    monkeypatch.setenv(sessions.DIR_ENV, str(folder))
    monkeypatch.delenv(sessions.SECRET_ENV, raising=False)
    monkeypatch.setattr(sessions, "_revoked_cache", None)
    sessions._one_time.clear()
    yield folder
    sessions._one_time.clear()


# -- the cookie token -------------------------------------------------------------------------------


def test_a_cookie_token_reads_back_until_it_expires():
    session, token = sessions.issue("Ana", "passphrase", SCOPE)
    assert sessions.read(token, {"passphrase": SCOPE}) == session
    assert session.expires - session.issued == auth.GRANT_HOURS * 3600
    assert sessions.read(token, {"passphrase": SCOPE}, now=session.expires - 1) == session
    assert sessions.read(token, {"passphrase": SCOPE}, now=session.expires) is None


def test_the_secret_is_made_once_and_kept_private(session_dir):
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    secret = session_dir / "session-secret"
    assert secret.stat().st_mode & 0o077 == 0
    assert sessions.read(token, {"passphrase": SCOPE}) is not None  # same secret read back
    secret.write_text("00" * 32)  # another secret: the old cookies are worthless
    assert sessions.read(token, {"passphrase": SCOPE}) is None


def test_the_secret_may_come_from_the_environment(monkeypatch, session_dir):
    monkeypatch.setenv(sessions.SECRET_ENV, "a shared secret for every host")
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    assert not (session_dir / "session-secret").exists()
    monkeypatch.setenv(sessions.SECRET_ENV, "another secret")
    assert sessions.read(token, {"passphrase": SCOPE}) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature
        lambda t: "x" + t,  # body
        lambda t: t.replace(".", ""),
        lambda t: t + "." + t,
        lambda t: "",
    ],
)
def test_an_edited_cookie_is_refused(tamper):
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    assert sessions.read(tamper(token), {"passphrase": SCOPE}) is None


def test_a_cookie_with_a_forged_body_is_refused():
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    body, signature = token.split(".")
    payload = json.loads(sessions._unb64(body))
    payload["n"], payload["exp"] = "intruder", payload["exp"] + 10**6
    forged = sessions._b64(json.dumps(payload).encode()) + "." + signature
    assert sessions.read(forged, {"passphrase": SCOPE}) is None


def test_a_cookie_is_good_only_under_the_configuration_it_was_issued_under():
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    assert sessions.read(token, {"passphrase": sessions.scope_of("passphrase", "$argon2id$new")}) is None
    assert sessions.read(token, {"link": SCOPE}) is None  # another method
    assert sessions.read(token, {}) is None  # e.g. an identity provider configured since


def test_a_handoff_sets_the_cookie_once_and_not_after_its_minutes():
    session, token = sessions.issue("Ana", "passphrase", SCOPE)
    handoff = sessions.handoff(session)
    assert sessions.redeem_handoff(handoff) == (token, session.expires)
    assert sessions.redeem_handoff(handoff) is None  # used up
    late = sessions.handoff(session, now=time.time() - sessions.HANDOFF_SECONDS - 1)
    assert sessions.redeem_handoff(late) is None
    assert sessions.redeem_handoff(token) is None  # a cookie token is no handoff
    assert token not in handoff and token.split(".")[1] not in handoff  # nor holds the cookie's value


def test_signing_out_revokes_the_token_for_every_process(session_dir):
    session, token = sessions.issue("Ana", "passphrase", SCOPE)
    other, other_token = sessions.issue("Ben", "passphrase", SCOPE)
    sessions.revoke(session.jti, session.expires)
    assert sessions.read(token, {"passphrase": SCOPE}) is None
    assert sessions.read(other_token, {"passphrase": SCOPE}) == other  # only that sign-in ends
    assert sessions.redeem_handoff(sessions.handoff(session)) is None
    stored = json.loads((session_dir / "coordinator-sessions.json").read_text())
    assert session.jti in stored["revoked"]


def test_expired_revocations_are_dropped_from_the_file(session_dir):
    sessions.revoke("old", time.time() - 1)
    sessions.revoke("new", time.time() + 60)
    stored = json.loads((session_dir / "coordinator-sessions.json").read_text())
    assert set(stored["revoked"]) == {"new"}


# -- the routes serve.py mounts -------------------------------------------------------------------


def client() -> TestClient:
    return TestClient(Starlette(routes=sessions.routes()), base_url="http://127.0.0.1")


def test_the_session_route_sets_an_httponly_cookie_for_the_sign_in_lifetime():
    session, token = sessions.issue("Ana", "passphrase", SCOPE)
    with client() as c:
        answer = c.post(sessions.SESSION_PATH, json={"handoff": sessions.handoff(session)})
        assert answer.status_code == 204
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith(f"{sessions.COOKIE}={token};")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
        assert abs(max_age - (session.expires - time.time())) < 5
        assert "Secure" not in cookie  # plain http on this machine
        again = c.post(sessions.SESSION_PATH, json={"handoff": sessions.handoff(session)})
        assert again.status_code == 204


def test_the_session_route_refuses_forms_bad_and_used_handoffs():
    session, _token = sessions.issue("Ana", "passphrase", SCOPE)
    handoff = sessions.handoff(session)
    with client() as c:
        assert c.post(sessions.SESSION_PATH, data={"handoff": handoff}).status_code == 415
        assert c.post(sessions.SESSION_PATH, json={"handoff": "nonsense"}).status_code == 403
        assert c.post(sessions.SESSION_PATH, json={"handoff": handoff}).status_code == 204
        refused = c.post(sessions.SESSION_PATH, json={"handoff": handoff})
        assert refused.status_code == 403 and "set-cookie" not in refused.headers
        assert c.get(sessions.SESSION_PATH).status_code == 405


def test_behind_https_the_cookie_is_secure():
    session, _token = sessions.issue("Ana", "passphrase", SCOPE)
    with client() as c:
        answer = c.post(
            sessions.SESSION_PATH,
            json={"handoff": sessions.handoff(session)},
            headers={"X-Forwarded-Proto": "https"},
        )
    assert "Secure" in answer.headers["set-cookie"]


def test_the_signout_route_revokes_and_deletes_the_cookie():
    _session, token = sessions.issue("Ana", "passphrase", SCOPE)
    with client() as c:
        c.cookies.set(sessions.COOKIE, token)
        answer = c.get(sessions.SIGNOUT_PATH, params={"next": "//elsewhere.example"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/coordinators"
    assert (
        f'{sessions.COOKIE}="";' in answer.headers["set-cookie"]
        or "Max-Age=0" in answer.headers["set-cookie"]
    )
    assert sessions.read(token, {"passphrase": SCOPE}) is None


# -- the one-time link ---------------------------------------------------------------------------


def test_a_one_time_token_signs_in_once_within_its_hours():
    token = sessions.new_one_time_token()
    assert sessions.one_time_link_issued()
    assert not sessions.redeem_one_time("guess" + token)
    assert sessions.redeem_one_time(token)
    assert not sessions.redeem_one_time(token)
    assert not sessions.one_time_link_issued()
    stale = sessions.new_one_time_token(now=time.time() - sessions.ONE_TIME_HOURS * 3600 - 1)
    assert not sessions.redeem_one_time(stale)


@pytest.mark.parametrize(
    ("environ", "secrets_", "configured"),
    [
        ({}, {}, False),
        ({}, None, False),
        ({"HRCITIES_COORDINATOR_HASH": "$argon2id$x"}, {}, True),
        ({}, {"coordinators": {"passphrase_hash": "$argon2id$x"}}, True),
        ({}, {"coordinators": {"emails": ["a@b.org"]}}, False),
        ({}, {"auth": {"client_id": "x"}}, True),
    ],
)
def test_what_counts_as_configured(environ, secrets_, configured):
    assert sessions.coordinator_configured(environ, secrets_) is configured


def test_the_link_is_printed_only_unconfigured_and_on_loopback(capsys):
    assert sessions.announce_first_run("127.0.0.1", 8501, "", configured=True) is None
    assert sessions.announce_first_run(None, 8501, "", configured=False) is None  # every interface
    assert sessions.announce_first_run("0.0.0.0", 8501, "", configured=False) is None
    assert capsys.readouterr().out == ""
    assert not sessions.one_time_link_issued()
    link = sessions.announce_first_run("localhost", 8501, "/dash/", configured=False)
    assert link.startswith("http://localhost:8501/dash/coordinators?token=")
    out = capsys.readouterr().out
    assert f"Coordinator sign-in (one time, for {sessions.ONE_TIME_HOURS} hours): {link}" in out
    assert sessions.redeem_one_time(link.split("token=")[1])


def test_serve_prints_the_link_at_start_when_nothing_is_configured(monkeypatch, capsys):
    import serve

    monkeypatch.delenv("HRCITIES_COORDINATOR_HASH", raising=False)
    options = {"server.address": "127.0.0.1", "server.port": 8599, "server.baseUrlPath": ""}
    monkeypatch.setattr(st, "get_option", options.get)
    monkeypatch.setattr(serve.st, "secrets", {})
    serve._first_run_link()
    assert "http://127.0.0.1:8599/coordinators?token=" in capsys.readouterr().out
    monkeypatch.setenv("HRCITIES_COORDINATOR_HASH", auth.hash_passphrase(PASSPHRASE))
    sessions._one_time.clear()
    serve._first_run_link()
    assert capsys.readouterr().out == ""
    assert not sessions.one_time_link_issued()


# -- the Coordinators page (AppTest) ----------------------------------------------------------------


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("HRCITIES_DATABASE_URL", url)
    monkeypatch.delenv("HRCITIES_COORDINATOR_HASH", raising=False)
    monkeypatch.delenv("HRCITIES_DATA_DIR", raising=False)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


def signin_page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(SIGNIN).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("info", "error", "caption", "markdown") for e in at.get(kind))


def test_unconfigured_without_a_link_the_page_says_how_to_get_one(store_url):
    at = signin_page()
    assert "not configured on this server" in texts(at)
    assert "prints a one-time sign-in link in its log" in texts(at)
    assert "coordinator_grant" not in at.session_state


def test_unconfigured_with_a_link_printed_the_page_says_where_to_look(store_url):
    sessions.new_one_time_token()
    at = signin_page()
    assert "Look in the server's log" in texts(at)


def test_the_one_time_link_signs_in_once(store_url):
    token = sessions.new_one_time_token()
    at = signin_page({"token": token})
    grant = at.session_state["coordinator_grant"]
    assert grant.method == "link" and auth.verify(grant)
    assert "Signed in as Coordinator" in texts(at)
    assert "works only once" in texts(at)  # and how to set a passphrase
    assert "token" not in at.query_params
    again = signin_page({"token": token})
    assert "coordinator_grant" not in again.session_state
    assert "already been used or has expired" in texts(again)


def test_a_configured_server_ignores_a_one_time_token(store_url, monkeypatch):
    token = sessions.new_one_time_token()
    monkeypatch.setenv("HRCITIES_COORDINATOR_HASH", auth.hash_passphrase(PASSPHRASE))
    at = signin_page({"token": token})
    assert "coordinator_grant" not in at.session_state
    assert "Coordinator passphrase" in [t.label for t in at.text_input]
    assert sessions.redeem_one_time(token)  # not even used up by the visit


def test_a_passphrase_sign_in_hands_the_browser_its_cookie_and_sign_out_revokes_it(store_url, monkeypatch):
    monkeypatch.setenv("HRCITIES_COORDINATOR_HASH", auth.hash_passphrase(PASSPHRASE))
    at = signin_page()
    at.text_input[0].input("Ana Coordinator")
    at.text_input[1].input(PASSPHRASE)
    next(b for b in at.get("form_submit_button") if b.label == "Sign in").click().run()
    assert not at.exception
    scripts = [h.proto.body for h in at.get("html")]
    assert any(sessions.SESSION_PATH in body and "handoff" in body for body in scripts)
    jti, _expires = at.session_state["_coordinator_session_id"]
    assert not sessions.is_revoked(jti)
    next(b for b in at.button if b.label == "Sign out").click().run()
    assert "coordinator_grant" not in at.session_state
    assert sessions.is_revoked(jti)
    assert any(sessions.SIGNOUT_PATH in h.proto.body for h in at.get("html"))
