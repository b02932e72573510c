"""City submissions in the store: the public form adds pending rows; coordinators decide.

Nothing here is read by the public pages: the campaign tables only change when a coordinator
approves, and that approval writes through `Store.apply` like any other edit (grant, validation,
audit, data version). The submission's own row is checked by version too, so two coordinators
cannot both decide the same submission.
"""

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa

from .. import auth, moderation
from ..i18n import msg
from . import tables as t
from .store import ConflictError, Op, Store, StoreError, now


def submit(store: Store, kind: str, values: dict, client: str) -> int:
    """Store an already-checked submission as pending; returns its number."""
    fields = {
        k: v
        for k, v in values.items()
        if k not in ("kind", "territory_id", "territory_name", "country", "contact_name", "contact_email")
    }
    with store._transaction() as conn:
        hour_ago = now() - timedelta(hours=1)
        recent = conn.execute(
            sa.select(sa.func.count())
            .select_from(t.submissions)
            .where(t.submissions.c.client == client[:200], t.submissions.c.created_at >= hour_ago)
        ).scalar()
        if recent >= moderation.MAX_PER_HOUR:
            raise StoreError(
                msg(
                    "Thank you: we already received several proposals from you in the last hour. "
                    "Please try again later."
                )
            )
        pending = conn.execute(
            sa.select(sa.func.count()).select_from(t.submissions).where(t.submissions.c.status == "pending")
        ).scalar()
        if pending >= moderation.MAX_PENDING:
            raise StoreError(msg("The review queue is full at the moment. Please try again in a few days."))
        result = conn.execute(
            sa.insert(t.submissions).values(
                kind=kind,
                status="pending",
                created_at=now(),
                client=client[:200],
                territory_id=values.get("territory_id"),
                territory_name=values["territory_name"],
                country=values["country"],
                contact_name=values["contact_name"],
                contact_email=values["contact_email"],
                fields=fields,
            )
        )
        return int(result.inserted_primary_key[0])


def queue(store: Store, status: str = "pending") -> pd.DataFrame:
    """Submissions with `status` (oldest first). Coordinator-only: it holds contact details."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.submissions).where(t.submissions.c.status == status).order_by(t.submissions.c.id)
        )
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(t.submissions.c.keys()))


def _decide(submission_id: int, expected_version: int, status: str, note: str | None, record_id: str | None):
    def also(conn: sa.Connection, who: str) -> None:
        done = conn.execute(
            sa.update(t.submissions)
            .where(
                t.submissions.c.id == submission_id,
                t.submissions.c.row_version == expected_version,
                t.submissions.c.status == "pending",
            )
            .values(
                status=status,
                reviewed_at=now(),
                reviewed_by=who,
                decision_note=note,
                record_id=record_id,
                row_version=t.submissions.c.row_version + 1,
            )
        )
        if done.rowcount != 1:
            raise ConflictError(
                msg(
                    "Submission {number} was already reviewed or changed by someone else: nothing was saved.",
                    number=submission_id,
                )
            )

    return also


def submission_source(submission: dict, today: date) -> dict:
    """The source row that records a submission as the provenance of what it adds."""
    return {
        "id": f"submission-{submission['id']}",
        "title": f"Proposal sent by {submission['territory_name']} through the dashboard form",
        "publisher": submission["territory_name"],
        "url": (submission.get("fields") or {}).get("source_url"),
        "published": today.isoformat(),
        "language": None,
    }


def approve(
    store: Store,
    grant: object,
    submission: dict,
    expected_version: int,
    record: dict,
    territory_version: int | None = None,
    today: date | None = None,
) -> str:
    """Approve: add the (possibly edited) practice, or apply the profile update, in one transaction.

    `record` holds the practice row (as text) or, for a profile, the territory cells to change.
    Returns the id of the record written.
    """
    auth.verify(grant)
    today = today or date.today()
    source = submission_source(submission, today)
    ops = [Op("insert", "sources", values=source, note=f"submission {submission['id']}")]
    if submission["kind"] == "practice":
        sources = [s for s in str(record.get("sources") or "").split("|") if s]
        record = {**record, "sources": "|".join(dict.fromkeys([*sources, source["id"]]))}
        ops.append(Op("insert", "practices", values=record, note=f"approved submission {submission['id']}"))
        record_id = record["id"]
    else:
        record_id = submission["territory_id"]
        if territory_version is None:
            raise StoreError(msg("A profile update needs the territory's version."))
        territory = store.records("territories").set_index("id").loc[record_id]
        merged = [*str(territory["sources"]).split("|"), source["id"]]
        record = {**record, "sources": "|".join(dict.fromkeys(s for s in merged if s))}
        ops.append(
            Op(
                "update",
                "territories",
                record_id,
                record,
                territory_version,
                note=f"approved submission {submission['id']}",
            )
        )
    store.apply(
        grant,
        ops,
        "moderation",
        today,
        also=_decide(int(submission["id"]), expected_version, "approved", None, record_id),
    )
    return record_id


def reject(store: Store, grant: object, submission_id: int, expected_version: int, note: str) -> None:
    """Reject a pending submission with a note for the record (no campaign data changes)."""
    who = auth.verify(grant).name
    with store._transaction() as conn:
        _decide(submission_id, expected_version, "rejected", note[:1000] or None, None)(conn, who)
