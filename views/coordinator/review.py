"""Coordinators review what cities proposed: approve (after editing), or reject with a note."""

import streamlit as st

from components import auth as auth_ui
from components import state
from components.cards import paged
from components.flash import flash, show_flashes
from components.record_form import record_inputs, report_failure
from components.text import md_escape
from hrcities import moderation
from hrcities.errors import DataError
from hrcities.store import ConflictError, StoreError
from hrcities.store import submissions as subs

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


def show_submission(row: dict, draft: moderation.ReviewDraft) -> None:
    st.text(
        _("From: {name}, {country} · contact: {contact} <{email}>").format(
            name=row["territory_name"],
            country=row["country"],
            contact=row["contact_name"],
            email=row["contact_email"],
        )
    )
    for line in draft.details:
        st.text(line)


def decide(row: dict, draft: moderation.ReviewDraft) -> None:
    sid, version = draft.number, draft.version
    if draft.kind == "practice":
        if not draft.territory_id:
            st.warning(
                _(
                    "This city is not in the campaign data yet: add it on the 'Edit data' page "
                    "first, then choose it below."
                )
            )
        with st.form(f"approve_{sid}"):
            record = record_inputs(c, "practices", draft.record, key=f"approve_{sid}", skip=("sources",))
            approve = st.form_submit_button(_("Approve and publish"), type="primary")
        territory_version = None
    else:
        record = draft.record
        territory_version = s.row_version("territories", draft.territory_id)
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
    draft = moderation.review_draft(row)
    # a label is Markdown (links, images): a proposed title such as ![x](http://…) would load that image
    with st.expander(md_escape(draft.heading(_("profile update"))), expanded=len(pending) == 1):
        show_submission(row, draft)
        decide(row, draft)

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
