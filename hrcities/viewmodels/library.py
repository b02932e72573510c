"""The practice library: a search over the practices of a selection, its results and their counts."""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n, metrics
from ..filters import Filters, practices_view, with_practices_view
from ..search import MAX_QUERY, documents_of, search_practices

__all__ = ["MAX_QUERY", "LibraryView", "city_choices", "library_view"]


@dataclass(frozen=True, eq=False)
class LibraryView:
    """What the library shows for a selection, a query and the cities picked, in `lang`."""

    c: object
    lang: str
    results: pd.DataFrame  # the matching practices, best first, with their `score`

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def matched(self) -> str:
        """'**N** of M practices match.' (Markdown: both are numbers)."""
        return self._("**{n}** of {total} practices match.").format(
            n=len(self.results), total=len(self.c.practices)
        )

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


def library_view(c, selection: Filters, query: str, cities: tuple[str, ...], lang: str) -> LibraryView:
    """The library for `selection`, `query` and the picked `cities` (territory ids) in `lang`.

    The ranking is kept with the campaign as row labels and scores (compact: a search matching most
    of 50,000 practices would be a big frame per query)."""
    practices = practices_view(c, selection)
    if cities:
        practices = practices[practices["territory_id"].isin(cities)]
    query = str(query or "")[:MAX_QUERY]

    def ranked() -> tuple:
        found = search_practices(practices, documents_of(c), query)
        return found.index, found["score"].to_numpy()

    rows, scores = c.memo(("search", selection, tuple(cities), query), ranked)
    return LibraryView(c, lang, practices.loc[rows].assign(score=scores))


def city_choices(c, selection: Filters) -> pd.Series:
    """id -> name of the territories with practices in `selection`, by name (the library's city picker)."""
    return c.memo(
        ("library_cities", selection), lambda: with_practices_view(c, selection).set_index("id")["name"]
    )
