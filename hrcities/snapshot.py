"""A validated campaign kept on disk, so a restarted process skips reading and checking every record.

The file is keyed by the store (URL, data version and the time of its last change), the data folder's
fingerprint (its session file is read from there) and the code that builds a campaign, so any write,
re-seed or code change gives a new key and the store is read and checked again. Files live in
`var/cache/` beside the embedded store; the key holds no secret (the URL's password is left out).
"""

import hashlib
import os
import pickle
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from .load import Campaign, data_version
from .memory import collection_paused
from .paths import ROOT, VAR_DIR

CACHE_DIR = VAR_DIR / "cache"
KEEP = 8  # newest snapshots kept; older ones are removed when a new one is written
_CODE = tuple(sorted((ROOT / "hrcities").rglob("*.py")))  # every module, packages included


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _CODE:
        stat = path.stat()
        digest.update(f"{path.relative_to(ROOT).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def snapshot_path(store, stamp: tuple[int, datetime | None]) -> Path:
    """Where the campaign of `store` at `stamp` (`Store.stamp()`: its version and last change) is kept."""
    url = sa.make_url(store.url).render_as_string(hide_password=True)
    version, changed_at = stamp
    changed = changed_at.isoformat() if changed_at is not None else ""
    key = "|".join([url, str(version), changed, data_version(store.data_dir), _code_fingerprint()])
    return CACHE_DIR / f"campaign-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


def load(store) -> Campaign:
    """`store.load()`, read from the disk snapshot when one matches; writes one when it does not."""
    stamp = store.stamp()
    path = snapshot_path(store, stamp)
    try:
        with path.open("rb") as file, collection_paused():
            campaign = pickle.load(file)  # noqa: S301 (our own file, written below)
        if isinstance(campaign, Campaign):
            return campaign
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    campaign = store.load()
    if campaign.version == f"store-{stamp[0]}":  # not changed while it was read
        _write(path, campaign)
    return campaign


def _write(path: Path, campaign: Campaign) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        with partial.open("wb") as file:
            pickle.dump(campaign, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        for old in sorted(CACHE_DIR.glob("campaign-*.pickle"), key=lambda f: f.stat().st_mtime)[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # a read-only disk, or a file another process just removed: nothing is lost
