"""Applying a plan: the changed territories, new ids and sources, as the raw tables to validate
and save (`plan_tables`)."""

import hashlib
import itertools
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import pandas as pd

from ..errors import DataProblem
from ..i18n import msg
from ..schema import LIST_SEPARATOR, split_list
from ..text import slugify
from .changes import held_columns, territory_updates
from .limits import TERRITORY_COLUMNS
from .plan import Change, ImportPlan, _Context, _records, _Row


class _Builder:
    """Collects added rows, changes and new sources from rows that have no problem."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.added: list[dict] = []
        self.added_rows: list[int] = []
        self.changed: list[Change] = []
        self.unchanged: list[str] = []
        self.new_sources: dict[str, dict] = {}
        self.taken = set(ctx.by_id)

    def take(self, row: _Row) -> None:
        if row.target:
            self._update(row)
        else:
            self._add(row)

    def _source_for(self, url: str) -> tuple[str, dict | None]:
        """The id of the source for `url`, and its new row when there is none yet."""
        if url in self.ctx.source_by_url:
            return self.ctx.source_by_url[url], None
        ident = "web-" + hashlib.sha1(url.encode()).hexdigest()[:10]
        return ident, self.new_sources.get(ident) or _web_source(ident, url)

    def _sources(self, existing: list[str], row: _Row) -> list[str]:
        sources = list(existing)
        wanted = [self.ctx.source_id]
        if "source_url" in row.found:
            ident, new = self._source_for(row.found["source_url"])
            wanted.append(ident)
            if new:
                self.new_sources[ident] = new
        return sources + [s for s in wanted if s not in sources]

    def _update(self, row: _Row) -> None:
        existing = self.ctx.by_id[row.target]
        # matched by name or local name: the name said which territory, it renames nothing
        values = row.found if row.by_id else {k: v for k, v in row.found.items() if k != "name"}
        after = territory_updates(existing, values)
        url = row.found.get("source_url")
        has_source = url is None or self._source_for(url)[0] in split_list(existing["sources"])
        if not after and has_source:
            self.unchanged.append(existing["id"])
            return
        after["sources"] = LIST_SEPARATOR.join(self._sources(split_list(existing["sources"]), row))
        before = {column: existing[column] for column in after}
        held = held_columns(existing, after, self.ctx.stage_order)
        self.changed.append(Change(existing["id"], existing["name"], row.number, before, after, held))

    def _add(self, row: _Row) -> None:
        iso3, country = row.found["country"]
        region = row.found.get("region")
        status = "confirmed" if region else "inferred"
        region = region or self.ctx.region_by_country.get(iso3)
        if region is None:
            row.problems.append(
                self.ctx.problem(
                    msg(
                        "no region: no territory of {country} is in our data yet to take it from, so add a "
                        "'Region' column or value (e.g. Europe, Africa, Latin America)",
                        country=country,
                    ),
                    row.number,
                    row.heading("region"),
                )
            )
            return
        ident = row.found.get("id") or unique_id(slugify(row.found["name"]), iso3, self.taken)
        if ident in self.taken:
            row.problems.append(
                self.ctx.problem(
                    msg("this id is already used by another territory"), row.number, row.heading("id"), ident
                )
            )
            return
        self.taken.add(ident)
        self.added.append(self._new_territory(ident, row, region, status))
        self.added_rows.append(row.number)

    def _new_territory(self, ident: str, row: _Row, region: str, region_status: str) -> dict:
        values = row.found
        iso3, country = values["country"]
        record = dict.fromkeys(TERRITORY_COLUMNS)
        record.update(
            id=ident,
            name=values["name"],
            local_name=values.get("local_name"),
            kind=values.get("kind") or "city",
            country_iso3=iso3,
            country=country,
            uclg_region=region,
            region_status=region_status,
            latitude=values.get("latitude"),
            longitude=values.get("longitude"),
            population=values.get("population"),
            stage=values["stage"],
            stage_status="confirmed",
            joined=values.get("joined"),
            joined_status="confirmed" if values.get("joined") else "unknown",
            wave=values.get("wave"),
            wave_status="confirmed" if values.get("wave") else None,
            pioneer="false",
            sources=LIST_SEPARATOR.join(self._sources([], row)),
            notes=values.get("notes"),
        )
        return record

    def plan(self, rows_read: int, problems: list[DataProblem]) -> ImportPlan:
        sources = list(self.new_sources.values())
        used = self.added or self.changed
        if used and self.ctx.source_id not in self.ctx.source_ids:
            sources.insert(0, _import_source(self.ctx))
        return ImportPlan(
            self.ctx.file,
            rows_read,
            self.added,
            self.added_rows,
            self.changed,
            self.unchanged,
            sources,
            problems,
        )


def unique_id(base: str, iso3: str, taken: set[str]) -> str:
    """`base`, else `base-<iso3>`, else `base-<iso3>-2`, -3...: the first not in `taken`."""
    base = base or "territory"
    suffixed = f"{base}-{iso3.lower()}"
    candidates = itertools.chain((base, suffixed), (f"{suffixed}-{n}" for n in itertools.count(2)))
    return next(c for c in candidates if c not in taken)


def _web_source(ident: str, url: str) -> dict:
    parts = urlsplit(url)
    title = (parts.netloc + parts.path).rstrip("/") or url
    title = title if len(title) <= 100 else title[:99] + "…"
    return {"id": ident, "title": title, "publisher": None, "url": url, "published": None, "language": None}


def _import_source(ctx: _Context) -> dict:
    filename = re.sub(r"[<>]", "", ctx.file)[:200]
    return {
        "id": ctx.source_id,
        "title": f"Campaign tracker upload: {filename}",
        "publisher": None,
        "url": None,
        "published": ctx.today.isoformat(),
        "language": None,
    }


def plan_tables(plan: ImportPlan, current: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The raw 'territories' and 'sources' tables as they would be after applying `plan`.

    Columns and order as in `current` (our data files); every cell a str or None.
    """
    updates = {change.id: change.after for change in plan.changed}
    territories = [{**row, **updates.get(row["id"], {})} for row in _records(current["territories"])]
    return {
        "territories": _text_frame(territories + plan.added, current["territories"].columns),
        "sources": _text_frame(_records(current["sources"]) + plan.new_sources, current["sources"].columns),
    }


def _text_frame(rows: list[dict], columns: pd.Index) -> pd.DataFrame:
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns), dtype=object)
