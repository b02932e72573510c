"""`plan_import`: every mapped cell of every row normalised and checked, duplicates flagged."""

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd

from ..errors import DataProblem
from ..i18n import Message, msg
from ..schema import ID_PATTERN
from .apply import _Builder
from .fields import FIELDS, FIELDS_BY_NAME, Field
from .limits import PROGRESS_EVERY, Upload
from .plan import NORMALISERS, ImportPlan, _Context, _Row, name_key
from .values import InvalidValue


def plan_import(
    upload: Upload,
    mapping: Mapping[str, str | None],
    current: Mapping[str, pd.DataFrame],
    today: date,
    import_source_id: str,
    progress: Callable[[float], None] | None = None,
    default_stage: str | None = None,
    country_fixes: Mapping[str, str] | None = None,
) -> ImportPlan:
    """Plan importing `upload` with `mapping` (their heading → our field name, or None) into `current`.

    `current` holds the raw text tables ('territories', 'regions', 'stages', 'sources'). Rows are
    matched to existing territories by a mapped id, else by name (or local name) and country,
    accents and case aside. An empty cell never erases data. Rows with any problem are left out of
    `added` and `changed`. When `import_source_id` is not yet a source, `new_sources` holds a row
    for it (the caller may add its own row to `current['sources']` first).

    `default_stage` (one of our stage ids) is the stage of every row when no column is mapped to
    `stage`: the coordinator's answer for a tracker without a stage column. A stage column, when
    mapped, wins. A move down the ladder of an existing territory is a held change (`Change.held`).
    `country_fixes` maps a country as the file writes it to the alpha-3 code the coordinator chose
    for it in the preview (`unknown_countries` lists the ones to ask about).
    """
    if not re.fullmatch(ID_PATTERN, import_source_id):
        raise ValueError(f"import_source_id must match {ID_PATTERN}: {import_source_id!r}")
    ctx = _Context.build(upload.filename, current, today, import_source_id, default_stage, country_fixes)
    columns, problems = _mapped_columns(upload.frame, mapping, ctx)
    if problems:
        return ImportPlan(upload.filename, len(upload.frame), [], [], [], [], [], problems)
    rows = _read_rows(upload.frame, columns, ctx, progress)
    for row in rows:
        _resolve(row, ctx)
    _flag_duplicates(rows, ctx)
    _check_points(rows, ctx)
    builder = _Builder(ctx)
    for row in rows:
        if not row.problems:
            builder.take(row)
    problems = sorted(
        (p for row in rows for p in row.problems), key=lambda p: (p.row or 0, p.column or "", p.rule)
    )
    if progress:
        progress(1.0)
    return builder.plan(len(rows), problems)


def _mapped_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], ctx: _Context
) -> tuple[dict[str, str], list[DataProblem]]:
    """Our field → their heading, and the problems of the mapping itself (missing required fields)."""
    unknown = [h for h, f in mapping.items() if f is not None and (f not in FIELDS_BY_NAME or h not in frame)]
    if unknown:
        raise ValueError(f"mapping names columns or fields that do not exist: {unknown}")
    columns: dict[str, str] = {}
    problems = []
    for header in frame.columns:
        name = mapping.get(header)
        if name is None:
            continue
        if name in columns:
            problems.append(
                ctx.problem(
                    msg(
                        "two columns are chosen for the same field "
                        "'{field}': '{first}' and '{second}'; choose one",
                        field=Message(FIELDS_BY_NAME[name].label),  # a label the catalogs hold
                        first=columns[name],
                        second=header,
                    ),
                    column=header,
                )
            )
        columns.setdefault(name, header)
    for item in FIELDS:
        if item.name == "stage" and ctx.default_stage is not None:
            continue
        if item.required and item.name not in columns:
            examples = ", ".join(s.title() for s in item.synonyms[:1] + _other_languages(item))
            problems.append(
                ctx.problem(
                    msg(
                        "no column is chosen for the required field '{field}': add "
                        "a column headed e.g. {examples}, or choose it in the mapping",
                        field=Message(item.label),  # a label the catalogs hold
                        examples=examples,
                    )
                )
            )
    return columns, problems


def _other_languages(item: Field) -> tuple[str, ...]:
    """A French and a Spanish heading for a field, for messages."""
    examples = {"name": ("nom", "nombre"), "country": ("pays", "país"), "stage": ("étape", "etapa")}
    return examples.get(item.name, ())


def _read_rows(
    frame: pd.DataFrame, columns: dict[str, str], ctx: _Context, progress: Callable[[float], None] | None
) -> list[_Row]:
    headers = list(columns.values())
    names = list(columns)
    rows = []
    total = max(len(frame), 1)
    for count, (number, *cells) in enumerate(frame[headers].itertuples(name=None), start=1):
        rows.append(_read_row(int(number), dict(zip(names, cells, strict=True)), columns, ctx))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count / total)
    return rows


def _read_row(number: int, cells: dict[str, str | None], columns: dict[str, str], ctx: _Context) -> _Row:
    """Normalise one record's mapped cells and check the rules that concern the row alone."""
    row = _Row(number)
    if "stage" not in columns and ctx.default_stage is not None:
        row.found["stage"] = ctx.default_stage
    for name, text in cells.items():
        header = columns[name]
        if text is None or not str(text).strip():
            if FIELDS_BY_NAME[name].required:
                row.problems.append(ctx.problem(msg("a value is required"), number, header))
            continue
        row.cells[name] = (header, str(text))
        try:
            row.found[name] = NORMALISERS[name](str(text), ctx)
        except InvalidValue as invalid:
            row.problems.append(ctx.problem(invalid.rule, number, header, str(text)))
    given = [axis for axis in ("latitude", "longitude") if axis in row.cells]
    if len(given) == 1:
        row.problems.append(
            ctx.problem(
                msg("latitude and longitude go together: give both or neither"),
                number,
                row.heading(given[0]),
                row.cells[given[0]][1],
            )
        )
    return row


def _resolve(row: _Row, ctx: _Context) -> None:
    """Find the existing territory the row updates, and the key that says which territory it is."""
    if "name" not in row.found or "country" not in row.found:
        return
    name, (iso3, _) = row.found["name"], row.found["country"]
    given = row.found.get("id")
    if given in ctx.by_id:
        row.target, row.by_id = given, True
    else:
        place = (name_key(name), iso3)
        ids = ctx.by_name.get(place) or ctx.by_local_name.get(place) or []
        if len(ids) > 1:
            row.problems.append(
                ctx.problem(
                    msg(
                        "matches several territories ({ids}): add an id column to say which one",
                        ids=", ".join(ids),
                    ),
                    row.number,
                    row.heading("name"),
                    name,
                )
            )
        elif ids:
            row.target = ids[0]
    row.key = row.target or given or (name_key(name), iso3)


def _flag_duplicates(rows: list[_Row], ctx: _Context) -> None:
    groups: dict[object, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.key is not None:
            groups[row.key].append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        numbers = [str(r.number) for r in group]
        rule = msg(
            "the same territory appears more than once in the file (rows {rows} and {last}): keep one row",
            rows=", ".join(numbers[:-1]),
            last=numbers[-1],
        )
        for row in group:
            row.problems.append(
                ctx.problem(
                    rule,
                    row.number,
                    row.heading("name"),
                    row.cells["name"][1],
                )
            )


def _check_points(rows: list[_Row], ctx: _Context) -> None:
    """Flag each row whose point lies outside the country it names, as applying would (the same
    boundaries and tolerance), so the preview leaves out that row and not the whole file."""
    placed = [r for r in rows if not r.problems and "latitude" in r.found and "country" in r.found]
    if not placed:
        return
    from ..geo import load_boundaries, locate_points  # geopandas, only for a file with points
    from ..load import outside_rule

    points = pd.DataFrame(
        {
            "latitude": [float(r.found["latitude"]) for r in placed],
            "longitude": [float(r.found["longitude"]) for r in placed],
            "country_iso3": [r.found["country"][0] for r in placed],
        }
    )
    report = locate_points(points, load_boundaries())
    for index, found, km, ok in report[["found_iso3", "distance_km", "ok"]].itertuples():
        if not ok:
            row = placed[index]
            value = f"{row.found['latitude']}, {row.found['longitude']} ({row.found['country'][0]})"
            row.problems.append(
                ctx.problem(outside_rule(found, km), row.number, row.heading("latitude"), value)
            )
