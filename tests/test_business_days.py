"""Business days: Monday to Friday, never a weekend."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheets.business_days import add_business_days, business_days_between, is_business_day, next_business_day

MON = dt.date(2026, 11, 2)  # a Monday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (MON, 0, MON),
        (MON, 1, dt.date(2026, 11, 3)),
        (MON, 4, dt.date(2026, 11, 6)),  # Friday
        (MON, 5, dt.date(2026, 11, 9)),  # next Monday
        (MON, 7, dt.date(2026, 11, 11)),  # Wednesday after
        (dt.date(2026, 11, 6), 1, dt.date(2026, 11, 9)),  # Friday + 1 = Monday
        (dt.date(2026, 11, 7), 0, dt.date(2026, 11, 9)),  # Saturday + 0 = Monday
        (dt.date(2026, 11, 7), 1, dt.date(2026, 11, 9)),  # Saturday + 1 = Monday
        (dt.date(2026, 11, 8), 5, dt.date(2026, 11, 13)),  # Sunday + 5 = Friday
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 1)),  # across the year
        (dt.date(2026, 11, 6), 10, dt.date(2026, 11, 20)),
    ],
)
def test_add_business_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_business_days(start, n) == expected


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_days(MON, -1)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 400))
def test_the_result_is_never_a_weekend_and_counts_n_business_days(start: dt.date, n: int) -> None:
    end = add_business_days(start, n)
    assert is_business_day(end)
    assert end >= start
    # Walking day by day gives the same count.
    walked = sum(1 for k in range(1, (end - start).days + 1) if is_business_day(start + dt.timedelta(days=k)))
    assert walked == business_days_between(start, end)
    assert walked == n or (n == 0 and not is_business_day(start))
    assert next_business_day(end) == end
