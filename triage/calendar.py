"""School days: weekdays inside the council's terms that are neither a bank holiday nor a
closure (an INSET day). Pure: the data is read from files and handed in.

- England and Wales's bank holidays ship as `triage/guidance/bank-holidays.json`, in the shape
  of gov.uk's published list (https://www.gov.uk/bank-holidays.json, `england-and-wales`).
- The council's terms and closures are a TOML file beside its guidance (`term_dates` in the
  guidance names it): one `[[row]]` per term or closure with `year` ("2026-27", 1 August to
  31 July), `kind` (`term` or `closure`), `name`, `start` and `end` (inclusive). It is
  validated on load; asking about a date in a year it has no rows for raises
  `TermDatesMissing`, naming the year and the file, rather than guessing.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parsers.errors import RttError

BANK_HOLIDAYS_FILE = "bank-holidays.json"
BANK_HOLIDAYS_DIVISION = "england-and-wales"
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_KINDS = ("term", "closure")
_SEARCH_LIMIT = 400
"""Days searched for the next school day before giving up (a year and a summer holiday)."""


class CalendarError(RttError):
    """The calendar's data cannot be read, or does not cover a date asked about."""


class TermDatesMissing(CalendarError):
    """A date in an academic year the term dates file has no rows for."""


@dataclass(frozen=True)
class Period:
    year: str
    kind: str
    name: str
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def academic_year(day: date) -> str:
    """'2026-27' for any date from 1 August 2026 to 31 July 2027."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


@dataclass(frozen=True)
class SchoolCalendar:
    """The days that count as school days, for one council."""

    periods: tuple[Period, ...]
    bank_holidays: frozenset[date]
    bank_holiday_years: frozenset[int]
    source: str = "term dates"
    """Where the term dates came from, for the errors' words."""

    @property
    def years(self) -> frozenset[str]:
        return frozenset(p.year for p in self.periods)

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        year = academic_year(day)
        if year not in self.years:
            raise TermDatesMissing(
                f"the term dates ({self.source}) have no rows for the school year {year}: "
                f"add that year's terms and closures"
            )
        if day.year not in self.bank_holiday_years:
            raise CalendarError(f"the bank holidays list ({BANK_HOLIDAYS_FILE}) does not cover {day.year}")
        if day in self.bank_holidays:
            return False
        in_term = any(p.kind == "term" and p.covers(day) for p in self.periods)
        return in_term and not any(p.kind == "closure" and p.covers(day) for p in self.periods)

    def on_or_after(self, day: date) -> date:
        """The first school day on or after `day`."""
        return self._step_until_school_day(day, 1)

    def on_or_before(self, day: date) -> date:
        """The last school day on or before `day`."""
        return self._step_until_school_day(day, -1)

    def _step_until_school_day(self, day: date, step: int) -> date:
        for _ in range(_SEARCH_LIMIT):
            if self.is_school_day(day):
                return day
            day += timedelta(days=step)
        raise CalendarError(f"no school day within {_SEARCH_LIMIT} days of {day.isoformat()}")

    def add_school_days(self, day: date, count: int) -> date:
        """The `count`-th school day after `day` (before it when `count` is negative); `day`
        itself need not be a school day. 0 gives `day` unchanged."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        for _ in range(_SEARCH_LIMIT * max(1, remaining)):
            if remaining == 0:
                return day
            day += timedelta(days=step)
            if self.is_school_day(day):
                remaining -= 1
        raise CalendarError(f"no school days near {day.isoformat()}")

    def school_days_between(self, start: date, end: date) -> int:
        """School days after `start` up to and including `end` (negative when end is earlier)."""
        if end < start:
            return -self.school_days_between(end, start)
        return sum(self.is_school_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def parse_bank_holidays(data: Any, division: str = BANK_HOLIDAYS_DIVISION) -> frozenset[date]:
    """The dates of gov.uk's bank-holidays.json (its `division` part)."""
    try:
        events = data[division]["events"]
        return frozenset(date.fromisoformat(e["date"]) for e in events)
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarError(f"the bank holidays list has no readable {division!r} events ({exc})") from exc


def parse_term_rows(data: Any, source: str) -> tuple[Period, ...]:
    """The rows of a term dates file, validated: a clear error names the row and what is wrong."""
    rows = data.get("row") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise CalendarError(f"{source}: no [[row]] entries")
    periods = tuple(_period(row, n, source) for n, row in enumerate(rows, start=1))
    _check_overlaps([p for p in periods if p.kind == "term"], source)
    return periods


def _period(row: Any, n: int, source: str) -> Period:
    where = f"{source}: row {n}"
    if not isinstance(row, dict):
        raise CalendarError(f"{where} is not a table")
    missing = [k for k in ("year", "kind", "name", "start", "end") if k not in row]
    if missing:
        raise CalendarError(f"{where} lacks {', '.join(missing)}")
    year, kind, start, end = row["year"], row["kind"], row["start"], row["end"]
    found = _YEAR.match(str(year))
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise CalendarError(f"{where}: year {year!r} is not a school year like '2026-27'")
    if kind not in _KINDS:
        raise CalendarError(f"{where}: kind {kind!r} is not one of {', '.join(_KINDS)}")
    if not isinstance(start, date) or not isinstance(end, date):
        raise CalendarError(f"{where}: start and end must be dates (YYYY-MM-DD, unquoted)")
    if end < start:
        raise CalendarError(f"{where}: ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    if academic_year(start) != year or academic_year(end) != year:
        raise CalendarError(f"{where}: {start.isoformat()} to {end.isoformat()} is not inside {year}")
    return Period(year=year, kind=kind, name=str(row["name"]), start=start, end=end)


def _check_overlaps(terms: list[Period], source: str) -> None:
    ordered = sorted(terms, key=lambda p: p.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            names = f"{before.name!r} and {after.name!r}"
            raise CalendarError(f"{source}: the terms {names} ({after.year}) overlap")


def make_calendar(
    periods: Iterable[Period], bank_holidays: Iterable[date], source: str = "term dates"
) -> SchoolCalendar:
    holidays = frozenset(bank_holidays)
    return SchoolCalendar(
        periods=tuple(periods),
        bank_holidays=holidays,
        bank_holiday_years=frozenset(d.year for d in holidays),
        source=source,
    )


@cache
def load_calendar(term_dates: str) -> SchoolCalendar:
    """The calendar from a term dates file (the guidance's `term_dates`) and the shipped bank
    holidays. Raises CalendarError with the file and the reason when either cannot be read."""
    if not term_dates:
        raise CalendarError("the guidance names no term dates file (term_dates)")
    path = Path(term_dates)
    try:
        terms = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        raise CalendarError(f"the term dates {path} cannot be read ({type(exc).__name__}: {exc})") from exc
    try:
        shipped = resources.files("triage.guidance").joinpath(BANK_HOLIDAYS_FILE)
        holidays = json.loads(shipped.read_text("utf-8"))
    except (OSError, UnicodeError, ValueError) as exc:
        raise CalendarError(f"the bank holidays list cannot be read ({exc})") from exc
    return make_calendar(parse_term_rows(terms, path.name), parse_bank_holidays(holidays), path.name)
