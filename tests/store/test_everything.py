"""The export page's tables (`hrcities.store.everything`), without Streamlit."""

from datetime import UTC, datetime
from pathlib import Path

from hrcities.schema import TABLES
from hrcities.store import Store
from hrcities.store.everything import everything

DATA = Path(__file__).resolve().parents[2] / "data"


def test_everything_holds_every_table_and_the_coordinators_logs(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e.sqlite3'}", DATA)
    store.prepare()
    c = store.load()
    export = everything(store, c, now=datetime(2026, 12, 7, 18, 5, tzinfo=UTC))
    assert set(export.tables) == {t.name for t in TABLES} | {"imports", "audit_log", "submissions"}
    for spec in TABLES:
        assert list(export.tables[spec.name].columns) == [col.name for col in spec.columns]
        assert len(export.tables[spec.name]) == len(c.tables[spec.name])
    assert export.stamp == "20261207-1805" and export.about["data_version"] == str(store.data_version())
    store.dispose()
