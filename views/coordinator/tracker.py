"""Import the campaign tracker: upload, map columns, see the diff and the problems, apply, undo."""

from datetime import date

import streamlit as st

from components import auth as auth_ui
from components import state
from components.flash import flash, show_flashes
from components.record_form import report_failure
from components.text import md_escape
from hrcities import countries, tracker
from hrcities.errors import DataError
from hrcities.i18n import country_name, say
from hrcities.store import ConflictError, StoreError
from hrcities.store import imports as store_imports

_ = state.tr()
ngettext = state.ntr()
lang = state.language()
st.title(_("Import the campaign tracker"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
show_flashes()
s = state.store()
c = state.campaign()
FAILURES = (DataError, ConflictError, StoreError, PermissionError)
IGNORE = "__ignore__"
MAX_COUNTRY_FIXES = 20  # unknown countries asked about at once
region_labels = {k: _(v) for k, v in c.labels("regions").items()}
stage_labels = {k: _(v) for k, v in c.labels("stages").items()}
LABELLED = {"uclg_region": region_labels, "stage": stage_labels}  # columns shown by label, not id
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


def applied_summary() -> None:
    """What the import just applied did, with a link to its changes in the activity log."""
    done = st.session_state.get("tracker_applied")
    if not done:
        return
    st.success(
        _(
            "Import {number} applied. Added: {added}. Changed: {changed}. Rows with problems left out: "
            "{left_out}. Changes not ticked (our values kept): {held}. Every page shows it now."
        ).format(**done)
    )
    st.page_link(
        "views/coordinator/activity.py",
        label=_("See the changes of import {number}").format(number=done["number"]),
        icon=":material/history:",
        query_params={"import": str(done["number"])},
    )


applied_summary()
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
        st.error(say(error.message, _))
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


def country_fixes(upload: tracker.Upload) -> dict[str, str]:
    """The countries the coordinator named for values we could not read (file value → alpha-3)."""
    return st.session_state.setdefault(f"tracker_fixes_{upload_key(upload)}", {})


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
        country_fixes=country_fixes(upload),
    )
    bar.empty()
    return prepared


def country_label(iso3: str) -> str:
    return f"{country_name(iso3, lang, countries.english_name(iso3))} ({iso3})"


def fix_countries(plan: tracker.ImportPlan, upload: tracker.Upload, mapping: dict[str, str | None]) -> None:
    """Ask which country each value we could not read means; the rows with it are then planned again."""
    fixes = country_fixes(upload)
    unknown = plan.unknown_countries([h for h, f in mapping.items() if f == "country"])
    asked = unknown + [(value, iso3) for value, iso3 in fixes.items() if value not in dict(unknown)]
    if not asked:
        return
    st.markdown("**" + _("Countries we could not read") + "**")
    st.caption(_("Say which country each one means: its rows are then checked again and can be imported."))
    everyone = sorted(countries.all_iso3(), key=country_label)
    for value, suggested in asked[:MAX_COUNTRY_FIXES]:
        options = [suggested, *(c for c in everyone if c != suggested)] if suggested else everyone
        chosen = fixes.get(value)
        choice = st.selectbox(
            # their value, shown as typed (a label is Markdown)
            _("Which country is “{value}”?").format(value=md_escape(value)),
            options,
            index=options.index(chosen) if chosen in options else None,
            placeholder=_("Suggested: {country}").format(country=country_label(suggested))
            if suggested
            else _("Choose a country"),
            format_func=country_label,
            key=f"tracker_fix_{upload_key(upload)}_{tracker.name_key(value)}",
        )
        if choice is not None and choice != chosen:
            fixes[value] = choice
            st.rerun()
    if len(asked) > MAX_COUNTRY_FIXES:
        st.caption(
            _("{count} more unknown countries: fix these first, or correct the file.").format(
                count=len(asked) - MAX_COUNTRY_FIXES
            )
        )


def show_plan(plan: tracker.ImportPlan, upload: tracker.Upload, mapping: dict[str, str | None]) -> None:
    st.subheader(_("2. What the import would do"))
    counts = plan.summary()
    cols = st.columns(4)
    cols[0].metric(_("Territories added"), counts["added"])
    cols[1].metric(_("Territories changed"), counts["changed"])
    cols[2].metric(_("Left as they are"), counts["unchanged"])
    cols[3].metric(_("Rows with problems"), counts["rows_with_problems"])
    if plan.problems:
        st.error(
            ngettext(
                "{count} problem found. Its row is left out of the import.",
                "{count} problems found. Rows with a problem are left out of the import.",
                len(plan.problems),
            ).format(count=len(plan.problems))
        )
        st.dataframe(plan.problems_table(_), hide_index=True, width="stretch")
    fix_countries(plan, upload, mapping)
    if plan.added:
        st.markdown("**" + _("Added") + "**")
        st.dataframe(plan.added_table(_, LABELLED, lang), hide_index=True, width="stretch")
    if plan.changed:
        st.markdown("**" + _("Changed") + "**")
        st.dataframe(plan.changes_table(_, LABELLED), hide_index=True, width="stretch")
    if plan.held():
        st.markdown("**" + _("Changes that wait for your tick") + "**")
        st.warning(
            ngettext(
                "{count} territory would move down the campaign ladder, or get a rounder point or a "
                "vaguer date than the one our data gives. It keeps our values unless you tick it "
                "under Apply.",
                "{count} territories would move down the campaign ladder, or get a rounder point or "
                "a vaguer date than the one our data gives. They keep our values unless you tick "
                "them under Apply.",
                len(plan.held()),
            ).format(count=len(plan.held()))
        )
        st.dataframe(plan.held_table(_, {"stage": stage_labels}), hide_index=True, width="stretch")


def choose_held(plan: tracker.ImportPlan) -> bool | set[str]:
    """Which held changes to write: all of them (True), or the territories ticked one by one."""
    held = plan.held()
    if not held:
        return False
    if st.checkbox(
        ngettext(
            "Apply the {count} change that waits for a tick",
            "Apply all {count} changes that wait for a tick",
            len(held),
        ).format(count=len(held)),
        key="tracker_move_down",
    ):
        return True
    names = {ch.id: f"{ch.name} ({ch.id})" for ch in held}
    return set(
        st.multiselect(
            _("Or tick them territory by territory"),
            list(names),
            format_func=names.get,
            placeholder=_("None: these territories keep our values"),
            key="tracker_held_some",
        )
    )


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
    ticked = choose_held(plan)
    if not plan.added and not plan.changes_to_apply(ticked):
        st.info(_("Nothing to apply unless you tick the changes that wait for your tick."))
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
        st.session_state["tracker_applied"] = {
            "number": number,
            "added": len(batch.added),
            "changed": len(batch.changed),
            "left_out": plan.summary()["rows_with_problems"],
            "held": plan.held_left(ticked),
        }
        st.rerun()


if uploaded is not None:
    upload = read(uploaded)
    if upload is not None:
        details = [f"{len(upload.frame)} " + _("rows"), upload.encoding or upload.sheet or ""]
        st.caption(" · ".join(d for d in details if d))
        mapping = choose_mapping(upload)
        default_stage = choose_default_stage(upload, mapping)
        signature = tracker.plan_signature(upload, mapping, default_stage, country_fixes(upload))
        signature_and_plan = st.session_state.get("tracker_plan")
        if signature_and_plan is None or signature_and_plan[0] != signature:
            signature_and_plan = (signature, make_plan(upload, mapping, default_stage))
            st.session_state["tracker_plan"] = signature_and_plan
        show_plan(signature_and_plan[1].plan, upload, mapping)
        apply_section(signature_and_plan[1])


def undo_box(applied) -> None:
    """Undo an applied import: the latest is offered first, and nothing is undone before a confirm
    that names the import."""
    labels = {
        int(row["id"]): f"#{row['id']} · {row['filename']} · {row['at']:%Y-%m-%d %H:%M} · {row['actor']}"
        for row in applied.to_dict("records")
    }
    rows = {int(row["id"]): row for row in applied.to_dict("records")}
    latest = next(iter(labels))
    # keyed by the latest import, so a new import is offered first instead of the one chosen before
    choice = st.selectbox(
        _("Undo an import"), list(labels), key=f"undo_choice_{latest}", format_func=labels.get
    )
    if st.button(_("Undo…"), key="undo_import"):
        st.session_state["undo_pending"] = choice
    pending = st.session_state.get("undo_pending")
    if pending not in labels:
        return
    row = rows[pending]
    st.warning(
        _(
            "Undo import {label}? What it added is removed (territories: {added}) and what it changed "
            "gets back the values it had before (territories: {changed}). If one of them was edited "
            "since, nothing is undone and you are told which."
        ).format(label=labels[pending], added=row["added"], changed=row["changed"])
    )
    yes, no = st.columns(2)
    if yes.button(_("Yes, undo import {number}").format(number=pending), type="primary", key="undo_confirm"):
        st.session_state.pop("undo_pending", None)
        try:
            store_imports.undo_import(s, grant, int(pending))
        except FAILURES as error:
            report_failure(error)
        else:
            st.session_state.pop("tracker_applied", None)
            flash(_("Import {number} undone.").format(number=pending))
            st.rerun()
    if no.button(_("Cancel"), key="undo_cancel"):
        st.session_state.pop("undo_pending", None)
        st.rerun()


HISTORY_HEADINGS = {
    "id": _("Import"),
    "at": _("When"),
    "actor": _("Who"),
    "filename": _("File"),
    "rows_read": _("Rows read"),
    "added": _("Added"),
    "changed": _("Changed"),
    "unchanged": _("Left as they are"),
    "skipped": _("Rows left out"),
    "status": _("Status"),
}
st.subheader(_("Past imports"))
history = store_imports.list_imports(s)  # newest first
if history.empty:
    st.caption(_("No import yet."))
else:
    statuses = {"applied": _("applied"), "undone": _("undone")}
    shown = history.assign(status=history["status"].map(lambda v: statuses.get(v, v)))
    st.dataframe(
        shown[list(HISTORY_HEADINGS)].rename(columns=HISTORY_HEADINGS), hide_index=True, width="stretch"
    )
    applied = history[history["status"] == "applied"]
    if not applied.empty:
        undo_box(applied)
