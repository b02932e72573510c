"""The real data read straight from the files with pandas, not through `hrcities.load`: the real-data
tests derive their expected counts from it, so they follow the data without trusting the code under test.
(Importable from every test folder: pytest puts `tests/` on the path for its conftest.py.)"""

from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def territories_on_file() -> pd.DataFrame:
    """data/territories.csv as text, with `is_member` from the stages data/stages.csv counts as members."""
    territories = pd.read_csv(DATA_DIR / "territories.csv", dtype=str, keep_default_na=False)
    stages = pd.read_csv(DATA_DIR / "stages.csv", dtype=str)
    member_stages = set(stages.loc[stages["counts_as_member"] == "true", "id"])
    return territories.assign(is_member=territories["stage"].isin(member_stages))


def members_on_file() -> int:
    """How many members data/territories.csv holds (51 on the December 2026 data)."""
    return int(territories_on_file()["is_member"].sum())
