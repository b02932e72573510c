"""The API's records and progress figures (`hrcities.api.records`) on the tiny synthetic campaign.

The progress figures come from the progress page's own view-model, so the page and the API show one
number, computed once per campaign, selection, language and day."""

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from hrcities import api, record
from hrcities.api import records
from hrcities.filters import Filters
from hrcities.viewmodels import progress as progress_model
from hrcities.viewmodels.progress import progress_view

DAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (np.int64(3), 3),
        (np.bool_(True), True),
        (pd.Timestamp("2024-05-06 13:00"), "2024-05-06"),
        (date(2024, 5, 6), "2024-05-06"),
        (("a", np.int64(1), None), ["a", 1, None]),
        ("text", "text"),
    ],
)
def test_cells_become_json_values(value, shown):
    assert records.plain(value) == shown


def test_records_expand_their_sources_and_csv_names_them(tiny):
    sources = records.source_index(tiny)
    assert set(sources) == set(tiny.sources["id"]) and all(s["id"] == k for k, s in sources.items())
    items = records.records(tiny.territories, "territories", sources, ("is_member",))
    assert [i["id"] for i in items] == list(tiny.territories["id"])
    assert all(isinstance(i["is_member"], bool) for i in items)
    assert all(s in sources.values() for i in items for s in i["sources"])
    flat = records.csv_rows(items)
    assert list(flat["sources"]) == [[s["id"] for s in i["sources"]] for i in items]


def test_unknown_sources_are_left_out(tiny):
    frame = tiny.territories.head(1).assign(sources=[["fixture-source", "nowhere"]])
    (item,) = records.records(frame, "territories", records.source_index(tiny))
    assert [s["id"] for s in item["sources"]] == ["fixture-source"]


@pytest.mark.parametrize("selection", [Filters(), Filters(countries=("ESP",)), Filters(countries=("KEN",))])
def test_progress_is_the_progress_pages_view(tiny, selection):
    body = api.progress(tiny, selection, DAY)
    view = progress_view(tiny, selection, "en", DAY)
    count, pace = view.headcount, view.pace.pace
    assert (body["members"], body["engaged"], body["members_on_record_total"]) == (
        count.members,
        count.engaged,
        count.total,
    )
    assert body["members_lower_bound"] is count.is_lower_bound and body["filtered"] is view.filtered
    assert body["data_as_of"] == count.as_of.isoformat() and body["territories"] == len(view.territories)
    assert body["share_of_all_members"] == round(count.share, 4)
    assert body["pace"]["expected_by_today"] == round(pace.expected_by_today, 2)
    assert body["pace"]["today"] == DAY.isoformat() and body["pace"]["scope"] == "campaign"
    whole = progress_view(tiny, Filters(), "en", DAY)
    assert [m["remaining"] for m in body["milestones"]] == [s.remaining for s in whole.milestones]
    assert sum(s["count"] for s in body["stages"]) == len(view.territories)


def test_the_page_and_the_api_count_once(tiny, monkeypatch):
    fresh = replace(tiny)  # a campaign with nothing kept with it yet
    counted = []
    real_count = record.count
    monkeypatch.setattr(
        progress_model.record, "count", lambda *a, **k: counted.append(1) or real_count(*a, **k)
    )
    selection = Filters(countries=("ESP",))
    api.progress(fresh, selection, DAY)
    after_api = len(counted)
    view = progress_view(fresh, selection, "en", DAY)  # what the progress page asks for
    api.progress(fresh, selection, DAY)
    assert len(counted) == after_api > 0
    assert api.progress(fresh, selection, DAY)["members"] == view.headcount.members
