"""Choosing territories by name, from 24 or from 10,000.

Up to `LIST_LIMIT` names, a plain select box lists them all (its own type-ahead filters them). Above
that, a list of thousands of names would be sent to the browser on every rerun and drawn by it, so the
viewer types part of a name first and the box offers the first `MATCH_LIMIT` matches (accents and case
ignored), plus whatever is already chosen, so that a choice made on the map or in a shared link stays.
"""

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from hrcities import i18n
from hrcities.search import normalise, normalise_all

from .state import language, tr

LIST_LIMIT = 500
MATCH_LIMIT = 100
QUERY_MAX = 100


def matching(names: pd.Series, query: str, limit: int = MATCH_LIMIT) -> list[str]:
    """Ids (the index of `names`) whose name holds every word of `query` at a word start, in the
    order of `names`; at most `limit`."""
    words = normalise(query[:QUERY_MAX]).split()
    if not words:
        return []
    plain = normalise_all(names)  # 10,000 ASCII names in a few milliseconds, only once a word is typed
    hit = pd.Series(True, index=names.index)
    for word in words:
        hit &= (" " + plain).str.contains(" " + word, regex=False).fillna(False).astype(bool)
    return list(names.index[hit.to_numpy()][:limit])


def _options(names: pd.Series, key: str, chosen: Sequence[str], container) -> list[str]:
    """All ids when they are few; else the matches of the typed words and the current choice."""
    if len(names) <= LIST_LIMIT:
        return list(names.index)
    _ = tr()
    query = container.text_input(
        _("Type part of a name"),
        key=f"{key}__query",
        max_chars=QUERY_MAX,
        help=_("{n} names: type a few letters, then pick from the matches.").format(
            n=i18n.fmt_number(len(names), language())
        ),
    )
    found = matching(names, query)
    kept = [i for i in chosen if i in names.index and i not in found]
    if query and not found:
        container.caption(_("No name matches."))
    return kept + found


def pick_one(
    container, label: str, names: pd.Series, key: str, placeholder: str, first: bool = False
) -> str | None:
    """A select box of territories (`names`: id -> name, in display order); the chosen id or None.
    `first`: the first name is chosen until the viewer picks another (when all are listed)."""
    current = st.session_state.get(key)
    options = _options(names, key, [current] if isinstance(current, str) else [], container)
    lookup = names.to_dict()
    return container.selectbox(
        label,
        options,
        index=0 if first and options else None,
        format_func=lambda i: lookup.get(i, i),
        key=key,
        placeholder=placeholder,
    )


def pick_many(container, label: str, names: pd.Series, key: str, placeholder: str) -> list[str]:
    """A multi-select of territories (`names`: id -> name, in display order); the chosen ids."""
    current = st.session_state.get(key) or []
    options = _options(names, key, [i for i in current if isinstance(i, str)], container)
    lookup = names.to_dict()
    return container.multiselect(
        label, options, format_func=lambda i: lookup.get(i, i), key=key, placeholder=placeholder
    )
