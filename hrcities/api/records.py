"""The campaign as the API's JSON: rows of the public tables as records with their sources expanded,
and the progress page's figures.

Only the campaign's public tables are read (the same validated data the dashboard shows): pending
submissions, the audit log, sign-ins and secrets live in other tables, never read here.
"""

import math
from datetime import date, datetime

import pandas as pd

from .. import i18n, metrics
from ..filters import Filters
from ..load import Campaign
from ..schema import TABLES_BY_NAME
from ..viewmodels.progress import progress_view


def plain(value: object) -> object:
    """A pandas/NumPy cell as a JSON value (None for anything missing)."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.date().isoformat() if isinstance(value, pd.Timestamp | datetime) else value.isoformat()
    if hasattr(value, "item"):  # NumPy scalars
        return plain(value.item())
    return value


def source_index(c: Campaign) -> dict[str, dict]:
    """Every source as the API shows it, by id."""
    columns = [col.name for col in TABLES_BY_NAME["sources"].columns]
    return {row["id"]: {k: plain(row[k]) for k in columns} for row in c.sources[columns].to_dict("records")}


def records(
    frame: pd.DataFrame, table: str, sources: dict[str, dict], extra: tuple[str, ...] = ()
) -> list[dict]:
    """Rows of a public table as JSON objects: its file's columns (+ `extra`), sources expanded."""
    columns = [col.name for col in TABLES_BY_NAME[table].columns] + list(extra)
    result = []
    for row in frame[columns].to_dict("records"):
        item = {k: plain(v) for k, v in row.items()}
        if "sources" in item:
            item["sources"] = [sources[s] for s in item["sources"] or [] if s in sources]
        result.append(item)
    return result


def csv_rows(items: list[dict]) -> pd.DataFrame:
    """JSON records as a frame for CSV: source objects become their ids."""
    flat = [{k: ([s["id"] for s in v] if k == "sources" else v) for k, v in item.items()} for item in items]
    return pd.DataFrame(flat)


# -- the progress page's figures ------------------------------------------------------------------


def progress(c: Campaign, selection: Filters, today: date, lang: str = i18n.DEFAULT_LANGUAGE) -> dict:
    """The progress page's figures for `selection`, from the page's own view-model
    (`viewmodels.progress.progress_view`, kept with the campaign: the page and the API share it): the
    members on record (a lower bound unless a complete list is declared) with the campaign's reported
    figures; the milestones and the pace are the whole campaign's, whatever the filters."""
    view = progress_view(c, selection, lang, today)
    headcount, pace = view.headcount, view.pace.pace
    whole = progress_view(c, Filters(), lang, today)  # the milestones as the unfiltered page shows them
    sources = source_index(c)
    milestones = c.milestones.set_index("target")
    stages = metrics.stage_counts(view.territories, c.stages)
    regions = metrics.region_breakdown(view.territories, c.regions)
    return {
        "members": headcount.members,
        "members_lower_bound": headcount.is_lower_bound,
        "complete_list_as_of": plain(headcount.complete),
        "members_on_record_total": headcount.total,
        "share_of_all_members": round(headcount.share, 4),
        "filtered": view.filtered,
        "reported_figures": [
            {
                "metric": r.metric,
                "qualifier": r.qualifier,
                "value": r.value,
                "date": r.when.isoformat(),
                "sources": [sources[i] for i in r.sources if i in sources],
            }
            for r in headcount.reported
        ],
        "data_as_of": headcount.as_of.isoformat(),
        "engaged": headcount.engaged,
        "territories": int(len(view.territories)),
        "target": pace.target,
        "milestones": [
            {
                "target": s.target,
                "label": s.label,
                "members": s.members,
                "reached": s.reached,
                "reached_on": plain(s.reached_on),
                "deadline": plain(s.deadline),
                "remaining": s.remaining,
                "deadline_status": plain(milestones.at[s.target, "deadline_status"]),
                "sources": [sources[i] for i in milestones.at[s.target, "sources"] if i in sources],
            }
            for s in whole.milestones
        ],
        "stages": [
            {
                "id": r.id,
                "label": r.label,
                "counts_as_member": bool(r.counts_as_member),
                "count": int(r.count),
            }
            for r in stages.itertuples()
        ],
        "regions": [
            {"id": r.id, "label": r.label, "members": int(r.members), "engaged": int(r.engaged)}
            for r in regions.itertuples()
        ],
        "pace": {
            "today": pace.today.isoformat(),
            "deadline": pace.deadline.isoformat(),
            "months_left": round(pace.months_left, 2),
            "per_month_needed": (None if pace.per_month_needed is None else round(pace.per_month_needed, 2)),
            "expected_by_today": round(pace.expected_by_today, 2),
            "gap": None if headcount.is_lower_bound else round(pace.gap, 2),
            "scope": "campaign",
        },
    }
