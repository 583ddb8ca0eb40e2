"""Business days (Monday to Friday): waits that skip weekends.

A follow-up is due "after seven business days", and a date the site proposes
never falls on a Saturday or Sunday. Public holidays differ by region and are
not counted; the reader can always pick another day.
"""

from __future__ import annotations

import datetime as dt

SATURDAY = 5  # date.weekday(): Monday is 0


def is_business_day(day: dt.date) -> bool:
    """True from Monday to Friday."""
    return day.weekday() < SATURDAY


def next_business_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a business day, otherwise the Monday after it."""
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, n: int) -> dt.date:
    """The business day ``n`` business days after ``day`` (``n`` >= 0).

    Counting starts on the day after ``day``, so a request sent on a Friday
    with ``n`` = 1 gives the Monday after. ``n`` = 0 gives ``day`` itself, or
    the next business day when ``day`` falls on a weekend.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    if n == 0:
        return next_business_day(day)
    # Counting from a Saturday or Sunday is counting from the Friday before.
    while not is_business_day(day):
        day -= dt.timedelta(days=1)
    weeks, rest = divmod(n, 5)
    day += dt.timedelta(weeks=weeks)
    while rest:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            rest -= 1
    return day


def business_days_between(start: dt.date, end: dt.date) -> int:
    """How many business days lie after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if is_business_day(start + dt.timedelta(days=weeks * 7 + offset)):
            count += 1
    return count
