"""A form for one record of an editable table, built from its schema rows.

Values go in and come out as text, the way the data files hold them, so the store validates an
edit with exactly the rules that check the files and reports problems the same way.
"""

import pandas as pd
import streamlit as st

from hrcities.errors import DataError
from hrcities.i18n import say
from hrcities.labels import column_label
from hrcities.load import Campaign
from hrcities.schema import TABLES_BY_NAME, Col, split_list
from hrcities.store import ConflictError, StoreError

from .state import tr

LONG_TEXT = {"summary", "context", "notes", "description"}


NAMED_BY = {"territories": "name", "sources": "title", "practices": "title", "organisations": "name"}
LABELLED = ("label", "title_en")  # the reference tables' label columns


def _option_labels(c: Campaign, col: Col, _) -> dict[str, str]:
    """What a picker shows for each stored value: a record's name with its id, a reference row's label,
    a vocabulary word in the language ('Barcelona (barcelona)', 'Member', 'confirmé')."""
    if col.ref:
        table = c.tables[col.ref]
        key = TABLES_BY_NAME[col.ref].key
        column = NAMED_BY.get(col.ref) or next((n for n in LABELLED if n in table), None)
        if column is None:
            return {}
        if col.ref in NAMED_BY:
            return {
                str(k): f"{v} ({k})" for k, v in zip(table[key], table[column], strict=True) if pd.notna(k)
            }
        return {str(k): _(str(v)) for k, v in zip(table[key], table[column], strict=True) if pd.notna(k)}
    return {str(v): _(str(v)) for v in col.allowed or ()}


def _options(c: Campaign, col: Col) -> list[str] | None:
    if col.ref:
        target = TABLES_BY_NAME[col.ref]
        return [str(v) for v in c.tables[col.ref][target.key].dropna()]
    if col.allowed:
        return list(col.allowed)
    return None


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, list) and pd.isna(value)) else str(value)


def record_inputs(
    c: Campaign, table: str, record: dict | None, key: str, skip: tuple[str, ...] = ()
) -> dict[str, str | None]:
    """Draw one input per column (inside the caller's form); return the values as text."""
    _ = tr()
    record = record or {}
    values = {}
    for col in TABLES_BY_NAME[table].columns:
        if col.name in skip:
            continue
        label = column_label(col.name, _) + (" *" if col.required else "")
        current = _text(record.get(col.name))
        options = _options(c, col)
        shown = _option_labels(c, col, _) if options is not None else {}
        widget_key = f"{key}_{col.name}"
        if col.kind == "list" and options is not None:
            chosen = st.multiselect(
                label,
                options,
                default=[v for v in split_list(current) if v in options],
                format_func=lambda v, shown=shown: shown.get(v, v),
                placeholder=_("Choose one or more"),
                key=widget_key,
            )
            values[col.name] = "|".join(chosen) or None
        elif options is not None:
            choices = ([""] if not col.required else []) + options
            index = choices.index(current) if current in choices else 0
            values[col.name] = (
                st.selectbox(
                    label,
                    choices,
                    index=index,
                    format_func=lambda v, shown=shown: shown.get(v, v),
                    placeholder=_("Choose one"),
                    key=widget_key,
                )
                or None
            )
        elif col.kind == "bool":
            values[col.name] = (
                "true" if st.checkbox(label, value=current.lower() == "true", key=widget_key) else "false"
            )
        elif col.name in LONG_TEXT:
            values[col.name] = st.text_area(label, current, max_chars=2000, key=widget_key).strip() or None
        else:
            values[col.name] = st.text_input(label, current, max_chars=2000, key=widget_key).strip() or None
    return values


def changed_cells(before: dict, after: dict) -> dict:
    """The cells of `after` that differ from `before` (as text; empty means no value)."""
    return {k: v for k, v in after.items() if (_text(before.get(k)) or None) != v}


def report_failure(error: Exception) -> None:
    """Say why a save was refused (never a traceback), listing each broken rule, in the reader's language.

    The table of broken rules keeps its keys (table, record, column, value, rule) and shows translated
    headings."""
    _ = tr()
    if isinstance(error, DataError):
        st.error(
            _("Not saved: the change would break {count} rule(s). Nothing was written.").format(
                count=len(error.problems)
            )
        )
        headings = {
            "table": _("Table"),
            "record": _("Record"),
            "column": _("Column"),
            "value": _("Value"),
            "rule": _("Rule"),
        }
        st.dataframe(
            [
                {
                    "table": p.file,
                    "record": p.record,
                    "column": p.column,
                    "value": p.value,
                    "rule": say(p.rule, _),
                }
                for p in error.problems
            ],
            hide_index=True,
            width="stretch",
            column_config={key: st.column_config.Column(label) for key, label in headings.items()},
        )
    elif isinstance(error, StoreError | ConflictError):
        st.error(say(error.message, _))
    else:
        st.error(say(getattr(error, "message", None), _) or _("Not saved."))
