"""The store's tables, declared from the same rows as the data files (`hrcities.schema.TABLES`).

Each data table keeps the columns of its CSV file, typed (int, float, bool, text), plus three
bookkeeping columns: `row_id` (insertion order), `row_version` (optimistic concurrency: every
update must name the version it read) and `updated_at` / `updated_by`. System tables hold the data
version other processes poll, the audit log (which also drives import undo), imports, city
submissions and sign-in attempts. Alembic migrations in `migrations/versions` freeze these shapes.
"""

import sqlalchemy as sa

from ..schema import TABLES, Col

BOOKKEEPING = ("row_id", "row_version", "updated_at", "updated_by")

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
    }
)


def _sql_type(col: Col) -> sa.types.TypeEngine:
    return {"int": sa.BigInteger(), "float": sa.Float(precision=53), "bool": sa.Boolean()}.get(
        col.kind, sa.Text()
    )


def _data_table(name: str, columns: tuple[Col, ...]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("updated_by", sa.Text),
        *(sa.Column(c.name, _sql_type(c), nullable=not c.required, unique=c.unique) for c in columns),
    )


DATA_TABLES: dict[str, sa.Table] = {t.name: _data_table(t.name, t.columns) for t in TABLES}

store_meta = sa.Table(
    "store_meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

data_version = sa.Table(
    "data_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True)),
    sa.Column("changed_by", sa.Text),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("record_key", sa.Text, nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("row_version", sa.Integer),
    sa.Column("note", sa.Text),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), index=True),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("skipped", sa.Integer, nullable=False),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("undone_at", sa.DateTime(timezone=True)),
    sa.Column("undone_by", sa.Text),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("client", sa.Text),
    sa.Column("territory_id", sa.Text),
    sa.Column("territory_name", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("contact_email", sa.Text, nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    sa.Column("reviewed_by", sa.Text),
    sa.Column("decision_note", sa.Text),
    sa.Column("record_id", sa.Text),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Index("ix_login_attempts_client_at", "client", "at"),
)

SYSTEM_TABLES = (store_meta, data_version, imports, audit_log, submissions)
