"""The reduced timetable, week by week, from a table, from lines, or from prose.

In order of trust: a table with a week column (hours from its hours column, else summed
from its session times); lines that start with a week number or 'Week N'; a ladder in
prose ('10 hours in week 1, rising by 5 hours a week'); a single daily pattern
('mornings only, 9:00-12:00') as one week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parsers.extract.corpus import Corpus, Table, Unit
from parsers.extract.dates import find_dates, first_date
from parsers.extract.hours import hours_in_cell, session_minutes, stated_hours, weekly_hours_from_pattern
from parsers.extract.lookup import quote
from parsers.facts import Evidence, WeekHours

_WEEK_HEADER = re.compile(r"\bweek\b|\bw/?c\b|\bdates?\b", re.I)
_HOURS_HEADER = re.compile(r"hours|hrs|total", re.I)
_PATTERN_HEADER = re.compile(r"pattern|times?|sessions?|timetable|days?|attendance", re.I)
_DAY_HEADER = re.compile(r"^\s*(?:mon|tue|wed|thu|fri)[a-z]*\.?\s*$", re.I)
_FULL_TIME_ROW = re.compile(r"full[- ]?time|half[- ]?term|holiday|no school|closed|inset", re.I)
_WEEK_CELL = re.compile(r"^\s*(?:week\s*)?(?P<n>\d{1,2})\b|^\s*(?:w/?c|from)\b|^\s*\d{1,2}[/.]\d{1,2}", re.I)
_WEEK_LINE = re.compile(
    r"^\s*(?:week|wk)\s*(?P<a>\d{1,2})(?:\s*(?:-|–|to|and|&)\s*(?P<b>\d{1,2}))?\b[\s:.,)\-–]*(?P<rest>.*)$",
    re.I,
)
_NUMBERED_LINE = re.compile(r"^\s*(?P<a>\d{1,2})\s+(?P<rest>\d{1,2}[/.]\d{1,2}.*)$")
_TIMETABLE_SECTION = re.compile(r"timetable|hours|schedule|pattern|attendance", re.I)
_LADDER = re.compile(
    r"(?P<start>\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?)\b[^.]{0,60}?\b(?:rising|increasing|going up|building up|"
    r"adding|increase|extra|plus|up)\b[^.]{0,15}?\bby\s+(?:a further\s+|another\s+)?(?P<step>\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?)?",
    re.I,
)


@dataclass(frozen=True)
class TimetableFound:
    weeks: tuple[WeekHours, ...]
    evidence: Evidence | None
    first_week_date: date | None = None
    """The date written against week 1 (its Monday, or the first day of a range)."""


def extract_timetable(
    corpus: Corpus, full_time_hours: float | None, weeks_to_full_time: int | None
) -> TimetableFound:
    for table in corpus.tables:
        weeks = _weeks_from_table(table) or _weeks_from_columns(table)
        if weeks:
            return TimetableFound(weeks, Evidence(_describe(weeks), table.where), _week_one_date(table, corpus))
    for finder in (_weeks_from_lines, _weeks_from_numbered_lines):
        found = finder(corpus)
        if found:
            return found
    ladder = _weeks_from_ladder(corpus, full_time_hours, weeks_to_full_time)
    if ladder:
        return ladder
    return _single_pattern(corpus)


_FULL_TIME_LABEL = re.compile(r"^\s*(?:back to |return to )?full[- ]?time\b", re.I)


def full_time_row_hours(corpus: Corpus) -> float | None:
    """The hours of the full-time row that closes a timetable table ('Full time | 27/04 | ... | 32.5')."""
    for table in corpus.tables:
        if len(table.rows) < 2:
            continue
        _, hours_col, _ = _columns(table.rows[0])
        for row in table.rows[1:]:
            if hours_col is not None and hours_col < len(row) and row and _FULL_TIME_LABEL.match(row[0]):
                value = hours_in_cell(row[hours_col])
                if value is not None and 20 <= value <= 40:
                    return value
    return None


def _week_one_date(table: Table, corpus: Corpus) -> date | None:
    for row in table.rows[1:]:
        if re.match(r"^\s*(?:week\s*)?1\b", row[0] if row else "", re.I):
            return first_date(" ".join(row), corpus.ref_date)
    return None


def _describe(weeks: tuple[WeekHours, ...]) -> str:
    return "; ".join(f"week {w.week}: {w.hours:g} hours" for w in weeks)


def _columns(header: tuple[str, ...]) -> tuple[int | None, int | None, int | None]:
    week = next((i for i, c in enumerate(header) if _WEEK_HEADER.search(c)), None)
    hours = next((i for i, c in enumerate(header) if _HOURS_HEADER.search(c)), None)
    pattern = next((i for i, c in enumerate(header) if i != hours and _PATTERN_HEADER.search(c)), None)
    return week, hours, pattern


def _weeks_from_table(table: Table) -> tuple[WeekHours, ...]:
    if len(table.rows) < 2:
        return ()
    week_col, hours_col, pattern_col = _columns(table.rows[0])
    if week_col is None and all(re.match(r"^\s*(?:week|wk)\s*\d", r[0] if r else "", re.I) for r in table.rows[1:]):
        week_col = 0
    day_columns = sum(1 for c in table.rows[0] if _DAY_HEADER.match(c))
    if week_col is None or (hours_col is None and pattern_col is None and day_columns < 3):
        return ()
    weeks: list[WeekHours] = []
    for row in table.rows[1:]:
        hours = _row_hours(row, hours_col, pattern_col)
        if hours is None or _FULL_TIME_ROW.search(" ".join(row)):
            continue
        m = _WEEK_CELL.match(row[week_col] if week_col < len(row) else "")
        if not m:
            continue
        number = int(m.group("n")) if m.group("n") else len(weeks) + 1
        weeks.append(WeekHours(number, hours))
    return _ordered(weeks)


_RISING = re.compile(r"\b(?:rising|increasing|going up|building up|adding)\b[^.]{0,20}\bby\b", re.I)
_WEEK_COLUMN = re.compile(r"^\s*week\s*(\d{1,2})\b", re.I)
_TOTAL_ROW = re.compile(r"^\s*(?:total|weekly total|hours)\b", re.I)


def _weeks_from_columns(table: Table) -> tuple[WeekHours, ...]:
    """Weeks as columns and days as rows ('Day | Week 1 | Week 2'), with a total row or
    session times to add up."""
    if len(table.rows) < 2:
        return ()
    columns = {i: int(m.group(1)) for i, c in enumerate(table.rows[0]) if (m := _WEEK_COLUMN.match(c))}
    if not columns:
        return ()
    total = next((r for r in table.rows[1:] if r and _TOTAL_ROW.match(r[0])), None)
    days = [r for r in table.rows[1:] if r and _DAY_HEADER.match(r[0])]
    weeks: list[WeekHours] = []
    for col, number in columns.items():
        hours = _column_hours(col, total, days)
        if hours is not None:
            weeks.append(WeekHours(number, hours))
    return _ordered(weeks)


def _column_hours(col: int, total: tuple[str, ...] | None, days: list[tuple[str, ...]]) -> float | None:
    if total is not None and col < len(total):
        value = hours_in_cell(total[col]) or next(iter(stated_hours(total[col])), None)
        if value is not None:
            return value
    minutes = sum(e - s for row in days if col < len(row) for s, e, _ in session_minutes(row[col]))
    return round(minutes / 60, 2) if minutes else None


def _row_hours(row: tuple[str, ...], hours_col: int | None, pattern_col: int | None) -> float | None:
    if hours_col is not None and hours_col < len(row):
        value = hours_in_cell(row[hours_col]) or next(iter(stated_hours(row[hours_col])), None)
        if value is not None:
            return value
    if pattern_col is not None and pattern_col < len(row):
        value = weekly_hours_from_pattern(row[pattern_col])
        if value is not None:
            return value
    # days in one column and session times in another: read the row's cells together
    cells = [c for c in row[1:] if c and not re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\b\d{1,2}\s+[A-Z][a-z]{2}", c)]
    return weekly_hours_from_pattern(" ".join(cells)) if cells else None


def _ordered(weeks: list[WeekHours]) -> tuple[WeekHours, ...]:
    seen: dict[int, WeekHours] = {}
    for w in weeks:
        seen.setdefault(w.week, w)
    ordered = tuple(sorted(seen.values(), key=lambda w: w.week))
    return ordered if ordered and ordered[0].week == 1 else ()


def _hours_of_line(rest: str) -> float | None:
    stated = stated_hours(rest)
    if stated:
        return stated[-1]
    pattern = weekly_hours_from_pattern(rest)
    if pattern is not None:
        return pattern
    trailing = re.search(r"(?<![:.\d/])(\d{1,2}(?:\.\d{1,2})?)\s*$", rest)
    return float(trailing.group(1)) if trailing and float(trailing.group(1)) <= 40 else None


_WEEK_MARK = re.compile(
    r"\b(?:weeks?|wk)\s*(?P<a>\d{1,2})(?:\s*(?:-|–|to|and|&)\s*(?P<b>\d{1,2}))?\b|\bw/?c\b|\bweek (?:commencing|beginning)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _week_segments(text: str, last_week: int) -> list[tuple[int, int, str]]:
    """Each 'Week N' (or 'Weeks N-M', or 'w/c ...', numbered on from `last_week`) with the
    words after it, up to the next week or the end of its sentence."""
    marks = [m for i, m in enumerate(_WEEK_MARK.finditer(text)) if not _follows_number(text, m)]
    out: list[tuple[int, int, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        rest = _SENTENCE_END.split(text[m.end() : end], maxsplit=1)[0]
        if m.group("a"):
            a = int(m.group("a"))
            b = int(m.group("b") or a)
        else:
            a = b = (out[-1][1] if out else last_week) + 1
        out.append((a, max(a, min(b, a + 12)), rest))
    return out


def _cells_then_units(corpus: Corpus) -> list[Unit]:
    """Long table cells (a whole timetable can sit in one) before the page's lines, whose
    text runs the table's columns together."""
    cells = [
        Unit(cell, table.where, table.section, table.source, -1)
        for table in corpus.tables
        for row in table.rows
        for cell in row
        if len(cell) > 40 and _WEEK_MARK.search(cell)
    ]
    return cells + corpus.units


def _follows_number(text: str, m: re.Match[str]) -> bool:
    """'Week 1 (w/c 2 March)': the w/c belongs to the week just named."""
    return not m.group("a") and bool(re.search(r"\bweeks?\s*\d{1,2}\W{0,3}$", text[max(0, m.start() - 12) : m.start()], re.I))


def _segment_hours(rest: str) -> float | None:
    """The week's hours; none for a full-time week ('Week 5 onwards: full time')."""
    first_hours = re.search(r"\d+(?:\.\d+)?\s*(?:hours|hrs)\b", rest, re.I)
    if _FULL_TIME_ROW.search(rest[: first_hours.start()] if first_hours else rest) or _RISING.search(rest):
        return None
    stated = stated_hours(rest)
    if stated:
        return stated[0]
    return _hours_of_line(rest)


def _weeks_from_lines(corpus: Corpus) -> TimetableFound | None:
    """'Week 1: 10 hours', 'Weeks 1-2: 12.5 hours; Weeks 3-4: 20 hours', 'w/c 9 March - 8.45 to
    12.15', at the start of a line or inside a sentence."""
    weeks: list[WeekHours] = []
    first: Unit | None = None
    first_text = ""
    for unit in _cells_then_units(corpus):
        if unit.source == "subject":
            continue
        for a, b, rest in _week_segments(unit.text, weeks[-1].week if weeks else 0):
            hours = _segment_hours(rest)
            if hours is None:
                continue
            weeks.extend(WeekHours(n, hours) for n in range(a, b + 1))
            if first is None:
                first, first_text = unit, rest
    ordered = _ordered(weeks)
    if not ordered or first is None:
        return None
    dated = [d for d in find_dates(first_text[:40], corpus.ref_date) if d.has_year]
    return TimetableFound(ordered, Evidence(quote(first.text), first.where), dated[0].value if dated else None)


def _weeks_from_numbered_lines(corpus: Corpus) -> TimetableFound | None:
    """PDF text of a timetable table without ruling: '1 12/01/2026 - 16/01/2026 Mon-Fri 08:40-11:40 15'."""
    weeks: list[WeekHours] = []
    first: Unit | None = None
    for unit in corpus.units:
        if not _TIMETABLE_SECTION.search(unit.section):
            continue
        m = _NUMBERED_LINE.match(unit.text)
        if not m:
            continue
        rest = re.sub(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", " ", m.group("rest"))
        hours = _hours_of_line(rest)
        if hours is not None:
            weeks.append(WeekHours(int(m.group("a")), hours))
            first = first or unit
    ordered = _ordered(weeks)
    if not ordered or first is None:
        return None
    return TimetableFound(ordered, Evidence(quote(first.text), first.where), first_date(first.text, corpus.ref_date))


def _weeks_from_ladder(corpus: Corpus, full_time: float | None, n_weeks: int | None) -> TimetableFound | None:
    for unit, m in corpus.search(_LADDER):
        start, step = float(m.group("start")), float(m.group("step"))
        if step <= 0:
            continue
        weeks: list[WeekHours] = []
        hours = start
        while len(weeks) < 12 and (full_time is None or hours < full_time):
            if full_time is None and n_weeks is not None and len(weeks) >= n_weeks:
                break
            if full_time is None and n_weeks is None and len(weeks) >= 6:
                break
            weeks.append(WeekHours(len(weeks) + 1, hours))
            hours += step
        if weeks:
            return TimetableFound(tuple(weeks), Evidence(quote(unit.text), unit.where))
    return None


def _single_pattern(corpus: Corpus) -> TimetableFound:
    """One daily pattern for the whole reduced period ('mornings only, 9:00-12:00')."""
    pattern = re.compile(r"\b(?:attend(?:s|ed|ing)?|timetable|in school|mornings?|afternoons?)\b", re.I)
    for unit, _m in corpus.search(pattern):
        if unit.source == "subject":
            continue
        hours = weekly_hours_from_pattern(unit.text)
        if hours is not None and hours < 32:
            return TimetableFound((WeekHours(1, hours),), Evidence(quote(unit.text), unit.where))
    return TimetableFound((), None)
