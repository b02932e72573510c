"""Where the campaign's files and its store live."""

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "data"
LOCALES_DIR = ROOT / "locales"
STATIC_DIR = ROOT / "static"
VAR_DIR = ROOT / "var"
DATABASE_ENV = "HRCITIES_DATABASE_URL"


def data_dir() -> Path:
    """The data folder: `HRCITIES_DATA_DIR` when set, else the shipped `data/`."""
    return Path(os.environ.get("HRCITIES_DATA_DIR") or DEFAULT_DATA_DIR)


def default_database_url(folder: Path) -> str:
    """The embedded store: a SQLite file in `var/`, one per data folder it was seeded from."""
    folder = Path(folder).resolve()
    if folder == DEFAULT_DATA_DIR.resolve():
        name = "hrcities.sqlite3"
    else:
        name = f"hrcities-{hashlib.sha256(str(folder).encode()).hexdigest()[:10]}.sqlite3"
    return f"sqlite:///{VAR_DIR / name}"


def database_url(folder: Path, configured: str | None = None) -> str:
    """The store's URL: `HRCITIES_DATABASE_URL`, else `configured` (Streamlit secrets), else SQLite."""
    return os.environ.get(DATABASE_ENV) or configured or default_database_url(folder)
