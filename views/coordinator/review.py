"""Coordinators review what cities proposed: approve (after editing), or reject with a note."""

import streamlit as st

from components import auth as auth_ui
from components import state
from components.cards import paged
from components.flash import flash, show_flashes
from components.record_form import record_inputs, report_failure
from components.text import md_escape
from hrcities.errors import DataError
from hrcities.store import ConflictError, StoreError
from hrcities.store import submissions as subs
from hrcities.tracker import slugify

_ = state.tr()
st.title(_("Review city submissions"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
show_flashes()
s = state.store()
c = state.campaign()
FAILURES = (DataError, ConflictError, StoreError, PermissionError)
pending = subs.queue(s, "pending")
st.metric(_("Waiting for review"), len(pending))
if pending.empty:
    st.info(_("No submission is waiting. Cities propose practices on the 'Propose a practice' page."))


def show_submission(row: dict) -> None:
    fields = row["fields"] or {}
    st.text(
        _("From: {name}, {country} · contact: {contact} <{email}>").format(
            name=row["territory_name"],
            country=row["country"],
            contact=row["contact_name"],
            email=row["contact_email"],
        )
    )
    for name in (
        "title",
        "summary",
        "context",
        "local_name",
        "population",
        "start_year",
        "source_url",
        "original_lang",
        "themes",
        "target_groups",
        "rights",
    ):
        value = fields.get(name)
        if value:
            st.text(f"{name.replace('_', ' ')}: {', '.join(value) if isinstance(value, list) else value}")


def practice_draft(row: dict) -> dict:
    fields = row["fields"] or {}
    territory = row["territory_id"] or ""
    return {
        "id": slugify(f"{territory}-{fields.get('title') or ''}")[:60].strip("-") or "practice",
        "territory_id": territory,
        "title": fields.get("title"),
        "summary": fields.get("summary"),
        "original_lang": fields.get("original_lang") if fields.get("original_lang") != "en" else None,
        "start_year": fields.get("start_year"),
        "start_status": "unverified",
        "status": "ongoing",
        "target_groups": "|".join(fields.get("target_groups") or []),
        "themes": "|".join(fields.get("themes") or []),
        "rights": "|".join(fields.get("rights") or []),
        "evidence": "unverified",
    }


def decide(row: dict) -> None:
    sid, version = int(row["id"]), int(row["row_version"])
    if row["kind"] == "practice":
        if not row["territory_id"]:
            st.warning(
                _(
                    "This city is not in the campaign data yet: add it on the 'Edit data' page "
                    "first, then choose it below."
                )
            )
        with st.form(f"approve_{sid}"):
            record = record_inputs(
                c, "practices", practice_draft(row), key=f"approve_{sid}", skip=("sources",)
            )
            approve = st.form_submit_button(_("Approve and publish"), type="primary")
        territory_version = None
    else:
        fields = row["fields"] or {}
        record = {k: fields.get(k) for k in ("context", "local_name", "population") if fields.get(k)}
        territory_version = int(
            s.records("territories").set_index("id").at[row["territory_id"], "row_version"]
        )
        approve = st.button(_("Apply this profile update"), key=f"approve_{sid}", type="primary")
    with st.form(f"reject_{sid}"):
        note = st.text_input(_("Reason for rejecting (kept in the record)"), max_chars=500)
        reject = st.form_submit_button(_("Reject"))
    try:
        if approve:
            written = subs.approve(s, grant, row, version, record, territory_version)
            flash(_("Approved: '{key}' is now public.").format(key=written))
            st.rerun()
        if reject:
            subs.reject(s, grant, sid, version, note)
            flash(_("Submission {number} rejected.").format(number=sid))
            st.rerun()
    except FAILURES as error:
        report_failure(error)


REVIEW_PER_PAGE = 20  # each proposal holds a form: hundreds at once took the page a minute to draw
for row in paged(pending, key="review_page", per_page=REVIEW_PER_PAGE).to_dict("records"):
    title = (row["fields"] or {}).get("title") or _("profile update")
    # a label is Markdown (links, images): a proposed title such as ![x](http://…) would load that image
    label = f"#{row['id']} · {row['territory_name'][:60]} · {title[:80]}"
    with st.expander(md_escape(label), expanded=len(pending) == 1):
        show_submission(row)
        decide(row)

with st.expander(_("Decided submissions")):
    decided = [subs.queue(s, status) for status in ("approved", "rejected")]
    for frame in decided:
        if not frame.empty:
            st.dataframe(
                frame[
                    [
                        "id",
                        "status",
                        "territory_name",
                        "reviewed_by",
                        "reviewed_at",
                        "decision_note",
                        "record_id",
                    ]
                ],
                hide_index=True,
                width="stretch",
            )
