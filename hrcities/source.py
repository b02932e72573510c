"""The one way in to the campaign's data, for the dashboard and the API alike.

A `CampaignSource` stands for one store (its URL and data folder). `read()` asks the store for its
data version (one tiny query); when it changed, the campaign is read again, from the checked copy on
disk when one matches (`snapshot`), else from the store, validated. The last good campaign is kept,
so a store that breaks a rule or cannot be reached still gives something to show, with a `Reading`
that says so. Everything derived from a campaign is kept with it (`Campaign.memo`), so it goes when
the data change.

Plain Python: the dashboard adapts it to Streamlit in `components/state.py` (one source per process
and store), the API reads it directly (`hrcities.api`).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from . import snapshot
from .errors import DataError
from .load import Campaign, data_version
from .memory import release_free_memory
from .store import Store


class Unavailable(Exception):
    """The store cannot be read and no good campaign was read before."""


@dataclass(frozen=True)
class Reading:
    """What a source gives: the campaign to show and whether it is the store's current data.

    `campaign` is the store's data at `version`; or, when `problem` (the stored data break a rule) or
    `unreachable` (the database did not answer) is set, the last good campaign (None when there was none).
    """

    campaign: Campaign | None
    version: int | None = None
    changed_at: datetime | None = None
    problem: DataError | None = None
    unreachable: bool = False

    @property
    def is_current(self) -> bool:
        """True when `campaign` is the store's data as it is now."""
        return self.problem is None and not self.unreachable and self.campaign is not None

    def current(self) -> Campaign:
        """The current campaign, or the reason there is none: `DataError` or `Unavailable`."""
        if self.problem is not None:
            raise self.problem
        if self.unreachable or self.campaign is None:
            raise Unavailable("the campaign store cannot be read right now")
        return self.campaign


class CampaignSource:
    """One store's campaign, read once per data version and shared by every reader in the process.

    `url` is the store's SQLAlchemy URL or a function giving it (read on first use). The store is
    migrated and seeded from `data_dir` on first use, and again whenever the data files change.
    Safe across threads.
    """

    def __init__(
        self, url: str | Callable[[], str], data_dir: Path | str, today: Callable[[], date] = date.today
    ):
        self._url, self.data_dir, self.today = url, Path(data_dir), today
        self._store: Store | None = None
        self._prepared: tuple[str, DataError | None] | None = None
        self._reading: Reading | None = None
        self._good: Reading | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The store's URL."""
        return self._url() if callable(self._url) else self._url

    def store(self) -> Store:
        """The store, migrated and seeded; raises `DataError` when the data files it seeds from are broken."""
        files = data_version(self.data_dir)
        prepared = self._prepared
        if prepared is None or prepared[0] != files:
            with self._lock:
                if self._store is None:
                    self._store = Store(self.url, self.data_dir)
                if self._prepared is None or self._prepared[0] != files:
                    try:
                        self._store.prepare(today=self.today())
                        self._prepared = (files, None)
                    except DataError as error:
                        self._prepared = (files, error)
            prepared = self._prepared
        if prepared[1] is not None:
            raise prepared[1]
        return self._store

    def read(self) -> Reading:
        """The campaign as stored now (see `Reading`); raises `DataError` when the data files are broken."""
        store = self.store()
        try:
            version, changed_at = store.stamp()
        except sa.exc.SQLAlchemyError:
            return self._unreachable()
        reading = self._reading
        if reading is not None and reading.version == version:
            return reading
        with self._lock:
            reading = self._reading
            if reading is None or reading.version != version:
                reading = self._read_version(store, version, changed_at)
                self._reading = reading
        return reading

    def _read_version(self, store: Store, version: int, changed_at: datetime | None) -> Reading:
        good = self._good.campaign if self._good else None
        try:
            campaign = snapshot.load(store)
        except DataError as error:
            return Reading(good, version, changed_at, problem=error)
        except sa.exc.SQLAlchemyError:
            return Reading(good, None, changed_at, unreachable=True)
        finally:
            release_free_memory(collect=False)  # the temporaries of reading and checking
        read_at = campaign.version.removeprefix("store-")
        if read_at.isdigit():  # written to while it was read: the version is the one read
            version = int(read_at)
        self._good = Reading(campaign, version, changed_at)
        return self._good

    def _unreachable(self) -> Reading:
        good = self._good
        return Reading(
            good.campaign if good else None,
            good.version if good else None,
            good.changed_at if good else None,
            unreachable=True,
        )
