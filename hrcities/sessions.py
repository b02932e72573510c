"""Coordinator sign-ins that outlast a reload, and the first run's one-time sign-in link.

A coordinator's `hrcities.auth.Grant` lives in one Streamlit session of one process. So that a
reload (a new session) keeps the sign-in for its stated lifetime (`auth.GRANT_HOURS`), a sign-in
also gets a **session cookie**: an HttpOnly, SameSite=Lax cookie holding a token signed (HMAC-SHA256)
with the server's session secret (`HRCITIES_SESSION_SECRET`, else `var/session-secret`, made on first
use and shared by every process on this machine). The token carries the coordinator's name, the
sign-in method, its issue and expiry times, a random id and a *scope* (a fingerprint of the sign-in
configuration it was issued under: a new passphrase ends every cookie of the old one).

The Streamlit script cannot set a header, so the page hands the browser a short-lived, single-use
*handoff* token (not the cookie's value), and a few lines of script post it to `/auth/session`
(mounted by `serve.py`), which answers with the cookie. Signing out revokes the token's id on the
server (in `var/`, so in every process of this host: a copied cookie stops working too) and
`/auth/signout` deletes the cookie.

The **one-time link**: a server with no coordinator configured that listens only on this machine
prints, at start, a link carrying a random token (as Jupyter does). The token's hash is kept in this
process's memory; it signs in once, within `ONE_TIME_HOURS`. A configured server never makes nor
accepts one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hrcities.auth import GRANT_HOURS
from hrcities.paths import VAR_DIR

COOKIE = "hrcities_coordinator"
SECRET_ENV = "HRCITIES_SESSION_SECRET"
DIR_ENV = "HRCITIES_SESSION_DIR"  # where the secret and the revocations are kept (default: var/)
HASH_ENV = "HRCITIES_COORDINATOR_HASH"
LIFETIME = GRANT_HOURS * 3600  # seconds: a cookie lasts as long as the sign-in it carries
HANDOFF_SECONDS = 120  # the page's handoff token must reach /auth/session within this
ONE_TIME_HOURS = 24
ONE_TIME_PARAM = "token"
SESSION_PATH = "/auth/session"
SIGNOUT_PATH = "/auth/signout"
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_revoked_cache: tuple[float, dict[str, float]] | None = None  # (file mtime, revoked ids)


@dataclass(frozen=True)
class Session:
    """A signed-in coordinator as a cookie carries them."""

    name: str
    method: str
    issued: float
    expires: float
    jti: str  # the token's random id, revoked at sign-out
    scope: str


# -- where things are kept ------------------------------------------------------------------------


def state_dir() -> Path:
    return Path(os.environ.get(DIR_ENV) or VAR_DIR)


def _secret() -> bytes:
    """The server's session secret: `HRCITIES_SESSION_SECRET`, else a random file made on first use."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode()
    path = state_dir() / "session-secret"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: two processes starting together agree on one secret
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the other process is writing it
            text = path.read_text().strip()
            if len(text) == 64:
                return bytes.fromhex(text)
            time.sleep(0.02)
        raise
    with os.fdopen(fd, "w") as f:
        f.write(os.urandom(32).hex())
    return bytes.fromhex(path.read_text().strip())


def _key(purpose: str) -> bytes:
    return hmac.new(_secret(), f"hrcities-{purpose}".encode(), hashlib.sha256).digest()


# -- signed tokens ---------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: dict, purpose: str) -> str:
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_b64(hmac.new(_key(purpose), body.encode(), hashlib.sha256).digest())}"


def _unsign(token: object, purpose: str, now: float | None = None) -> dict | None:
    """The payload of a genuine, unexpired token signed for `purpose`, else None."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 4096:
        return None
    body, signature = token.split(".")
    expected = _b64(hmac.new(_key(purpose), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        payload = json.loads(_unb64(body))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int | float):
        return None
    if (now if now is not None else time.time()) >= payload["exp"]:
        return None
    return payload


def scope_of(method: str, configuration: str) -> str:
    """The fingerprint a cookie is bound to: the method and what it was checked against (the
    passphrase's hash, or the store a first-run link signed in to)."""
    return hashlib.sha256(f"{method}\x1f{configuration}".encode()).hexdigest()[:24]


def _payload(session: Session) -> dict:
    return {
        "n": session.name,
        "m": session.method,
        "iat": session.issued,
        "exp": session.expires,
        "jti": session.jti,
        "s": session.scope,
    }


def issue(name: str, method: str, scope: str, issued: float | None = None) -> tuple[Session, str]:
    """A new session and its cookie token, expiring `LIFETIME` after `issued` (default: now)."""
    issued = time.time() if issued is None else issued
    session = Session(name, method, issued, issued + LIFETIME, secrets.token_urlsafe(12), scope)
    return session, _sign(_payload(session), "cookie")


def read(token: object, scopes: Mapping[str, str], now: float | None = None) -> Session | None:
    """The session a cookie token stands for: genuine, unexpired, not revoked, and issued under the
    scope `scopes` gives for its method (a method missing from `scopes` is not accepted now)."""
    payload = _unsign(token, "cookie", now)
    if payload is None or not payload.get("s") or scopes.get(str(payload.get("m"))) != payload.get("s"):
        return None
    try:
        session = Session(
            str(payload["n"]),
            str(payload["m"]),
            float(payload["iat"]),
            float(payload["exp"]),
            str(payload["jti"]),
            str(payload["s"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    if session.expires - session.issued > LIFETIME + 1 or is_revoked(session.jti):
        return None
    return session


def handoff(session: Session, now: float | None = None) -> str:
    """A single-use token, good for `HANDOFF_SECONDS`, that `/auth/session` turns into the session's
    cookie (so the page never holds the cookie's own value)."""
    now = time.time() if now is None else now
    payload = {"p": _payload(session), "exp": now + HANDOFF_SECONDS, "jti": secrets.token_urlsafe(12)}
    return _sign(payload, "handoff")


def redeem_handoff(token: object, now: float | None = None) -> tuple[str, float] | None:
    """(cookie token, its expiry) for a genuine, fresh, unused handoff; it is then used up."""
    payload = _unsign(token, "handoff", now)
    inner = payload.get("p") if payload else None
    if not isinstance(inner, dict) or not isinstance(inner.get("exp"), int | float):
        return None
    if (now if now is not None else time.time()) >= inner["exp"] or is_revoked(str(inner.get("jti"))):
        return None
    if not _mark_used("h:" + str(payload.get("jti")), float(payload["exp"])):
        return None
    return _sign(inner, "cookie"), float(inner["exp"])


def token_id(token: object) -> tuple[str, float] | None:
    """(id, expiry) of a genuine cookie token, whatever its scope or state, to revoke it."""
    payload = _unsign(token, "cookie")
    if payload is None:
        return None
    return str(payload.get("jti")), float(payload["exp"])


# -- revocations, shared by the processes through a small file --------------------------------------


def _revocations_path() -> Path:
    return state_dir() / "coordinator-sessions.json"


def _load(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    revoked = data.get("revoked") if isinstance(data, dict) else None
    return {str(k): float(v) for k, v in revoked.items()} if isinstance(revoked, dict) else {}


@contextlib.contextmanager
def _file_lock(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _mark_used(token_key: str, expires: float) -> bool:
    """Record `token_key` as revoked until `expires`; False when it already was."""
    path = _revocations_path()
    with _lock, _file_lock(path):
        now = time.time()
        revoked = {k: v for k, v in _load(path).items() if v > now}  # expired ones need no record
        if token_key in revoked:
            return False
        revoked[token_key] = expires
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"revoked": revoked}))
        tmp.replace(path)
    return True


def revoke(jti: str, expires: float) -> None:
    """End the session with this id, in every process (its cookie, wherever copied, is refused)."""
    _mark_used(jti, expires)


def is_revoked(jti: str) -> bool:
    global _revoked_cache
    path = _revocations_path()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return False
    cached = _revoked_cache
    if cached is None or cached[0] != mtime:
        cached = (mtime, _load(path))
        _revoked_cache = cached
    return jti in cached[1]


# -- the first run's one-time link ------------------------------------------------------------------

_one_time: dict[str, float] = {}  # sha256 of a token -> when it expires (this process only)


def coordinator_configured(environ: Mapping[str, str], secrets_: Mapping | None) -> bool:
    """Whether any coordinator sign-in is configured: a passphrase hash (environment or secrets) or an
    identity provider (`[auth]` in secrets)."""
    if environ.get(HASH_ENV):
        return True
    try:
        coordinators = dict((secrets_ or {}).get("coordinators", {}) or {})
        provider = dict((secrets_ or {}).get("auth", {}) or {})
    except (FileNotFoundError, KeyError, AttributeError, TypeError, ValueError):
        return False
    return bool(coordinators.get("passphrase_hash") or provider)


def listens_locally(address: str | None) -> bool:
    """True for a loopback address; an unset address means every interface, so False."""
    return bool(address) and str(address).strip().lower() in LOOPBACK


def new_one_time_token(now: float | None = None) -> str:
    """A random token that `redeem_one_time` accepts once, within `ONE_TIME_HOURS`."""
    token = secrets.token_urlsafe(32)
    now = time.time() if now is None else now
    with _lock:
        _one_time[hashlib.sha256(token.encode()).hexdigest()] = now + ONE_TIME_HOURS * 3600
    return token


def one_time_link_issued() -> bool:
    """Whether this process printed a one-time link that is still unused and unexpired."""
    now = time.time()
    return any(expires > now for expires in _one_time.values())


def redeem_one_time(token: object, now: float | None = None) -> bool:
    """True once for a token made by `new_one_time_token` (and then never again)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return False
    digest = hashlib.sha256(token.encode()).hexdigest()
    now = time.time() if now is None else now
    with _lock:
        expires = _one_time.pop(digest, None)
    return expires is not None and now < expires


def announce_first_run(address: str | None, port: int | str, base_path: str, configured: bool) -> str | None:
    """At server start: the one-time sign-in link, logged, when no coordinator is configured and the
    server listens only on this machine (else None; a hint when only the address is wrong)."""
    if configured:
        return None
    if not listens_locally(address):
        _log.warning(
            "No coordinator sign-in is configured. Set a passphrase hash (python -m hrcities.auth hash), "
            "or start the server with --server.address 127.0.0.1 to get a one-time sign-in link here."
        )
        return None
    host = "[::1]" if str(address).strip() in {"::1", "[::1]"} else str(address).strip()
    base = "/" + base_path.strip("/") if base_path and base_path.strip("/") else ""
    link = f"http://{host}:{port}{base}/coordinators?{ONE_TIME_PARAM}={new_one_time_token()}"
    message = (
        "No coordinator sign-in is configured. Coordinator sign-in (one time, for "
        f"{ONE_TIME_HOURS} hours): {link}"
    )
    print(message, flush=True)  # the log a first-run administrator watches, as Jupyter does
    return link


# -- the routes that set and delete the cookie (mounted by serve.py) ---------------------------------


def _secure(request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _safe_next(value: str | None) -> str:
    """Only a path on this server (never `//host` or a scheme)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/coordinators"
    return value


async def _session_route(request):
    from starlette.responses import Response

    # JSON only: a cross-site form cannot send it without a CORS preflight, which this route refuses
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return Response("Expected JSON.", status_code=415, media_type="text/plain")
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    redeemed = redeem_handoff(body.get("handoff") if isinstance(body, dict) else None)
    if redeemed is None:
        return Response("Sign-in token refused.", status_code=403, media_type="text/plain")
    cookie_token, expires = redeemed
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE,
        cookie_token,
        max_age=max(1, int(expires - time.time())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


async def _signout_route(request):
    from starlette.responses import RedirectResponse, Response

    known = token_id(request.cookies.get(COOKIE))
    if known is not None:
        revoke(*known)
    if request.method == "GET":
        response = RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    else:
        response = Response(status_code=204)
    response.headers["Cache-Control"] = "no-store"
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def routes() -> list:
    """`/auth/session` (POST a handoff: sets the cookie) and `/auth/signout` (GET or POST: revokes and
    deletes it), as Starlette routes."""
    from starlette.routing import Route

    return [
        Route(SESSION_PATH, _session_route, methods=["POST"]),
        Route(SIGNOUT_PATH, _signout_route, methods=["GET", "POST"]),
    ]
