"""Partial dates as the sources give them: a year, a month or a day."""

from datetime import date

import pytest

from hrcities.dates import is_partial_date, parse_partial_date


@pytest.mark.parametrize(
    "text, start, end, precision, label",
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year", "2022"),
        ("2023-12", date(2023, 12, 1), date(2023, 12, 31), "month", "Dec 2023"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month", "Feb 2024"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month", "Feb 2023"),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29), "month", "Feb 2000"),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28), "month", "Feb 1900"),
        ("2022-04", date(2022, 4, 1), date(2022, 4, 30), "month", "Apr 2022"),
        ("2023-01-26", date(2023, 1, 26), date(2023, 1, 26), "day", "26 Jan 2023"),
        ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29), "day", "29 Feb 2024"),
        ("2024-10-09", date(2024, 10, 9), date(2024, 10, 9), "day", "9 Oct 2024"),
        (" 2022 ", date(2022, 1, 1), date(2022, 12, 31), "year", "2022"),
    ],
)
def test_parse_partial_date(text, start, end, precision, label):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.precision, parsed.label) == (start, end, precision, label)
    assert is_partial_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "2022-13",
        "22",
        "2022/01",
        "",
        "abc",
        "2022-1",
        "2022-00",
        "2023-02-29",
        "2022-01-32",
        "March 2023",
        "2022-01-01T00:00",
        "12/2023",
        "20222",
    ],
)
def test_invalid_dates_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)
    assert is_partial_date(text) is False


def test_none_is_not_a_date():
    with pytest.raises(ValueError):
        parse_partial_date(None)
