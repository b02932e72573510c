"""The practice library: a search over the practices of a selection, its results and their counts."""

import difflib
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go
from babel import Locale

from .. import content, figures, i18n, metrics, practice_index
from ..filters import Filters, practices_view, with_practices_view
from ..search import MAX_QUERY

__all__ = ["MAX_QUERY", "LibraryView", "city_choices", "library_view"]


@dataclass(frozen=True, eq=False)
class LibraryView:
    """What the library shows for a selection, a query and the cities picked, in `lang`."""

    c: object
    lang: str
    query: str
    results: pd.DataFrame  # the matching practices, best first, with their `score`
    index: practice_index.PracticeIndex

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def matched(self) -> str:
        """'**N** of M practices match.' (Markdown: both are numbers)."""
        return self._("**{n}** of {total} practices match.").format(
            n=len(self.results), total=len(self.c.practices)
        )

    def why(self, practice_id: str) -> str | None:
        """'Found in: the title (French), the themes…' for a result of a query, else None."""
        if not practice_index.query_words(self.query):
            return None
        position = self.c.practices.index.get_loc(self.results.index[self.results["id"] == practice_id][0])
        matches = self.index.why(self.query, int(position))
        if not matches:
            return None
        _ = self._
        parts = {
            "title": _("the title"),
            "labels": _("its rights, themes or groups"),
            "body": _("the summary"),
            "place": _("the place's name"),
        }
        found = []
        for m in matches:
            part = parts[m.field]
            if m.lang and m.lang != self.lang:
                part += f" ({Locale.parse(m.lang).get_display_name(self.lang)})"
            found.append(part)
        return _("Found in: {parts}.").format(parts=", ".join(dict.fromkeys(found)))

    @cached_property
    def suggestions(self) -> tuple[tuple[str, str, str], ...]:
        """For a query that finds nothing: the closest themes, rights and groups, as (filter key,
        id, label in the language), at most five."""
        if not self.results.empty or not practice_index.query_words(self.query):
            return ()
        _ = self._
        words = [practice_index.fold(w) for w in practice_index.query_words(self.query)]
        choices = []
        for key, table, column in (
            ("themes", "themes", "label"),
            ("rights", "rights", "title_en"),
            ("groups", "target_groups", "label"),
        ):
            for item, label in self.c.labels(table, column).items():
                shown = _(label)
                label_words = practice_index.words(practice_index.fold(shown))
                close = any(difflib.get_close_matches(w, label_words, n=1, cutoff=0.6) for w in words)
                if close:
                    choices.append((key, item, shown))
        return tuple(choices[:5])

    def rights_figure(self) -> go.Figure:
        """The results per right of the Charter-Agenda."""
        return figures.rights_bars(metrics.rights_coverage(self.results, self.c.rights), self._)

    def themes_figure(self) -> go.Figure:
        """The results per theme."""
        counts = metrics.facet_counts(self.results, "themes", self.c.themes)
        return figures.facet_bars(counts, self._("Practices per theme"), self._)

    def groups_figure(self) -> go.Figure:
        """The results per target group."""
        counts = metrics.facet_counts(self.results, "target_groups", self.c.target_groups)
        return figures.facet_bars(counts, self._("Practices per target group"), self._)

    @cached_property
    def places(self) -> pd.DataFrame:
        """The results per place, with headers in the language."""
        _ = self._
        places = metrics.practices_by_place(self.results, self.c.territories)
        return places.assign(region=places["region"].map(_)).rename(
            columns={
                "region": _("UCLG region"),
                "country": _("Country"),
                "name": _("City or territory"),
                "practices": _("Practices"),
            }
        )


def library_view(
    c, selection: Filters, query: str, cities: tuple[str, ...], lang: str, base=None
) -> LibraryView:
    """The library for `selection`, `query` and the picked `cities` (territory ids) in `lang`.

    `base` is the stored campaign `c` was made from for display: one search index serves every
    language (`practice_index`). The ranking is kept with the campaign as row labels and scores
    (compact: a search matching most of 50,000 practices would be a big frame per query)."""
    base = c if base is None else base
    index = practice_index.index_of(base, content.translations_of(base)[0])
    practices = practices_view(c, selection)
    if cities:
        practices = practices[practices["territory_id"].isin(cities)]
    query = str(query or "")[:MAX_QUERY]

    def ranked() -> tuple:
        found = practice_index.search(base, practices, query, index=index)
        return found.index, found["score"].to_numpy()

    rows, scores = c.memo(("search", selection, tuple(cities), query, index), ranked)
    return LibraryView(c, lang, query, practices.loc[rows].assign(score=scores), index)


def city_choices(c, selection: Filters) -> pd.Series:
    """id -> name of the territories with practices in `selection`, by name (the library's city picker)."""
    return c.memo(
        ("library_cities", selection), lambda: with_practices_view(c, selection).set_index("id")["name"]
    )
