"""Coordinators edit the campaign in place: territories (with stage moves), practices, sources,
organisations and what the data are (the data date, a declared complete list)."""

import streamlit as st

from components import auth as auth_ui
from components import state
from components.flash import flash, show_flashes
from components.record_form import changed_cells, record_inputs, report_failure
from hrcities.errors import DataError
from hrcities.schema import STATUS
from hrcities.store import ConflictError, StoreError

_ = state.tr()
st.title(_("Edit the campaign data"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
show_flashes()
s = state.store()
c = state.campaign()
seen: dict = st.session_state.setdefault("seen_versions", {})
FAILURES = (DataError, ConflictError, StoreError, PermissionError)


def pick(table: str):
    """The record chosen in a select box (None for a new one) and the table's current rows."""
    records, labels = s.editable(table)
    choice = st.selectbox(
        _("Record"),
        ["__new__", *labels],
        key=f"pick_{table}",
        format_func=lambda v: _("(new record)") if v == "__new__" else labels[v],
    )
    return (None if choice == "__new__" else choice), records


def new_record_form(table: str) -> None:
    counter = st.session_state.setdefault(f"new_counter_{table}", 0)
    with st.form(f"new_{table}_{counter}"):
        values = record_inputs(c, table, None, key=f"new_{table}_{counter}")
        submitted = st.form_submit_button(_("Add record"), type="primary")
    if submitted:
        try:
            s.insert(grant, table, values, note="added in the editor")
        except FAILURES as error:
            report_failure(error)
            return
        st.session_state[f"new_counter_{table}"] = counter + 1
        flash(_("Added {table} '{key}'.").format(table=table, key=values.get("id")))
        st.rerun()


def edit_record_form(table: str, key: str, records) -> None:
    record = records.loc[key].to_dict()
    current = int(record.pop("row_version"))
    version = seen.setdefault(f"{table}:{key}", current)
    if version != current:
        st.warning(
            _(
                "{who} changed this record after you opened it. Your next save would be "
                "refused; load their version first."
            ).format(who=record.get("updated_by") or "?")
        )
        if st.button(_("Load the latest version"), key=f"reload_{table}_{key}"):
            seen[f"{table}:{key}"] = current
            st.rerun()
    st.caption(
        _("Version {version}, last changed by {who}.").format(
            version=version, who=record.get("updated_by") or "—"
        )
    )
    with st.form(f"edit_{table}_{key}_{version}"):
        values = record_inputs(c, table, record, key=f"edit_{table}_{key}_{version}", skip=("id",))
        submitted = st.form_submit_button(_("Save changes"), type="primary")
    if submitted:
        cells = changed_cells(record, values)
        if not cells:
            st.info(_("Nothing to save: no field was changed."))
            return
        try:
            new_version = s.update(grant, table, key, version, cells, note="edited in the editor")
        except FAILURES as error:
            report_failure(error)
            return
        seen[f"{table}:{key}"] = new_version
        flash(_("Saved {count} change(s) to '{key}'.").format(count=len(cells), key=key))
        st.rerun()


def stage_form(key: str, records) -> None:
    record = records.loc[key]
    version = seen.setdefault(f"territories:{key}", int(record["row_version"]))
    stages = list(c.stages.sort_values("order")["id"])
    sources = c.labels("sources", "title")
    st.subheader(_("Move along the stage ladder"))
    with st.form(f"stage_{key}_{version}"):
        cols = st.columns(3)
        stage = cols[0].selectbox(
            _("New stage"),
            stages,
            index=stages.index(record["stage"]) if record["stage"] in stages else 0,
            format_func=lambda v: _(c.labels("stages")[v]),
        )
        # no default date: a move never writes today as a join date nobody gave
        when = cols[1].text_input(
            _("Date of the move (YYYY, YYYY-MM or YYYY-MM-DD)"),
            "",
            placeholder=_("Leave empty if the date is unknown"),
        )
        status = cols[2].selectbox(_("Status of this information"), list(STATUS))
        chosen = st.multiselect(
            _("Sources for the move"), list(sources), format_func=lambda v: f"{sources[v]} ({v})"
        )
        submitted = st.form_submit_button(_("Move"), type="primary")
    if submitted:
        if stage in set(c.stages.loc[c.stages["counts_as_member"], "id"]) and not chosen:
            st.error(_("A move into membership needs a source: choose the document that says so."))
            return
        try:
            new_version = s.move_stage(grant, key, version, stage, when.strip(), status, chosen)
        except FAILURES as error:
            report_failure(error)
            return
        seen[f"territories:{key}"] = new_version
        flash(_("Moved '{key}' to {stage}.").format(key=key, stage=_(c.labels("stages")[stage])))
        st.rerun()


TABS = {
    "territories": _("Territories"),
    "practices": _("Practices"),
    "sources": _("Sources"),
    "organisations": _("Organisations"),
    "record": _("About the data"),
}
for tab, table in zip(st.tabs(list(TABS.values())), TABS, strict=True):
    with tab:
        if table == "record":
            st.caption(
                _(
                    "What the data are. 'complete_list_as_of': set it only when these members are the "
                    "campaign's complete list as of that date; the dashboard then stops calling the "
                    "count a lower bound. 'data_as_of': when the records were last checked against "
                    "their sources."
                )
            )
        key, records = pick(table)
        if key is None:
            new_record_form(table)
        else:
            if table == "territories":
                stage_form(key, records)
                st.subheader(_("Edit the record"))
            edit_record_form(table, key, records)
