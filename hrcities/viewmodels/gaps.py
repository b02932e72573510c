"""The gaps: what the public record does not have yet, for a coordinator to act on and a city to fill.

Members with no documented practice (a list to contact, exportable), rights and target groups with no
practice in a region, and UCLG regions and countries with territories on record but no member. All of
it is about the record, not the world: "no practice documented yet", never "no practice".
"""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .. import i18n
from ..exports import csv_bytes
from ..filters import Filters, practices_view, territories_view


@dataclass(frozen=True)
class Gap:
    """One missing piece in a region: a right or target group (its label) with no practice there."""

    region: str  # the region's label, in the language
    kind: str  # "right" or "group"
    label: str


@dataclass(frozen=True, eq=False)
class GapsView:
    """What the gaps page shows for a selection, in `lang`."""

    c: object
    lang: str
    territories: pd.DataFrame
    practices: pd.DataFrame
    regions: tuple[str, ...] = ()  # the region filter's choice (none: every region)

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def members_without_practice(self) -> pd.DataFrame:
        """Members on record with no documented practice: name, country, region, join date, the
        territory's id (for the export), by region then name."""
        t = self.territories
        members = t[t["is_member"] & ~t["id"].isin(set(self.c.practices["territory_id"]))]
        return members.sort_values(["region_label", "name"])[
            ["name", "country", "region_label", "joined_label", "id"]
        ].reset_index(drop=True)

    @cached_property
    def members_table(self) -> pd.DataFrame:
        """`members_without_practice` with headers and regions in the language."""
        _ = self._
        frame = self.members_without_practice
        return frame.assign(region_label=frame["region_label"].map(_)).rename(
            columns={
                "id": _("Id"),
                "name": _("City or territory"),
                "country": _("Country"),
                "region_label": _("UCLG region"),
                "joined_label": _("Joined"),
            }
        )

    def members_csv(self) -> bytes:
        """The list to contact, as CSV (spreadsheet-safe)."""
        return csv_bytes(self.members_table)

    @cached_property
    def rights_without_practice(self) -> tuple[str, ...]:
        """The Charter-Agenda's rights no practice of the selection serves (labels, in Charter order)."""
        served = {r for items in self.practices["rights"] for r in items}
        rights = self.c.rights.sort_values("order")
        return tuple(self._(r.title_en) for r in rights.itertuples() if r.id not in served)

    @cached_property
    def by_region(self) -> tuple[Gap, ...]:
        """For each region with at least one practice: the rights and target groups with none there."""
        region_of = self.c.indexed("territories")["uclg_region"]
        practices = self.practices.assign(region=self.practices["territory_id"].map(region_of))
        gaps = []
        for region in self.c.regions.sort_values("order").itertuples():
            here = practices[practices["region"] == region.id]
            if here.empty:
                continue
            rights = {r for items in here["rights"] for r in items}
            groups = {g for items in here["target_groups"] for g in items}
            label = self._(region.label)
            gaps += [
                Gap(label, "right", self._(r.title_en))
                for r in self.c.rights.sort_values("order").itertuples()
                if r.id not in rights
            ]
            gaps += [
                Gap(label, "group", self._(g.label))
                for g in self.c.target_groups.itertuples()
                if g.id not in groups
            ]
        return tuple(gaps)

    @cached_property
    def regions_without_member(self) -> tuple[str, ...]:
        """UCLG regions where no member is on record (labels, in order)."""
        with_members = set(self.territories.loc[self.territories["is_member"], "uclg_region"])
        asked = set(self.regions) or set(self.c.regions["id"])
        return tuple(
            self._(r.label)
            for r in self.c.regions.sort_values("order").itertuples()
            if r.id in asked and r.id not in with_members
        )

    @cached_property
    def countries_without_member(self) -> tuple[str, ...]:
        """Countries with territories on record (engaged) but no member, by name."""
        t = self.territories
        members = set(t.loc[t["is_member"], "country_iso3"])
        engaged = t[~t["country_iso3"].isin(members)]
        return tuple(sorted(set(engaged["country"].dropna())))


def gaps_view(c, selection: Filters, lang: str) -> GapsView:
    """The gaps of `selection` in `lang`, made once per campaign and those."""
    return c.memo(
        ("gaps_view", selection, lang),
        lambda: GapsView(
            c, lang, territories_view(c, selection), practices_view(c, selection), selection.regions
        ),
    )
