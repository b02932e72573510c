"""Read, validate and convert the campaign's data files into one `Campaign`."""

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from .campaign import Campaign
from .dates import parse_partial_date
from .errors import DataError, DataProblem
from .i18n import msg
from .schema import LIST_SEPARATOR, TABLES, TABLES_BY_NAME, Table, dataframe_schema, plainly_valid, split_list
from .schema import column_rules as _column_rules

SESSION_FILE = "session.yaml"
FIRST_DATA_ROW = 2  # spreadsheet row of the first record (row 1 is the header)


def data_version(data_dir: Path) -> str:
    """A cheap fingerprint of the data folder: names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).glob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _read_csv(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[DataProblem]]:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [DataProblem(table.file, msg("file is missing"))]
    except UnicodeDecodeError as exc:
        return None, [DataProblem(table.file, msg("is not UTF-8 text (byte {byte})", byte=exc.start))]
    except pd.errors.EmptyDataError:
        return None, [DataProblem(table.file, msg("file is empty: it needs at least a header row"))]
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        detail = re.sub(r"^Error tokenizing data\. C error: ", "", str(exc)).strip()
        return None, [
            DataProblem(
                table.file,
                msg("is not valid CSV: {detail}", detail=detail),  # pandas' detail stays in English
                row=int(line.group(1)) if line else None,
            )
        ]
    return frame, []


def _problems_from_pandera(table: Table, error) -> list[DataProblem]:
    # pandera names a failed check by its text: the `msg` it was made from, to say it in any language
    rules = {str(m): m for col in table.columns for _test, m in _column_rules(col)}
    rules |= {"field_uniqueness": msg("value must be unique in this column")}
    rules |= {"not_nullable": msg("a value is required")}
    problems = []
    for case in error.failure_cases.itertuples(index=False):
        check = str(case.check)
        if check == "column_in_dataframe":
            problems.append(
                DataProblem(table.file, msg("required column is missing"), column=str(case.failure_case))
            )
        elif check == "column_in_schema":
            problems.append(
                DataProblem(
                    table.file, msg("unexpected column (not in the schema)"), column=str(case.failure_case)
                )
            )
        else:
            rule = rules.get(check, check)
            row = None if pd.isna(case.index) else int(case.index) + FIRST_DATA_ROW
            value = None if pd.isna(case.failure_case) else str(case.failure_case)
            problems.append(DataProblem(table.file, rule, row=row, column=case.column, value=value))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _validate_table(table: Table, frame: pd.DataFrame) -> list[DataProblem]:
    if plainly_valid(table, frame):  # the same rules without pandera's bookkeeping
        return []
    import pandera.pandas as pa  # here, not on import: a restart from a snapshot never validates

    try:
        dataframe_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        return _problems_from_pandera(table, error)
    return []


def _reference_problems(raw: dict[str, pd.DataFrame]) -> list[DataProblem]:
    problems = []
    for table in TABLES:
        frame = raw.get(table.name)
        if frame is None:
            continue
        for col in table.columns:
            if col.name not in frame.columns or not (col.ref or (col.kind == "list" and col.allowed)):
                continue
            if col.ref:
                target = TABLES_BY_NAME[col.ref]
                known = set(raw[col.ref][target.key].dropna()) if col.ref in raw else set()
                rule = msg("must name an existing {key} in {file}", key=target.key, file=target.file)
            else:
                known = set(col.allowed)
                rule = msg("each item must be one of: {choices}", choices=", ".join(col.allowed))
            items = frame[col.name].dropna().astype(str)
            if col.kind == "list":  # as split_list, for whole columns at once
                items = items.str.split(LIST_SEPARATOR, regex=False).explode().str.strip()
                items = items[items.notna() & (items != "")]
            for index, item in items[~items.isin(known)].items():
                problems.append(
                    DataProblem(table.file, rule, row=index + FIRST_DATA_ROW, column=col.name, value=item)
                )
    return problems


def _territory_problems(frame: pd.DataFrame, today: date) -> list[DataProblem]:
    file = TABLES_BY_NAME["territories"].file
    half_point = frame["latitude"].isna() != frame["longitude"].isna()
    bad_iso = ~frame["country_iso3"].astype(str).str.fullmatch(r"[A-Z]{3}").fillna(False).astype(bool)
    starts = frame["joined"].dropna().map(lambda t: parse_partial_date(t).start)
    future = pd.Series(False, index=frame.index)
    future[starts.index] = starts > today
    wave_alone = frame["wave"].notna() & frame["wave_status"].isna()
    problems = []
    for index in frame.index[half_point | bad_iso | future | wave_alone]:  # vectorised: 10k rows in ms
        line = index + FIRST_DATA_ROW
        if half_point[index]:
            problems.append(
                DataProblem(
                    file,
                    msg("latitude and longitude go together: give both or neither"),
                    row=line,
                    column="latitude",
                )
            )
        if bad_iso[index]:
            problems.append(
                DataProblem(
                    file,
                    msg("must be an ISO 3166 alpha-3 code such as ESP"),
                    row=line,
                    column="country_iso3",
                    value=frame.at[index, "country_iso3"],
                )
            )
        if future[index]:
            problems.append(
                DataProblem(
                    file,
                    msg("date is in the future"),
                    row=line,
                    column="joined",
                    value=frame.at[index, "joined"],
                )
            )
        if wave_alone[index]:
            problems.append(
                DataProblem(file, msg("a wave needs its wave_status"), row=line, column="wave_status")
            )
    return problems


def _record_problems(raw: dict[str, pd.DataFrame], today: date) -> list[DataProblem]:
    """record.csv: exactly one row, and no date in the future (a complete list cannot be declared ahead)."""
    frame = raw.get("record")
    file = TABLES_BY_NAME["record"].file
    if frame is None:
        return []
    if len(frame) != 1:
        return [DataProblem(file, msg("must hold exactly one row (it holds {rows})", rows=len(frame)))]
    problems = []
    for column in ("complete_list_as_of",):  # data_as_of is the editors' own stamp of their last check
        value = frame.iloc[0][column]
        if isinstance(value, str) and parse_partial_date(value).start > today:
            problems.append(
                DataProblem(
                    file, msg("date is in the future"), row=FIRST_DATA_ROW, column=column, value=value
                )
            )
    return problems


def geo_problems(territories: pd.DataFrame) -> tuple[list[DataProblem], pd.DataFrame]:
    from .geo import load_boundaries, locate_points

    points = territories.assign(
        latitude=pd.to_numeric(territories["latitude"]),
        longitude=pd.to_numeric(territories["longitude"]),
    )
    report = locate_points(points, load_boundaries())
    problems = [
        DataProblem(
            TABLES_BY_NAME["territories"].file,
            outside_rule(found, km),
            row=index + FIRST_DATA_ROW,
            column="latitude",
            value=f"{points.at[index, 'latitude']}, {points.at[index, 'longitude']} "
            f"({points.at[index, 'country_iso3']})",
        )
        for index, found, km, ok in report[["found_iso3", "distance_km", "ok"]].itertuples()
        if not ok
    ]
    return problems, report


def outside_rule(found: str | None, km: float) -> str:
    """The rule a point outside the country it names breaks: where it lies, and how far out."""
    if found and not pd.isna(km):
        return msg(
            "the point lies in {found}, {km} km outside the country it names",
            found=found,
            km=format(km, ".0f"),
        )
    if found:
        return msg("the point lies in {found}, outside the country it names", found=found)
    if not pd.isna(km):
        return msg("the point lies in no country, {km} km outside the country it names", km=format(km, ".0f"))
    return msg("the point lies in no country, outside the country it names")


def _read_session(path: Path, territory_ids: set[str]) -> tuple[dict, list[DataProblem]]:
    try:
        session = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [DataProblem(SESSION_FILE, msg("file is missing"))]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [
            DataProblem(
                SESSION_FILE,
                msg("is not valid YAML: {detail}", detail=getattr(exc, "problem", exc)),
                row=None if mark is None else mark.line + 1,
            )
        ]
    if not isinstance(session, dict):
        return {}, [DataProblem(SESSION_FILE, msg("must be a mapping of fields"))]
    problems = [
        DataProblem(SESSION_FILE, msg("field is required"), column=key)
        for key in ("title", "date", "panel", "messages", "actions", "quotes", "sources")
        if not session.get(key)
    ]
    for kind in ("panel", "quotes"):
        for number, item in enumerate(session.get(kind) or [], start=1):
            if not isinstance(item, dict):
                problems.append(
                    DataProblem(
                        SESSION_FILE, msg("{kind} item {number} must be a mapping", kind=kind, number=number)
                    )
                )
                continue
            needed = ("name", "role") if kind == "panel" else ("speaker", "lang", "text")
            problems += [
                DataProblem(
                    SESSION_FILE,
                    msg("{kind} item {number} needs '{key}'", kind=kind, number=number, key=key),
                    column=key,
                )
                for key in needed
                if not item.get(key)
            ]
            ref = item.get("territory_id")
            if ref and ref not in territory_ids:
                problems.append(
                    DataProblem(
                        SESSION_FILE,
                        msg("{kind} item {number} names an unknown territory", kind=kind, number=number),
                        column="territory_id",
                        value=ref,
                    )
                )
    return session, problems


def _typed(raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    tables = {}
    for table in TABLES:
        frame = raw[table.name].copy()
        for col in table.columns:
            series = frame[col.name]
            if col.kind == "int":
                frame[col.name] = pd.to_numeric(series).astype("Int64")
            elif col.kind == "float":
                frame[col.name] = pd.to_numeric(series).astype("Float64")
            elif col.kind == "bool":
                frame[col.name] = series.str.lower().eq("true")
            elif col.kind == "list":
                frame[col.name] = series.map(split_list)
        tables[table.name] = frame
    return tables


def _add_derived(tables: dict[str, pd.DataFrame]) -> None:
    territories = tables["territories"]
    joined = territories["joined"].map(lambda t: None if pd.isna(t) else parse_partial_date(t))
    territories["joined_by"] = pd.to_datetime(joined.map(lambda d: d and d.end))
    territories["joined_label"] = joined.map(lambda d: d.label if d else None)
    members = tables["stages"].set_index("id")["counts_as_member"]
    territories["is_member"] = territories["stage"].map(members).astype(bool)
    stage_order = tables["stages"].set_index("id")["order"]
    territories["stage_order"] = territories["stage"].map(stage_order).astype("Int64")
    territories["population_band"] = territories["population_band"].fillna(
        bands_for(territories["population"], tables["population_bands"])
    )
    regions = tables["regions"].set_index("id")["label"]
    territories["region_label"] = territories["uclg_region"].map(regions)
    for name in ("timeline", "reported_figures"):
        tables[name]["when"] = pd.to_datetime(tables[name]["date"].map(lambda t: parse_partial_date(t).start))
    tables["timeline"] = tables["timeline"].sort_values("when", kind="stable").reset_index(drop=True)


def band_for(population: object, bands: pd.DataFrame) -> str | None:
    """The population band a head count falls in, or None when unknown."""
    if population is None or pd.isna(population):
        return None
    for band in bands.dropna(subset=["min_population"]).sort_values("order").itertuples():
        upper = band.max_population
        if population >= band.min_population and (pd.isna(upper) or population < upper):
            return band.id
    return None


def bands_for(populations: pd.Series, bands: pd.DataFrame) -> pd.Series:
    """`band_for` of every head count at once (object dtype, None where unknown)."""
    result = pd.Series([None] * len(populations), index=populations.index, dtype=object)
    known = populations.notna()
    values = populations[known].astype(float)
    derivable = bands.dropna(subset=["min_population"])  # a band with no head count is only stated
    for band in derivable.sort_values("order", ascending=False).itertuples():  # the first band wins
        upper = band.max_population
        inside = (values >= band.min_population) & (pd.isna(upper) or values < upper)
        result[inside[inside].index] = band.id
    return result


def read_raw_files(
    data_dir: Path, validate: bool = True
) -> tuple[dict[str, pd.DataFrame], list[DataProblem]]:
    """Every table of `data_dir` as raw text frames, with the problems of reading and shape (of reading
    only without `validate`: for files just checked by `load_campaign`)."""
    raw, problems = {}, []
    for table in TABLES:
        frame, read_problems = _read_csv(Path(data_dir) / table.file, table)
        problems += read_problems
        if frame is not None:
            if validate:
                problems += _validate_table(table, frame)
            raw[table.name] = frame
    return raw, problems


def check_raw(
    raw: dict[str, pd.DataFrame], today: date, changed: set[str] | None = None
) -> list[DataProblem]:
    """Every rule the raw tables break: shape per table, then references and territory rules.

    `changed` names the tables whose shape needs checking (default: all); the cross-table
    references and the territory rules are always checked in full.
    """
    problems = []
    for table in TABLES:
        if table.name not in raw:
            problems.append(DataProblem(table.file, msg("table is missing")))
        elif changed is None or table.name in changed:
            problems += _validate_table(table, raw[table.name])
    if problems:
        return problems
    return (
        _reference_problems(raw)
        + _territory_problems(raw["territories"], today)
        + _record_problems(raw, today)
    )


def read_session(data_dir: Path, territory_ids: set[str]) -> tuple[dict, list[DataProblem]]:
    """The forum session of `data_dir` (session.yaml) and its problems."""
    return _read_session(Path(data_dir) / SESSION_FILE, territory_ids)


def build_campaign(
    raw: dict[str, pd.DataFrame],
    session: dict,
    version: str,
    data_dir: Path,
    check_geography: bool = True,
    last_change: date | None = None,
) -> Campaign:
    """Type and derive valid raw tables into a `Campaign`; the geography check may still fail."""
    geo_report = pd.DataFrame()
    if check_geography:
        geo_found, geo_report = geo_problems(raw["territories"])
        if geo_found:
            raise DataError(geo_found)
    tables = _typed(raw)
    _add_derived(tables)
    return Campaign(
        tables=tables,
        session=session,
        version=version,
        data_dir=Path(data_dir),
        geo_report=geo_report,
        last_change=last_change,
    )


def load_campaign(data_dir: Path, today: date | None = None, check_geography: bool = True) -> Campaign:
    """Load every file in `data_dir`; raise `DataError` listing each broken rule.

    The returned `Campaign.tables` holds one frame per table in `schema.TABLES`, typed: ints as
    Int64, floats as Float64, booleans as bool, '|' lists as Python lists. `territories` gains
    `joined_by` (the last day of the joined period), `joined_label`, `is_member`, `stage_order`,
    `region_label` and a `population_band` filled from `population` where the file has none.
    """
    data_dir = Path(data_dir)
    today = today or date.today()
    raw, problems = read_raw_files(data_dir)
    if problems:
        raise DataError(problems)
    problems += _reference_problems(raw)
    problems += _territory_problems(raw["territories"], today)
    problems += _record_problems(raw, today)
    session, session_problems = read_session(data_dir, set(raw["territories"]["id"]))
    problems += session_problems
    if problems:
        raise DataError(problems)
    return build_campaign(raw, session, data_version(data_dir), data_dir, check_geography)
