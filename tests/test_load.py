"""Loading the campaign: the real data's shape, and a precise message for each kind of broken file."""

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from hrcities.errors import DataError, DataProblem
from hrcities.load import load_campaign

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TODAY = date(2026, 11, 28)  # as in conftest.py

NOT_MEMBERS = {
    "marseille",
    "kisumu",
    "ciudad-juarez",
    "neuquen",
    "cordoba-argentina",
    "gdansk",
    "rio-de-janeiro",
}
NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
KJAERUM = (
    "We already have a well-established approach: to respect, protect and fulfil #HumanRights. "
    "My dream is that we add a fourth one: the duty to engage people for active participation"
)


# --- the real data -------------------------------------------------------------------------------


def test_real_territories_and_members(real):
    territories = real.territories
    assert len(territories) == 58
    assert territories["id"].is_unique
    assert int(territories["is_member"].sum()) == 51
    assert set(territories.loc[~territories["is_member"], "id"]) == NOT_MEMBERS
    assert set(territories.loc[~territories["is_member"], "stage"]) == {"engaged"}


def rows_on_file(name: str) -> list[dict]:
    """The rows of data/<name>.csv, read with the csv module (not through hrcities.load)."""
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_practices_and_organisations_are_apart(real):
    # every row on file is loaded: 110 practices and 5 organisations in the December 2026 data
    assert len(real.practices) == len(rows_on_file("practices"))
    assert len(real.organisations) == len(rows_on_file("organisations"))
    assert set(real.organisations["id"]).isdisjoint(real.territories["id"])
    assert set(real.practices["territory_id"]) <= set(real.territories["id"])


@pytest.mark.parametrize("table", ["territories", "practices"])
def test_every_row_cites_known_sources(real, table):
    frame = real.tables[table]
    known = set(real.sources["id"])
    assert frame["sources"].map(len).min() >= 1
    cited = {source for items in frame["sources"] for source in items}
    assert cited <= known, cited - known


def test_real_rights(real):
    rights = real.rights.sort_values("order")
    charter = rights[rights["kind"] == "charter-2011"]
    assert len(charter) == 12
    assert charter["numeral"].tolist() == NUMERALS
    assert charter["order"].tolist() == list(range(1, 13))
    # the 8 dimensions of the update: 6 proposed, and care work and social security only discussed
    proposed = rights[rights["kind"] == "proposed"]
    assert len(proposed) == 6
    assert proposed["numeral"].isna().all()
    discussed = rights[rights["kind"] == "discussed"]
    assert discussed["id"].tolist() == ["care-work", "social-security"]
    assert discussed["numeral"].isna().all()
    assert len(rights) == 12 + 6 + 2
    assert rights["id"].iloc[0] == "right-to-the-city"


def test_real_types_and_derived_columns(real):
    t = real.territories.set_index("id")
    assert t.at["barcelona", "latitude"] == pytest.approx(41.38879)
    assert str(t["latitude"].dtype) == "Float64"
    assert t.at["barcelona", "sources"] == ["campaign-page", "wave2-en"]
    assert t.at["diputacio-barcelona", "joined_by"].date() == date(2023, 1, 26)
    assert t.at["alfas-del-pi", "joined_by"].date() == date(2023, 12, 31)
    assert t.at["alfas-del-pi", "joined_label"] == "Dec 2023"
    assert t.at["barcelona", "joined_by"].date() == date(2022, 12, 31)
    assert t.at["barcelona", "region_label"] == "Europe"
    assert t.at["mayo", "population_band"] == "up_to_50k"
    assert t.at["barcelona", "population_band"] == "over_1m"
    assert t.at["grigny", "population_band"] == "up_to_50k"
    assert bool(t.at["barcelona", "pioneer"]) is True
    assert len(real.geo_report) == 52  # every territory with coordinates (all but six)
    assert real.geo_report["ok"].all()


def test_session_quotes_are_verbatim(real):
    quotes = {q["id"]: q for q in real.session["quotes"]}
    assert quotes["kjaerum"]["text"] == KJAERUM
    assert quotes["kjaerum"]["speaker"] == "Morten Kjaerum"
    assert quotes["puiseux"]["lang"] == "fr"
    assert quotes["puiseux"]["text"].startswith("Nous devons lutter contre la pauvreté")
    assert quotes["rodriguez"]["lang"] == "es"


# --- broken files --------------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> None:
    """Set one cell of the record whose first column is `row_id`."""
    rows = read_rows(folder / file)
    col = rows[0].index(column)
    matches = [r for r in rows[1:] if r[0] == row_id]
    assert len(matches) == 1, f"{row_id} not found once in {file}"
    matches[0][col] = value
    write_rows(folder / file, rows)


def drop_column(folder: Path, file: str, column: str) -> None:
    rows = read_rows(folder / file)
    col = rows[0].index(column)
    write_rows(folder / file, [r[:col] + r[col + 1 :] for r in rows])


def add_column(folder: Path, file: str, column: str, value: str) -> None:
    rows = read_rows(folder / file)
    write_rows(folder / file, [rows[0] + [column]] + [r + [value] for r in rows[1:]])


def replace_text(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {file} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_session(folder: Path, change) -> None:
    path = folder / "session.yaml"
    session = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(session)
    path.write_text(yaml.safe_dump(session, allow_unicode=True, sort_keys=False), encoding="utf-8")


def spreadsheet_row(folder: Path, file: str, row_id: str) -> int:
    """The spreadsheet row (header = 1) of the record whose first column is `row_id`."""
    rows = read_rows(folder / file)
    return next(i for i, r in enumerate(rows, start=1) if r[0] == row_id)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def load(folder: Path, geography: bool = False):
    return load_campaign(folder, today=TODAY, check_geography=geography)


def problems_of(folder: Path, geography: bool = False) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load(folder, geography)
    assert caught.value.problems, "DataError without problems"
    return caught.value.problems


def find(problems, file, row, column, rule):
    hits = [p for p in problems if p.file == file and p.row == row and p.column == column and rule in p.rule]
    assert hits, f"no problem {file} row {row} column {column} '{rule}' in:\n" + "\n".join(
        map(repr, problems)
    )
    return hits[0]


# (id, how to break the copy, file, record id for the row (or a fixed row / None), column,
#  rule substring, value found (or None to not check), check geography)
BROKEN = [
    (
        "missing required column",
        lambda d: drop_column(d, "territories.csv", "stage"),
        "territories.csv",
        None,
        "stage",
        "required column is missing",
        None,
        False,
    ),
    (
        "unknown column",
        lambda d: add_column(d, "territories.csv", "mayor", "someone"),
        "territories.csv",
        None,
        "mayor",
        "unexpected column",
        None,
        False,
    ),
    (
        "latitude out of range",
        lambda d: set_cell(d, "territories.csv", "grigny", "latitude", "123"),
        "territories.csv",
        ("grigny", 3),
        "latitude",
        "between -90 and 90",
        "123",
        False,
    ),
    (
        "longitude out of range",
        lambda d: set_cell(d, "territories.csv", "vienna", "longitude", "-181"),
        "territories.csv",
        ("vienna", 7),
        "longitude",
        "between -180 and 180",
        "-181",
        False,
    ),
    (
        "latitude not a number",
        lambda d: set_cell(d, "territories.csv", "grigny", "latitude", "north"),
        "territories.csv",
        ("grigny", 3),
        "latitude",
        "decimal number",
        "north",
        False,
    ),
    (
        "population not a whole number",
        lambda d: set_cell(d, "territories.csv", "grigny", "population", "24940.5"),
        "territories.csv",
        ("grigny", 3),
        "population",
        "whole number",
        "24940.5",
        False,
    ),
    (
        "unknown stage",
        lambda d: set_cell(d, "territories.csv", "grigny", "stage", "superstar"),
        "territories.csv",
        ("grigny", 3),
        "stage",
        "stages.csv",
        "superstar",
        False,
    ),
    (
        "stage_status not allowed",
        lambda d: set_cell(d, "territories.csv", "grigny", "stage_status", "rumoured"),
        "territories.csv",
        ("grigny", 3),
        "stage_status",
        "must be one of: confirmed, inferred, unverified",
        "rumoured",
        False,
    ),
    (
        "duplicate territory id",
        lambda d: set_cell(d, "territories.csv", "grigny", "id", "barcelona"),
        "territories.csv",
        3,
        "id",
        "unique",
        "barcelona",
        False,
    ),
    (
        "required value empty",
        lambda d: set_cell(d, "territories.csv", "grigny", "name", ""),
        "territories.csv",
        ("grigny", 3),
        "name",
        "a value is required",
        None,
        False,
    ),
    (
        "id with capitals",
        lambda d: set_cell(d, "territories.csv", "grigny", "id", "Grigny"),
        "territories.csv",
        3,
        "id",
        "lower-case",
        "Grigny",
        False,
    ),
    (
        "practice names unknown territory",
        lambda d: set_cell(d, "practices.csv", "kisumu-handbook", "territory_id", "atlantis"),
        "practices.csv",
        ("kisumu-handbook", 13),
        "territory_id",
        "territories.csv",
        "atlantis",
        False,
    ),
    (
        "unknown right in a list",
        lambda d: set_cell(
            d, "practices.csv", "kisumu-handbook", "rights", "public-services|right-to-fly|accessibility"
        ),
        "practices.csv",
        ("kisumu-handbook", 13),
        "rights",
        "rights.csv",
        "right-to-fly",
        False,
    ),
    (
        "sdg outside 1-17",
        lambda d: set_cell(d, "practices.csv", "kisumu-handbook", "sdgs", "10|18"),
        "practices.csv",
        ("kisumu-handbook", 13),
        "sdgs",
        "each item must be one of",
        "18",
        False,
    ),
    (
        "unknown source",
        lambda d: set_cell(d, "territories.csv", "vienna", "sources", "nowhere"),
        "territories.csv",
        ("vienna", 7),
        "sources",
        "sources.csv",
        "nowhere",
        False,
    ),
    (
        "joined in the future",
        lambda d: set_cell(d, "territories.csv", "malakoff", "joined", "2031"),
        "territories.csv",
        ("malakoff", 12),
        "joined",
        "in the future",
        "2031",
        False,
    ),
    (
        "joined in words",
        lambda d: set_cell(d, "territories.csv", "malakoff", "joined", "March 2023"),
        "territories.csv",
        ("malakoff", 12),
        "joined",
        "YYYY, YYYY-MM or YYYY-MM-DD",
        "March 2023",
        False,
    ),
    (
        "impossible joined date",
        lambda d: set_cell(d, "territories.csv", "malakoff", "joined", "2023-02-30"),
        "territories.csv",
        ("malakoff", 12),
        "joined",
        "YYYY, YYYY-MM or YYYY-MM-DD",
        "2023-02-30",
        False,
    ),
    (
        "lower-case country code",
        lambda d: set_cell(d, "territories.csv", "vienna", "country_iso3", "aut"),
        "territories.csv",
        ("vienna", 7),
        "country_iso3",
        "ISO 3166 alpha-3",
        "aut",
        False,
    ),
    (
        "latitude without longitude",
        lambda d: set_cell(d, "territories.csv", "vienna", "longitude", ""),
        "territories.csv",
        ("vienna", 7),
        "latitude",
        "give both or neither",
        None,
        False,
    ),
    (
        "wave without wave_status",
        lambda d: set_cell(d, "territories.csv", "vienna", "wave_status", ""),
        "territories.csv",
        ("vienna", 7),
        "wave_status",
        "needs its wave_status",
        None,
        False,
    ),
    (
        "HTML in a title",
        lambda d: set_cell(d, "practices.csv", "kisumu-handbook", "title", "<script>alert(1)</script>"),
        "practices.csv",
        ("kisumu-handbook", 13),
        "title",
        "HTML",
        "<script>alert(1)</script>",
        False,
    ),
    (
        "unquoted comma breaks the CSV",
        lambda d: replace_text(
            d,
            "themes.csv",
            "disability-inclusion,Disability inclusion\n",
            "disability-inclusion,Disability, inclusion\n",
        ),
        "themes.csv",
        4,
        None,
        "is not valid CSV",
        None,
        False,
    ),
    (
        "not UTF-8",
        lambda d: (d / "themes.csv").write_bytes("id,label\nculture,Culture générale\n".encode("latin-1")),
        "themes.csv",
        None,
        None,
        "not UTF-8",
        None,
        False,
    ),
    (
        "empty file",
        lambda d: (d / "themes.csv").write_bytes(b""),
        "themes.csv",
        None,
        None,
        "empty",
        None,
        False,
    ),
    ("missing file", lambda d: (d / "themes.csv").unlink(), "themes.csv", None, None, "missing", None, False),
    (
        "session not YAML",
        lambda d: replace_text(
            d, "session.yaml", 'forum_theme: "Poverty and Inequality"', "forum_theme: Poverty: and Inequality"
        ),
        "session.yaml",
        5,
        None,
        "is not valid YAML",
        None,
        False,
    ),
    (
        "session missing",
        lambda d: (d / "session.yaml").unlink(),
        "session.yaml",
        None,
        None,
        "file is missing",
        None,
        False,
    ),
    (
        "session quote without speaker",
        lambda d: edit_session(d, lambda s: s["quotes"][1].pop("speaker")),
        "session.yaml",
        None,
        "speaker",
        "quotes item 2 needs 'speaker'",
        None,
        False,
    ),
    (
        "session without quotes",
        lambda d: edit_session(d, lambda s: s.pop("quotes")),
        "session.yaml",
        None,
        "quotes",
        "field is required",
        None,
        False,
    ),
    (
        "session names unknown territory",
        lambda d: edit_session(d, lambda s: s["panel"][0].update(territory_id="atlantis")),
        "session.yaml",
        None,
        "territory_id",
        "panel item 1 names an unknown territory",
        "atlantis",
        False,
    ),
    (
        "point in the wrong country",
        lambda d: replace_text(
            d,
            "territories.csv",
            "barcelona,Barcelona,Barcelona,city,ESP,Spain,",
            "barcelona,Barcelona,Barcelona,city,FRA,France,",
        ),
        "territories.csv",
        2,
        "latitude",
        "outside the country",
        "41.38879, 2.15899 (FRA)",
        True,
    ),
]


@pytest.mark.parametrize(
    "break_it, file, row, column, rule, value, geography",
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_file_is_reported_precisely(data_copy, break_it, file, row, column, rule, value, geography):
    break_it(data_copy)
    if isinstance(row, tuple):  # (record id, the row it is on in today's data)
        record, expected_row = row
        assert spreadsheet_row(data_copy, file, record) == expected_row
        row = expected_row
    problem = find(problems_of(data_copy, geography), file, row, column, rule)
    if value is not None:
        assert problem.value == value


def test_unbroken_copy_loads(data_copy):
    campaign = load(data_copy, geography=True)
    assert len(campaign.territories) == 58


def test_non_number_is_reported_only_as_not_a_number(data_copy):
    """'north' is not a number: it breaks the decimal rule, not the range rule."""
    set_cell(data_copy, "territories.csv", "grigny", "latitude", "north")
    on_cell = [p for p in problems_of(data_copy) if p.row == 3 and p.column == "latitude"]
    assert [p.rule for p in on_cell] == ["must be a decimal number"]


def test_duplicate_id_reports_both_rows(data_copy):
    set_cell(data_copy, "territories.csv", "grigny", "id", "barcelona")
    rows = sorted(p.row for p in problems_of(data_copy) if p.column == "id" and "unique" in p.rule)
    assert rows == [2, 3]


def test_every_problem_is_listed(data_copy):
    for record in ("grigny", "vienna", "malakoff"):
        set_cell(data_copy, "territories.csv", record, "latitude", "123")
    for record in ("kisumu-handbook", "juarez-charter"):
        set_cell(data_copy, "practices.csv", record, "status", "dreamt")
    problems = problems_of(data_copy)
    assert {(p.file, p.row, p.column, p.value) for p in problems} == {
        ("territories.csv", 3, "latitude", "123"),
        ("territories.csv", 7, "latitude", "123"),
        ("territories.csv", 12, "latitude", "123"),
        ("practices.csv", 13, "status", "dreamt"),
        ("practices.csv", spreadsheet_row(data_copy, "practices.csv", "juarez-charter"), "status", "dreamt"),
    }
    assert len(problems) == 5


def test_reference_date_and_session_problems_come_together(data_copy):
    set_cell(data_copy, "territories.csv", "grigny", "stage", "superstar")
    set_cell(data_copy, "territories.csv", "malakoff", "joined", "2031")
    edit_session(data_copy, lambda s: s["quotes"][0].pop("text"))
    problems = problems_of(data_copy)
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("territories.csv", 3, "stage"),
        ("territories.csv", 12, "joined"),
        ("session.yaml", None, "text"),
    }


def test_today_decides_what_is_future(data_copy):
    set_cell(data_copy, "territories.csv", "malakoff", "joined", "2026-12")
    with pytest.raises(DataError):
        load_campaign(data_copy, today=date(2026, 11, 30), check_geography=False)
    loaded = load_campaign(data_copy, today=date(2026, 12, 1), check_geography=False)
    assert loaded.territories.set_index("id").at["malakoff", "joined_label"] == "Dec 2026"


def test_wrong_country_passes_without_geography_check(data_copy):
    replace_text(
        data_copy,
        "territories.csv",
        "barcelona,Barcelona,Barcelona,city,ESP,Spain,",
        "barcelona,Barcelona,Barcelona,city,FRA,France,",
    )
    assert len(load(data_copy, geography=False).territories) == 58


# --- how problems read ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, text",
    [
        (
            DataProblem(
                "territories.csv", "must be between -90 and 90", row=3, column="latitude", value="123"
            ),
            "territories.csv, row 3, column 'latitude': must be between -90 and 90 (found: '123')",
        ),
        (
            DataProblem("territories.csv", "required column is missing", column="stage"),
            "territories.csv, column 'stage': required column is missing",
        ),
        (
            DataProblem("themes.csv", "is not valid CSV: Expected 2 fields in line 4, saw 3", row=4),
            "themes.csv, row 4: is not valid CSV: Expected 2 fields in line 4, saw 3",
        ),
        (DataProblem("themes.csv", "file is missing"), "themes.csv: file is missing"),
        (
            DataProblem("practices.csv", "a value is required", row=5, column="title", value=""),
            "practices.csv, row 5, column 'title': a value is required",
        ),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def test_problem_from_a_real_load_names_file_row_and_column(data_copy):
    set_cell(data_copy, "territories.csv", "grigny", "latitude", "123")
    with pytest.raises(DataError) as caught:
        load(data_copy)
    text = str(caught.value.problems[0])
    assert "territories.csv" in text and "row 3" in text and "'latitude'" in text
    assert "1 problem(s)" in str(caught.value)
    assert text in str(caught.value)


def test_data_error_keeps_every_problem_and_shortens_only_the_message():
    problems = [
        DataProblem("territories.csv", "a value is required", row=n, column="name") for n in range(2, 62)
    ]
    error = DataError(problems)
    assert error.problems == problems
    message = str(error)
    assert message.startswith("60 problem(s) in the campaign data:")
    assert "row 51," in message and "row 52," not in message
    assert message.endswith("- … and 10 more")


def test_campaign_memo_keeps_the_newest_entries_and_is_not_pickled(tiny, monkeypatch):
    import copy
    import pickle

    from hrcities import campaign

    monkeypatch.setattr(campaign, "MEMO_ENTRIES", 3)
    c = copy.copy(tiny)  # a campaign of its own (the fixture is shared by the session)
    c.__dict__.pop("_memo", None)
    calls = []

    def make(key):
        calls.append(key)
        return [key]

    first = c.memo("a", lambda: make("a"))
    assert c.memo("a", lambda: make("a")) is first and calls == ["a"]
    for key in ("b", "c", "d"):  # "a" was used least recently: it goes
        c.memo(key, lambda key=key: make(key))
    assert c.memo("a", lambda: make("a")) is not first and calls == ["a", "b", "c", "d", "a"]
    assert len(c.__dict__["_memo"]) == 3
    copied = pickle.loads(pickle.dumps(c))
    assert "_memo" not in copied.__dict__ and copied.version == c.version
    assert copied.memo("a", lambda: make("again")) == ["again"]


def _pandera_problems(table, frame) -> bool:
    import pandera.pandas as pa

    from hrcities.schema import dataframe_schema

    try:
        dataframe_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return True
    return False


@pytest.mark.parametrize("break_it", [pytest.param(case[1], id=case[0]) for case in BROKEN])
def test_the_quick_check_never_passes_a_table_pandera_refuses(data_copy, break_it):
    """`plainly_valid` lets a table skip pandera: only when pandera would find nothing either."""
    from hrcities.load import _read_csv
    from hrcities.schema import TABLES, plainly_valid

    break_it(data_copy)
    for table in TABLES:
        frame, _problems = _read_csv(data_copy / table.file, table)
        if frame is None:
            continue
        found = _pandera_problems(table, frame)
        assert not (plainly_valid(table, frame) and found), table.file
        if not found:  # and it does pass what pandera passes (else it would save nothing)
            assert plainly_valid(table, frame), table.file


def test_the_quick_check_passes_the_real_tables_and_refuses_foreign_dtypes(data_copy):
    from hrcities.load import _read_csv
    from hrcities.schema import TABLES, plainly_valid

    for table in TABLES:
        frame, _problems = _read_csv(data_copy / table.file, table)
        assert plainly_valid(table, frame) and not _pandera_problems(table, frame), table.file
    table = TABLES[0]
    frame, _problems = _read_csv(data_copy / table.file, table)
    assert not plainly_valid(table, frame.astype(object))  # not text: pandera decides
    assert not plainly_valid(table, frame.drop(columns=frame.columns[0]))
    assert not plainly_valid(table, frame.assign(extra="x"))


def test_what_every_page_needs_is_kept_whatever_the_selections(monkeypatch):
    from hrcities import campaign

    monkeypatch.setattr(campaign, "MEMO_ENTRIES", 2)
    c = load_campaign(DATA_DIR)
    made = []
    c.memo("index", lambda: made.append("index") or "kept", keep=True)
    for n in range(5):  # many selections come and go
        c.memo(("view", n), lambda n=n: n)
    assert c.memo("index", lambda: made.append("again") or "rebuilt", keep=True) == "kept"
    assert made == ["index"]
    assert c.memo(("view", 0), lambda: "again") == "again"  # the oldest selection went
    assert c.indexed("territories") is c.indexed("territories")


def test_campaign_memo_makes_a_value_once_when_many_threads_ask_at_once(tiny):
    """A room arriving at once: thirty threads asking for the same view wait for one thread to make it."""
    import copy
    import threading
    import time

    c = copy.copy(tiny)
    for name in ("_memo", "_memo_kept", "_memo_lock", "_memo_building"):
        c.__dict__.pop(name, None)
    calls, start = [], threading.Barrier(30)

    def make():
        calls.append(1)
        time.sleep(0.2)  # long enough for every other thread to ask meanwhile
        return object()

    def ask(results):
        start.wait()
        results.append(c.memo("page", make))

    results: list = []
    threads = [threading.Thread(target=ask, args=(results,)) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 30 and len({id(r) for r in results}) == 1

    # a failure is not kept: the next ask makes it again
    def broken():
        raise ValueError("no")

    with pytest.raises(ValueError):
        c.memo("other", broken)
    assert c.memo("other", lambda: 42) == 42
