"""What a chart shows, in words and as a table: every figure's data as one table (its data-table
twin) and a one-sentence summary of it (also the chart's accessible name), so that a chart can be read
without seeing it. Plain functions over Plotly figures; `components/charts.py` renders them."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from ..i18n import Translate, identity


@dataclass
class ChartData:
    """The numbers a figure draws, as a table, and which columns name and measure each row."""

    table: pd.DataFrame
    labels: list[str] = field(default_factory=list)  # columns that together name a row
    value: str | None = None  # the one measured column, when there is one
    percent: set[str] = field(default_factory=set)  # columns holding shares (0-1)
    period: tuple[str, str] | None = None  # (start, end) columns of a timeline


def _values(v) -> list | None:
    """A trace attribute as a flat list, or None when it is unset or a single value."""
    if v is None or isinstance(v, str | bytes | int | float):
        return None
    if isinstance(v, np.ndarray):
        return v.tolist() if v.ndim == 1 else None
    if isinstance(v, list | tuple | pd.Series | pd.Index):
        return list(v)
    return None


def _plain(values: list) -> list:
    """Timestamps at midnight become dates; everything else is kept."""
    stamps = [v for v in values if isinstance(v, pd.Timestamp | np.datetime64)]
    if stamps and all(pd.Timestamp(v).normalize() == pd.Timestamp(v) for v in stamps):
        return [pd.Timestamp(v).date() if isinstance(v, pd.Timestamp | np.datetime64) else v for v in values]
    return values


def _is_date(values: list) -> bool:
    return bool(values) and all(isinstance(v, pd.Timestamp | np.datetime64 | date) for v in values)


def _axis(fig: go.Figure, letter: str) -> tuple[str | None, bool]:
    """The title of the x or y axis, and whether its ticks are percentages."""
    axis = fig.layout[f"{letter}axis"]
    return (axis.title.text or None), "%" in (axis.tickformat or "")


def _distinct(name: str, taken: set[str]) -> str:
    while name in taken:
        name += " "
    return name


def _xy_trace(fig: go.Figure, trace, _: Translate) -> ChartData | None:
    """Bars and lines: one row per category (or date) with its value, and its text when that adds."""
    horizontal = getattr(trace, "orientation", None) == "h"
    cat_letter, val_letter = ("y", "x") if horizontal else ("x", "y")
    cats, vals = _values(trace[cat_letter]), _values(trace[val_letter])
    n = len(cats if cats is not None else vals or [])
    if not n:
        return None
    cat_title, _pct = _axis(fig, cat_letter)
    val_title, percent = _axis(fig, val_letter)
    cat_name = cat_title or (_("Date") if cats and _is_date(cats) else _("Category"))
    val_name = _distinct(val_title or _("Value"), {cat_name})
    data = ChartData(pd.DataFrame(index=range(n)))
    if cats is not None:
        data.table[cat_name] = _plain(cats)
        data.labels = [cat_name]
    base = _values(getattr(trace, "base", None)) if trace.type == "bar" else None
    if base is not None and vals is not None and len(base) == n and _is_date(base):
        start = pd.to_datetime(pd.Series(base))
        end = start + pd.to_timedelta(pd.Series(vals, dtype=float), unit="ms")
        data.table[_("Start")], data.table[_("End")] = start.dt.date, end.dt.date
        data.period = (_("Start"), _("End"))
    elif vals is not None and len(vals) == n:
        data.table[val_name] = _plain(vals)
        if trace.type == "bar" and pd.api.types.is_numeric_dtype(data.table[val_name]):
            data.value = val_name  # a line's points are not compared with each other
        if percent:
            data.percent.add(val_name)
    text = _values(trace.text)
    if text is not None and len(text) == n and any(str(t).strip() for t in text) and not _same(text, vals):
        data.table[_distinct(_("Label"), set(data.table.columns))] = text
    return data


def _same(text: list, vals: list | None) -> bool:
    """Whether the bar labels just repeat the values (e.g. counts written on the bars)."""
    if vals is None or len(vals) != len(text):
        return False
    as_numbers = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce")
    if as_numbers.notna().all():
        return bool(
            (
                as_numbers.to_numpy(dtype=float)
                == pd.to_numeric(pd.Series(vals, dtype=object), errors="coerce").to_numpy()
            ).all()
        )
    return [str(t) for t in text] == [str(v) for v in vals]


def _geo_trace(trace, _: Translate) -> ChartData | None:
    """Points on a map: their name and position."""
    lat, lon = _values(trace.lat), _values(trace.lon)
    if not lat or not lon or len(lat) != len(lon):
        return None
    names = _values(trace.text)
    table = pd.DataFrame(
        {
            _("Latitude"): np.round(np.asarray(lat, dtype=float), 4),
            _("Longitude"): np.round(np.asarray(lon, dtype=float), 4),
        }
    )
    labels = []
    if names is not None and len(names) == len(lat):
        table.insert(0, _("Name"), names)
        labels = [_("Name")]
    return ChartData(table, labels=labels)


def _colour_title(trace, _: Translate) -> str:
    colorbar = getattr(trace, "colorbar", None)
    return (colorbar.title.text if colorbar is not None and colorbar.title else None) or _("Value")


def _choropleth_trace(trace, _: Translate) -> ChartData | None:
    """Countries filled by a value: country, ISO-3 code, value."""
    locations, z = _values(trace.locations), _values(trace.z)
    if not locations or z is None or len(z) != len(locations):
        return None
    names = _values(trace.text)
    value = _colour_title(trace, _)
    table = pd.DataFrame(
        {
            _("Country"): names if names is not None and len(names) == len(locations) else locations,
            "ISO-3": locations,
            value: z,
        }
    )
    return ChartData(table, labels=[_("Country")], value=value)


def _heatmap_trace(fig: go.Figure, trace, _: Translate) -> ChartData | None:
    """A grid of values: one row per (row label, column label) cell."""
    z = np.asarray(trace.z) if trace.z is not None else None
    if z is None or z.ndim != 2 or not z.size:
        return None
    xs = _values(trace.x) or list(range(z.shape[1]))
    ys = _values(trace.y) or list(range(z.shape[0]))
    row_name = _axis(fig, "y")[0] or _("Row")
    col_name = _distinct(_axis(fig, "x")[0] or _("Column"), {row_name})
    value = _distinct(_colour_title(trace, _), {row_name, col_name})
    rows = [
        (ys[i], xs[j], z[i, j].item())
        for i in range(min(len(ys), z.shape[0]))
        for j in range(min(len(xs), z.shape[1]))
    ]
    return ChartData(
        pd.DataFrame(rows, columns=[row_name, col_name, value]), labels=[row_name, col_name], value=value
    )


def _trace_data(fig: go.Figure, trace, _: Translate) -> ChartData | None:
    if trace.type == "heatmap":
        return _heatmap_trace(fig, trace, _)
    if trace.type == "choropleth":
        return _choropleth_trace(trace, _)
    if trace.type == "scattergeo":
        return _geo_trace(trace, _)
    if trace.type in ("bar", "scatter", "scattergl"):
        return _xy_trace(fig, trace, _)
    return None


def _tidy(table: pd.DataFrame, percent: set[str]) -> None:
    """Readable numbers, and an empty cell rather than "None" where a trace had no text."""
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].round(3 if column in percent else 2)
        elif table[column].isna().any() and not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].astype(object).where(table[column].notna(), "")


def chart_data(fig: go.Figure, _: Translate = identity) -> ChartData:
    """Every data trace of `fig` as one table (a 'Series' column when it has several named traces).

    Traces without hover (`hoverinfo='skip'`) are decoration, such as the 100 % track behind a bar,
    and are left out."""
    parts = []
    for trace in fig.data:
        part = None if trace.hoverinfo == "skip" else _trace_data(fig, trace, _)
        if part is not None and len(part.table):
            parts.append((trace.name or "", part))
    if not parts:
        return ChartData(pd.DataFrame())
    # A series column, unless each trace's name just repeats its own category (one bar per trace).
    named = [name for name, _part in parts if name]
    repeats = all(p.labels and set(p.table[p.labels[0]].astype(str)) == {name} for name, p in parts)
    series = _("Series")
    add_series = bool(named) and len(parts) > 1 and not repeats
    frames = []
    for name, part in parts:
        frame = part.table
        if add_series:
            frame = frame.copy()
            frame.insert(0, _distinct(series, set(frame.columns)), name)
        frames.append(frame)
    first = parts[0][1]
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    percent = set().union(*(p.percent for _name, p in parts))
    _tidy(table, percent)
    labels = ([series] if add_series else []) + first.labels
    values = {p.value for _name, p in parts}
    return ChartData(
        table,
        labels=labels,
        value=first.value if len(values) == 1 else None,
        percent=percent,
        period=first.period if all(p.period == first.period for _n, p in parts) else None,
    )


def figure_table(fig: go.Figure, _: Translate = identity) -> pd.DataFrame:
    """The data a figure draws, one row per bar, point, country or cell."""
    return chart_data(fig, _).table


def _fmt(value, lang: str, percent: bool = False) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            i18n.fmt_percent(value, lang)
            if percent
            else i18n.fmt_number(value, lang, decimals=0 if float(value).is_integer() else 1)
        )
    if isinstance(value, date):
        return i18n.fmt_date(value, lang)
    return str(value)


def default_summary(
    fig: go.Figure, data: ChartData, _: Translate = identity, lang: str = i18n.DEFAULT_LANGUAGE
) -> str:
    """One sentence saying what a chart holds, built from its title and data: for a timeline its
    span, for one measured value the largest, else how many points in how many series."""
    title = fig.layout.title.text or ""
    table = data.table
    if data.period and len(table):
        return _("{title}: {count} periods, from {start} to {end}.").format(
            title=title,
            count=len(table),
            start=_fmt(table[data.period[0]].min(), lang),
            end=_fmt(table[data.period[1]].max(), lang),
        )
    if data.value and data.labels and len(table) and pd.api.types.is_numeric_dtype(table[data.value]):
        top = table.loc[table[data.value].idxmax()]
        return _("{title}: {count} values; the largest is {label} ({value}).").format(
            title=title,
            count=len(table),
            label=" · ".join(str(top[c]) for c in data.labels),
            value=_fmt(top[data.value].item(), lang, data.value in data.percent),
        )
    series = table[data.labels[0]].nunique() if data.labels[:1] == [_("Series")] else 1
    return _("{title}: {count} data points in {series} series.").format(
        title=title, count=len(table), series=series
    )
