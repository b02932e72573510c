"""The Charter-Agenda page: the rights, how many practices serve each, by region, and the update process."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n, metrics
from ..filters import Filters, practices_view


@dataclass(frozen=True)
class Phase:
    """A step of the Charter-Agenda's update, in the reader's language."""

    label: str
    start: str
    end: str
    status: str
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class CharterView:
    """What the Charter-Agenda page shows for a selection in `lang` as of `today`."""

    c: object
    lang: str
    today: date
    practices: pd.DataFrame

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Practices per right (`metrics.rights_coverage`)."""
        return metrics.rights_coverage(self.practices, self.c.rights)

    def rights_figure(self) -> go.Figure:
        """Practices per right; proposed rights in a second colour."""
        return figures.rights_bars(self.coverage, self._)

    @cached_property
    def rights_table(self) -> pd.DataFrame:
        """Every right with its Spanish title, wording status and counts, headers in the language."""
        return metrics.rights_table(self.coverage, self.lang)

    def regions_figure(self) -> go.Figure:
        """Practices serving each right in each UCLG region."""
        c = self.c
        matrix = metrics.rights_by_region(self.practices, c.territories, c.rights, c.regions)
        return figures.rights_heatmap(
            matrix,
            list(c.rights.sort_values("order")["title_en"]),
            list(c.regions.sort_values("order")["label"]),
            self._,
        )

    def phases_figure(self) -> go.Figure:
        """The update process on a timeline, with today marked."""
        return figures.phase_timeline(self.c.charter_phases, self.today, self._)

    @cached_property
    def phases(self) -> tuple[Phase, ...]:
        """The update's steps, in order."""
        _ = self._
        return tuple(
            Phase(_(p.label), _text(p.start), _text(p.end), _(p.status), _(p.description), tuple(p.sources))
            for p in self.c.charter_phases.sort_values("order").itertuples()
        )


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def charter_view(c, selection: Filters, lang: str, today: date) -> CharterView:
    """The Charter-Agenda page for `selection` in `lang`, made once per campaign and those."""
    return c.memo(
        ("charter_view", selection, lang, today),
        lambda: CharterView(c, lang, today, practices_view(c, selection)),
    )
