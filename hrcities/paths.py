"""Where the campaign's files live."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "data"
LOCALES_DIR = ROOT / "locales"
STATIC_DIR = ROOT / "static"


def data_dir() -> Path:
    """The data folder: `HRCITIES_DATA_DIR` when set, else the shipped `data/`."""
    return Path(os.environ.get("HRCITIES_DATA_DIR") or DEFAULT_DATA_DIR)
