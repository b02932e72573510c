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


def practices_matching_on_file(pattern: str, lang: str, facets: set[str]) -> set[str]:
    """Ids of the practices whose text in `lang` (data/practices.csv for English, data/translations.csv
    otherwise), folded, matches the regular expression `pattern`, or that carry one of `facets` (a
    theme, target group or right id): what a reader of `lang` sees on the cards."""
    import re
    import unicodedata

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()

    practices = pd.read_csv(DATA_DIR / "practices.csv", dtype=str, keep_default_na=False)
    texts = {p.id: f"{p.title} {p.summary}" for p in practices.itertuples()} if lang == "en" else {}
    if lang != "en":
        translations = pd.read_csv(DATA_DIR / "translations.csv", dtype=str, keep_default_na=False)
        rows = translations[
            (translations["table"] == "practices")
            & (translations["lang"] == lang)
            & translations["field"].isin(["title", "summary"])
        ]
        for row in rows.itertuples():
            texts[row.record_id] = texts.get(row.record_id, "") + " " + row.text
    found = {pid for pid, text in texts.items() if re.search(pattern, fold(text))}
    for p in practices.itertuples():
        tags = set(p.themes.split("|")) | set(p.target_groups.split("|")) | set(p.rights.split("|"))
        if tags & facets:
            found.add(p.id)
    return found
