"""The sources a slide or a page relies on, and the line that names them with the data date.

`source_refs` turns source ids into `SourceRef`s (in order, each once); `footer_text` is the
'Data as of <date> · Sources: A; B (and N more)' line under every slide and chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import i18n
from ..load import Campaign

FOOTER_TITLE_CHARS = 210


@dataclass(frozen=True)
class SourceRef:
    """One source a slide relies on."""

    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None


def unique(ids: Iterable[str]) -> list[str]:
    """The non-empty string ids of `ids`, in order, each once."""
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))


def source_ids(frame: pd.DataFrame, column: str = "sources") -> list[str]:
    """The source ids cited in `frame[column]` (a list per row), in order, each once."""
    return unique(s for cell in frame[column] if isinstance(cell, list) for s in cell)


def source_refs(c: Campaign, ids: Iterable[str]) -> tuple[SourceRef, ...]:
    """The sources named by `ids`, in that order, each once; unknown ids are left out."""
    table = c.sources.set_index("id")
    refs = []
    for source_id in unique(ids):
        if source_id in table.index:
            row = table.loc[source_id]
            refs.append(
                SourceRef(
                    source_id,
                    str(row["title"]),
                    *(row[k] if isinstance(row[k], str) else None for k in ("url", "publisher", "published")),
                )
            )
    return tuple(refs)


def stamp(data_date: date | str, lang: str) -> str:
    """'Data as of <date>' in `lang` for a date; a string as it is."""
    _ = i18n.translator(lang)
    if isinstance(data_date, date):
        return _("Data as of {date}").format(date=i18n.fmt_date(data_date, lang))
    return str(data_date)


def footer_text(
    sources: Sequence[SourceRef], data_date: date, lang: str, limit: int = FOOTER_TITLE_CHARS
) -> str:
    """'Data as of <date> · Sources: A; B (and N more)', the titles cut to about `limit` characters."""
    _ = i18n.translator(lang)
    text = _("Data as of {date}").format(date=i18n.fmt_date(data_date, lang))
    if not sources:
        return text
    titles: list[str] = []
    used = 0
    for source in sources:
        if titles and used + len(source.title) > limit:
            break
        titles.append(source.title)
        used += len(source.title) + 2
    text += " · " + _("Sources") + ": " + "; ".join(titles)
    if len(titles) < len(sources):
        text += " " + _("(and {n} more)").format(n=i18n.fmt_number(len(sources) - len(titles), lang))
    return text


def source_notes(sources: Sequence[SourceRef], lang: str) -> str:
    """'Sources:' and one line per source with its publisher, date and URL (a slide's speaker notes)."""
    _ = i18n.translator(lang)
    lines = [_("Sources") + ":"]
    for s in sources:
        extra = ", ".join(x for x in (s.publisher, s.published) if x)
        lines.append(f"- {s.title}" + (f" ({extra})" if extra else "") + (f": {s.url}" if s.url else ""))
    return "\n".join(lines)
