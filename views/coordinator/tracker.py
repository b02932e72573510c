"""Import the campaign tracker: upload, map columns, see the diff and the problems, apply, undo."""

from datetime import date

import streamlit as st

from components import auth as auth_ui
from components import state
from components.flash import flash, show_flashes
from components.record_form import report_failure
from components.text import md_escape
from hrcities import tracker
from hrcities.errors import DataError
from hrcities.store import ConflictError, StoreError
from hrcities.store import imports as store_imports

_ = state.tr()
lang = state.language()
st.title(_("Import the campaign tracker"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
show_flashes()
s = state.store()
c = state.campaign()
FAILURES = (DataError, ConflictError, StoreError, PermissionError)
IGNORE = "__ignore__"
DEFAULT_STAGE = "member"  # what a tracker without a stage column usually lists
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
st.markdown(
    _(
        "Upload the secretariat's spreadsheet as it is (CSV or Excel .xlsx, headings in English, "
        "French, Spanish or Portuguese). Nothing is saved until you press Apply; an applied import "
        "can be undone."
    )
)


def template_downloads() -> None:
    st.caption(_("No tracker yet? Start from the template, with headings in this page's language:"))
    cols = st.columns(2)
    cols[0].download_button(
        _("Template (XLSX)"),
        tracker.template_xlsx(lang),
        file_name=tracker.template_filename(lang, "xlsx"),
        mime=XLSX,
        on_click="ignore",
        key="template_xlsx",
    )
    cols[1].download_button(
        _("Template (CSV)"),
        tracker.template_csv(lang),
        file_name=tracker.template_filename(lang, "csv"),
        mime="text/csv",
        on_click="ignore",
        key="template_csv",
    )


template_downloads()
attempt = st.session_state.setdefault("tracker_attempt", 0)
uploaded = st.file_uploader(_("Tracker file"), type=["csv", "txt", "xlsx"], key=f"tracker_file_{attempt}")


def read(uploaded_file) -> tracker.Upload | None:
    """The upload read; of a workbook with several sheets, the sheet the coordinator picks."""
    name, data = uploaded_file.name, uploaded_file.getvalue()
    try:
        upload = tracker.read_upload(name, data)
        if len(upload.sheets) < 2:
            return upload
        chosen = st.selectbox(
            _("Sheet"),
            upload.sheets,
            index=upload.sheets.index(upload.sheet),
            key=f"tracker_sheet_{upload.sha256[:12]}",
            help=_("This workbook has several sheets; the one that looks like a tracker is chosen first."),
        )
        return upload if chosen == upload.sheet else tracker.read_upload(name, data, sheet=chosen)
    except tracker.UploadError as error:
        st.error(error.message)
        return None


def upload_key(upload: tracker.Upload) -> str:
    """What the mapping's widgets are keyed by: the file and the sheet read."""
    sheet = upload.sheets.index(upload.sheet) if upload.sheet in upload.sheets else 0
    return f"{upload.sha256[:12]}_{sheet}"


def choose_mapping(upload: tracker.Upload) -> dict[str, str | None]:
    st.subheader(_("1. Match your columns to ours"))
    suggested = tracker.suggest_mapping(list(upload.frame.columns))
    fields = [IGNORE, *(f.name for f in tracker.FIELDS)]
    labels = {f.name: _(f.label) + (" *" if f.required else "") for f in tracker.FIELDS}
    mapping = {}
    cols = st.columns(3)
    for number, header in enumerate(upload.frame.columns):
        default = suggested.get(header) or IGNORE
        mapping[header] = cols[number % 3].selectbox(
            # the file's heading, shown as typed (a label is Markdown: links, images)
            md_escape(header),
            fields,
            index=fields.index(default),
            key=f"map_{upload_key(upload)}_{number}",
            format_func=lambda v: _("(leave out)") if v == IGNORE else labels[v],
        )
        if mapping[header] == IGNORE:
            mapping[header] = None
    return mapping


def choose_default_stage(upload: tracker.Upload, mapping: dict[str, str | None]) -> str | None:
    """The one question of a file without a stage column: which stage all its rows are at."""
    if "stage" in mapping.values():
        return None
    stages = list(c.stages.sort_values("order")["id"])
    return st.selectbox(
        _("Your file has no stage column. Which stage are all its rows at?"),
        stages,
        index=stages.index(DEFAULT_STAGE) if DEFAULT_STAGE in stages else 0,
        key=f"tracker_stage_{upload_key(upload)}",
        format_func=lambda v: _(c.labels("stages")[v]),
        help=_("A tracker usually lists the members of the campaign."),
    )


def make_plan(
    upload: tracker.Upload, mapping: dict[str, str | None], default_stage: str | None
) -> store_imports.Prepared:
    bar = st.progress(0.0, text=_("Checking rows…"))
    prepared = store_imports.plan_upload(
        s,
        upload,
        mapping,
        date.today(),
        progress=lambda f: bar.progress(min(1.0, f), text=_("Checking rows…")),
        default_stage=default_stage,
    )
    bar.empty()
    return prepared


def show_plan(plan: tracker.ImportPlan) -> None:
    st.subheader(_("2. What the import would do"))
    counts = plan.summary()
    cols = st.columns(4)
    cols[0].metric(_("Territories added"), counts["added"])
    cols[1].metric(_("Territories changed"), counts["changed"])
    cols[2].metric(_("Left as they are"), counts["unchanged"])
    cols[3].metric(_("Rows with problems"), counts["rows_with_problems"])
    if plan.problems:
        st.error(
            _("{count} problem(s) found. Rows with a problem are left out of the import.").format(
                count=len(plan.problems)
            )
        )
        st.dataframe(plan.problems_table(), hide_index=True, width="stretch")
    if plan.added:
        st.markdown("**" + _("Added") + "**")
        st.dataframe(plan.added_table(), hide_index=True, width="stretch")
    if plan.changed:
        st.markdown("**" + _("Changed") + "**")
        st.dataframe(plan.changes_table(), hide_index=True, width="stretch")
    if plan.held():
        st.markdown("**" + _("Moves down the campaign ladder") + "**")
        st.warning(
            _(
                "{count} territory(ies) would move to a lower stage than the one our data gives. "
                "They keep their stage unless you tick the box under Apply."
            ).format(count=len(plan.held()))
        )
        st.dataframe(plan.held_table(), hide_index=True, width="stretch")


def apply_section(prepared: store_imports.Prepared) -> None:
    plan = prepared.plan
    st.subheader(_("3. Apply"))
    if prepared.data_version != s.data_version():
        st.warning(
            _("The data changed since this preview was made. Check the preview again before applying.")
        )
        if st.button(_("Check again")):
            st.session_state.pop("tracker_plan", None)
            st.rerun()
        return
    if not plan.added and not plan.changed:
        st.info(_("Nothing to apply: the file adds and changes nothing."))
        return
    ticked = False
    if plan.held():
        ticked = st.checkbox(
            _("Also move these {count} territory(ies) down the ladder").format(count=len(plan.held())),
            key="tracker_move_down",
        )
    if not plan.added and not plan.changes_to_apply(ticked):
        st.info(_("Nothing to apply unless you tick the moves down the ladder."))
        return
    leave_out = True
    if plan.problems:
        leave_out = st.checkbox(_("Apply without the rows that have problems"), key="tracker_leave_out")
    if st.button(_("Apply the import"), type="primary", disabled=not leave_out):
        with st.spinner(_("Applying in one transaction…")):
            try:
                batch = store_imports.batch_from(prepared, grant.name, date.today(), ticked=ticked)
                number = store_imports.apply_import(s, grant, batch)
            except FAILURES as error:
                report_failure(error)
                return
        st.session_state.pop("tracker_plan", None)
        st.session_state["tracker_attempt"] = attempt + 1
        flash(
            _("Import {number} applied: {added} added, {changed} changed. Every page shows it now.").format(
                number=number, added=len(batch.added), changed=len(batch.changed)
            )
        )
        st.rerun()


if uploaded is not None:
    upload = read(uploaded)
    if upload is not None:
        details = [f"{len(upload.frame)} " + _("rows"), upload.encoding or upload.sheet or ""]
        st.caption(" · ".join(d for d in details if d))
        mapping = choose_mapping(upload)
        default_stage = choose_default_stage(upload, mapping)
        signature = tracker.plan_signature(upload, mapping, default_stage)
        signature_and_plan = st.session_state.get("tracker_plan")
        if signature_and_plan is None or signature_and_plan[0] != signature:
            signature_and_plan = (signature, make_plan(upload, mapping, default_stage))
            st.session_state["tracker_plan"] = signature_and_plan
        show_plan(signature_and_plan[1].plan)
        apply_section(signature_and_plan[1])

st.subheader(_("Past imports"))
history = store_imports.list_imports(s)
if history.empty:
    st.caption(_("No import yet."))
else:
    st.dataframe(
        history[
            [
                "id",
                "at",
                "actor",
                "filename",
                "rows_read",
                "added",
                "changed",
                "unchanged",
                "skipped",
                "status",
            ]
        ],
        hide_index=True,
        width="stretch",
    )
    applied = history[history["status"] == "applied"]
    if not applied.empty:
        choice = st.selectbox(
            _("Undo an import"),
            list(applied["id"]),
            key="undo_choice",
            format_func=dict(
                zip(applied["id"], "#" + applied["id"].astype(str) + " · " + applied["filename"], strict=True)
            ).get,
        )
        if st.button(_("Undo"), key="undo_import"):
            try:
                store_imports.undo_import(s, grant, int(choice))
            except FAILURES as error:
                report_failure(error)
            else:
                flash(_("Import {number} undone.").format(number=choice))
                st.rerun()
