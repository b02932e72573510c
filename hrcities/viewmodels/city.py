"""The page of one practice city: where it stands, its practices, its quotes, its peers and sources."""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n, record
from ..metrics import practice_cities
from ..peers import peers_of


@dataclass(frozen=True)
class Peer:
    """A territory working on the same rights and themes, with what it shares (labels in the language)."""

    id: str
    name: str
    country: str
    shared: tuple[str, ...]  # the rights, themes and target groups both work on (labels)
    alike: tuple[str, ...] = ()  # 'same UCLG region', 'same population band'


@dataclass(frozen=True, eq=False)
class CityView:
    """What the city page of `territory_id` shows in `lang`."""

    c: object
    territory_id: str
    lang: str
    territory: pd.Series
    practices: pd.DataFrame
    base: object = None  # the stored campaign `c` was made from for display (peers' profiles are its)

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def subtitle(self) -> str:
        """Local name · kind · country · UCLG region."""
        t, _ = self.territory, self._
        return " · ".join([str(t["local_name"]), _(t["kind"]), str(t["country"]), _(t["region_label"])])

    @cached_property
    def ladder(self) -> tuple[tuple[str, bool], ...]:
        """Each stage of the campaign ladder, in order, and whether the territory is at it."""
        stages = self.c.stages.sort_values("order")
        return tuple((self._(s.label), s.id == self.territory["stage"]) for s in stages.itertuples())

    @cached_property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The record's facts after its stage (join date, wave, leader...), with their status."""
        return tuple(record.territory_facts(self.c, self.territory, self.lang)[1:])

    @cached_property
    def stage_line(self) -> str:
        """'Member (confirmed)': the stage and its status."""
        label = self.c.labels("stages")[self.territory["stage"]]
        return f"{self._(label)} ({self._(self.territory['stage_status'])})"

    @property
    def is_member(self) -> bool:
        """Whether the territory counts toward 10 / 100 / 1000."""
        return bool(self.territory["is_member"])

    @property
    def has_location(self) -> bool:
        """Whether the record gives coordinates."""
        return bool(pd.notna(self.territory["latitude"]) and pd.notna(self.territory["longitude"]))

    @cached_property
    def location_figure(self) -> go.Figure:
        """The territory on the world map, zoomed on it (built once per view: it was a tenth of the
        server's time with 30 sessions browsing)."""
        t = self.territory
        one = self.c.territories[self.c.territories["id"] == self.territory_id]
        fig = figures.territory_points(
            one,
            "stage",
            self.c.stages.sort_values("order"),
            self._,
            focus=(float(t["latitude"]), float(t["longitude"])),
            scale=3.0,
            title=self._("Location"),
        )
        fig.update_layout(height=340, showlegend=False)
        return fig

    @cached_property
    def location_summary(self) -> str:
        """The location map in one sentence."""
        t = self.territory
        return self._("{name} on the world map: {country}, {region}.").format(
            name=t["name"], country=t["country"], region=self._(t["region_label"])
        )

    @cached_property
    def quotes(self) -> tuple[dict, ...]:
        """The forum quotes of people speaking for this territory (verbatim, with speaker and language)."""
        return tuple(
            q for q in self.c.session.get("quotes", []) if q.get("territory_id") == self.territory_id
        )

    @cached_property
    def peers(self) -> tuple[Peer, ...]:
        """Other territories ranked by the rights and themes they share with this one."""
        rights, themes = self.c.labels("rights", "title_en"), self.c.labels("themes")
        groups = self.c.labels("target_groups")
        _ = self._
        return tuple(
            Peer(
                p.id,
                p.name,
                p.country,
                tuple(_(rights.get(r, r)) for r in p.shared_rights)
                + tuple(_(themes.get(x, x)) for x in p.shared_themes)
                + tuple(_(groups.get(g, g)) for g in p.shared_groups),
                tuple(
                    label
                    for flag, label in (
                        (p.same_region, _("same UCLG region")),
                        (p.same_band, _("same population band")),
                    )
                    if flag
                ),
            )
            for p in peers_of(self.c, self.territory_id, base=self.base).itertuples()
        )

    @cached_property
    def sources(self) -> tuple[str, ...]:
        """The sources of the record and of its practices, each once."""
        ids = list(self.territory["sources"]) + [s for p in self.practices["sources"] for s in p]
        return tuple(dict.fromkeys(ids))


def city_view(c, territory_id: str, lang: str, base=None) -> CityView | None:
    """The city page of `territory_id` in `lang`; None when the territory has no page (no practices)."""
    if territory_id not in practice_cities(c)["id"].to_numpy():
        return None

    def build() -> CityView:
        practices = c.practices[c.practices["territory_id"] == territory_id]
        return CityView(c, territory_id, lang, c.indexed("territories").loc[territory_id], practices, base)

    return c.memo(("city_view", territory_id, lang), build)
