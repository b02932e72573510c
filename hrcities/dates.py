"""Partial dates ('2022', '2023-12', '2023-01-26') as the sources give them."""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

PARTIAL_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_PATTERN = re.compile(PARTIAL_DATE)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    start: date
    end: date
    precision: str  # "year" | "month" | "day"

    @property
    def label(self) -> str:
        """The date written to its precision: '2022', 'Dec 2023', '26 Jan 2023'."""
        if self.precision == "year":
            return f"{self.start.year}"
        if self.precision == "month":
            return self.start.strftime("%b %Y")
        return f"{self.start.day} {self.start.strftime('%b %Y')}"


@lru_cache(maxsize=8192)  # pure; the same few thousand dates recur in large data
def parse_partial_date(text: str) -> PartialDate:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raise ValueError otherwise."""
    text = (text or "").strip()
    if not _PATTERN.fullmatch(text):
        raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return PartialDate(date(parts[0], 1, 1), date(parts[0], 12, 31), "year")
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        return PartialDate(start, end, "month")
    day = date(*parts)
    return PartialDate(day, day, "day")


def is_partial_date(text: str) -> bool:
    """True when `text` parses as a partial date."""
    try:
        parse_partial_date(text)
    except ValueError:
        return False
    return True
