"""The campaign: every validated table, the forum session, and what is derived from them (`memo`)."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

MEMO_ENTRIES = 32  # derived views kept per campaign (filtered frames per selection, indexes, ...)
_MISSING = object()
_MEMO_STATE = ("_memo", "_memo_lock", "_memo_kept", "_memo_building")  # not pickled


@dataclass(frozen=True)
class Campaign:
    """Every table of the campaign, validated and typed, plus the forum session."""

    tables: dict[str, pd.DataFrame]
    session: dict
    version: str
    data_dir: Path
    geo_report: pd.DataFrame = field(default_factory=pd.DataFrame)
    last_change: date | None = None  # the day of the store's last change by a coordinator (not the seed)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def memo(self, key, make, keep: bool = False):
        """`make()`, computed once for this campaign and `key` (a hashable description of what it
        derives: a filtered view for a selection, a table indexed by id), then kept with it.

        The campaign is immutable and replaced when the data change, so what is derived from it never
        goes stale and goes away with it. The newest `MEMO_ENTRIES` are kept, and every entry made with
        `keep` (what every page needs whatever the selection: indexes, search texts, a language's view).
        Safe across threads: one thread makes a value while the others asking for the same key wait
        for it (a room arriving at once after a restart made each page thirty times over). Treat
        results as read-only.
        """
        memo, lock = self.__dict__.get("_memo"), self.__dict__.get("_memo_lock")
        if memo is None:
            lock = self.__dict__.setdefault("_memo_lock", threading.Lock())
            with lock:
                memo = self.__dict__.setdefault("_memo", OrderedDict())
                self.__dict__.setdefault("_memo_kept", {})
        kept = self.__dict__["_memo_kept"]
        with lock:
            found = self._memo_hit(key)
            if found is not _MISSING:
                return found
            building = self.__dict__.setdefault("_memo_building", {})
            key_lock = building.setdefault(key, threading.RLock())
        with key_lock:  # one thread makes it; the others asking meanwhile wait and share it
            with lock:
                found = self._memo_hit(key)
            if found is not _MISSING:
                return found
            try:
                value = make()
            finally:
                with lock:
                    building.pop(key, None)
            with lock:
                if keep:
                    return kept.setdefault(key, value)
                value = memo.setdefault(key, value)
                memo.move_to_end(key)
                while len(memo) > MEMO_ENTRIES:
                    memo.popitem(last=False)
            return value

    def _memo_hit(self, key):
        """The memo's value for `key`, or `_MISSING` (the memo's lock held)."""
        kept, memo = self.__dict__["_memo_kept"], self.__dict__["_memo"]
        if key in kept:
            return kept[key]
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
        return _MISSING

    def indexed(self, table: str) -> pd.DataFrame:
        """Table `table` indexed by its `id` column, made once per campaign."""
        return self.memo(("indexed", table), lambda: getattr(self, table).set_index("id"), keep=True)

    def labels(self, table: str, column: str = "label") -> dict:
        """Table `table`'s `column` by id (e.g. a theme's label), made once per campaign."""
        frame = getattr(self, table)
        return self.memo(
            ("labels", table, column), lambda: dict(zip(frame["id"], frame[column], strict=True)), keep=True
        )

    def __getstate__(self) -> dict:
        """Pickled (the disk snapshot) without what `memo` derived."""
        return {k: v for k, v in self.__dict__.items() if k not in _MEMO_STATE}
