"""UK dates in the forms schools write them: 02/03/2026, 2.3.26, 2nd March 2026, Mon 2 Mar.

Numeric dates are day first. A date written without a year takes the year that puts it
nearest the message's own date (a plan sent in December may start in January).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_NAME = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2}|'?\d{2})"

_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>[0-3]?\d)\s?[/.\-]\s?(?P<m>[01]?\d)(?:\s?[/.\-]\s?(?P<y>(?:19|20)\d{2}|\d{2}))?(?![\d/]|\.\d)"
)
_ISO = re.compile(r"(?<!\d)(?P<y>20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_OCR_SPLIT = re.compile(
    r"(?<![\d/])(?P<d>[0-3]\d)/(?P<m>[01][ \n]\d)/(?P<y>(?:19|20)\d{2})(?![\d/])"
)
"""A date OCR split inside its two-figure month ('08/1 1/2027', or across a line break): a
two-figure day, slashes and a four-figure year, so a week's number before a date ('2 3/10/2027')
is never joined to it."""
_OCR_SPLIT_DAY = re.compile(
    r"(?<=[^\d\s] )(?<![Ww]eek )(?<![Ww]k )(?<![Pp]hase )(?<![Ss]tage )(?<![Ss]tep )"
    r"(?P<d>[0-3] \d)/(?P<m>[01]\d)/(?P<y>(?:19|20)\d{2})(?![\d/])"
)
"""A date OCR split inside its two-figure day ('(signed) 1 9/01/2028') after a word, not after a
week's or a step's name ('Week 2 3/10/2027' is week 2 and a date)."""
_DAY_MONTH = re.compile(rf"\b{_DAY_NAME}{_ORD}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.IGNORECASE)
_RANGE_MONTH = re.compile(rf"\b(?P<first>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to)\s*{_ORD}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_DAY_NAME}{_MONTH}\s+{_ORD}(?:,?\s+{_YEAR})?\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    has_year: bool


def _year(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(day: int, month: int, year: int | None, ref: date | None) -> tuple[date, bool] | None:
    if year is not None:
        try:
            return date(year, month, day), True
        except ValueError:
            return None
    base = ref or date.today()
    candidates = []
    for y in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs((d - base).days)), False


def _numeric(m: re.Match[str], ref: date | None) -> tuple[date, bool] | None:
    day, month = int(m.group("d")), int(m.group("m"))
    if m.group("y") is None and "." in m.group(0):
        return None  # "9.30" is a time, not a date
    if not 1 <= month <= 12:
        return None
    return _make(day, month, _year(m.group("y")), ref)


def _ocr_split(m: re.Match[str], ref: date | None) -> tuple[date, bool] | None:
    day, month = int(m.group("d")[0] + m.group("d")[-1]), int(m.group("m")[0] + m.group("m")[-1])
    return _make(day, month, _year(m.group("y")), ref) if 1 <= month <= 12 else None


def _named(m: re.Match[str], ref: date | None) -> tuple[date, bool] | None:
    month = MONTHS[m.group("mon").lower().rstrip(".")[:3]]
    return _make(int(m.group("day")), month, _year(m.group("year")), ref)


def find_dates(text: str, ref: date | None = None) -> list[FoundDate]:
    """Every date in the text, in order of position, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, convert in (
        (_ISO, _iso),
        (_OCR_SPLIT, _ocr_split),
        (_OCR_SPLIT_DAY, _ocr_split),
        (_RANGE_MONTH, _range_start),
        (_DAY_MONTH, _named),
        (_MONTH_DAY, _named),
        (_NUMERIC, _numeric),
    ):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            made = convert(m, ref)
            if made is not None:
                found.append(FoundDate(made[0], m.start(), m.end(), made[1]))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _range_start(m: re.Match[str], ref: date | None) -> tuple[date, bool] | None:
    """'19-23 January 2026' starts on 19 January."""
    return _make(int(m.group("first")), MONTHS[m.group("mon").lower().rstrip(".")[:3]], _year(m.group("year")), ref)


def _iso(m: re.Match[str], ref: date | None) -> tuple[date, bool] | None:
    return _make(int(m.group("d")), int(m.group("m")), int(m.group("y")), ref)


PLAN_REACH = 366
"""Days from the message within which a plan's own dates (start, full time, meeting) fall."""
_YEAR_FIX_REACH = 200


def plan_year_mended(when: date | None, ref: date | None) -> date | None:
    """A plan's date whose year is years away from `ref` (the message, or another date of the
    same plan: '02/11/2020' beside 29/11/2027, a scan's 7 read as 0) takes the nearest year one
    digit away that brings it within some months of `ref`, if one does; else it stays as read."""
    if when is None or ref is None or abs((when - ref).days) <= PLAN_REACH:
        return when
    mended = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if _digits_differing(str(year), str(when.year)) != 1:
            continue  # OCR misreads one digit; another year is another date (a date of birth)
        try:
            mended.append(when.replace(year=year))
        except ValueError:  # 29 February
            continue
    near = min(mended, key=lambda d: abs((d - ref).days), default=None)
    return near if near is not None and abs((near - ref).days) <= _YEAR_FIX_REACH else when


def _digits_differing(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


_SPLIT_DAY_CELL = re.compile(r"^\s*([0-3]) (\d/[01]\d/(?:19|20)\d{2})\s*$")


def date_in_cell(cell: str, ref: date | None = None) -> date | None:
    """The date of a cell that holds only a date, a two-figure day OCR split ('1 9/01/2028')
    joined: in a date column no week's number stands before it."""
    return first_date(_SPLIT_DAY_CELL.sub(r"\1\2", cell), ref)


def first_date(text: str, ref: date | None = None) -> date | None:
    dates = find_dates(text, ref)
    return dates[0].value if dates else None


_RELATIVE = {"today": 0, "this morning": 0, "this afternoon": 0, "yesterday": -1, "tomorrow": 1}


def relative_date(text: str, ref: date | None) -> date | None:
    """'yesterday', 'today' and 'tomorrow', counted from the message's date."""
    if ref is None:
        return None
    for word, offset in _RELATIVE.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            return ref + timedelta(days=offset)
    return None


def school_days_between(start: date, end: date) -> int:
    """Weekdays after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -school_days_between(end, start)
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
