"""Timetables written as tables, in the layouts schools use.

- weeks as rows: a week column (a number, 'Week 1', 'Phase 2', or a date: 'Week commencing',
  'W/C', 'Dates', 'Week beginning'), with the hours in an hours column ('Hours', 'Total hrs',
  'Hours in school'), else summed from day columns (Mon..Fri session times), else from a
  pattern column ('Mon-Fri 9:00-12:00');
- weeks as columns: 'Week 1 | Week 2' (or 'Wk 1 2027-01-11', or dates) over rows of hours,
  pattern, or days.

Weeks labelled by a date are numbered in order; a holiday row is left out; the row (or column)
that says full time ends the reduced weeks and gives the full-time date where it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from parsers.extract.dates import find_dates
from parsers.extract.hours import (
    days_named,
    hours_in_cell,
    session_minutes,
    stated_hours,
    weekly_hours_from_pattern,
)
from parsers.facts import WeekHours

_WEEK_NUMBER_HEADER = re.compile(r"^\s*(?:weeks?|wk|week\s*(?:no|number|#)\.?)\s*$", re.I)
_WEEK_HEADER = re.compile(
    r"\bweeks?\b|\bwk\b|\bw/?[cb]\b|\bdates?\b|\bphase\b|\bstage\b|\bstep\b|\bperiod\b|^\s*from(?:\s+date)?\s*(?:\((?:mon|monday)\))?\s*$|commencing|beginning",
    re.I,
)
_HOURS_HEADER = re.compile(
    r"hours|hrs|\btotal\b|time in school|\b(?:that|this|each|per|a|in the) week\b|\bweekly\b|"
    r"^\s*(?:(?:each|per|a) day|daily)\s*$",
    re.I,
)
"""A column of hours: 'Hours', 'Total', or only when they are counted ('That week', 'Each day')."""
_DAILY_HEADER = re.compile(r"per day|a day|daily|each day", re.I)
_PATTERN_HEADER = re.compile(r"pattern|times?|sessions?|timetable|attendance|in school|arrangement", re.I)
_DAY = r"(?:mon|tue|wed|thu|fri)[a-z]*\.?"
DAY_HEADER = re.compile(rf"^\s*{_DAY}\s*$", re.I)
_DAYS_HEADER = re.compile(rf"^\s*{_DAY}\s*(?:-|–|to|until)\s*{_DAY}\s*$", re.I)
"""A column of several days ('Monday to Thursday', 'Mon-Thu'): its times are each day's."""
_DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
_FULL_TIME = re.compile(
    r"full[- ]?time|full days|full timetable|full (?:school )?attendance|back to full|^\s*F/?T\s*$|"
    r"full school days?\b|(?:the )?whole (?:school )?days?\b|"
    r"normal (?:school )?(?:days?|week|timetable)|^\s*full(?: weeks?)?\W*$|"
    r"^\s*(?:then|thereafter|after that|afterwards|onwards|from then(?: on)?|back|(?:returns?|returned|returning)"
    r"(?: to school)?)\W*$",
    re.I,
)
"""A week or hours cell of the full-time row ('Full time', 'Back to full', or only 'Full'), or
the row after the numbered weeks that says what comes after them ('Then | Monday 18 October', 'Back |
31/01/2028')."""
_FULL_DAY = re.compile(
    r"^\s*(?:as )?(?:full[- ]?(?:day|time)|whole day|all day|(?:normal|usual)(?: (?:day|timetable|hours))?)s?\W*$",
    re.I,
)
"""A day column's cell in the full-time row of a days grid."""
_OPENS_WITH_FULL_DAY = re.compile(r"^\W*(?:a |the )?full[- ]?(?:days?|time)\b(?![- ]?time (?:equivalent|hours))", re.I)
"""A pattern cell that opens with the full day and says more ('Full day in class, base at break only')."""
_HOLIDAY = re.compile(
    r"half[- ]?term|holiday|no school|school closed|\bclosed\b|inset|christmas|easter|bank", re.I
)
_NOT_A_DAY = r"(?!\s*(?:st|nd|rd|th)?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
"""After the second number of a range: 'Wk 1 - 18 Jan 2027' is week 1 and a date, not weeks 1 to 18."""
_NUMBERED_WEEK = re.compile(
    r"^\s*(?:(?:weeks?|wk|phase|stage|step|period)\s*)?(?P<a>\d{1,2})"
    rf"(?:\s*(?:-|–|to|&|and)\s*(?P<b>\d{{1,2}}){_NOT_A_DAY})?(?![\d/.:-]\d)",
    re.I,
)
_WEEKS_IN_CELL = re.compile(
    rf"\b(?:weeks?|wks?)\s*(?P<a>\d{{1,2}})(?:\s*(?:-|–|to|&|and)\s*(?P<b>\d{{1,2}}){_NOT_A_DAY})?\b", re.I
)
_DATED_WEEK = re.compile(r"^\s*(?:w/?[cb]|from|week (?:commencing|beginning|starting))\b", re.I)
_ROW_LABEL_HOURS = re.compile(r"^\s*(?:total|weekly total|hours|hrs|time in school)", re.I)
_ROW_LABEL_PATTERN = re.compile(r"^\s*(?:pattern|times?|sessions?|timetable|attendance)", re.I)
_COLUMN_WEEK = re.compile(r"^\s*(?:week|wk|w/?c)\s*(?P<n>\d{1,2})\b(?!\s*[/.]\s*\d)", re.I)
_COLUMN_DATED_WEEK = re.compile(
    r"^\s*(?:w/?[cb]|weeks? (?:commencing|beginning|starting|of))\s*\d{1,2}(?:\s*[/.]\s*\d{1,2}|(?:st|nd|rd|th)?\s+[a-z]{3})",
    re.I,
)
"""A column headed by its week's first day ('w/c 24/01', 'Week of 31 Jan'): numbered by its place."""


@dataclass(frozen=True)
class WeekTable:
    """What a timetable table says: the reduced weeks, the date of week 1's first day in
    school, and the date full time starts where the table gives one."""

    weeks: tuple[WeekHours, ...]
    first_day: date | None = None
    full_time_date: date | None = None


@dataclass(frozen=True)
class _Columns:
    week: int
    hours: int | None
    daily: int | None
    pattern: int | None
    days: tuple[int, ...]
    weekdays: tuple[int, ...]
    """The weekday (Monday 0) of each day column."""
    spans: tuple[int, ...] = ()
    """The days each day column stands for: 1, or 4 under 'Monday to Thursday' (none given: 1 each)."""

    def span_of(self, column: int) -> int:
        return self.spans[self.days.index(column)] if self.spans else 1

    @property
    def days_covered(self) -> int:
        return sum(self.spans) if self.spans else len(self.days)


def merge_continued(tables: list[tuple[tuple[str, ...], ...]]) -> list[tuple[tuple[str, ...], ...]]:
    """A table that runs onto the next page repeats its header: join the two. The repeated header
    may be read with its cells run together ('Week Times and hours' on a scan's second page)."""
    out: list[tuple[tuple[str, ...], ...]] = []
    for rows in tables:
        if (
            out
            and rows
            and len(out[-1]) > 0
            and _header_of(out[-1]) is not None
            and _head_words(rows[0]) == _head_words(out[-1][_header_row(out[-1])])
        ):
            out[-1] = (*out[-1], *rows[1:])
        else:
            out.append(rows)
    return out


def _head_words(row: tuple[str, ...]) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", " ".join(row).lower()))


def read_week_table(rows: tuple[tuple[str, ...], ...], ref: date | None) -> WeekTable | None:
    return _weeks_as_rows(rows, ref) or _weeks_as_columns(rows, ref)


def _header_row(rows: tuple[tuple[str, ...], ...]) -> int:
    found = _header_of(rows)
    return found if found is not None else 0


def _header_of(rows: tuple[tuple[str, ...], ...]) -> int | None:
    """The header row: among the first three, one with a week column and an hours, pattern
    or day column (a title row such as '5. Proposed timetable' may come first)."""
    for i, row in enumerate(rows[:3]):
        if _columns(row) is not None:
            return i
    return None


def _columns(header: tuple[str, ...]) -> _Columns | None:
    header = _days_by_position(header)
    week = _week_column(header)
    if week is None:
        return None
    hours = next(
        (
            i
            for i, c in enumerate(header)
            if i != week and _HOURS_HEADER.search(c) and not _DAILY_HEADER.search(c)
        ),
        None,
    )
    daily = next(
        (
            i
            for i, c in enumerate(header)
            if i != week and _HOURS_HEADER.search(c) and _DAILY_HEADER.search(c)
        ),
        None,
    )
    pattern = next(
        (
            i
            for i, c in enumerate(header)
            if i not in (week, hours, daily) and _PATTERN_HEADER.search(c) and not DAY_HEADER.match(c)
        ),
        None,
    )
    days = tuple(i for i, c in enumerate(header) if DAY_HEADER.match(c) or _DAYS_HEADER.match(c))
    spans = tuple((days_named(header[i]) or 1) if _DAYS_HEADER.match(header[i]) else 1 for i in days)
    if hours is None and daily is None and pattern is None and sum(spans) < 3:
        return None
    weekdays = tuple(_DAY_INDEX[header[i].strip()[:3].lower()] for i in days)
    return _Columns(week, hours, daily, pattern, days, weekdays, spans)


_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri")
_SHORT_CELL = 6


def _days_by_position(header: tuple[str, ...]) -> tuple[str, ...]:
    """A scanned grid's header whose day names OCR misread ('wic | Mon | Tue | Weed | The | Fré |
    Tata?'): where three or more read right, each at its place in a run of five from Monday, the
    short cells of that run are the days they stand for, the short cell before the run is the
    week's date ('w/c') and the short cell after it the total."""
    named = [(i, _DAY_INDEX[c.strip()[:3].lower()]) for i, c in enumerate(header) if DAY_HEADER.match(c)]
    if len(named) < 3 or len(named) == 5:
        return header
    start = named[0][0] - named[0][1]
    if start < 0 or start + 5 > len(header) or any(i - start != day for i, day in named):
        return header
    cells = list(header)
    for day in range(5):
        if not DAY_HEADER.match(cells[start + day]) and len(cells[start + day].strip()) <= _SHORT_CELL:
            cells[start + day] = _DAY_NAMES[day]
    if start >= 1 and 0 < len(cells[start - 1].strip()) <= _SHORT_CELL and not _WEEK_HEADER.search(cells[start - 1]):
        cells[start - 1] = "w/c"
    after = start + 5
    if after < len(cells) and 0 < len(cells[after].strip()) <= _SHORT_CELL and not _HOURS_HEADER.search(cells[after]):
        cells[after] = "Total"
    return tuple(cells)


def _week_column(header: tuple[str, ...]) -> int | None:
    """The week column by its header; else the first column of a grid of days whose first
    header cell is blank ('' | Mon | Tue ...), its rows labelled 'Week 1 (12/01)'."""
    exact = next((i for i, c in enumerate(header) if _WEEK_NUMBER_HEADER.match(c)), None)
    if exact is not None:
        return exact
    named = next(
        (i for i, c in enumerate(header) if _WEEK_HEADER.search(c) and not DAY_HEADER.match(c)), None
    )
    if (
        named is None
        and header
        and not header[0].strip()
        and sum(1 for c in header if DAY_HEADER.match(c)) >= 3
    ):
        return 0
    return named


_WEEK_LABEL_CELL = re.compile(r"^\s*(?:wk|week)\s*(?:\d{1,2}|[Il](?=\s|\(|$))", re.I)
_OCR_ONE = re.compile(r"^(\s*(?:(?:wk|week)\s*)?)[Il](?=\s|\(|$)", re.I)
"""'Wk I (13.09.27)', or 'l' alone in a week's cell: OCR's reading of week 1."""
_HOURS_CELL = re.compile(r"^\s*\d{1,2}(?:[.,]\d{1,2})?\s*(?:h|hrs?|hours)\.?\s*$", re.I)
_BARE_HOURS_CELL = re.compile(r"^\s*\d{1,2}(?:[.,]\d{1,2})?\s*$")


def _headerless_columns(rows: tuple[tuple[str, ...], ...]) -> _Columns | None:
    """Rows labelled by their week ('Wk 1 from 13.03.28 | Mon-Fri 9:00-11:00 | 10h') with no
    header row (or one OCR could not read), under a title or none: the week first, the hours in
    the column every such row gives them in; in a grid of the days' sessions ('Wk 2 | 9:00-12:00
    | ... | 15'), the columns of sessions are the days and the bare number after them the hours."""
    labelled = [r for r in rows if r and _WEEK_LABEL_CELL.match(r[0])]
    if len(labelled) < 2:
        return None
    common = set.intersection(*({i for i, c in enumerate(r) if _HOURS_CELL.match(c)} for r in labelled))
    if common:
        hours = min(common)
        return _Columns(0, hours, None, 1 if hours > 1 else None, (), ())  # the pattern, when there is a column for it
    return _session_grid_columns(labelled)


def _session_grid_columns(labelled: list[tuple[str, ...]]) -> _Columns | None:
    width = min(len(r) for r in labelled)
    days = tuple(i for i in range(1, width) if all(session_minutes(r[i]) for r in labelled))
    if not 3 <= len(days) <= 5 or days != tuple(range(days[0], days[0] + len(days))):
        return None
    after = days[-1] + 1
    if after >= width or not all(_BARE_HOURS_CELL.match(r[after]) for r in labelled):
        return None
    return _Columns(0, after, None, None, days, tuple(range(len(days))))


_NUMBER_CELL = re.compile(r"^\s*\d{1,2}\s*$")


def _misread_week_header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, _Columns] | None:
    """A header whose week cell OCR misread ('Wic Pattern' for 'Wk | W/c | Pattern') over rows
    numbered 1, 2, 3 in its first column: the week is that column, the hours the header's
    hours column ('Hrs')."""
    for head, header in enumerate(rows[:3]):
        hours = next((i for i, c in enumerate(header) if i and _HOURS_HEADER.search(c)), None)
        if hours is None or _DAILY_HEADER.search(header[hours]):
            continue
        firsts = [r[0] for r in rows[head + 1 :] if r and _NUMBER_CELL.match(r[0])]
        if len(firsts) >= 2 and [int(c) for c in firsts] == list(range(1, len(firsts) + 1)):
            pattern = next(
                (i for i, c in enumerate(header) if i not in (0, hours) and _PATTERN_HEADER.search(c)), None
            )
            return head, _Columns(0, hours, None, pattern, (), ())
    return None


def _header_and_columns(rows: tuple[tuple[str, ...], ...]) -> tuple[int | None, _Columns] | None:
    """Where the weeks start (after the header row; None: no header) and what each column holds."""
    head = _header_of(rows)
    if head is not None:
        cols = _columns(rows[head])
        return (head, cols) if cols is not None else None
    misread = _misread_week_header(rows)
    if misread is not None:
        return misread
    headerless = _headerless_columns(rows)
    return (None, headerless) if headerless is not None else None


def _weeks_as_rows(rows: tuple[tuple[str, ...], ...], ref: date | None) -> WeekTable | None:
    found = _header_and_columns(rows)
    if found is None:
        return None
    head, cols = found
    weeks: list[WeekHours] = []
    first_day: date | None = None
    full_time: date | None = None
    body = rows[head + 1 :] if head is not None else rows
    for at, row in enumerate(body):
        label = _cell(row, cols.week)
        text = " ".join(row)
        if _is_full_time_row(row, cols) or (weeks and at == len(body) - 1 and _open_full_days(body, cols)):
            full_time = _first_dated(row, cols.week, ref)
            break
        if _HOLIDAY.search(text) and not _has_sessions(row, cols):
            continue
        span = _week_span(label, weeks[-1].week if weeks else 0)
        hours = _row_hours(row, cols)
        if span is None or hours is None:
            continue
        if not weeks:
            first_day = _first_day_in_school(row, cols, ref)
        weeks.extend(WeekHours(n, hours) for n in range(span[0], span[1] + 1))
    ordered = ordered_weeks(weeks)
    if any(w.hours > _MOST_HOURS_IN_A_WEEK for w in ordered):
        return None  # columns read wrong (a scan's header out of line with its rows): better none than these
    return WeekTable(ordered, first_day, full_time) if ordered else None


_MOST_HOURS_IN_A_WEEK = 40.0
"""More than any school week holds (32.5 hours is a full one)."""
_FROM_DATE = re.compile(r"^\s*from\b", re.I)
_END_OF_SCHOOL_DAY = 14 * 60 + 45
"""A session that ends at a quarter to three or later runs to the end of the school day."""


def _open_full_days(body: tuple[tuple[str, ...], ...], cols: _Columns) -> bool:
    """The last row of a grid of days, its week an open 'from 20/03/2028' under weeks that are
    not, with every day a session to the end of the school day ('9.00-3.15'): the row after the
    reduced weeks, when the pupil is in full time."""
    last = body[-1]
    if cols.days_covered < 5 or not _FROM_DATE.match(_cell(last, cols.week)):
        return False
    if any(_FROM_DATE.match(_cell(row, cols.week)) for row in body[:-1]):
        return False
    sessions = [session_minutes(_cell(last, d)) for d in cols.days]
    return all(s and s[-1][1] >= _END_OF_SCHOOL_DAY for s in sessions)


def _is_full_time_row(row: tuple[str, ...], cols: _Columns) -> bool:
    """The row that says the pupil is back full time: in its week or hours cell, or in its
    pattern for the whole week ('Mon, Wed, Fri: full days' is still a reduced week)."""
    if any(_FULL_TIME.search(_cell(row, i)) for i in (cols.week, cols.hours)) or _full_time_row_label(row, cols):
        return not _HOLIDAY.search(_cell(row, cols.week))
    if cols.days_covered >= 5 and _full_days(row, cols.days):
        return True  # 'From 22 Feb | Full day | Full day | Full day | Full day | Full day'
    pattern = _cell(row, cols.pattern)
    if _FULL_DAY.match(pattern) or any(_WHOLE_FULL_TIMETABLE.match(cell) for cell in row):
        return True  # 'Goal | 13/12/2027 | My full timetable | full day | 32.5'
    others = (cell for i, cell in enumerate(row) if i != cols.week)
    if any(_OPENS_WITH_FULL_DAY.match(cell) for cell in others) and _row_hours(row, cols) is None:
        return True  # '- | 13/03/2028 | Full day in class, base at break only', no hours
    days = days_named(pattern)
    return bool(_FULL_TIME.search(pattern)) and (days is None or days >= 5)


ROW_LABEL_REACH = 30
"""Characters a row's own label before its week may run to ('Phase 4', 'Full time')."""


def _full_time_row_label(row: tuple[str, ...], cols: _Columns) -> bool:
    """A short label before the week's column names the full-time row ('Phase 1', ..., 'Full time'
    over 'w/c 27 Mar'), or a longer one opens with it ('M4 | Full timetable (project closes at last
    review) | Monday 13 December 2027 | 32.5 h/wk')."""
    labels = [_cell(row, i) for i in range(cols.week)]
    return any(
        (len(label) <= ROW_LABEL_REACH and _FULL_TIME.search(label)) or _OPENS_WITH_FULL_TIME.match(label)
        for label in labels
    )


_OPENS_WITH_FULL_TIME = re.compile(
    r"^\W*(?:back to |returns? to )?full(?:[- ]time\b| timetable\b)", re.I
)


_WHOLE_FULL_TIMETABLE = re.compile(r"^\s*(?:(?:my|a|the|his|her|their)\s+)?full(?:[- ]time)? timetable\W*$", re.I)
"""A cell that says only that the timetable is full ('My full timetable')."""


def _full_days(row: tuple[str, ...], days: tuple[int, ...]) -> bool:
    """Every day cell says a full day; on a scan, all but one, the other no session ('norma!')."""
    full = [bool(_FULL_DAY.match(_cell(row, d))) for d in days]
    others = [_cell(row, d) for d, f in zip(days, full, strict=True) if not f]
    return len(others) <= 1 and not any(session_minutes(c) or not c.strip() for c in others)


def _cell(row: tuple[str, ...], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


def _week_span(label: str, last: int) -> tuple[int, int] | None:
    """The weeks a row stands for: its number(s) ('1', 'Week 2', 'Weeks 3-4', 'Phase 1 (weeks
    1-2)'), or the next week when it is labelled by a date ('w/c 12/01', '19/10/2026')."""
    if _starts_with_date(label) or _DATED_WEEK.match(label):
        return (last + 1, last + 1)
    label = _OCR_ONE.sub(r"\g<1>1", label)
    m = _WEEKS_IN_CELL.search(label) or _NUMBERED_WEEK.match(label)
    if m is None:
        return None
    a = int(m.group("a"))
    b = int(m.group("b") or a)
    return (a, max(a, min(b, a + 12)))


def _starts_with_date(text: str) -> bool:
    dates = find_dates(text)
    return (
        bool(dates)
        and dates[0].start <= 12
        and not re.match(r"^\s*(?:weeks?|wk|phase|stage|step)\s*\d", text, re.I)
        and not _weeks_range_only(text)
    )


_WEEKS_RANGE_ONLY = re.compile(r"^\s*([1-9]\d?)\s*(?:-|–|to)\s*([1-9]\d?)\s*$")


def _weeks_range_only(text: str) -> bool:
    """A week cell of two rising numbers ('1-2', '3 – 4'): weeks 1 to 2, not the 1st of February."""
    m = _WEEKS_RANGE_ONLY.match(text)
    return m is not None and 0 < int(m.group(2)) - int(m.group(1)) <= 12


def _has_sessions(row: tuple[str, ...], cols: _Columns) -> bool:
    return any(session_minutes(_cell(row, d)) for d in cols.days)


def _row_hours(row: tuple[str, ...], cols: _Columns) -> float | None:
    """The hours column first, then the day columns added up, then the pattern column."""
    stated = _hours_value(_cell(row, cols.hours))
    if stated is not None:
        return stated
    shifted = _last_stated_hours(row, cols)
    if shifted is not None:
        return shifted
    if cols.days:
        minutes = sum(
            (end - start) * cols.span_of(d) for d in cols.days for start, end, _ in session_minutes(_cell(row, d))
        )
        if minutes:
            return round(minutes / 60, 2)
    pattern = _cell(row, cols.pattern)
    if pattern:
        value = weekly_hours_from_pattern(pattern)
        if value is not None:
            return value
    daily = _hours_value(_cell(row, cols.daily))
    if daily is not None:
        return round(daily * 5, 2)
    return None


def _last_stated_hours(row: tuple[str, ...], cols: _Columns) -> float | None:
    """Where the hours column is the table's last and its cell holds none, the last hours the row states
    ('12h30m'): a scan's header whose cells do not line up with the rows' ('Week beginning Days' over two
    columns, or empty cells between its words) puts the rows' last cell under another head."""
    others = [i for i in (cols.week, cols.daily, cols.pattern, *cols.days) if i is not None]
    if cols.hours is None or any(i > cols.hours for i in others):
        return None
    for cell in reversed(row[min(cols.hours + 1, len(row) - 1) :]):  # right of the hours column, or the last cell
        stated = stated_hours(cell)
        if stated:
            return stated[-1]
    return None


def _hours_value(cell: str) -> float | None:
    if not cell:
        return None
    value = hours_in_cell(cell)
    if value is None:
        stated = stated_hours(cell)
        value = stated[0] if stated else None
    if value is None:
        value = weekly_hours_from_pattern(cell)
    if value is None and (minutes := _MINUTES_CELL.match(cell)) and int(minutes.group(1)) > _LONGEST_DAY_MINUTES:
        value = round(int(minutes.group(1)) / 60, 2)
    return value


_MINUTES_CELL = re.compile(r"^\s*(\d{2,4})\s*(?:mins?|minutes)\.?\s*$", re.I)
"""A week's time in school given in minutes only ('675 mins')."""
_LONGEST_DAY_MINUTES = 420
"""More minutes than a school day holds are a week's ('675 mins'); fewer may be a day's ('150 min')."""


def _first_day_in_school(row: tuple[str, ...], cols: _Columns, ref: date | None) -> date | None:
    """Week 1's date, moved on to the first day column with a session ('(before start)' on
    Monday and Tuesday: a Wednesday start)."""
    start = _first_dated(row, cols.week, ref)
    if start is None or not cols.days:
        return start
    in_school = [wd for d, wd in zip(cols.days, cols.weekdays, strict=True) if session_minutes(_cell(row, d))]
    if not in_school or start.weekday() != 0:
        return start
    return start + timedelta(days=in_school[0])


def _first_dated(row: tuple[str, ...], week_col: int, ref: date | None) -> date | None:
    for cell in (_cell(row, week_col), *row):
        if _weeks_range_only(cell):
            continue
        dates = find_dates(cell, ref)
        if dates:
            return dates[0].value
    return None


def _weeks_as_columns(rows: tuple[tuple[str, ...], ...], ref: date | None) -> WeekTable | None:
    """'Week | Wk 1 | Wk 2 | Full time' over 'Hours | 17.5 | 22.5 | 32.5 from 2027-02-08'."""
    if len(rows) < 2:
        return None
    at, numbered = next(((i, n) for i, row in enumerate(rows[:3]) if (n := _numbered_weeks(row))), (0, {}))
    if not numbered:
        return None  # the header may follow a title row ('Hours in school')
    rows = rows[at:]
    weeks: list[WeekHours] = []
    for col, number in numbered.items():
        hours = _column_hours(rows[1:], col)
        if hours is not None:
            weeks.append(WeekHours(number, hours))
    ordered = ordered_weeks(weeks)
    if not ordered:
        return None
    first_col = min(numbered, key=lambda c: numbered[c])
    first_day = next((d.value for r in rows for d in find_dates(_cell(r, first_col), ref)), None)
    return WeekTable(ordered, first_day, _full_time_column_date(rows, ref))


def _numbered_weeks(header: tuple[str, ...]) -> dict[int, int]:
    """The columns of a header that each name a week ('Wk 1 (w/c 24.01.28)'), with its number."""
    numbered = {i: int(m.group("n")) for i, c in enumerate(header) if (m := _COLUMN_WEEK.match(c))}
    if numbered:
        return numbered
    dated = [i for i, c in enumerate(header) if _COLUMN_DATED_WEEK.match(c)]
    return {col: n for n, col in enumerate(dated, start=1)} if len(dated) >= 2 else {}


def _column_hours(rows: tuple[tuple[str, ...], ...], col: int) -> float | None:
    labelled = [r for r in rows if r and _ROW_LABEL_HOURS.match(r[0])]
    for row in labelled:
        value = _hours_value(_cell(row, col))
        if value is not None:
            return value
    days = [r for r in rows if r and DAY_HEADER.match(r[0])]
    minutes = sum(end - start for row in days for start, end, _ in session_minutes(_cell(row, col)))
    if minutes:
        return round(minutes / 60, 2)
    for row in rows:
        if row and _ROW_LABEL_PATTERN.match(row[0]):
            value = weekly_hours_from_pattern(_cell(row, col))
            if value is not None:
                return value
    return None


def _full_time_column_date(rows: tuple[tuple[str, ...], ...], ref: date | None) -> date | None:
    col = next((i for i, c in enumerate(rows[0]) if _FULL_TIME.search(c)), None)
    if col is None:
        return None
    return next((d.value for r in rows for d in find_dates(_cell(r, col), ref)), None)


def ordered_weeks(weeks: list[WeekHours]) -> tuple[WeekHours, ...]:
    """The weeks in order, each once, starting at week 1; none when week 1 is not there."""
    seen: dict[int, WeekHours] = {}
    for w in weeks:
        seen.setdefault(w.week, w)
    ordered = tuple(sorted(seen.values(), key=lambda w: w.week))
    return ordered if ordered and ordered[0].week == 1 else ()
