"""Full-text search over practices: accent- and case-insensitive, every word must match."""

import re
import unicodedata

import pandas as pd

MAX_QUERY = 200


def normalise(text: str) -> str:
    """Lower-case, accents removed, punctuation turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^\w]+", " ", plain).strip()


def practice_documents(practices: pd.DataFrame, territories: pd.DataFrame,
                       labels: dict[str, dict[str, str]]) -> pd.Series:
    """One normalised text per practice: its words, its place and its facet labels."""
    names = territories.set_index("id")[["name", "country"]]

    def document(row) -> str:
        parts = [row.title, row.original_title, row.summary,
                 names.at[row.territory_id, "name"], names.at[row.territory_id, "country"]]
        for column, lookup in labels.items():
            parts += [lookup.get(item, item) for item in getattr(row, column)]
        return normalise(" ".join(str(p) for p in parts if isinstance(p, str)))

    return pd.Series([document(r) for r in practices.itertuples()], index=practices.index)


def search_practices(practices: pd.DataFrame, documents: pd.Series, query: str) -> pd.DataFrame:
    """Practices whose document holds every word of `query`, best first, with a `score`.

    Title matches weigh three times as much as matches elsewhere. An empty query keeps all.
    """
    words = normalise(query[:MAX_QUERY]).split()
    if not words:
        return practices.assign(score=0)
    docs = documents.reindex(practices.index)
    titles = practices["title"].map(normalise)
    hit = docs.map(lambda doc: all(re.search(rf"\b{re.escape(w)}", doc) for w in words)).astype(bool)
    score = sum(docs.str.count(rf"\b{re.escape(w)}") + 2 * titles.str.count(rf"\b{re.escape(w)}")
                for w in words)
    return practices.assign(score=score)[hit].sort_values("score", ascending=False, kind="stable")
