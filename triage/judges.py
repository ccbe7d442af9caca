"""The judges the catalogue names: each turns the facts into one requirement's status.

A judge is `(JudgeContext, Requirement) -> RequirementResult`, registered by name in
`JUDGES`; the guidance TOML says which judge each requirement uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from parsers.extract.dates import school_days_between
from parsers.facts import CaseFacts, Evidence, Topic
from triage.calendar import CalendarError, load_calendar
from triage.catalogue import Guidance, Requirement
from triage.model import RequirementResult, Status


@dataclass(frozen=True)
class JudgeContext:
    facts: CaseFacts
    guidance: Guidance
    sent: date | None
    """When the LA received the plan: the Date of the message that brought it."""
    unreadable: tuple[str, ...]

    @property
    def applicable(self) -> list[str]:
        return [cid for cid, value in self.facts.circumstances.items() if value]


Judge = Callable[[JudgeContext, Requirement], RequirementResult]
JUDGES: dict[str, Judge] = {}


def judge_named(name: str) -> Callable[[Judge], Judge]:
    def register(fn: Judge) -> Judge:
        JUDGES[name] = fn
        return fn

    return register


def result(req: Requirement, status: Status, evidence: Evidence | str | None = None) -> RequirementResult:
    if isinstance(evidence, Evidence):
        return RequirementResult(req.id, status, evidence.text, evidence.where)
    return RequirementResult(req.id, status, evidence, None)


def _uk(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@judge_named("topic")
def topic(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    return _from_topic(req, ctx.facts.topics.get(req.id, Topic(False)))


def _from_topic(req: Requirement, found: Topic) -> RequirementResult:
    if not found.found:
        return result(req, "missing")
    return result(req, "not_met" if found.negative else "met", found.evidence)


@judge_named("plan_attached")
def plan_attached(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    if ctx.facts.plan_document:
        return result(
            req, "met", Evidence(f"Plan attached: {ctx.facts.plan_document}", ctx.facts.plan_document)
        )
    body_topics = sum(
        1
        for t in ctx.facts.topics.values()
        if t.found and t.evidence and t.evidence.where in ("body", "forwarded message")
    )
    if body_topics >= 5 and ctx.facts.timetable:
        return result(req, "met", Evidence("The plan is written in the body of the email", "body"))
    if ctx.unreadable:
        return result(req, "missing", f"Attachment could not be read: {', '.join(ctx.unreadable)}")
    return result(req, "missing")


@judge_named("hours_agreed")
def hours_agreed(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    if ctx.facts.timetable:
        return result(req, "met", ctx.facts.evidence.get("timetable"))
    return result(req, "missing")


@judge_named("full_time_within_6_weeks")
def full_time_within_6_weeks(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    f = ctx.facts
    limit = ctx.guidance.max_reduced_days
    if f.start_date and f.full_time_date:
        days = (f.full_time_date - f.start_date).days
        span = f"Starts {_uk(f.start_date)}, full time from {_uk(f.full_time_date)}: {days} days"
        where = (
            f.evidence.get("full_time_date") or f.evidence.get("start_date") or Evidence("", "")
        ).where or None
        if days <= limit:
            return RequirementResult(req.id, "met", f"{span} (limit {limit})", where)
        if f.holiday_mentioned and f.timetable and len(f.timetable) <= limit // 7:
            note = (
                f"{span}, {len(f.timetable)} school weeks leaving out the holiday (limit {limit // 7} weeks)"
            )
            return RequirementResult(req.id, "met", note, where)
        return RequirementResult(req.id, "not_met", f"{span}, over the {limit // 7}-week maximum", where)
    if f.timetable and len(f.timetable) > limit // 7:
        return result(
            req,
            "not_met",
            Evidence(
                f"{len(f.timetable)} weeks of reduced hours",
                (f.evidence.get("timetable") or Evidence("", "")).where,
            ),
        )
    if f.full_time_refused:
        return result(req, "not_met", "No date has been set for the return to full time")
    return result(req, "missing")


@judge_named("named_person")
def named_person(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    if ctx.facts.named_person:
        return result(req, "met", ctx.facts.evidence.get("named_person") or ctx.facts.named_person)
    return result(req, "missing")


@judge_named("risk_assessment")
def risk_assessment(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    ra = ctx.facts.risk_assessment
    if ra is None:
        return result(req, "missing")
    if not ra.present:
        return result(req, "not_met", ra.evidence)
    start = ctx.facts.start_date
    if ra.date and start and ra.date > start:
        note = f"Risk assessment dated {_uk(ra.date)}, after the timetable started on {_uk(start)}"
        return RequirementResult(req.id, "not_met", note, ra.evidence.where if ra.evidence else None)
    return result(req, "met", ra.evidence)


@judge_named("risk_assessment_cse_cde")
def risk_assessment_cse_cde(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    ra = ctx.facts.risk_assessment
    if ra is None or not ra.present:
        return result(req, "missing")
    lacking = [name for name, covered in (("CSE", ra.cse), ("CDE/CCE", ra.cde)) if not covered]
    where = ra.evidence.where if ra.evidence else None
    if not lacking:
        return RequirementResult(req.id, "met", "The risk assessment covers CSE and CDE/CCE", where)
    dated = f" of {_uk(ra.date)}" if ra.date else ""
    return RequirementResult(
        req.id, "missing", f"The risk assessment{dated} does not cover {' or '.join(lacking)}", where
    )


@judge_named("meeting_held")
def meeting_held(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    return _from_topic(req, ctx.facts.topics.get("meeting_held", Topic(False)))


def _unmet_circumstances(ctx: JudgeContext, roles: frozenset[str]) -> list[str]:
    return [cid for cid in ctx.applicable if not set(ctx.guidance.circumstance(cid).roles) & roles]


def _professionals(
    ctx: JudgeContext, req: Requirement, roles: frozenset[str], negative_status: Status
) -> RequirementResult:
    """Each circumstance that applies needs one of its professionals among `roles`."""
    if not ctx.applicable:
        return result(req, "not_applicable")
    found = ctx.facts.topics.get(req.id, Topic(False))
    if not _unmet_circumstances(ctx, roles):
        return result(req, "met", found.evidence)
    if found.negative:
        return result(req, negative_status, found.evidence)
    return result(req, "missing")


@judge_named("meeting_professionals")
def meeting_professionals(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    """Not invited is not met; no word of them is missing."""
    return _professionals(ctx, req, ctx.facts.professionals_present, "not_met")


@judge_named("parent_signature")
def parent_signature(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    parent = next((s for s in ctx.facts.signatures if s.role == "parent"), None)
    if parent is not None:
        return result(req, "met", parent.evidence)
    refusal = ctx.facts.topics.get("parent_signature")
    if refusal is not None and refusal.negative:
        return result(req, "not_met", refusal.evidence)
    return result(req, "missing")


@judge_named("professional_agreement")
def professional_agreement(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    """Agreement requested but not yet given is still missing."""
    return _professionals(ctx, req, ctx.facts.professionals_agreed, "missing")


@judge_named("plan_sent_within_2_days")
def plan_sent_within_2_days(ctx: JudgeContext, req: Requirement) -> RequirementResult:
    agreed, sent = ctx.facts.agreement_date, ctx.sent
    if agreed is None and sent is not None and ctx.facts.plan_document is not None:
        # a plan came, but not the day it was agreed: asked, not claimed late
        return dataclasses.replace(
            result(req, "missing"), certainty="unsure", doubt="we could not find the date the plan was agreed"
        )
    if agreed is None or sent is None:
        return result(req, "missing")
    g = ctx.guidance
    elapsed = _notify_days(g, agreed, sent)
    unit = "school days" if g.notify_days_are_school_days else "days"
    if plan_attached(ctx, g.requirement("plan_attached")).status != "met":
        if elapsed <= g.max_days_to_notify and ctx.facts.timetable:
            # the hours came in time and the plan may yet: its absence is the plan's own problem
            due = f"within {g.max_days_to_notify} {unit} of {_uk(agreed)}"
            return result(req, "met", f"Hours received {_uk(sent)}, {due}; the plan is still due")
        return result(req, "missing", "The plan itself has not been received yet")
    note = (
        f"Agreed {_uk(agreed)}, received {_uk(sent)}: {max(elapsed, 0)} {unit} (limit {g.max_days_to_notify})"
    )
    late = result(req, "met" if elapsed <= g.max_days_to_notify else "not_met", note)
    meeting = _meeting_signed_on(ctx)
    if (
        late.status == "not_met"
        and meeting is not None
        and agreed < meeting <= sent
        and _notify_days(g, meeting, sent) <= g.max_days_to_notify
    ):
        doubt = f"we read the agreement as signed on {_uk(agreed)}, before the meeting on {_uk(meeting)}"
        return dataclasses.replace(late, certainty="unsure", doubt=doubt)
    return late


def _meeting_signed_on(ctx: JudgeContext) -> date | None:
    """The planning meeting's date where another signer dated the plan that day: a parent's
    signature read as dated before it is likelier a misread date (a PDF's columns run together,
    'Byrne-Nowa2k6/01/2028') than a plan agreed before its meeting, so lateness counted from it
    is asked about, not claimed."""
    meeting = ctx.facts.meeting_date
    others = {s.date for s in ctx.facts.signatures if s.role != "parent"}
    return meeting if meeting in others else None


def _notify_days(g: Guidance, start: date, end: date) -> int:
    """Days from `start` to `end` as the guidance counts the time to notify: school days or days."""
    return school_days_for(g, start, end) if g.notify_days_are_school_days else (end - start).days


def school_days_for(g: Guidance, start: date, end: date) -> int:
    """School days after `start` up to `end` by the council's calendar (its terms and closures,
    bank holidays: the reminders' calendar); plain weekdays where the calendar does not reach
    (no term dates file, or a school year it has no rows for)."""
    try:
        return load_calendar(g.term_dates).school_days_between(start, end)
    except CalendarError:
        return school_days_between(start, end)
