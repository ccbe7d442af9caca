"""The plan's dates: start, return to full time, the meeting, the reviews; full-time hours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from parsers.extract.corpus import Corpus
from parsers.extract.dates import PLAN_REACH, find_dates, first_date, plan_year_mended, relative_date
from parsers.extract.hours import stated_hours
from parsers.extract.lookup import NOT_ANOTHER_BODYS, Hit, is_empty, labelled, quote
from parsers.extract.meeting import dated_meeting_line
from parsers.facts import Evidence

_START_LABEL = re.compile(
    r"^(?:start(?:ing)? date|date (?:of )?start|(?:date )?(?:reduced |part[- ]time |reintegration )?timetable "
    r"(?:starts?|begins?|commences?)|start of (?:the )?(?:reduced|part[- ]time|reintegration)?\s*timetable|"
    r"start of (?:the )?(?:plan|rtt)|(?:plan |rtt |ladder |steps |programme |phased return )?start(?:s|ing)?(?: on)?\s*$|"
    r"(?:ladder|plan|programme|phased return) (?:starts?|begins?)\b|commencing|begins?|"
    r"first (?:day|week) (?:of|on) (?:the )?(?:reduced|part[- ]time|reintegration|new)?\s*(?:timetable|plan|rtt)|"
    r"first (?:shorter|short|reduced|part[- ]time|rtt) (?:school )?(?:day|week)\s*$)",
    re.I,
)
_FULL_TIME_LABEL = re.compile(
    r"^(?:(?:planned |date of )?return to full[- ]?time|full[- ]?time (?:return|from|date|start|attendance)|"
    r"back (?:to|in|at) (?:school )?full[- ]?time|date (?:of )?return|"
    # 'Full programme (full time) from': the whole programme by another name
    r"full (?:programme|program|school (?:day|week)|hours)\s*(?:\([^)]{0,20}\)\s*)?(?:from|starts?|resumes?|begins?)\b|"
    # a bare 'Full time' (or 'Full time (32.5h)', 'Full days') label over or before its date
    r"full[- ]?(?:time|days|timetable)(?:\s+timetable)?\s*(?:\([^)]{0,30}\))?\s*(?:again\s+)?(?:resumes?|starts?|begins?|from|on|by)?\s*"
    r"(?:$|(?=[:\-–]?\s*(?:[A-Z][a-z]+day,?\s+)?\d)))",
    re.I,
)
_END_LABEL = re.compile(r"^(?:end date|date (?:of )?end|(?:rtt|plan|timetable) ends?)", re.I)
"""The reduced timetable's end: the return to full time where no label says so more plainly
('END DATE: 31/03/2028' beside 'FULL TIME FROM: 03/04/2028' is the last short day)."""
_MEETING_LABEL = re.compile(
    r"^(?:date of (?:the )?(?:meeting|(?:structured )?conversation|briefing)|(?:meeting|conversation) date|meeting (?:held )?on|"
    r"meeting\s*$|briefing held)",
    re.I,
)
"""A meeting's date label; a 'structured conversation' is the meeting with the family under another name."""
_START_PROSE = re.compile(
    r"\b(?<!before )(?<!before the )(?<!prior to )(?<!prior to the )"  # 'done before start': another thing's date
    r"(?:start(?:s|ed|ing)?|begin(?:s|ning)?|began|commenc(?:e|es|ed|ing)|will be on (?:the|a) (?:reduced|part[- ]time) timetable from|"
    r"(?:reduced|part[- ]time|reintegration|phased) (?:timetable|hours|return) (?:will )?(?:run(?:s|ning)? )?from|"
    r"(?:on )?part[- ]time from|"
    r"(?:has )?(?:attended|been attending|been on)\b[^.]{0,60}?\bsince|"
    r"first (?:reduced|part[- ]time|shorter|short|RTT) day(?: (?:is|will be|was))?|"
    # 'From 10 January the school changed his day to 10 until 12'
    r"from(?=\s+(?:(?:mon|tues|wednes|thurs|fri)day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}(?:\s+\d{4})?,?\s+"
    r"(?:the school|school|they|we)\s+(?:has\s+|have\s+)?(?:changed|cut|shortened|reduced|moved)\b))\b",
    re.I,
)
_FULL_TIME_PROSE = re.compile(r"\b(?:full[- ]?time|full days|full timetable|full school (?:days?|week))\b", re.I)
_NO_FULL_TIME_DATE = re.compile(
    r"\bno (?:date|return date|end date|plan)\b[^.]{0,60}\bfull[- ]?time|\bno (?:return|end) date\b", re.I
)
_REVIEW_SECTION = re.compile(r"\breview", re.I)
_REVIEW_PROSE = re.compile(rf"\b{NOT_ANOTHER_BODYS}review(?:ed|s)?\b(?! of the risk)", re.I)
_FULL_TIME_HOURS = re.compile(
    r"full[- ]?(?:time|days|timetable)(?: week| timetable| hours| day| attendance)?(?:[^.\n]|\.(?=\d)){0,40}?\(?(?P<h>\d{2}(?:\.\d{1,2})?)\s*(?:hours|hrs|h)\b",
    re.I,
)


@dataclass
class Schedule:
    start: date | None = None
    full_time: date | None = None
    meeting: date | None = None
    reviews: tuple[date, ...] = ()
    full_time_hours: float | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    full_time_refused: bool = False
    """A report says no full-time date has been set."""


def _labelled_date(corpus: Corpus, label: re.Pattern[str]) -> tuple[date | None, Hit | None]:
    for hit in labelled(corpus, label):
        if is_empty(hit.value) or _THE_GUIDANCES_POINT.search(hit.label) or _THE_GUIDANCES_POINT.match(hit.value):
            continue
        dates = [d for d in find_dates(hit.value, corpus.ref_date) if not _BIRTH_BEFORE.search(hit.value[: d.start])]
        found = dates[0].value if dates else relative_date(hit.value, corpus.ref_date)
        if found:
            return found, hit
    return None, None


_THE_GUIDANCES_POINT = re.compile(r"\W*\bwithin (?:6|six) weeks\b", re.I)
"""The guidance's own point as a label ('2. Timetable back to full time within 6 weeks: week 1 from
11/10/2027 ...'): what follows is the whole timetable, its first date the first week's."""
_BIRTH_BEFORE = re.compile(r"\b(?:D\.?O\.?B|date of birth|born)\b\W{0,3}$", re.I)
"""A date of birth in the value: a form's title run into its first row ('Return to full-time education: Name
... DOB 08/07/2015'), never the plan's date."""


_BEFORE_IT = re.compile(r"\b(?:before|prior to)\b[^.,;:]{0,30}$", re.I)
_SOMETHING_ELSE = re.compile(
    r"\b(?:suspension|exclusion|absences?|illness|sickness|school refusal|non-attendance|difficulties|"
    r"problems|concerns|worries|anxiety|symptoms|EHA|early help assessment|assessment|TAF|involvement|"
    r"referral|order)\s+(?:first |had |has |have |was |were )?$",
    re.I,
)
"""What began before the timetable, or beside it ('Suspension began 11/02/2028', 'her absence
started in May', 'EHA started: 03/11/2027')."""
_THE_ROUTE = re.compile(r"\b(?:route|way|road|journey|path|steps|ladder)\s+$", re.I)
"""The name of the plan ('The route back to full days (from Monday 27 September 2027)'): its date is the start."""
_AT_A_TIME = re.compile(r"\s*(?:at|from|by)\s+\d{1,2}(?:[:.]\d{2}(?![./]\d)\s*(?:am|pm)?|\s*(?:am|pm))\b", re.I)
"""A time of day after the cue ('all mornings starting at 9:00'): the day's start, not the plan's."""


def _prose_date(
    corpus: Corpus, cue: re.Pattern[str], window: int = 70
) -> tuple[date | None, Evidence | None]:
    """The first date written just after the cue, in the same sentence; not after 'before ...'
    ('Before the timetable started, the DSL carried out a risk assessment on 12/10/2027')."""
    for unit, m in corpus.search(cue):
        if _THE_GUIDANCES_POINT.match(unit.text, m.end()):  # the point's name: the cue again after it
            m = cue.search(unit.text, m.end()) or m
        before = unit.text[max(0, m.start() - 40) : m.start()]
        if (
            _BEFORE_IT.search(before)
            or _SOMETHING_ELSE.search(before)
            or _THE_ROUTE.search(before)
            or _AT_A_TIME.match(unit.text, m.end())
            or _THE_GUIDANCES_POINT.match(unit.text, m.end())
        ):
            continue
        after = re.split(r"(?<=[.!?])\s", unit.text[m.end() : m.end() + window], maxsplit=1)[0]
        dates = find_dates(after, corpus.ref_date)
        if dates and not _ANOTHER_EVENT.search(after[: dates[0].start]):
            return dates[0].value, Evidence(quote(unit.text), unit.where)
    return None, None


_ANOTHER_EVENT = re.compile(
    r"\b(?:meeting|held|signed|reviews?|reviewed|born|assessment|assessed|written|dated)\b|\bD\.?O\.?B\b|date of birth", re.I
)
"""Words between the cue and the date that make it another event's date: a form's lines run
together ('... the date of the return to full days' and 'Meeting held on Wednesday 1 December
2027'), or a form's title run into its first row ('Return to full-time education Name ... DOB
08/07/2015')."""


def extract_schedule(corpus: Corpus) -> Schedule:
    s = Schedule()
    s.start, hit = _labelled_date(corpus, _START_LABEL)
    if hit:
        s.evidence["start_date"] = hit.evidence()
    else:
        s.start, ev = _prose_date(corpus, _START_PROSE)
        if s.start is None:
            s.start, ev = _since_date(corpus)
        _keep(s, "start_date", ev)
    s.full_time, hit = _labelled_date(corpus, _FULL_TIME_LABEL)
    if hit is None:
        s.full_time, hit = _labelled_date(corpus, _END_LABEL)
    if hit:
        s.evidence["full_time_date"] = hit.evidence()
    else:
        s.full_time, ev = _full_time_in_prose(corpus)
        _keep(s, "full_time_date", ev)
    s.full_time_refused = s.full_time is None and any(True for _ in corpus.search(_NO_FULL_TIME_DATE))
    s.meeting = _meeting_date(corpus, s)
    _mend_years(s, corpus.ref_date)
    s.reviews = _review_dates(corpus)
    s.full_time_hours = _full_time_hours(corpus)
    return s


def _mend_years(s: Schedule, ref: date | None) -> None:
    """A plan's dates lie within months of each other: of its start, full-time and meeting dates,
    one read years away from the one nearest the message had a digit of its year misread
    (`plan_year_mended`, measured from that one); where none is near the message, they stand."""
    read = [d for d in (s.start, s.full_time) if d is not None]
    if ref is None or not read:
        return
    anchor = min(read, key=lambda d: abs((d - ref).days))
    if abs((anchor - ref).days) > PLAN_REACH:
        return
    s.start, s.full_time, s.meeting = (plan_year_mended(d, anchor) for d in (s.start, s.full_time, s.meeting))


_SINCE = re.compile(r"\b(?:since|from)\b", re.I)
_ATTENDANCE_WORDS = re.compile(
    r"attend|timetable|part[- ]time|half[- ]days?|mornings?|afternoons?|reduced|hours|"
    r"(?:going|gone|goes|go|sent|send) home|home at|lunch ?time|in school|out of school|collected|picked up|"
    r"(?:going|goes|gone|been|go) in\b|\bfrom \d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)? ?(?:until|till|to|-) ?\d",
    re.I,
)


def _since_date(corpus: Corpus) -> tuple[date | None, Evidence | None]:
    """'Since Monday 6 October 2025 Ashton has only attended half days', 'going home at lunchtime
    since Monday 2 November', 'from Monday 16 November Freddie would attend from 9 until 12'
    (reports, mostly; never the date of a return to full time)."""
    for unit in corpus.units:
        if (
            unit.source == "subject"
            or not _ATTENDANCE_WORDS.search(unit.text)
            or _FULL_TIME_PROSE.search(unit.text)
        ):
            continue
        for m in _SINCE.finditer(unit.text):
            dates = find_dates(unit.text[m.end() : m.end() + 30], corpus.ref_date)
            if dates and dates[0].start <= 12:
                return dates[0].value, Evidence(quote(unit.text), unit.where)
    return None, None


def _keep(s: Schedule, name: str, ev: Evidence | None) -> None:
    if ev is not None:
        s.evidence[name] = ev


_FULL_TIME_CUE = re.compile(
    r"\b(?:back|return(?:s|ing)?|returned|build(?:ing)? up|move|moving|resum\w*) (?:to |at |in |on )?(?:school )?"
    r"(?:full[- ]?time|full days|a full timetable)(?: attendance| hours| timetable)?\b|"
    r"\b(?:full[- ]?(?:time|days|timetable)|full school (?:days?|week)|(?<=the )full week)(?:\s*\([^)]{0,40}\))?\s*"
    r"(?:attendance |timetable |hours |education )?"
    r"(?:\([^)]{0,40}\)\s*)?(?:fr[o0]m+|on|by|starting|again|resum\w*|begin\w*|start\w*|will (?:start|resume|begin))\b|"  # 'fromm': OCR
    r"\b(?:full[- ]?(?:time|days)|full timetable)\s+(?=\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b)|"  # 'full days 26/06/2028'
    # 'returns to the full 32.5-hour week on ...', 'back to a full timetable from ...'
    r"\b(?:back|return(?:s|ing)?|returned|resum\w*) (?:to |at )?(?:the |a |his |her |their )?(?:school )?full\b"
    r"(?:[^.;]|\.(?=\d)){0,25}?\b(?:week|timetable|days|time|hours)\b",
    re.I,
)
_FROM_THEN_BACK = re.compile(
    r"\bfrom\b(?P<when>[^.;]{4,30}?)\s+(?:\w+\s+){0,3}(?:is|will be|goes|returns?|comes?)\s+(?:back\s+)?"
    r"(?:(?:to|on|at|in)\s+)?(?:(?:a|the|his|her|their)\s+)?full[- ]?(?:time|days|timetable)|"
    # 'From Monday 3 April 2028 she will stay for the whole day again'
    r"\bfrom\b(?P<when2>[^.;]{4,30}?)\s+(?:\w+\s+){0,2}(?:will\s+)?(?:stay|be in|be in school|attend)\s+"
    r"(?:for\s+)?(?:the\s+)?(?:whole|full)\s+(?:school\s+)?day",
    re.I,
)
_GOAL_THEN_FULL = re.compile(
    r"\b(?:goal|target|final (?:step|stage)|end goal)\b\s*:?\s*(?P<when>\d[^;]{3,25}?)\s+(?:\w+\s+){0,2}"
    r"full[- ]?(?:time|days?|timetable)",
    re.I,
)
"""A ladder's last line, its goal with the date it is reached: 'Goal 13/12/2027 My full timetable'."""
_DATE_THEN_FULL = re.compile(
    r"(?:\bfrom|\bw/?[cb]\b|\bweek (?:commencing|beginning|starting)|^(?=monday\b))\s*(?P<when>[^:;,|]{4,30}?)\s*[:,\-–|]\s*"
    r"(?:back to\s+)?(?:(?:a|the)\s+)?(?:full[- ]?(?:time|days?|timetable)|(?:full|whole) school days?)\b",
    re.I,
)
"""A date, then what starts on it: 'From 2 Feb: full days', 'From Monday 7 February 2028: the full day, 9.00
a.m. to 3.00 p.m.'."""


def _full_time_in_prose(corpus: Corpus) -> tuple[date | None, Evidence | None]:
    """'back to full time on ...', 'Full time (32.5 hours) from ...', 'From 2 Feb: full days'."""
    found, evidence = _prose_date(corpus, _FULL_TIME_CUE, window=60)
    if found is None:
        found, evidence = _date_on_next_line(corpus, _FULL_TIME_CUE)
    if found:
        return found, evidence
    for unit, m in [*corpus.search(_DATE_THEN_FULL), *corpus.search(_FROM_THEN_BACK), *corpus.search(_GOAL_THEN_FULL)]:
        when = first_date(m.group(0), corpus.ref_date)
        if when:
            return when, Evidence(quote(unit.text), unit.where)
    return _full_time_answer(corpus)


_ENDS_OPEN = re.compile(r"^\s*(?:on|from|by|is)?\s*:?\s*$", re.I)


def _date_on_next_line(corpus: Corpus, cue: re.Pattern[str]) -> tuple[date | None, Evidence | None]:
    """A sentence that ends before its date, the date starting the next line ('I go back to full
    days on' over 'Monday 18 October 2027')."""
    units = corpus.units
    for unit, m in corpus.search(cue):
        nxt = units[unit.order + 1] if unit.order + 1 < len(units) else None
        if nxt is None or nxt.where != unit.where or not _ENDS_OPEN.match(unit.text[m.end() :]):
            continue
        opening = _opening_date(nxt.text, corpus.ref_date)
        if opening:
            return opening, Evidence(quote(f"{unit.text} {nxt.text}"), nxt.where)
    return None, None


def _opening_date(text: str, ref: date | None) -> date | None:
    """The date a line opens with (within its first words), as an answer on the line below."""
    dates = find_dates(text[:40], ref)
    return dates[0].value if dates and dates[0].start <= 12 else None


_FULL_TIME_QUESTION = re.compile(
    r"\bwhen\b[^?]{0,60}\b(?:back|return\w*)\b[^?]{0,30}\bfull[- ]?(?:time|timetable|days)\b[^?]{0,40}\?\s*$", re.I
)
"""'4. When will the pupil be back on a full timetable?', answered on the line below."""


def _full_time_answer(corpus: Corpus) -> tuple[date | None, Evidence | None]:
    units = corpus.units
    for i, unit in enumerate(units[:-1]):
        answer = units[i + 1]
        if _FULL_TIME_QUESTION.search(unit.text) and answer.where == unit.where:
            opening = _opening_date(answer.text, corpus.ref_date)
            if opening:
                return opening, Evidence(quote(f"{unit.text} {answer.text}"), answer.where)
    return None, None


_BIRTH_LABEL = re.compile(r"(?:\bDOB|\bD\.O\.B\.?|date of birth|\bborn(?: on)?)\W*$", re.I)
"""Right before a date: it is when the child was born ('Notes of meeting for Saoirse (Year 9, DOB
21/11/2013)'), not when anyone met."""


def _meeting_date(corpus: Corpus, s: Schedule) -> date | None:
    found, hit = _labelled_date(corpus, _MEETING_LABEL)
    if hit:
        s.evidence["meeting_date"] = hit.evidence()
        return found
    line = dated_meeting_line(corpus)
    if line is not None:
        s.evidence["meeting_date"] = Evidence(quote(line.text), line.where)
        return first_date(line.text, corpus.ref_date)
    cue = re.compile(r"\bmeeting\b|\bmet with\b|\bwe met\b", re.I)
    for unit, m in corpus.search(cue):
        window = unit.text[max(0, m.start() - 80) : m.end() + 80]
        if re.search(r"\bno meeting|not (?:been )?(?:held|invited)|without a meeting", window, re.I):
            continue
        after = unit.text[m.end() : m.end() + 80]
        dates = [d for d in find_dates(after, corpus.ref_date) if not _BIRTH_LABEL.search(after[: d.start])]
        found = dates[0].value if dates else relative_date(window, corpus.ref_date)
        if found:
            s.evidence["meeting_date"] = Evidence(quote(unit.text), unit.where)
            return found
    return None


def _review_dates(corpus: Corpus) -> tuple[date, ...]:
    found: list[date] = []
    for table in corpus.tables:
        if _REVIEW_SECTION.search(table.section) and not re.search(r"risk", table.section, re.I):
            found += [d for row in table.rows for cell in row[:2] for d in _dates(cell, corpus)]
    if not found:
        for unit in corpus.in_sections(_REVIEW_SECTION):
            if not re.search(r"risk", unit.section, re.I):
                found += _dates(unit.text[:40], corpus)
    if not found:
        for unit, m in corpus.search(_REVIEW_PROSE):
            found += _dates(unit.text[m.start() : m.end() + 120], corpus)
    return tuple(sorted(set(found)))


def _dates(text: str, corpus: Corpus) -> list[date]:
    return [d.value for d in find_dates(text, corpus.ref_date)]


def _full_time_hours(corpus: Corpus) -> float | None:
    for _unit, m in corpus.search(_FULL_TIME_HOURS):
        value = float(m.group("h"))
        if 20 <= value <= 40:
            return value
    for hit in labelled(corpus, re.compile(r"^full[- ]?time (?:week|hours|timetable)", re.I)):
        hours = stated_hours(hit.value)
        if hours and 20 <= hours[0] <= 40:
            return hours[0]
    return None
