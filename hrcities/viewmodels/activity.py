"""The activity log as a coordinator reads it: who changed which record, when, how, and each field's
value before and after, in words (labels, names), filterable by record, import and person.

`activity_view` is pure: the page reads the log from the store (`Store.audit`, filtered there) and
hands it over with the records' names and the imports.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import i18n
from ..i18n import msg, say
from ..labels import column_label, table_label

VERBS = {"insert": msg("Added"), "update": msg("Changed"), "delete": msg("Removed")}
HOW = {
    "edit": msg("In the editor"),
    "import": msg("Import #{number}"),
    "undo": msg("Undo of an import"),
    "review": msg("Proposal approved"),
}
HEADINGS = {
    "When": msg("When"),
    "Who": msg("Who"),
    "What": msg("What"),
    "Record": msg("Record"),
    "Changes": msg("Before → after"),
    "How": msg("How"),
    "Note": msg("Note"),
}
NAME_COLUMNS = {  # table → (its key, the column naming a record)
    "territories": ("id", "name"),
    "practices": ("id", "title"),
    "sources": ("id", "title"),
    "organisations": ("id", "name"),
}
MAX_FIELDS = 8  # of an added or removed record, the fields listed


@dataclass(frozen=True)
class ActivityView:
    """The activity page in `lang`: the choices of its filters, and its table for a log read with them."""

    names: Mapping[tuple[str, str], str]  # (table, key) → the record's name or title
    records: dict[str, str]  # "table:key" → "Territory: Barcelona", for the record filter
    imports: dict[int, str]  # import id → "#3 · tracker.xlsx · 2026-12-08", for the import filter
    actors: tuple[str, ...]
    lang: str

    def table(self, log: pd.DataFrame) -> pd.DataFrame:
        """The audit `log` (newest first) as readable rows, headed by `HEADINGS` in the language."""
        _ = i18n.translator(self.lang)
        rows = []
        for entry in log.to_dict("records"):
            kind = str(entry["action"]).rsplit(":", 1)[-1]
            at = entry["at"]
            rows.append(
                {
                    "When": f"{pd.Timestamp(at):%Y-%m-%d %H:%M}" if at is not None else "",
                    "Who": entry["actor"],
                    "What": say(VERBS.get(kind), _) or kind,
                    "Record": record_label(entry["table_name"], entry["record_key"], self.names, _),
                    "Changes": describe_change(kind, entry["before"], entry["after"], _),
                    "How": _how(str(entry["action"]), entry.get("import_id"), _),
                    "Note": entry.get("note") or "",
                }
            )
        table = pd.DataFrame(rows, columns=list(HEADINGS))
        return table.rename(columns={c: say(h, _) for c, h in HEADINGS.items()})


def record_names(tables: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str], str]:
    """(table, key) → the name or title of every record of the editable tables in `tables`."""
    names = {}
    for table, (key, column) in NAME_COLUMNS.items():
        frame = tables.get(table)
        if frame is not None and key in frame and column in frame:
            names.update(
                {(table, str(k)): str(v) for k, v in zip(frame[key], frame[column], strict=True) if v}
            )
    return names


def _text(value: object) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return "∅"
    return str(value)


def _as_dict(value: object) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def describe_change(kind: str, before: object, after: object, _: i18n.Translate) -> str:
    """A change in words: 'Stage: framework → member; Joined: ∅ → 2024' (an update), the fields of a
    record added or removed otherwise."""
    before, after = _as_dict(before), _as_dict(after)
    if kind == "update":
        parts = [
            f"{column_label(k, _)}: {_text(before.get(k))} → {_text(v)}"
            for k, v in after.items()
            if _text(before.get(k)) != _text(v)
        ]
    else:
        shown = after if kind == "insert" else before
        filled = [(k, v) for k, v in shown.items() if _text(v) != "∅" and k not in ("row_version",)]
        parts = [f"{column_label(k, _)}: {_text(v)}" for k, v in filled[:MAX_FIELDS]]
        if len(filled) > MAX_FIELDS:
            parts.append("…")
    return "; ".join(parts)


def record_label(table: str, key: str, names: Mapping[tuple[str, str], str], _: i18n.Translate) -> str:
    """'Territory: Barcelona': the table's word and the record's name (its key when it has none)."""
    return f"{table_label(table, _)}: {names.get((table, key)) or key}"


def _how(action: str, import_id: object, _: i18n.Translate) -> str:
    how = action.split(":", 1)[0] if ":" in action else "edit"
    if how == "import" and import_id is not None and not pd.isna(import_id):
        return say(msg("Import #{number}", number=int(import_id)), _)
    return say(HOW.get(how), _) or how


def activity_view(
    names: Mapping[tuple[str, str], str],
    records: list[tuple[str, str]],
    imports: pd.DataFrame,
    actors: list[str],
    lang: str,
) -> ActivityView:
    """The activity page for the `records` and `actors` the log has and the `imports` made, with the
    records' `names` (`record_names`)."""
    _ = i18n.translator(lang)
    return ActivityView(
        names=names,
        records={f"{t}:{k}": record_label(t, k, names, _) for t, k in records},
        imports={
            int(row["id"]): f"#{int(row['id'])} · {row['filename']} · {pd.Timestamp(row['at']):%Y-%m-%d}"
            for row in imports.to_dict("records")
        },
        actors=tuple(actors),
        lang=lang,
    )
