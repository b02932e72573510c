"""Coordinator sign-in: passphrase hashes, signed grants every write must carry, and rate limits.

The dashboard never stores a passphrase: secrets hold an argon2 hash (make one with
`python -m hrcities.auth hash`). A successful sign-in (passphrase, or an OpenID Connect identity on
the allow-list) yields a `Grant` signed with this process's key. The store's write functions call
`verify()` themselves, so hiding a button is never the only guard: a grant that was forged, edited
or copied from another process is refused.
"""

import getpass
import hashlib
import hmac
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .i18n import msg

GRANT_HOURS = 12
MAX_FAILURES = 5  # wrong passphrases per client ...
FAILURE_WINDOW = timedelta(minutes=15)  # ... within this window lock that client out
_HASHER = PasswordHasher()
_KEY = os.urandom(32)  # per process: a grant is only good in the process that issued it


class NotAuthorised(PermissionError):
    """A write was attempted without a valid coordinator grant."""

    def __init__(self, message: str | None = None):
        message = message or msg("Only a signed-in coordinator can change the data. Nothing was saved.")
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grant:
    """Proof that `name` signed in by `method` at `issued` (epoch seconds), signed by this process."""

    name: str
    method: str
    issued: float
    signature: str = field(repr=False)


def _sign(name: str, method: str, issued: float) -> str:
    return hmac.new(_KEY, f"{name}\x1f{method}\x1f{issued!r}".encode(), hashlib.sha256).hexdigest()


def issue(name: str, method: str, issued: float | None = None) -> Grant:
    """A fresh grant for a coordinator who just proved who they are; `issued` (epoch seconds, at most
    now) when the proof is an earlier sign-in's session cookie, so the grant expires with it."""
    issued = time.time() if issued is None else min(float(issued), time.time())
    return Grant(name, method, issued, _sign(name, method, issued))


def verify(grant: object) -> Grant:
    """The grant itself when it is genuine and not expired; otherwise raise `NotAuthorised`."""
    if not isinstance(grant, Grant):
        raise NotAuthorised()
    expected = _sign(grant.name, grant.method, grant.issued)
    if not hmac.compare_digest(expected, str(grant.signature)):
        raise NotAuthorised()
    if time.time() - grant.issued > GRANT_HOURS * 3600:
        raise NotAuthorised(msg("Your coordinator session has expired: sign in again. Nothing was saved."))
    return grant


def hash_passphrase(passphrase: str) -> str:
    """The argon2id hash to put in secrets as `coordinators.passphrase_hash`."""
    return _HASHER.hash(passphrase)


def passphrase_matches(passphrase: str, stored_hash: str) -> bool:
    """Whether `passphrase` matches the stored argon2 hash (False for a malformed hash)."""
    try:
        return _HASHER.verify(stored_hash, passphrase)
    except (VerificationError, InvalidHashError):
        return False


def locked_until(failures: list[datetime], now: datetime | None = None) -> datetime | None:
    """When a client with these recent failure times may try again, or None if it may now."""
    now = now or datetime.now(UTC)
    recent = sorted(t for t in failures if now - t < FAILURE_WINDOW)
    if len(recent) < MAX_FAILURES:
        return None
    return recent[-MAX_FAILURES] + FAILURE_WINDOW


def main(argv: list[str]) -> int:
    """`python -m hrcities.auth hash`: read a passphrase twice and print its argon2 hash."""
    if argv[1:] != ["hash"]:
        print("usage: python -m hrcities.auth hash", file=sys.stderr)
        return 2
    first = getpass.getpass("Coordinator passphrase: ")
    if len(first) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != first:
        print("The two entries differ.", file=sys.stderr)
        return 1
    print(hash_passphrase(first))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
