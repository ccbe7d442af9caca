"""Why a case needs a person, in an officer's words (the queue's "Why" column and the case page)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from triage.states import CaseStatus, Kind


class Attention(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def needs_officer_reason(self) -> str | None: ...
    @property
    def full_time_date(self) -> date | None: ...
    @property
    def next_review_date(self) -> date | None: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def problem_ids(self) -> list[str]: ...


def reasons(item: Attention, today: date, max_days: int, reply_held: bool = False) -> list[str]:
    """`max_days`: the guidance's limit on a reduced timetable (six weeks)."""
    problems = item.problem_ids
    out: list[str] = []
    if item.kind == Kind.BREACH_REPORT:
        out.append("Breach report")
    if "professional_agreement" in problems:
        out.append("No professional's agreement")
    if "full_time_within_6_weeks" in problems:
        out.append("Runs past six weeks")
    if item.status == CaseStatus.AWAITING_SCHOOL and problems:
        out.append(f"{len(problems)} item(s) missing, school told")
    if item.status == CaseStatus.NEEDS_OFFICER and (item.needs_officer_reason or not out):
        out.append(item.needs_officer_reason or "Needs an officer")
    if reply_held:
        out.append("Reply held")
    if item.status != CaseStatus.CLOSED and item.full_time_date and item.full_time_date < today:
        out.append("Past full-time date")
    elif item.status != CaseStatus.CLOSED and item.next_review_date and item.next_review_date < today:
        out.append("Review overdue")
    elif item.status != CaseStatus.CLOSED and not item.full_time_date and item.start_date and (
        (today - item.start_date).days > max_days
    ):
        out.append("Over six weeks, no full-time date")
    return out
