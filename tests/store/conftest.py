"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL comes from `HRCITIES_TEST_POSTGRES_URL` (a role that may CREATE DATABASE; `.ci/run`
installs Debian's postgresql, starts it and sets this). Each test gets a database of its own,
dropped afterwards. Without the variable the PostgreSQL cases are skipped, unless
`HRCITIES_REQUIRE_POSTGRES=1` (set by `.ci/run`), which turns the absence into a failure.
"""

import os
import shutil
import time
import uuid
import warnings
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from hrcities import auth
from hrcities.store import Store

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
TINY = ROOT / "tests" / "fixtures" / "tiny"
TODAY = date(2026, 11, 28)
PG_ENV = "HRCITIES_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("HRCITIES_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{PG_ENV} is not set but HRCITIES_REQUIRE_POSTGRES=1", pytrace=False)
    return url


def drop_database(engine: sa.Engine, name: str, attempts: int = 10) -> None:
    """Drop a test database. FORCE ends its sessions, but may race with an autovacuum worker that
    the test role cannot signal: retry a few times, then leave the database (it is only a leftover)."""
    for attempt in range(attempts):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.DBAPIError:
            time.sleep(0.2 * (attempt + 1))
    warnings.warn(f"could not drop test database {name}", stacklevel=2)


def new_database_url(kind: str, tmp_path: Path, template: str | None = None) -> tuple[str, callable]:
    """A URL of a brand-new database (empty, or a copy of `template`), and a function that drops it."""
    if kind == "sqlite" and template:
        target = tmp_path / f"store-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(sa.make_url(template).database, target)
        return f"sqlite:///{target}", lambda: None
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.sqlite3'}", lambda: None
    admin = postgres_admin_url()
    if not admin:
        pytest.skip(f"{PG_ENV} not set (CI sets it)")
    name = f"hrc_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        template_name = sa.make_url(template).database if template else None
        copy_of = f' TEMPLATE "{template_name}"' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of}')

    def drop():
        drop_database(engine, name)
        engine.dispose()

    return str(sa.make_url(admin).set(database=name).render_as_string(hide_password=False)), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_store(backend, tmp_path):
    """A migrated store with no data rows, on each backend, using the tiny fixture's session."""
    url, drop = new_database_url(backend, tmp_path)
    store = Store(url, TINY)
    store.prepare(seed=False)
    yield store
    store.dispose()
    drop()


_TEMPLATES: dict[tuple[str, Path], tuple[str, callable]] = {}


def seeded_template(backend: str, tmp_path_factory, data_dir: Path = TINY) -> str:
    """A store seeded from `data_dir` once per run and backend, copied by `store` and `real_store`."""
    if (backend, data_dir) not in _TEMPLATES:
        url, drop = new_database_url(backend, tmp_path_factory.mktemp("template"))
        s = Store(url, data_dir)
        assert s.prepare(today=TODAY) is True
        if s.dialect == "sqlite":
            with s.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        s.dispose()
        _TEMPLATES[backend, data_dir] = (url, drop)
    return _TEMPLATES[backend, data_dir][0]


@pytest.fixture(scope="session", autouse=True)
def _drop_templates():
    yield
    for _url, drop in _TEMPLATES.values():
        drop()


@pytest.fixture
def store(backend, tmp_path, tmp_path_factory):
    """A store seeded from the tiny synthetic fixture (fast, and never the real data)."""
    url, drop = new_database_url(backend, tmp_path, seeded_template(backend, tmp_path_factory))
    s = Store(url, TINY)
    assert s.prepare(today=TODAY) is False  # already seeded: a copy of the template
    yield s
    s.dispose()
    drop()


@pytest.fixture
def grant():
    return auth.issue("coordinator@test", "passphrase")


@pytest.fixture
def real_store(backend, tmp_path, tmp_path_factory):
    """A store seeded from the real data in data/ (for imports, whose countries and regions are real)."""
    url, drop = new_database_url(backend, tmp_path, seeded_template(backend, tmp_path_factory, DATA_DIR))
    s = Store(url, DATA_DIR)
    assert s.prepare(today=TODAY) is False
    yield s
    s.dispose()
    drop()
