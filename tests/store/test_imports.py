"""Tracker imports against the store, on SQLite and PostgreSQL.

Every file of the upload corpus (tests/fixtures/uploads, expectations in EXPECTED.csv) goes through
the coordinator page's own steps (read, suggest the mapping, plan against the store, and apply what
is safe to apply); each broken file must be refused or flagged with its expected message, and the
store must come out unchanged: the same checksum over every table and, on SQLite, the same bytes.
Good trackers with French and Spanish headings are applied and undone.
"""

import csv
import importlib.util
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import TODAY

from hrcities import tracker
from hrcities.store import ConflictError, StoreError
from hrcities.store import imports as store_imports
from hrcities.store.archive import checksum

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
EXPECTED = list(csv.DictReader((CORPUS / "EXPECTED.csv").open(encoding="utf-8")))
_spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)


def corpus_bytes(row: dict, tmp_path: Path) -> bytes:
    if row["origin"] == "generated":
        path = tmp_path / row["file"]
        make_corpus.GENERATED[row["file"]](path)
        return path.read_bytes()
    return (CORPUS / row["file"]).read_bytes()


def sqlite_bytes(store) -> bytes | None:
    """The SQLite database file's bytes after a checkpoint (None on PostgreSQL)."""
    if store.dialect != "sqlite":
        return None
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(sa.make_url(store.url).database).read_bytes()


def prepare(store, name: str, data: bytes | None = None) -> store_imports.Prepared:
    """The coordinator page's steps up to the preview: read, suggest the mapping, plan."""
    upload = tracker.read_upload(name, (CORPUS / name).read_bytes() if data is None else data)
    mapping = tracker.suggest_mapping(list(upload.frame.columns))
    return store_imports.plan_upload(store, upload, mapping, TODAY)


def apply(store, grant, prepared: store_imports.Prepared) -> int:
    batch = store_imports.batch_from(prepared, grant.name, TODAY)
    return store_imports.apply_import(store, grant, batch, TODAY)


@pytest.mark.parametrize("row", EXPECTED, ids=[r["file"] for r in EXPECTED])
def test_a_broken_file_is_refused_or_flagged_and_the_store_is_unchanged(row, real_store, grant, tmp_path):
    data = corpus_bytes(row, tmp_path)
    before, before_bytes = checksum(real_store), sqlite_bytes(real_store)
    if row["kind"] == "refused":
        with pytest.raises(tracker.UploadError) as caught:
            prepare(real_store, row["file"], data)
        assert row["expected_error_fragment"] in caught.value.message
    else:
        prepared = prepare(real_store, row["file"], data)
        assert any(row["expected_error_fragment"] in str(p) for p in prepared.plan.problems), [
            str(p) for p in prepared.plan.problems
        ]
        # What the page would apply leaves the flagged rows out.
        flagged = {p.row for p in prepared.plan.problems}
        assert not flagged & set(prepared.plan.added_rows)
        assert not flagged & {change.row for change in prepared.plan.changed}
    assert checksum(real_store) == before
    assert sqlite_bytes(real_store) == before_bytes


@pytest.mark.parametrize(
    "name, added, changed",
    [
        ("tracker_fr_semicolon.csv", 3, 0),
        ("tracker_es.xlsx", None, None),
        ("tracker_en.csv", 4, 1),
    ],
)
def test_a_tracker_with_foreign_headings_applies_and_undoes(real_store, grant, name, added, changed):
    before_tables = {k: v.copy() for k, v in real_store.raw_tables().items()}
    members_before = len(real_store.load(TODAY).territories)
    prepared = prepare(real_store, name)
    plan = prepared.plan
    assert plan.problems == []
    if added is not None:
        assert (len(plan.added), len(plan.changed)) == (added, changed)
    assert plan.added or plan.changed
    number = apply(real_store, grant, prepared)
    loaded = real_store.load(TODAY)
    assert len(loaded.territories) == members_before + len(plan.added)
    names = set(loaded.territories["name"])
    assert {row["name"] for row in plan.added} <= names
    for row in plan.added:  # every added territory cites the import as its source
        assert prepared.source_id in str(loaded.territories.set_index("id").at[row["id"], "sources"])
    history = store_imports.list_imports(real_store)
    assert history.iloc[0][["filename", "added", "changed", "status", "actor"]].tolist() == [
        name,
        len(plan.added),
        len(plan.changed),
        "applied",
        grant.name,
    ]
    assert history.iloc[0]["sha256"] == prepared.sha256

    store_imports.undo_import(real_store, grant, number, TODAY)
    after_tables = real_store.raw_tables()
    for table, frame in before_tables.items():
        assert (
            after_tables[table]
            .sort_values(list(frame.columns[:1]))
            .reset_index(drop=True)
            .equals(frame.sort_values(list(frame.columns[:1])).reset_index(drop=True))
        ), table
    assert store_imports.list_imports(real_store).iloc[0]["status"] == "undone"
    with pytest.raises(StoreError, match="already undone"):
        store_imports.undo_import(real_store, grant, number, TODAY)


def test_a_plan_made_before_someone_else_edited_is_refused_whole(real_store, grant):
    prepared = prepare(real_store, "tracker_en.csv")
    changed_id = prepared.plan.changed[0].id
    version = int(real_store.records("territories").set_index("id").at[changed_id, "row_version"])
    real_store.update(grant, "territories", changed_id, version, {"notes": "edited meanwhile"}, today=TODAY)
    before, before_bytes = checksum(real_store), sqlite_bytes(real_store)
    with pytest.raises(ConflictError) as caught:
        apply(real_store, grant, prepared)
    assert changed_id in caught.value.message
    assert checksum(real_store) == before
    assert sqlite_bytes(real_store) == before_bytes


def test_undo_refuses_when_a_record_was_edited_after_the_import(real_store, grant):
    prepared = prepare(real_store, "tracker_fr_semicolon.csv")
    number = apply(real_store, grant, prepared)
    new_id = prepared.plan.added[0]["id"]
    version = int(real_store.records("territories").set_index("id").at[new_id, "row_version"])
    real_store.update(grant, "territories", new_id, version, {"population": "12346"}, today=TODAY)
    before = checksum(real_store)
    with pytest.raises(ConflictError) as caught:
        store_imports.undo_import(real_store, grant, number, TODAY)
    assert new_id in caught.value.message
    assert checksum(real_store) == before


def test_a_forged_grant_cannot_import(real_store):
    prepared = prepare(real_store, "tracker_fr_semicolon.csv")
    before = checksum(real_store)
    with pytest.raises(PermissionError):
        store_imports.apply_import(
            real_store, {"name": "intruder"}, store_imports.batch_from(prepared, "intruder", TODAY), TODAY
        )
    assert checksum(real_store) == before


def test_a_tracker_without_a_stage_column_applies_with_the_stage_given_and_undoes(real_store, grant):
    data = "Gobierno local,País,Ola,Fecha de adhesión\nVillaprueba,Reino de España,Ola 3,2025\n".encode()
    upload = tracker.read_upload("adhesiones.csv", data)
    mapping = tracker.suggest_mapping(list(upload.frame.columns))
    refused = store_imports.plan_upload(real_store, upload, mapping, TODAY)
    assert refused.plan.added == [] and refused.plan.problems
    prepared = store_imports.plan_upload(real_store, upload, mapping, TODAY, default_stage="member")
    assert prepared.plan.problems == []
    before = real_store.raw_tables()["territories"]
    number = apply(real_store, grant, prepared)
    added = real_store.load(TODAY).territories.set_index("id").loc[prepared.plan.added[0]["id"]]
    assert (added["stage"], added["wave"], added["joined"]) == ("member", 3, "2025")
    assert added["country_iso3"] == "ESP"
    store_imports.undo_import(real_store, grant, number, TODAY)
    after = real_store.raw_tables()["territories"]
    by_id = {"by": "id", "ignore_index": True}
    assert after.sort_values(**by_id).equals(before.sort_values(**by_id))


def test_a_move_down_is_written_only_when_ticked_and_a_file_may_come_again(real_store, grant):
    data = b"Name,Country,Population\nGwangju,Korea,1500000\n"
    upload = tracker.read_upload("gwangju.csv", data)
    mapping = tracker.suggest_mapping(list(upload.frame.columns))

    def stage_and_population():
        row = real_store.load(TODAY).territories.set_index("id").loc["gwangju"]
        return row["stage"], row["population"]

    first = store_imports.plan_upload(real_store, upload, mapping, TODAY, default_stage="member")
    assert [ch.id for ch in first.plan.held()] == ["gwangju"]
    batch = store_imports.batch_from(first, grant.name, TODAY)
    assert [cells for _, cells, _ in batch.changed][0].keys() == {"population", "sources"}
    store_imports.apply_import(real_store, grant, batch, TODAY)
    assert stage_and_population() == ("framework", 1500000)
    again = store_imports.plan_upload(real_store, upload, mapping, TODAY, default_stage="member")
    assert again.source_id == first.source_id + "-2"  # the same file, the same day: a new source
    assert store_imports.batch_from(again, grant.name, TODAY).changed == []
    apply_ticked = store_imports.batch_from(again, grant.name, TODAY, ticked=True)
    store_imports.apply_import(real_store, grant, apply_ticked, TODAY)
    assert stage_and_population() == ("member", 1500000)
    joined = real_store.raw_tables()["territories"].set_index("id").at["gwangju", "joined"]
    assert joined == "2022"  # a stage move never writes a join date
