"""The reduced timetable, week by week, from a table, from lines, or from prose.

In order of trust: a table with a week column (hours from its hours column, else summed
from its session times); lines that start with a week number or 'Week N'; a ladder in
prose ('10 hours in week 1, rising by 5 hours a week'); a single daily pattern
('mornings only, 9:00-12:00') as one week.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from parsers.extract.corpus import Corpus, Table, Unit, document_of
from parsers.extract.dates import find_dates, first_date
from parsers.extract.hours import PER_DAY, hours_in_cell, stated_hours, to_minutes, weekly_hours_from_pattern
from parsers.extract.lookup import quote
from parsers.extract.periods import PeriodTimes, as_times, continues, grid_hours, is_grid, period_times
from parsers.extract.weektables import ROW_LABEL_REACH, merge_continued, ordered_weeks, read_week_table
from parsers.facts import Evidence, WeekHours

_HOURS_HEADER = re.compile(r"hours|hrs|total", re.I)
_FULL_TIME_ROW = re.compile(r"full[- ]?time|half[- ]?term|holiday|no school|closed|inset", re.I)
_WEEK_LINE = re.compile(
    r"^\s*(?:week|wk)\s*(?P<a>\d{1,2})(?:\s*(?:-|–|to|and|&)\s*(?P<b>\d{1,2}))?\b[\s:.,)\-–]*(?P<rest>.*)$",
    re.I,
)
_NUMBERED_LINE = re.compile(
    r"^\s*(?:[^\w\s]{1,3}\s+|[^\W\d]{0,2}[\]\[|}{)(]\s+)?(?P<a>\d{1,2})\s+(?P<rest>\d{1,2}[/.]\d{1,2}.*)$"
)
"""'1 13/09/2027 9-12 Mon-Fri 15', also after a scan's mark in the margin read as ':' or 'Bi]'."""
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
    """The first day in school of week 1 (its Monday, or the first day with a session)."""
    full_time_date: date | None = None
    """The date a timetable table gives for its full-time row or column."""


def extract_timetable(
    corpus: Corpus, full_time_hours: float | None, weeks_to_full_time: int | None
) -> TimetableFound:
    times = period_times(u.text for u in corpus.units)  # the school's periods, found once
    found = _weeks_from_period_grids(corpus, times) or _weeks_from_tables(corpus)
    if found:
        return found
    lines = (
        _weeks_from_lines(corpus, times)
        or _weeks_from_clauses(corpus)
        or _weeks_from_numbered_lines(corpus)
        or _weeks_from_dated_lines(corpus)
        or _weeks_from_collection_times(corpus)
    )
    if lines:
        return lines
    ladder = _weeks_from_ladder(corpus, full_time_hours, weeks_to_full_time)
    if ladder:
        return ladder
    return _single_pattern(corpus)


def _weeks_from_period_grids(corpus: Corpus, times: PeriodTimes) -> TimetableFound | None:
    """One grid of periods by day for each week ('Week 1: w/c 22/11/2027' over it), the hours
    summed from the school's period times; a grid that runs onto the next page joined."""
    if not times:
        return None
    grids: list[Table] = []
    for table in corpus.tables:
        if not is_grid(table.rows) or (grids and document_of(table.where) != document_of(grids[0].where)):
            continue  # one document's grids: a plan forwarded with its copy is read once
        if grids and continues(grids[-1].rows, table.rows):
            grids[-1] = Table((*grids[-1].rows, *table.rows[1:]), grids[-1].where, grids[-1].section, table.source)
        else:
            grids.append(table)
    hours = [grid_hours(g.rows, times) for g in grids]
    if not hours or any(h is None or h <= 0 for h in hours):
        return None
    weeks = tuple(WeekHours(i + 1, h) for i, h in enumerate(hours) if h is not None)
    week_one = next((u for u in corpus.units if _WEEK_ONE.match(u.text)), None)
    first_day = _week_one_date(week_one.text, corpus.ref_date) if week_one else None
    return TimetableFound(weeks, Evidence(_describe(weeks), grids[0].where), first_day)


_WEEK_ONE = re.compile(r"^\s*(?:week|wk)\s*1\b", re.I)


def _weeks_from_tables(corpus: Corpus) -> TimetableFound | None:
    """The first table that reads as a timetable (a table continued on the next page joined)."""
    by_place: dict[str, list[Table]] = {}
    for table in corpus.tables:
        by_place.setdefault(document_of(table.where), []).append(table)
    for tables in by_place.values():
        merged = merge_continued([t.rows for t in tables])
        for rows in merged:
            found = read_week_table(rows, corpus.ref_date)
            if found:
                where = next(t.where for t in tables if t.rows[0] == rows[0])
                return TimetableFound(
                    found.weeks,
                    Evidence(_describe(found.weeks), where),
                    found.first_day,
                    found.full_time_date,
                )
    return None


_FULL_TIME_LABEL = re.compile(r"^\s*(?:back to |return to )?full[- ]?time\b", re.I)
_HOURS_HEADER = re.compile(r"hours|hrs|total", re.I)


def full_time_row_hours(corpus: Corpus) -> float | None:
    """The hours of the full-time row that closes a timetable table ('Full time | 27/04 | ... | 32.5')."""
    for table in corpus.tables:
        if len(table.rows) < 2:
            continue
        hours_col = next((i for i, c in enumerate(table.rows[0]) if _HOURS_HEADER.search(c)), None)
        for row in table.rows[1:]:
            if hours_col is not None and hours_col < len(row) and row and _FULL_TIME_LABEL.match(row[0]):
                value = hours_in_cell(row[hours_col])
                if value is not None and 20 <= value <= 40:
                    return value
    return None


def _describe(weeks: tuple[WeekHours, ...]) -> str:
    return "; ".join(f"week {w.week}: {w.hours:g} hours" for w in weeks)


_RISING = re.compile(r"\b(?:rising|increasing|going up|building up|adding)\b[^.]{0,20}\bby\b", re.I)


def _hours_of_line(rest: str) -> float | None:
    stated = stated_hours(rest)
    if stated:
        return stated[-1]
    pattern = weekly_hours_from_pattern(rest)
    if pattern is not None:
        return pattern
    undated = _without_dates(rest)
    trailing = re.search(r"(?<![:.\d/-])(\d{1,2}(?:\.\d{1,2})?)\s*$", undated)
    return float(trailing.group(1)) if trailing and float(trailing.group(1)) <= 40 else None


def _without_dates(text: str) -> str:
    """The text with its dates blanked, so that a date's day or year is never read as hours."""
    for found in reversed(find_dates(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


_WEEK_MARK = re.compile(
    r"(?<!key )\b(?:weeks?|wk|step|stage|phase)\s*(?P<a>\d{1,2})"
    r"(?:\s*(?:-|–|to|and|&)\s*(?P<b>\d{1,2})(?!\s*(?:hours?|hrs?|h)\b))?\b(?![/.:]\d)|"
    r"\bw/?[cb]\b|\bweek (?:commencing|beginning|starting|of)\b|"
    # a line of a list that opens with the Monday it starts ('Monday 20 September 2027: Mon-Fri 9:00-11:30')
    r"^(?=(?:monday,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?|"
    r"\d{1,2}/\d{1,2}/\d{2,4})\s*:)",
    re.I | re.M,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _week_segments(text: str, last_week: int) -> list[tuple[int, int, str]]:
    """Each 'Week N' (or 'Weeks N-M', or 'w/c ...', numbered on from `last_week`) with the
    words after it, up to the next week or the end of its sentence; or before it, where the
    text gives each week's hours before the week (`_spans_before_weeks`)."""
    text = _ORDINAL_WEEK.sub(lambda m: f"week {_ORDINALS[(m.group('n') or m.group('w')).lower()]}", text)
    marks = [m for i, m in enumerate(_WEEK_MARK.finditer(text)) if not _follows_number(text, m)]
    before = _spans_before_weeks(text, marks)
    out: list[tuple[int, int, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        rest = before[i] if before else _before_full_time(_SENTENCE_END.split(text[m.end() : end], maxsplit=1)[0])
        if m.group("a"):
            a = int(m.group("a"))
            b = int(m.group("b") or a)
        else:
            a = b = (out[-1][1] if out else last_week) + 1
            label = text[marks[i - 1].end() if i else 0 : m.start()].rsplit("\n", 1)[-1]
            if len(label) <= ROW_LABEL_REACH and _FULL_TIME_ROW.search(label):
                rest = label + rest  # 'Full time w/c 27 Mar 8.30 - 3.00 32.5 h': the row's label names the full-time week
        out.append((a, max(a, min(b, a + 12)), rest))
    return out


def _before_full_time(rest: str) -> str:
    """A week's words up to the full-time line a document ran into them ('Week 3: ... (21¼ hrs in
    the week) Full days from Monday 18 October (..., 31¼ hrs a week)'), once the week's own hours
    are given."""
    full = _FULL_TIME_WORDS.search(rest)
    return rest[: full.start()] if full and _gives_hours(rest[: full.start()]) else rest


_ORDINALS = {
    "first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
    "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5, "sixth": 6, "6th": 6, "six": 6,
}
_ORDINAL_WEEK = re.compile(
    r"\b(?:the\s+)?(?P<n>first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+week\b|"
    r"\bweek\s+(?P<w>one|two|three|four|five|six)\b",
    re.I,
)
"""'the first week', 'week two': week 1, week 2."""


_HOURS_BEFORE = re.compile(
    r"(?P<h>\d{1,2}(?:\.\d{1,2})?)\s*(?:hours|hrs|h)\b(?:\s+(?:a|per|each) week)?\s+(?:in|for|during|across|over)\s+"
    r"(?:the\s+)?$",
    re.I,
)


def _spans_before_weeks(text: str, marks: list[re.Match[str]]) -> list[str] | None:
    """The words before each week, where the text gives each week's hours before it ('12.5
    hours in week 1 (from 6 March); 17.5 hours in week 2 ...', '9.00-12.00 each day for the
    first week, 9.00-1.30 in the second week'): each week's hours stated just before it, or the
    sentence's words before its first week hold hours and those after its last week none (up to
    any return to full time). None otherwise, and unless there are two or more numbered weeks."""
    if len(marks) < 2 or not all(m.group("a") for m in marks):
        return None
    stated = [_HOURS_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) for m in marks]
    if all(stated):  # '10 hours in week 1 (Mon-Fri 9:00-11:00), then 15 hours in week 2 (...)'
        return [f"{found.group('h')} hours" for found in stated if found]
    opening = re.split(r"(?<=[.!?])\s+", text[: marks[0].start()])[-1]
    closing = _SENTENCE_END.split(text[marks[-1].end() :], maxsplit=1)[0]
    closing = _FULL_TIME_WORDS.split(closing, maxsplit=1)[0]
    if not _gives_hours(opening) or _gives_hours(closing):
        return None
    return [opening, *(text[a.end() : b.start()] for a, b in itertools.pairwise(marks))]


def _gives_hours(text: str) -> bool:
    return bool(stated_hours(text) or weekly_hours_from_pattern(text))


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
    """'Week 1 (w/c 2 March)', 'Step 1 - week starting 30 November': the dated week belongs
    to the week (or step, stage, phase) just named."""
    return not m.group("a") and bool(
        re.search(
            r"\b(?:weeks?|wk|step|stage|phase)\s*\d{1,2}\W{0,4}$",
            text[max(0, m.start() - 12) : m.start()],
            re.I,
        )
    )


def _segment_hours(rest: str) -> float | None:
    """The week's hours; none for a full-time week ('Week 5 onwards: full time')."""
    first_hours = re.search(r"\d+(?:\.\d+)?\s*(?:hours|hrs)\b", rest, re.I)
    if _FULL_TIME_ROW.search(rest[: first_hours.start()] if first_hours else rest) or _RISING.search(rest):
        return None
    total = _WEEK_TOTAL.search(rest)
    if total is not None:
        return float(total.group(1))
    stated = stated_hours(rest)
    if stated:
        return stated[0]
    return _hours_of_line(rest)


_WEEK_TOTAL = re.compile(
    rf"(?:=|\btotal\b:?)\s*(\d{{1,2}}(?:\.\d{{1,2}})?)\s*(?:hours|hrs|h)\b(?!{PER_DAY.pattern})", re.I
)
"""The week's total after its days, after '=' or 'total': 'Mon 2 h Tue 2 h Wed 2 h Thu 2 h Fri 2 h = 10 hrs';
not a day's ('= 2.5h/day')."""


def _weeks_from_lines(corpus: Corpus, times: PeriodTimes) -> TimetableFound | None:
    """'Week 1: 10 hours', 'Weeks 1-2: 12.5 hours; Weeks 3-4: 20 hours', 'w/c 9 March - 8.45 to
    12.15', at the start of a line or inside a sentence; lesson periods ('P1 to P3') by the
    school's period `times`."""
    lines = ((unit.text, unit) for unit in _cells_then_units(corpus) if unit.source != "subject")
    weeks, first, first_text = _week_hours(lines, times)
    if not weeks:
        weeks, first, first_text = _weeks_from_stacked_answers(corpus, times)
    if not weeks:
        weeks, first, first_text = _week_hours(_week_lines_joined(corpus), times)
    ordered = ordered_weeks(weeks)
    if not ordered or first is None:
        return None
    return TimetableFound(
        ordered, Evidence(quote(first.text), first.where), _week_one_date(first_text[:40], corpus.ref_date)
    )


_NEAR_THE_MESSAGE = 60
"""Days from the message within which a week's date written without its year ('Week 1 (13 Sep - 17 Sep)')
is taken in the year that puts it nearest the message."""


def _week_one_date(text: str, ref: date | None) -> date | None:
    """The date the first week's line gives: with its year, or without it near the message."""
    for d in find_dates(text, ref):
        if d.has_year or (ref is not None and abs((d.value - ref).days) <= _NEAR_THE_MESSAGE):
            return d.value
    return None


_Origin = TypeVar("_Origin")


def _week_hours(
    texts: Iterable[tuple[str, _Origin]], times: PeriodTimes
) -> tuple[list[WeekHours], _Origin | None, str]:
    """The weeks' hours the texts give, each 'Week N ...' segment in turn; with where the first
    came from and the words after its week."""
    weeks: list[WeekHours] = []
    first: _Origin | None = None
    first_text = ""
    for text, origin in texts:
        for a, b, rest in _week_segments(text, weeks[-1].week if weeks else 0):
            hours = _segment_hours(as_times(rest, times))
            if hours is None:
                continue
            weeks.extend(WeekHours(n, hours) for n in range(a, b + 1))
            if first is None:
                first, first_text = origin, rest
    return weeks, first, first_text


_WEEK_QUESTION = re.compile(r"^\s*week\s*\d{1,2}\b", re.I)


def _weeks_from_stacked_answers(corpus: Corpus, times: PeriodTimes) -> tuple[list[WeekHours], Unit | None, str]:
    """A form's question for each week with its answer on the line below, as an online form's
    printout sets them ('10. Week 1 - hours and daily pattern' over '15 hours (Mon-Fri 9:00-12:00)')."""
    answers = ((f"{f.label}: {f.value}", f) for f in corpus.fields if f.rank == 2 and _WEEK_QUESTION.match(f.label))
    weeks, field, first_text = _week_hours(answers, times)
    first = next((u for u in corpus.units if u.where == field.where and u.text == field.value), None) if field else None
    return weeks, first, first_text


def _week_lines_joined(corpus: Corpus) -> Iterator[tuple[str, Unit]]:
    """A week's label on a line of its own and its hours on the next ('Week 1 (w/c 15/11/2027)'
    over 'Mon-Fri 9:00-12:00, total 15 hours'), as a portal's printout sets them: read as one.
    Not on a scan, where OCR breaks a garbled row into such lines."""
    units = [u for u in corpus.units if u.source != "subject" and u.where not in corpus.scanned]
    for unit, after in itertools.pairwise(units):
        if _WEEK_LABEL_ONLY.match(unit.text) and not _WEEK_QUESTION.match(after.text) and after.where == unit.where:
            yield f"{unit.text}: {after.text}", unit


_WEEK_LABEL_ONLY = re.compile(r"^\s*(?:wk|week)\s*\d{1,2}\s*(?:\([^()]{0,30}\))?\s*:?\s*$", re.I)
"""A line that is only a week's label, with its date in brackets at most ('Week 1 (w/c 15/11/2027)')."""


_CLAUSE_SPLIT = re.compile(r";|,?\s+then\b|(?<=[.!?])\s+(?=[A-Z])", re.I)
_FULL_TIME_WORDS = re.compile(r"full[- ]?time|full days|full timetable|full school (?:days?|week)", re.I)
_DATED_WEEKS = re.compile(r"\bweeks? (?:beginning|commencing|starting|of)\b|\bw/?[cb]\b", re.I)
_WEEK_COUNT = re.compile(
    r"\bfor (?:the )?(?:first |next |following |last |final )?(?P<n>\d|one|two|three|four|five|six) weeks?\b|\b(?P<f>fortnight)\b",
    re.I,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _weeks_from_clauses(corpus: Corpus) -> TimetableFound | None:
    """A ladder written in prose, each step its hours then its weeks: 'two hours a day (9.00 to
    11.00) in the weeks beginning 2nd and 9th November; three hours a day ... ', 'mornings only
    (9-12) for the first fortnight, then 9-1 for two weeks'."""
    for unit in corpus.units:
        if unit.source == "subject":
            continue
        steps = [step for clause in _CLAUSE_SPLIT.split(unit.text) if (step := _clause_step(clause))]
        if len(steps) < 2:
            continue
        weeks = [
            WeekHours(n + 1, h) for n, h in enumerate(h for hours, count in steps for h in [hours] * count)
        ]
        return TimetableFound(tuple(weeks[:12]), Evidence(quote(unit.text), unit.where))
    return None


def _clause_step(clause: str) -> tuple[float, int] | None:
    """(weekly hours, number of weeks) of one step of a prose ladder."""
    m = _DATED_WEEKS.search(clause)
    if m:
        count = _dates_counted(clause[m.end() :])
        before = clause[: m.start()]
    else:
        c = _WEEK_COUNT.search(clause)
        if not c:
            return None
        count = 2 if c.group("f") else _NUMBER_WORDS.get(c.group("n").lower()) or int(c.group("n"))
        before = clause[: c.start()]
    before = re.split(r":\s", before)[-1]  # after an introduction ('a gradual ladder: ...')
    if _FULL_TIME_WORDS.search(before):
        return None
    hours = _hours_of_line(before)
    return (hours, count) if hours is not None and 0 < count <= 6 else None


def _dates_counted(text: str) -> int:
    """How many weeks a list of dates names: '2nd and 9th November' is two."""
    found = find_dates(text)
    rest = _without_dates(text)
    bare = re.findall(r"\b[0-3]?\d(?:st|nd|rd|th)\b|\b[0-3]?\d(?=\s*(?:and|&|,)\s)", rest)
    return len(found) + len(bare)


_WEEK_HOURS_HEADER = re.compile(r"^\W{0,3}(?:week|wk)\b.{0,40}\b(?:hours|hrs|total)\b", re.I)
"""A timetable's header line ('Week Starting Hours in school Total'), where a scan's heading was misread."""
_HEADER_REACH = 3
"""How far a header line reaches: it heads the four units after it (since_header 0 to 3)."""


def _weeks_from_numbered_lines(corpus: Corpus) -> TimetableFound | None:
    """PDF text of a timetable table without ruling: '1 12/01/2026 - 16/01/2026 Mon-Fri 08:40-11:40 15'."""
    weeks: list[WeekHours] = []
    first: Unit | None = None
    since_header = _HEADER_REACH + 1  # units read since the last header line
    for unit in corpus.units:
        under_header = since_header <= _HEADER_REACH
        since_header = 0 if _WEEK_HOURS_HEADER.search(unit.text) else since_header + 1
        if not (_TIMETABLE_SECTION.search(unit.section) or under_header):
            continue
        m = _NUMBERED_LINE.match(unit.text)
        if not m:
            continue
        rest = re.sub(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", " ", m.group("rest"))
        hours = _hours_of_line(rest)
        if hours is not None:
            weeks.append(WeekHours(int(m.group("a")), hours))
            first = first or unit
    ordered = ordered_weeks(weeks)
    if not ordered or first is None:
        return None
    return TimetableFound(
        ordered, Evidence(quote(first.text), first.where), first_date(first.text, corpus.ref_date)
    )


_DATED_LINE = re.compile(
    r"^\W{0,3}(?:from|starting|beginning|w/?[cb]|weeks? (?:beginning|commencing|starting|of))\b\s*(?:on\s+)?",
    re.I,
)


_DATED_LINE_START = re.compile(
    r"(?=\b(?:from|w/c|week (?:beginning|commencing|starting))\s+(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri)(?:day)?\.?\s+)?"
    r"\d{1,2}(?![.:]\d)(?!\s*[ap]\.?m\b))",  # a date, not a time of day ('from 8.45am until 11.45am')
    re.I,
)
"""Where a run of dated week lines joined into one unit starts each line."""


_ROW_LABEL = re.compile(r"^\W*(?:hours|hrs|times?|pattern|attendance)\W*$", re.I)
"""A table row's label before its dated week ('Hours | From 13 Mar 2028: ...'): no line of its own."""


def _weeks_from_dated_lines(corpus: Corpus) -> TimetableFound | None:
    """Lines that each date a week and give its hours, one after another ('• from Monday 22
    November 2027, 9:00 to 11:30 each day (12.5 hours that week)'): the weeks in that order.
    Bullets a document ran together into one unit are split where each line starts."""
    lines = [
        (unit, before, line)
        for unit in corpus.units
        for before, line in itertools.pairwise(["", *_DATED_LINE_START.split(unit.text)])
        if re.search(r"[^\W\d_]", line) and not _ROW_LABEL.match(line)  # not a step's bare number ('1 From ...')
    ]
    run: list[_DatedStep] = []
    for unit, before, line in lines:
        full_time_line = bool(_FULL_TIME_WORDS.search(before[-25:]))  # 'Full time | from 21/02/2028 ...'
        hours = None if full_time_line else _dated_week_hours(line.strip(), corpus.ref_date)
        step = (unit, hours, first_date(line, corpus.ref_date)) if hours is not None else None
        if step is not None and (not run or run[-1][0].where == unit.where):
            run.append(step)
        elif len(run) >= 2:
            break
        else:
            run = [step] if step is not None else []
    if len(run) < 2:
        return None
    run = _earliest_first(run)
    weeks = tuple(WeekHours(n + 1, hours) for n, (_, hours, _) in enumerate(run))
    return TimetableFound(weeks, Evidence(quote(run[0][0].text), run[0][0].where), run[0][2])


_DatedStep = tuple[Unit, float, date | None]
"""A dated week line: its unit, its hours and its first date."""


def _earliest_first(run: list[_DatedStep]) -> list[_DatedStep]:
    """The weeks in the order of their dates: a ladder written from its top step down ('From Mon 27
    Mar: ...' over 'From Mon 20 Mar: ...') is read from its first week."""
    dates = [step[2] for step in run]
    known = [d for d in dates if d is not None]
    if len(known) == len(dates) and all(a > b for a, b in itertools.pairwise(known)):
        return run[::-1]
    return run


def _dated_week_hours(text: str, ref: date | None) -> float | None:
    lead = _DATED_LINE.match(text)
    full = _FULL_TIME_WORDS.search(text)
    text = text[: full.start()] if full else text  # '..., and she's back to full days from ...'
    dated = find_dates(text[lead.end() : lead.end() + 40], ref) if lead else _begins_with_its_days(text, ref)
    if not dated:
        return None
    stated = stated_hours(text)
    return stated[-1] if stated else None


_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|until)\s*", re.I)


def _begins_with_its_days(text: str, ref: date | None) -> bool:
    """The line opens with the week's first and last days ('19-23 June: ...', '20/3 - 24/3: ...')."""
    dates = find_dates(text[:40], ref)
    if not dates or dates[0].start > 3:
        return False
    first = dates[0]
    within = re.search(r"\d\s*(?:-|–|to)\s*\d", text[first.start : first.end]) is not None
    return within or (len(dates) >= 2 and _RANGE_JOIN.fullmatch(text[first.end : dates[1].start]) is not None)


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


_CLOCK = r"(?P<h>\d{1,2})(?:[.:](?P<m>[0-5]\d))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)"
_ARRIVES = re.compile(
    rf"\b(?:(?:come|comes|coming) in\b[^.;]{{0,40}}?|(?:arrive|arrives|start|starts)\s)(?:at\s+)?(?:the usual time,?\s*)?{_CLOCK}",
    re.I,
)
_COLLECTED = re.compile(
    rf"\b(?:in )?the week (?:beginning|commencing|starting|of)\s+(?P<date>[^,;]{{4,40}}?),\s*(?:please\s+)?"
    rf"(?:collect|pick up|picks? up)\b[^.;]{{0,60}}?\bat\s+{_CLOCK}\s+(?:each|every) day",
    re.I,
)
_DAYS_A_WEEK = 5


def _weeks_from_collection_times(corpus: Corpus) -> TimetableFound | None:
    """A letter that gives the day's start once and each week's collection time ('Núria will come
    in at the usual time, 8.45am. Then in the week beginning Monday 20 March 2028, please collect
    Núria from the office at 11.45am each day; and in the week beginning Monday 27 March 2028 ...
    at 1.15pm each day'): each week's hours are the five days between the two."""
    units = corpus.units
    for i, unit in enumerate(units):
        steps = list(_COLLECTED.finditer(unit.text))
        if len(steps) < 2:
            continue
        near = [u.text for u in units[max(0, i - 2) : i + 1] if u.where == unit.where]  # the sentence before, too
        arrives = next((m for text in reversed(near) if (m := _ARRIVES.search(text))), None)
        if arrives is None:
            continue
        start = _clock_minutes(arrives)
        weeks = tuple(
            WeekHours(n + 1, round((_clock_minutes(step) - start) * _DAYS_A_WEEK / 60, 2)) for n, step in enumerate(steps)
        )
        if all(0 < w.hours <= 40 for w in weeks):
            first = first_date(steps[0].group("date"), corpus.ref_date)
            return TimetableFound(weeks, Evidence(quote(unit.text), unit.where), first)
    return None


def _clock_minutes(m: re.Match[str]) -> int:
    return to_minutes(m.group("h"), m.group("m"), m.group("ap"), pm_hint=False)
