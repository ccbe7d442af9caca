"""A pupil's history (issue 14): the cases of one pupil, every reduced timetable with the weeks
spent part-time (in all and this academic year), and a flag on a timetable that starts soon
after the last one ended (back-to-back "six weeks" are what the guidance exists to stop).

Cases are matched on the pupil's name (reduced as `store.cases.pupil_key`), then: the same UPN
where both have one decides (a different UPN is another child); else the same date of birth and
school make a sure match, and a case with either unknown is a possible match for the officer
to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from store.cases import same_school
from store.models import Case
from store.pupil_matches import verdicts_for
from triage.states import CaseStatus, Kind
from web.facts import case_facts

RESTART_WEEKS = 6
"""A timetable that starts within this many weeks of the last one ending is flagged."""
MAX_CASES = 200


@dataclass(frozen=True)
class Timetable:
    case: Case
    match: str
    """'this case', 'sure', 'possible' or 'confirmed' (a possible match an officer confirmed)."""
    start: date | None
    end: date | None
    """Back to full time (or the case closed, or today while it runs)."""
    weeks: float
    weeks_this_year: float
    soon_after: float | None
    """Weeks since the previous timetable ended, when fewer than RESTART_WEEKS."""


@dataclass(frozen=True)
class History:
    timetables: list[Timetable]
    breach_reports: list[tuple[Case, str]]
    weeks: float
    weeks_this_year: float
    restarts: int
    ruled_out: list[Case] = field(default_factory=list)
    """Cases of the same name an officer said are another pupil."""
    decided_by: dict[int, str] = field(default_factory=dict)
    """Case id: the officer who confirmed or ruled out that match."""


def academic_year_start(today: date) -> date:
    """1 September of the school year `today` is in."""
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _weeks(start: date | None, end: date | None, since: date | None = None) -> float:
    if start is None or end is None:
        return 0.0
    first = max(start, since) if since else start
    return round(max(0, (end - first).days) / 7, 1)


def _upn(case: Case) -> str | None:
    upn = case_facts(case).plan.pupil.upn
    return str(upn).strip().upper() if upn else None


def match(one: Case, other: Case) -> str | None:
    """How sure it is that two cases with the same name key are of one pupil (None: not)."""
    if one.id == other.id:
        return "this case"
    a, b = _upn(one), _upn(other)
    if a and b:
        return "sure" if a == b else None
    if one.pupil_dob and other.pupil_dob and one.pupil_dob != other.pupil_dob:
        return None
    if not same_school(one.school_name, other.school_name):
        return None
    known = one.pupil_dob and other.pupil_dob and one.school_name and other.school_name
    return "sure" if known else "possible"


def _end(case: Case, today: date) -> date:
    """When the part-time weeks ended: back to full time, else the case closed; today at most."""
    if case.full_time_date:
        return min(case.full_time_date, today)
    if case.status == CaseStatus.CLOSED and case.closed_at is not None:
        return min(case.closed_at.date(), today)
    return today


def _candidates(session: Session, case: Case) -> list[Case]:
    """The cases that may be this pupil's: the same UPN first (whatever the name was read as,
    'Mia Robinsen' too), then the same name key; `match` decides."""
    upn = _upn(case)
    same: list[Any] = []
    if upn:
        same.append(func.upper(func.trim(_STORED_UPN.as_string())) == upn)
    if case.pupil_key:
        same.append(col(Case.pupil_key) == case.pupil_key)
    if not same:
        return [case]
    query = select(Case).where(or_(*same)).order_by(col(Case.id)).limit(MAX_CASES)
    return list(session.execute(query).scalars())


_STORED_UPN = Case.__table__.c.facts["case"]["pupil"]["upn"]  # type: ignore[attr-defined]
"""The UPN read, in the stored facts (`checking.stored_facts`): JSON on SQLite and PostgreSQL alike."""


def history_of(session: Session, case: Case, today: date) -> History:
    """Every case of this case's pupil, oldest timetable first."""
    candidates = _candidates(session, case)
    matched = [(c, m) for c in candidates if (m := match(case, c)) is not None]
    matched, ruled_out, decided_by = _officers_word(session, case, matched)
    year = academic_year_start(today)
    plans = sorted(((c, m) for c, m in matched if c.kind == Kind.RTT_NOTIFICATION and c.outcome != "merged"),
                   key=lambda cm: cm[0].start_date or date.max)
    timetables: list[Timetable] = []
    last_end: date | None = None
    for c, m in plans:
        end = _end(c, today) if c.start_date else None
        gap = (c.start_date - last_end).days / 7 if c.start_date and last_end else None
        soon = round(gap, 1) if gap is not None and 0 <= gap < RESTART_WEEKS else None
        timetables.append(Timetable(c, m, c.start_date, end, _weeks(c.start_date, end),
                                    _weeks(c.start_date, end, year), soon))
        last_end = max(filter(None, (last_end, end)), default=None)
    reports = [(c, m) for c, m in matched if c.kind == Kind.BREACH_REPORT]
    return History(
        timetables, reports, round(sum(t.weeks for t in timetables), 1),
        round(sum(t.weeks_this_year for t in timetables), 1),
        sum(t.soon_after is not None for t in timetables), ruled_out, decided_by,
    )


def _officers_word(
    session: Session, case: Case, matched: list[tuple[Case, str]]
) -> tuple[list[tuple[Case, str]], list[Case], dict[int, str]]:
    """The matches with the officers' verdicts laid over: 'same' makes a possible match
    'confirmed'; 'different' takes a case out of the history (listed apart)."""
    assert case.id is not None
    others = [c.id for c, m in matched if c.id is not None and m != "this case"]
    verdicts = verdicts_for(session, case_id=case.id, others=others)
    kept: list[tuple[Case, str]] = []
    ruled_out: list[Case] = []
    for c, m in matched:
        verdict = verdicts.get(c.id or 0)
        if verdict is not None and verdict.verdict == "different":
            ruled_out.append(c)
        else:
            kept.append((c, "confirmed" if verdict is not None and m == "possible" else m))
    return kept, ruled_out, {k: v.decided_by for k, v in verdicts.items()}
