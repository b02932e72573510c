"""The store on SQLite and PostgreSQL: seed, read, edit, conflicts, validation, grants, audit."""

import hashlib
import io
import threading
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import DATA_DIR, TINY, TODAY, new_database_url

from hrcities import auth, snapshot
from hrcities.errors import DataError
from hrcities.load import load_campaign
from hrcities.store import ConflictError, Op, Store, StoreError
from hrcities.store import store as store_module
from hrcities.store.archive import backup, checksum, restore

NEW_TERRITORY = {
    "id": "exampleburg",
    "name": "Exampleburg",
    "kind": "city",
    "country_iso3": "DEU",
    "country": "Germany",
    "uclg_region": "europe",
    "region_status": "inferred",
    "latitude": "52.52",
    "longitude": "13.405",
    "population": "50000",
    "stage": "pledged",
    "stage_status": "confirmed",
    "joined_status": "unknown",
    "pioneer": "false",
    "sources": "fixture-source",
    "notes": "Synthetic test territory.",
}


def sqlite_file_digest(store: Store) -> str | None:
    """SHA-256 of the SQLite file after a checkpoint (None for PostgreSQL)."""
    if store.dialect != "sqlite":
        return None
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = sa.make_url(store.url).database
    with Path(path).open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def fingerprint(store: Store) -> tuple:
    return checksum(store), sqlite_file_digest(store), store.data_version()


def test_the_seeded_store_loads_exactly_like_the_files(store):
    from_files = load_campaign(TINY, today=TODAY)
    from_store = store.load(today=TODAY)
    assert from_store.version == "store-1"
    for name, frame in from_files.tables.items():
        pd.testing.assert_frame_equal(from_store.tables[name], frame, check_dtype=True)
    assert from_store.session == from_files.session


def test_the_real_data_seeds_and_loads_unchanged(backend, tmp_path):
    url, drop = new_database_url(backend, tmp_path)
    store = Store(url, DATA_DIR)
    try:
        assert store.prepare(today=TODAY)
        real = load_campaign(DATA_DIR, today=TODAY)
        loaded = store.load(today=TODAY)
        on_file = pd.read_csv(DATA_DIR / "territories.csv", dtype=str, keep_default_na=False)
        assert len(loaded.territories) == len(real.territories) == len(on_file)  # 58 in December 2026
        for name, frame in real.tables.items():
            pd.testing.assert_frame_equal(loaded.tables[name], frame)
    finally:
        store.dispose()
        drop()


def test_prepare_is_idempotent_and_seeds_once(store):
    before = fingerprint(store)
    assert store.prepare(today=TODAY) is False
    assert fingerprint(store) == before


def test_two_threads_preparing_a_new_store_at_once(backend, tmp_path):
    # serve.py's warm-up, the first page and the API's first request may all prepare a fresh store at
    # the same moment: Alembic's global context broke ("KeyError: 'script'") or SQLite was locked
    url, drop = new_database_url(backend, tmp_path)
    stores = [Store(url, TINY) for _ in range(3)]
    results, errors = [], []

    def prepare(store):
        try:
            results.append(store.prepare(today=TODAY))
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)

    threads = [threading.Thread(target=prepare, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == [] and sorted(results) == [False, False, True]  # seeded once
        assert fingerprint(stores[0]) == fingerprint(stores[2])
    finally:
        for s in stores:
            s.dispose()
        drop()


def test_seeding_from_broken_files_writes_nothing(empty_store, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in TINY.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    text = (broken / "territories.csv").read_text().replace("40.41650", "140.41650")
    (broken / "territories.csv").write_text(text)
    store = Store(empty_store.url, broken)
    with pytest.raises(DataError) as caught:
        store.prepare(today=TODAY)
    assert any(p.column == "latitude" and p.row == 2 for p in caught.value.problems)
    assert store.is_empty() and store.meta("seeded") == "no"


def test_an_edit_shows_in_the_next_load_and_bumps_the_version(store, grant):
    versions = store.records("territories").set_index("id")["row_version"]
    new = store.update(
        grant, "territories", "testville", int(versions["testville"]), {"population": "125000"}, today=TODAY
    )
    assert new == int(versions["testville"]) + 1
    assert store.data_version() == 2
    loaded = store.load(today=TODAY).territories.set_index("id")
    assert loaded.at["testville", "population"] == 125000
    entry = store.history("territories", "testville").iloc[-1]
    assert entry["actor"] == "coordinator@test" and entry["before"] == {"population": "120000"}
    assert entry["after"] == {"population": "125000"}


def test_a_stale_version_is_refused_and_nothing_is_overwritten(store, grant):
    version = int(store.records("territories").set_index("id").at["testville", "row_version"])
    store.update(grant, "territories", "testville", version, {"population": "125000"}, today=TODAY)
    before = fingerprint(store)
    with pytest.raises(ConflictError, match="changed by someone else"):
        store.update(grant, "territories", "testville", version, {"population": "999"}, today=TODAY)
    assert fingerprint(store) == before
    assert store.load(today=TODAY).territories.set_index("id").at["testville", "population"] == 125000


@pytest.mark.parametrize(
    ("values", "column", "rule"),
    [
        ({"latitude": "95"}, "latitude", "between"),
        ({"joined": "2030-01"}, "joined", "future"),
        ({"name": "<script>alert(1)</script>"}, "name", "'<' or '>'"),
        ({"stage": "superstar"}, "stage", "existing id"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "outside the country"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_an_edit_breaking_a_rule_names_record_column_and_rule_and_writes_nothing(
    store, grant, values, column, rule
):
    version = int(store.records("territories").set_index("id").at["testville", "row_version"])
    before = fingerprint(store)
    with pytest.raises(DataError) as caught:
        store.update(grant, "territories", "testville", version, values, today=TODAY)
    problems = caught.value.problems
    assert any(p.column == column and rule in p.rule and p.record == "testville" for p in problems), problems
    assert "territories, record 'testville'" in str(problems[0])
    assert fingerprint(store) == before


def test_adding_a_territory_and_moving_it_up_the_ladder(store, grant):
    store.insert(grant, "territories", NEW_TERRITORY, today=TODAY)
    loaded = store.load(today=TODAY).territories.set_index("id")
    assert loaded.at["exampleburg", "stage"] == "pledged" and not loaded.at["exampleburg", "is_member"]
    version = int(store.records("territories").set_index("id").at["exampleburg", "row_version"])
    store.move_stage(grant, "exampleburg", version, "member", "2026-10-05", "confirmed", today=TODAY)
    moved = store.load(today=TODAY).territories.set_index("id")
    assert moved.at["exampleburg", "is_member"]
    assert moved.at["exampleburg", "joined"] == "2026-10-05"
    assert (
        store.history("territories", "exampleburg").iloc[-1]["note"] == "stage pledged → member on 2026-10-05"
    )


def test_adding_a_duplicate_id_is_refused(store, grant):
    before = fingerprint(store)
    with pytest.raises(ConflictError, match="already exists"):
        store.insert(grant, "territories", {**NEW_TERRITORY, "id": "testville"}, today=TODAY)
    assert fingerprint(store) == before


@pytest.mark.parametrize(
    "forged",
    [
        None,
        {"name": "me", "method": "passphrase"},
        "coordinator",
        auth.Grant("intruder", "passphrase", 1e12, "0" * 64),
    ],
)
def test_every_write_refuses_a_missing_or_forged_grant(store, forged):
    genuine = auth.issue("coordinator@test", "passphrase")
    tampered = replace(genuine, name="someone-else")
    before = fingerprint(store)
    for bad in (forged, tampered):
        with pytest.raises(auth.NotAuthorised):
            store.update(bad, "territories", "testville", 1, {"population": "1"}, today=TODAY)
        with pytest.raises(auth.NotAuthorised):
            store.insert(bad, "territories", NEW_TERRITORY, today=TODAY)
    assert fingerprint(store) == before


def test_an_expired_grant_is_refused(store, monkeypatch):
    old = auth.issue("coordinator@test", "passphrase")
    monkeypatch.setattr(auth.time, "time", lambda: old.issued + auth.GRANT_HOURS * 3600 + 1)
    with pytest.raises(auth.NotAuthorised, match="expired"):
        store.update(old, "territories", "testville", 1, {"population": "1"}, today=TODAY)


def test_parallel_writers_on_one_record_lose_no_update(store, grant):
    """20 threads each add 1 to a population, retrying on conflict: the total is exact."""
    start = int(store.load(today=TODAY).territories.set_index("id").at["testville", "population"])
    conflicts, errors = [], []

    def worker():
        for _attempt in range(200):
            record = store.records("territories").set_index("id").loc["testville"]
            try:
                store.update(
                    grant,
                    "territories",
                    "testville",
                    int(record["row_version"]),
                    {"population": str(int(record["population"]) + 1)},
                    today=TODAY,
                )
                return
            except ConflictError:
                conflicts.append(1)
            except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
                errors.append(repr(exc))
                return
        errors.append("gave up")

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = store.load(today=TODAY).territories.set_index("id").at["testville", "population"]
    assert final == start + 20
    assert store.data_version() == 1 + 20


def test_of_parallel_saves_from_one_version_exactly_one_wins(store, grant):
    version = int(store.records("territories").set_index("id").at["testville", "row_version"])
    outcomes = []
    barrier = threading.Barrier(8)

    def worker(n):
        barrier.wait()
        try:
            store.update(
                grant, "territories", "testville", version, {"population": str(1000 + n)}, today=TODAY
            )
            outcomes.append(("won", n))
        except ConflictError as error:
            outcomes.append(("refused", error.message))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for kind, n in outcomes if kind == "won"]
    assert len(winners) == 1 and len(outcomes) == 8
    assert all("Nothing was saved" in m for kind, m in outcomes if kind == "refused")
    final = store.load(today=TODAY).territories.set_index("id").at["testville", "population"]
    assert final == 1000 + winners[0]


def test_a_second_store_object_sees_a_write_through_the_data_version(store, grant):
    other = Store(store.url, TINY)  # another process would open its own engine like this
    try:
        seen = other.data_version()
        store.update(grant, "territories", "testville", 1, {"population": "130000"}, today=TODAY)
        assert other.data_version() == seen + 1
        assert other.load(today=TODAY).territories.set_index("id").at["testville", "population"] == 130000
    finally:
        other.dispose()


def test_the_stamp_is_the_data_version_and_the_time_of_the_last_change_in_utc(store, grant):
    version, changed_at = store.stamp()
    assert version == store.data_version() == 1
    assert changed_at is not None and changed_at.utcoffset() == timedelta(0)
    before = datetime.now(UTC)
    store.update(grant, "territories", "testville", 1, {"population": "130000"}, today=TODAY)
    version_after, changed_after = store.stamp()
    assert version_after == store.data_version() == version + 1
    assert changed_after.utcoffset() == timedelta(0) and changed_after >= before - timedelta(seconds=1)


def test_a_write_gives_the_disk_snapshot_a_new_key(store, grant, tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "CACHE_DIR", tmp_path / "cache")
    first = snapshot.load(store)
    assert first.version == "store-1" and snapshot.snapshot_path(store, store.stamp()).exists()
    assert snapshot.load(store).version == "store-1"  # read back from the disk
    store.update(grant, "territories", "testville", 1, {"population": "130000"}, today=TODAY)
    assert not snapshot.snapshot_path(store, store.stamp()).exists()
    assert snapshot.load(store).territories.set_index("id").at["testville", "population"] == 130000


def test_the_snapshot_key_covers_every_module_of_the_logic_packages_included():
    code = {path.relative_to(snapshot.ROOT).as_posix() for path in snapshot._CODE}
    on_disk = {p.relative_to(snapshot.ROOT).as_posix() for p in (snapshot.ROOT / "hrcities").rglob("*.py")}
    assert code == on_disk
    assert {"hrcities/store/reading.py", "hrcities/figures/map.py", "hrcities/load.py"} <= code


def test_ops_on_tables_that_are_not_editable_are_refused(store, grant):
    with pytest.raises(StoreError, match="cannot be edited"):
        store.apply(grant, [Op("update", "stages", "member", {"label": "x"}, 1)], "edit", TODAY)


def test_backup_restores_into_an_empty_store_identically(store, grant, empty_store):
    store.update(grant, "territories", "testville", 1, {"population": "130000"}, today=TODAY)
    archive = backup(store)
    manifest = restore(empty_store, archive, today=TODAY)
    assert manifest["format"] == "hrcities-backup/1"
    restored = empty_store.load(today=TODAY)
    for name, frame in store.load(today=TODAY).tables.items():
        pd.testing.assert_frame_equal(restored.tables[name], frame)
    assert empty_store.history("territories", "testville").iloc[-1]["after"] == {"population": "130000"}
    # The restored store keeps working: ids continue after the restored ones.
    empty_store.insert(grant, "territories", NEW_TERRITORY, today=TODAY)


def tampered(archive: bytes) -> bytes:
    """The backup with one table edited but its manifest (and checksum) left as it was."""
    source, out = zipfile.ZipFile(io.BytesIO(archive)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "tables/territories.json":
                data = data.replace(b"Testville", b"Testvilla")
            target.writestr(info.filename, data)
    return out.getvalue()


def test_restore_refuses_a_store_with_data_and_a_damaged_backup(store, empty_store):
    archive = backup(store)
    before = fingerprint(store)
    with pytest.raises(StoreError, match="empty store"):
        restore(store, archive, today=TODAY)
    assert fingerprint(store) == before
    empty_before = fingerprint(empty_store)
    for damaged in (archive[: len(archive) // 2], b"not a zip", tampered(archive)):
        with pytest.raises(StoreError):
            restore(empty_store, damaged, today=TODAY)
    assert fingerprint(empty_store) == empty_before


def test_sign_in_failures_lock_a_client_for_a_while(store):
    for _ in range(auth.MAX_FAILURES - 1):
        store.record_sign_in("client-a", ok=False)
    assert auth.locked_until(store.recent_failures("client-a")) is None
    store.record_sign_in("client-a", ok=False)
    assert auth.locked_until(store.recent_failures("client-a")) is not None
    assert auth.locked_until(store.recent_failures("client-b")) is None


def test_a_date_today_is_fine_and_tomorrow_is_not(store, grant):
    store.update(grant, "territories", "testville", 1, {"joined": TODAY.isoformat()}, today=TODAY)
    with pytest.raises(DataError, match="future"):
        store.update(
            grant, "territories", "testville", 2, {"joined": date(2026, 11, 29).isoformat()}, today=TODAY
        )


def test_a_store_from_before_the_record_table_gets_it_on_upgrade(backend, tmp_path):
    """A deployment at schema 0001 (before record.csv, leader and mandate) upgrades to the head and is
    seeded; a store seeded before the record table existed gets its row from the files, once: a
    coordinator's later declaration is never overwritten."""
    from alembic import command
    from alembic.config import Config

    from hrcities.store.store import head_revision

    url, drop = new_database_url(backend, tmp_path)
    store = Store(url, DATA_DIR)
    try:
        config = Config()
        config.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
        with store.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
            conn.commit()
        assert store.revision() == "0001"
        assert store.prepare(today=TODAY)  # migrated to the head, then seeded
        assert store.revision() == head_revision()
        assert store.load(today=TODAY).record.at[0, "data_as_of"] == "2026-12-07"
        with store.engine.begin() as conn:  # as if seeded before migration 0002 added the table
            conn.exec_driver_sql("DELETE FROM record")
        assert store.prepare(today=TODAY) is False  # already seeded: only the added table is filled
        assert len(store.load(today=TODAY).record) == 1
        with store.engine.begin() as conn:  # a coordinator declares the complete list
            conn.exec_driver_sql("UPDATE record SET complete_list_as_of = '2026-11-01'")
        store.prepare(today=TODAY)
        assert store.load(today=TODAY).record.at[0, "complete_list_as_of"] == "2026-11-01"
    finally:
        store.dispose()
        drop()


def test_the_editor_picks_records_by_their_names(real_store):
    """The editor's picker shows each record by name (or title) with its key, as the store has it."""
    records, labels = real_store.editable("territories")
    assert labels["barcelona"] == "Barcelona (barcelona)"
    assert records.loc["barcelona", "name"] == "Barcelona" and "row_version" in records.columns
    practices, titles = real_store.editable("practices")
    first = practices.index[0]
    assert titles[first] == f"{practices.at[first, 'title']} ({first})"
    assert list(titles) == list(practices.index)
