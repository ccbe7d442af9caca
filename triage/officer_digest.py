"""What an officer's daily digest lists (issue 12). Pure: the open cases' dates and states and
today go in; for each officer their own cases, and for the team the unassigned ones, come out
in four parts: overdue, due this week, held for an officer, unassigned.

Overdue is the queue's rule (`web.queries.overdue_clause`): past the full-time date, past the
next review, or, with no full-time date, started longer ago than the guidance's six weeks.
Due this week: a full-time date or a review from today to the coming Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from triage.states import CaseStatus

TEAM = None
"""The key of the team's digest (the unassigned cases) in `digests`."""


@dataclass(frozen=True)
class CaseLine:
    """What a digest says of a case: no pupil's name, only what finds the case in the queue."""

    case_id: int
    reference: str
    kind: str
    priority: str
    status: str
    school: str | None = None
    assigned_to: int | None = None
    start_date: date | None = None
    full_time_date: date | None = None
    next_review_date: date | None = None


@dataclass(frozen=True)
class Entry:
    line: CaseLine
    why: str
    """Why it is listed ('full-time date 2026-02-09 passed'), no personal data."""


@dataclass(frozen=True)
class Digest:
    overdue: tuple[Entry, ...] = ()
    due_this_week: tuple[Entry, ...] = ()
    held: tuple[Entry, ...] = ()
    unassigned: tuple[Entry, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_this_week or self.held or self.unassigned)

    @property
    def count(self) -> int:
        """The cases it names (a case in two parts counts once)."""
        parts = (*self.overdue, *self.due_this_week, *self.held, *self.unassigned)
        return len({e.line.case_id for e in parts})


def week_end(today: date) -> date:
    """The Sunday ending today's week (today, when it is a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def overdue_why(line: CaseLine, today: date, max_days: int) -> str | None:
    if line.status == CaseStatus.CLOSED:
        return None
    if line.full_time_date is not None and line.full_time_date < today:
        return f"full-time date {line.full_time_date.isoformat()} passed"
    if line.next_review_date is not None and line.next_review_date < today:
        return f"review {line.next_review_date.isoformat()} passed"
    if line.full_time_date is None and line.start_date is not None:
        limit = line.start_date + timedelta(days=max_days)
        if limit < today:
            return f"no full-time date, started {line.start_date.isoformat()}"
    return None


def due_why(line: CaseLine, today: date) -> str | None:
    end = week_end(today)
    found = [
        f"{what} {day.isoformat()}"
        for what, day in (("full-time date", line.full_time_date), ("review", line.next_review_date))
        if day is not None and today <= day <= end
    ]
    return "; ".join(found) or None


def digest_of(lines: Iterable[CaseLine], today: date, max_days: int, team: bool = False) -> Digest:
    """The digest of these cases (closed ones are left out); `team`: list them as unassigned too."""
    overdue, due, held, unassigned = [], [], [], []
    for line in sorted(lines, key=lambda c: c.reference):
        if line.status == CaseStatus.CLOSED:
            continue
        late = overdue_why(line, today, max_days)
        if late:
            overdue.append(Entry(line, late))
        else:
            soon = due_why(line, today)
            if soon:
                due.append(Entry(line, soon))
        if line.status == CaseStatus.NEEDS_OFFICER:
            held.append(Entry(line, "waits for an officer"))
        if team and line.assigned_to is None:
            unassigned.append(Entry(line, "not assigned"))
    return Digest(tuple(overdue), tuple(due), tuple(held), tuple(unassigned))


def digests(
    lines: Sequence[CaseLine], today: date, max_days: int, officers: Iterable[int]
) -> dict[int | None, Digest]:
    """Each officer's digest (their assigned cases) and the team's (`TEAM`: the unassigned
    cases), the empty ones left out."""
    out: dict[int | None, Digest] = {}
    for officer in officers:
        mine = digest_of((c for c in lines if c.assigned_to == officer), today, max_days)
        if not mine.empty:
            out[officer] = mine
    team = digest_of((c for c in lines if c.assigned_to is None), today, max_days, team=True)
    if not team.empty:
        out[TEAM] = team
    return out
