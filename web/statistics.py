"""The county's numbers (issue 14) for a period: reduced timetables started, ended and running;
started by school, by month, by circumstance and by the reason officers gave; how long they
last, the share past the guidance's limit, the mean weekly hours; breach reports and their
outcomes. A page, a CSV, and `rtt report statistics`.

Counted from the cases (notifications not merged into another): a timetable starts on its start
date and ends on its full-time date (or when its case was closed), as the officers last left them.
"""

from __future__ import annotations

import csv
import io
import statistics as stats
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlmodel import Session, col

from store.cases import MERGED
from store.models import Case, CaseCorrection
from triage.catalogue import Guidance
from triage.states import Kind
from web.facts import case_facts
from web.full_set import days_to_full_set
from web.report import safe_cell


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    started: int
    ended: int
    running: int
    by_school: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    by_circumstance: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    weeks_mean: float | None
    weeks_median: float | None
    past_limit: int
    with_end: int
    hours_mean: float | None
    breach_reports: int
    breach_outcomes: list[tuple[str, int]]
    full_set_days_mean: float | None = None
    """Days from a notification's first message to its first judging with nothing missing
    (`web.full_set`), over the timetables started in the period that got there."""
    full_set_days_median: float | None = None
    full_set: int = 0
    """Of the timetables started: how many have had a full set of documents."""

    @property
    def past_limit_share(self) -> float | None:
        return round(100 * self.past_limit / self.with_end, 1) if self.with_end else None


def _end(case: Case) -> date | None:
    if case.full_time_date:
        return case.full_time_date
    return case.closed_at.date() if case.closed_at else None


def _weeks(case: Case) -> float | None:
    end = _end(case)
    return (end - case.start_date).days / 7 if end and case.start_date and end >= case.start_date else None


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def county_statistics(session: Session, start: date, end: date, guidance: Guidance) -> Statistics:
    plans = [
        c for c in session.execute(select(Case).where(
            col(Case.kind) == Kind.RTT_NOTIFICATION, col(Case.start_date).is_not(None),
            col(Case.start_date) <= end, or_(col(Case.outcome).is_(None), col(Case.outcome) != MERGED),
        )).scalars()
    ]
    started = [c for c in plans if c.start_date and c.start_date >= start]
    ended = [c for c in plans if (e := _end(c)) is not None and start <= e <= end]
    running = [c for c in plans if (e := _end(c)) is None or e > end]
    weeks = [w for c in started if (w := _weeks(c)) is not None]
    names = {c.id: c.describes for c in guidance.circumstances}
    circumstances: Counter[str] = Counter()
    hours: list[float] = []
    for c in started:
        facts = case_facts(c).plan
        circumstances.update(names.get(k, k) for k, v in facts.circumstances.items() if v is True)
        hours.extend(float(w.hours) for w in facts.timetable)
    reasons = _reasons(session, [c.id for c in started if c.id is not None])
    full_set = list(days_to_full_set(session, [c.id for c in started if c.id is not None]).values())
    reports = list(session.execute(select(Case).where(col(Case.kind) == Kind.BREACH_REPORT)).scalars())
    reports = [r for r in reports if start <= r.created_at.date() <= end]
    return Statistics(
        start=start, end=end, started=len(started), ended=len(ended), running=len(running),
        by_school=Counter(c.school_name or "unknown" for c in started).most_common(),
        by_month=sorted(Counter(c.start_date.strftime("%Y-%m") for c in started if c.start_date).items()),
        by_circumstance=circumstances.most_common(),
        by_reason=Counter(reasons.get(c.id or 0, "not given") for c in started).most_common(),
        weeks_mean=_round(stats.mean(weeks)) if weeks else None,
        weeks_median=_round(stats.median(weeks)) if weeks else None,
        past_limit=sum(w > guidance.max_reduced_weeks for w in weeks), with_end=len(weeks),
        hours_mean=_round(stats.mean(hours)) if hours else None,
        breach_reports=len(reports),
        breach_outcomes=Counter(r.outcome or f"open: {r.status}" for r in reports).most_common(),
        full_set_days_mean=_round(stats.mean(full_set)) if full_set else None,
        full_set_days_median=_round(stats.median(full_set)) if full_set else None,
        full_set=len(full_set),
    )


def _reasons(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The reason an officer gave each case (`checking.corrections` field `reason`)."""
    if not case_ids:
        return {}
    query = select(CaseCorrection).where(
        col(CaseCorrection.field) == "reason", col(CaseCorrection.case_id).in_(case_ids))
    return {c.case_id: str(c.value) for c in session.execute(query).scalars()}


def statistics_csv(s: Statistics) -> str:
    """One row a number: section, what, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "what", "value"])
    writer.writerows([
        ["period", "from", s.start.isoformat()], ["period", "to", s.end.isoformat()],
        ["timetables", "started", s.started], ["timetables", "ended", s.ended],
        ["timetables", "running at the end", s.running],
        ["duration", "mean weeks", s.weeks_mean if s.weeks_mean is not None else ""],
        ["duration", "median weeks", s.weeks_median if s.weeks_median is not None else ""],
        ["duration", "past the limit (% of those with an end)",
         s.past_limit_share if s.past_limit_share is not None else ""],
        ["hours", "mean weekly hours", s.hours_mean if s.hours_mean is not None else ""],
        ["breach reports", "received", s.breach_reports],
        ["documents", "timetables started with a full set of documents", s.full_set],
        ["documents", "mean days from notification to a full set",
         s.full_set_days_mean if s.full_set_days_mean is not None else ""],
        ["documents", "median days from notification to a full set",
         s.full_set_days_median if s.full_set_days_median is not None else ""],
    ])
    for section, pairs in (("by school", s.by_school), ("by month", s.by_month),
                           ("by circumstance", s.by_circumstance), ("by reason", s.by_reason),
                           ("breach outcome", s.breach_outcomes)):
        writer.writerows([section, safe_cell(k), v] for k, v in pairs)
    return out.getvalue()
