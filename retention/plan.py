"""What goes, when and why: a pure function of what each case holds, the schedule and today."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from retention.schedule import THINGS, UNFILED, Rule, Schedule
from triage.states import CaseStatus


@dataclass(frozen=True)
class Holding:
    """One case as the schedule sees it: how it stands, and how much of each thing it holds."""

    case_id: int
    reference: str
    status: str
    closed_on: date | None
    full_time_date: date | None
    held: bool
    """A legal hold: nothing is removed while it stands."""
    counts: Mapping[str, int] = field(default_factory=dict)
    """Thing (THINGS) -> how many items of it the case still holds."""


@dataclass(frozen=True)
class Removal:
    """What goes from one case under one rule."""

    case_id: int | None
    """None for messages in no case (`unfiled`)."""
    reference: str | None
    rule: str
    what: tuple[str, ...]
    counts: Mapping[str, int]
    ended: date
    due: date
    held: bool
    why: str

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.reference, "case_id": self.case_id, "what": list(self.what), "rule": self.rule,
            "counts": dict(self.counts), "ended": self.ended.isoformat(), "due": self.due.isoformat(),
            "held": self.held, "why": self.why,
        }


def case_end(holding: Holding) -> date | None:
    """The day a case ended: the later of its closure and its full-time date (None while open)."""
    if holding.status != CaseStatus.CLOSED or holding.closed_on is None:
        return None
    if holding.full_time_date is None:
        return holding.closed_on
    return max(holding.closed_on, holding.full_time_date)


def add_period(start: date, rule: Rule, sign: int = 1) -> date:
    """`start` moved on by the rule's years, months and days (29 February becomes the 28th);
    `sign=-1` moves back instead."""
    month_index = start.month - 1 + sign * (rule.months + 12 * rule.years)
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=sign * rule.days)


def unfiled_cutoff(schedule: Schedule, today: date) -> tuple[Rule, date] | None:
    """The rule for messages in no case, and the last day of receipt that is due today (None:
    they are kept for ever)."""
    rule = schedule.rule_for(UNFILED)
    return (rule, add_period(today, rule, sign=-1)) if rule else None


def plan_unfiled(schedule: Schedule, today: date, count: int) -> list[Removal]:
    """The removal of `count` messages in no case received on or before the cutoff."""
    found = unfiled_cutoff(schedule, today)
    if found is None or count <= 0:
        return []
    rule, cutoff = found
    why = (f"messages in no case received on or before {cutoff.isoformat()}; {rule.id} keeps them "
           f"{rule.period} after they came")
    return [Removal(None, None, rule.id, (UNFILED,), {UNFILED: count}, cutoff, today, False, why)]


def plan(holdings: Iterable[Holding], schedule: Schedule, today: date) -> list[Removal]:
    """Every removal due on or before `today`, one per case and rule, oldest due first. A case
    under a legal hold is listed with `held=True` (and is not to be applied)."""
    out: list[Removal] = []
    for holding in holdings:
        ended = case_end(holding)
        if ended is None:
            continue
        for rule in schedule.rules:
            what = tuple(t for t in THINGS if t in rule.what and holding.counts.get(t, 0) > 0)
            due = add_period(ended, rule)
            if not what or due > today:
                continue
            why = (f"case ended {ended.isoformat()} (the later of its closure and its full-time "
                   f"date); {rule.id} keeps {', '.join(rule.what)} {rule.period} after that, "
                   f"until {due.isoformat()}")
            if holding.held:
                why += "; a legal hold stops it"
            out.append(Removal(holding.case_id, holding.reference, rule.id, what,
                               {t: holding.counts[t] for t in what}, ended, due, holding.held, why))
    return sorted(out, key=lambda r: (r.due, r.case_id, r.rule))
