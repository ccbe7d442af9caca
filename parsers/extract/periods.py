"""Timetables written in lesson periods: "P1 and P2", "P1 to P3", a grid of periods by day.

A school that writes its reduced day in periods gives the period times once ("P1 9:00-10:00,
P2 10:00-11:00, P3 11:30-12:30 ..."). A day of periods runs from the start of its first period
to the end of its last (the breaks between them included: the pupil is in school), so
"P1 to P3" is 9:00-12:30 and "the full day" is the first period's start to the last one's end.

`period_times` finds the times; `as_times` writes a line's periods as the times they cover, for
the hours readers that read times; `grid_hours` sums a week's grid (days as rows, periods as
columns, a lesson or '-' in each cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PeriodTimes = dict[int, tuple[int, int]]
"""Period number -> (start minute, end minute) of the day."""

_TIME = r"(\d{1,2})[:.](\d{2})"
_PERIOD_TIME = re.compile(
    rf"\b(?:P|Period\s*|Lesson\s*)(\d{{1,2}})\b\s*[:=(]?\s*{_TIME}\s*(?:-|–|—|to)\s*{_TIME}", re.I
)
_PERIOD = r"(?:P|Period\s*|Lesson\s*)(\d{1,2})\b"
_SPAN = re.compile(rf"\b{_PERIOD}(?:\s*(?:-|–|—|to|until)\s*{_PERIOD}|(?:\s*(?:,|and|&)\s*{_PERIOD})+)", re.I)
"""Two periods or more: a range or a list (a period named alone, 'home at the end of P3', is
no part of the day's span)."""
_ALL_PERIODS = re.compile(rf"\b{_PERIOD}", re.I)
_FULL_DAY = re.compile(r"(:\s*)(?:the\s+|a\s+)?full\s+(?:school\s+)?day\b", re.I)
_GRID_HEADER = re.compile(rf"^\s*{_PERIOD}\s*(?:\(.*\))?\s*$", re.I)
_DAY = re.compile(r"^\s*(?:mon|tue|wed|thu|fri)[a-z]*\.?\s*$", re.I)
_AT_HOME = re.compile(r"^\s*(?:|-|–|—|x|home|at home|off|n/?a|none|not in)\s*$", re.I)


def period_times(texts: Iterable[str]) -> PeriodTimes:
    """The school's period times, from the first text that gives at least three of them."""
    for text in texts:
        found: PeriodTimes = {}
        for m in _PERIOD_TIME.finditer(text):
            start = int(m.group(2)) * 60 + int(m.group(3))
            end = int(m.group(4)) * 60 + int(m.group(5))
            start, end = _afternoon(start), _afternoon(end)
            if end > start and int(m.group(1)) not in found:
                found[int(m.group(1))] = (start, end)
        if len(found) >= 3:
            return found
    return {}


def _afternoon(minute: int) -> int:
    """'1:30' in a school day is 13:30."""
    return minute + 12 * 60 if minute < 8 * 60 else minute


def _span_minutes(numbers: list[int], times: PeriodTimes) -> tuple[int, int] | None:
    known = [times[n] for n in numbers if n in times]
    if not known or len(known) != len(numbers):
        return None
    return min(s for s, _ in known), max(e for _, e in known)


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def as_times(text: str, times: PeriodTimes) -> str:
    """The text with each run of periods ('P1 and P2', 'P1 to P3', 'P1-P4') written as the
    time it covers, and a day range's 'the full day' as the school day: what the hours
    readers read. Unchanged without period times."""
    if not times:
        return text

    def span(m: re.Match[str]) -> str:
        numbers = [int(n) for n in _ALL_PERIODS.findall(m.group(0))]
        if len(numbers) == 2 and re.search(r"-|–|—|to|until", m.group(0)):
            numbers = list(range(numbers[0], numbers[1] + 1))
        covered = _span_minutes(numbers, times)
        return m.group(0) if covered is None else f"{_clock(covered[0])}-{_clock(covered[1])}"

    whole = (min(s for s, _ in times.values()), max(e for _, e in times.values()))
    text = _FULL_DAY.sub(lambda m: f"{m.group(1)}{_clock(whole[0])}-{_clock(whole[1])}", text)
    return _SPAN.sub(span, text)


def is_grid(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A header of periods over rows of days."""
    if len(rows) < 2:
        return False
    periods = sum(1 for cell in rows[0] if _GRID_HEADER.match(cell))
    days = sum(1 for row in rows[1:] if row and _DAY.match(row[0]))
    return periods >= 3 and days >= 1


def grid_hours(rows: tuple[tuple[str, ...], ...], times: PeriodTimes) -> float | None:
    """A week's hours from a periods grid: each day from its first attended period's start to
    its last one's end. None when a period has no known time."""
    header = [_grid_period(cell) for cell in rows[0]]
    total = 0
    for row in rows[1:]:
        if not row or not _DAY.match(row[0]):
            continue
        attended = [
            n for n, cell in zip(header, row, strict=False) if n is not None and not _AT_HOME.match(cell)
        ]
        if not attended:
            continue
        covered = _span_minutes(attended, times)
        if covered is None:
            return None
        total += covered[1] - covered[0]
    return round(total / 60, 2)


def _grid_period(cell: str) -> int | None:
    m = _GRID_HEADER.match(cell)
    return int(m.group(1)) if m else None


def continues(grid: tuple[tuple[str, ...], ...], more: tuple[tuple[str, ...], ...]) -> bool:
    """`more` is the rest of `grid` carried onto the next page: its first day comes after the
    grid's last day (a new week starts again from Monday)."""
    last, first = _weekday(grid[-1]), _weekday(more[1]) if len(more) > 1 else None
    return last is not None and first is not None and first > last


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _weekday(row: tuple[str, ...]) -> int | None:
    if not row or not _DAY.match(row[0]):
        return None
    return _WEEKDAYS.index(row[0].strip().lower()[:3])
