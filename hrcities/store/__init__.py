"""The campaign store (SQLAlchemy 2 + Alembic): SQLite by default, PostgreSQL when configured."""

from .store import EDITABLE, ConflictError, Op, Store, StoreError

__all__ = ["EDITABLE", "ConflictError", "Op", "Store", "StoreError"]
