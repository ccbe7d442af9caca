"""Hours in every form schools write them.

- a number of hours: '15', '12.5 hours', '10 hrs', '12½'
- daily session times summed to the week: 'Mon-Fri 9:00-11:30' is 12.5
- several patterns in one cell: 'Mon, Wed 9-12; Tue, Thu 9-3'
"""

from __future__ import annotations

import re

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_DAYS = 5
_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"s?\b\.?"
)
"""A day's name or its short form, a word of its own: not the 'fri' of 'friend' or the 'mon' of 'month'."""
_DAY_RANGE = re.compile(rf"\b({_DAY})\s*(?:-|–|—|to|until)\s*({_DAY})", re.IGNORECASE)
_DAY_GROUP_START = re.compile(rf",\s*(?:and\s+)?(?=(?:{_DAY}\s*(?:-|–|to|and|,)?\s*)+(?:{_DAY}\s+)?\d)", re.I)
_DAY_AS_DATE = re.compile(
    rf"\b{_DAY}\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|/\d)",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(rf"\b{_DAY}", re.IGNORECASE)
_EVERY_DAY = re.compile(r"\b(?:daily|each day|every day|all week|per day|a day)\b", re.IGNORECASE)
_TIME = r"(?P<{n}h>[012]?\d)(?:[:.](?P<{n}m>[0-5]\d))?\s*(?P<{n}ap>am|pm|a\.m\.|p\.m\.)?"
_RANGE = re.compile(
    _TIME.format(n="a") + r"\s*(?:-|–|—|to|until|till)\s*" + _TIME.format(n="b"), re.IGNORECASE
)
_MONTH_AFTER = re.compile(r"\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_HOURS_NUMBER = re.compile(
    r"(?<![\d:./])(?P<n>\d{1,2}(?:\.\d{1,2})?|\d{1,2}\s*½)\s*(?:h|hrs?|hours?)(?:\b|(?=[0-5]?\d\s*m))"
    r"(?:,?\s*(?:and\s+)?(?P<min>[0-5]?\d)\s*(?:m|mins?|minutes?)(?:\b|(?=a\s?day\b)))?",
    re.IGNORECASE,
)
"""Hours with a unit, and the minutes after them ('12 hrs 30 mins', '32 h 30 m', '12h30m', and '2h30ma day' as
OCR joins 'm' and 'a day')."""
_TIMES_BEFORE = re.compile(r"\b\d\s*[x×]\s*$", re.I)
"""A day's hours multiplied out before the week's ('5 x 2h30'): not the week's hours."""
PER_DAY = re.compile(r"\s*(?:a|per|each|every)\s*(?:day|morning|afternoon|session)\b|\s*daily|\s*/\s*(?:day|d)\b", re.I)
"""After a number of hours: of each day ('3 hrs a day'; 'aday', as OCR may join it), not of the week."""
_BARE_NUMBER = re.compile(
    r"^\s*(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*(?:½)?\s*(?:h|hrs?|hours?)?\s*$", re.IGNORECASE
)


def parse_number(text: str) -> float | None:
    text = text.replace("½", ".5").replace(" .5", ".5")
    try:
        return float(text)
    except ValueError:
        return None


_HOURS_AND_MINUTES = re.compile(
    r"(?<![\d.:])(?<!from )(?<!at )(?P<h>\d{1,2})\s?h\s?(?P<m>[0-5]\d)\b"
    r"(?!\s*(?:m|mins?|minutes?)(?:\b|a\s?day\b))(?!\s*(?:-|–|to|until|till)\s*\d)",
    re.I,
)
"""Hours and minutes written '12h30' (French-style, and some timetabling systems'): 12.5 hours;
not a time of day ('from 9h30', '9h30 - 12h')."""


def _in_decimal_hours(text: str) -> str:
    return _HOURS_AND_MINUTES.sub(lambda m: f"{int(m.group('h')) + int(m.group('m')) / 60:g} hours", text)


def hours_in_cell(cell: str) -> float | None:
    """A cell that is just a number of hours ('15', '12.5 hours', '12h30')."""
    m = _BARE_NUMBER.match(_in_decimal_hours(cell).replace("½", ".5"))
    if not m:
        return None
    value = parse_number(m.group("n"))
    return value if value is not None and 0 < value <= 60 else None


_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
_HOURS_IN_WORDS = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})(?:[- ](?P<unit>{'|'.join(list(_UNITS)[:9])}))?|(?P<small>{'|'.join(_UNITS)}))"
    r"(?P<half> and a half)?(?=\s+(?:h|hrs?|hours?)\b)",
    re.IGNORECASE,
)
"""A number of hours written in words: 'ten hours', 'twenty-five hours', 'twelve and a half hours'."""


def _hours_in_digits(text: str) -> str:
    def digits(m: re.Match[str]) -> str:
        tens, unit = (m.group(g) or "" for g in ("tens", "unit"))
        value = _TENS.get(tens.lower(), 0) + _UNITS.get((unit or m.group("small") or "").lower(), 0)
        return f"{value}.5" if m.group("half") else str(value)

    return _HOURS_IN_WORDS.sub(digits, text)


_PART_OF_THE_FULL = re.compile(
    r"\b(?P<n>\d{1,2}(?:\.\d{1,2})?)\s+(?:hours\s+)?(?:out\s+)?of\s+(?:the|a|his|her|their)?\s*"
    r"(?:full|usual|normal|whole)\s+(?:week(?:'s|’s)?\s+)?\d{1,2}(?:\.\d{1,2})?\s*(?:hours|hrs)\b",
    re.IGNORECASE,
)
"""A week's hours given as a part of the full week's: '15 of the full 32.5 hours' is 15 hours."""


def stated_hours(text: str) -> list[float]:
    """Numbers of hours in a week written with a unit: '15 hours', '12.5 hrs', 'fifteen hours',
    '15 of the full 32.5 hours' (not '3 hours a day')."""
    text = _PART_OF_THE_FULL.sub(lambda m: f"{m.group('n')} hours", _in_decimal_hours(_hours_in_digits(text)))
    out = []
    for m in _HOURS_NUMBER.finditer(text):
        if PER_DAY.match(text[m.end() :]) or _TIMES_BEFORE.search(text, 0, m.start()):
            continue
        value = parse_number(m.group("n").replace(" ", ""))
        if value is not None and m.group("min"):
            value += int(m.group("min")) / 60
        if value is not None and 0 < value <= 60:
            out.append(value)
    return out


def to_minutes(hour: str, minute: str | None, ampm: str | None, pm_hint: bool) -> int:
    h = int(hour)
    m = int(minute) if minute else 0
    ap = (ampm or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    elif not ap and pm_hint and h < 7:
        h += 12  # '9-3' means 9am to 3pm in a school day
    return h * 60 + m


_SPACE_IN_TIME = re.compile(r"(?<=\b\d) ([.:])([0-5]\d)\b")
"""A space OCR put inside a time ('8 .45-11.15'): moved after it, so positions stay the same."""


def session_minutes(text: str) -> list[tuple[int, int, int]]:
    """Each time range in the text as (start minute, end minute, position)."""
    out = []
    text = _SPACE_IN_TIME.sub(r"\1\2 ", text) if " ." in text or " :" in text else text
    for m in _RANGE.finditer(text):
        bare = not (m.group("am") or m.group("bm") or m.group("aap") or m.group("bap"))
        if bare and (int(m.group("ah")) > 12 or int(m.group("bh")) > 18):
            continue  # bare '9-12' only counts as a time range with hour-like numbers
        if bare and not m.group("bm") and _MONTH_AFTER.match(text, m.end()):
            continue  # '(4–8 October)': days of a month, not hours of a day
        start = to_minutes(m.group("ah"), m.group("am"), m.group("aap"), False)
        end = to_minutes(m.group("bh"), m.group("bm"), m.group("bap"), True)
        if end <= start and not m.group("bap"):
            end += 12 * 60
        if 0 < end - start <= 10 * 60:
            out.append((start, end, m.start()))
    return out


def days_named(text: str) -> int | None:
    """How many school days a pattern covers: 'Mon-Fri' 5, 'Tue and Thu' 2, 'daily' 5."""
    days: set[int] = set()
    text = _DAY_AS_DATE.sub(" ", text)  # 'Monday 3 November' is a date, not a school day
    for m in _DAY_RANGE.finditer(text):
        a, b = DAYS.index(m.group(1)[:3].lower()), DAYS.index(m.group(2)[:3].lower())
        days.update(range(a, b + 1) if a <= b else ())
    rest = _DAY_RANGE.sub(" ", text)
    for m in _DAY_WORD.finditer(rest):
        days.add(DAYS.index(m.group(0)[:3].lower()))
    if days:
        return len(days)
    if _EVERY_DAY.search(text):
        return WORKING_DAYS
    return None


def _clauses(text: str) -> list[str]:
    """Parts with their own days: split at ';' and new lines, and at a comma that starts
    a new group of days once the part before it has its times ('Mon-Wed 9-12, Thu 9-3')."""
    out: list[str] = []
    for piece in re.split(r";|\n", text):
        start = 0
        for m in _DAY_GROUP_START.finditer(piece):
            if _RANGE.search(piece[start : m.start()]):
                out.append(piece[start : m.start()])
                start = m.end()
        out.append(piece[start:])
    return out


def weekly_hours_from_pattern(text: str) -> float | None:
    """Sum daily session times to the week. Each clause ('; ' or ', and') has its own days."""
    total = 0.0
    found = False
    for clause in _clauses(text):
        sessions = session_minutes(clause)
        if not sessions:
            continue
        days = days_named(clause)
        if days is None:
            days = WORKING_DAYS if len(sessions) == 1 else 1
        minutes = sum(end - start for start, end, _ in sessions)
        total += days * minutes / 60
        found = True
    return round(total, 2) if found and total > 0 else None
