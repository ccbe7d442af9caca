"""A case: everything needed to decide, and the officer's actions (each one audited)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import Session, col

from checking.corrections import KINDS
from config.settings import Settings
from parsers.address import AddressRefused, canonical_addr_spec
from parsers.facts import CaseFacts
from store.cases import add_participant, participants
from store.erasure import hold
from store.models import AppUser, Case, CaseNote, OutboundReply, RequirementRecord
from store.reminders import reminders_of, set_paused, upcoming
from store.states import ReplyStatus
from store.trusted_domains import effective_domains
from triage.calendar import CalendarError
from triage.deadlines import Reminder
from triage.states import OPEN_STATUSES, CaseStatus
from web import audit
from web.attention import reasons
from web.casedata import attention_of, load_case
from web.chart import build_chart
from web.deps import CSRF_CHECKED, Admin, DbSession, LoggedIn, render, web_state
from web.facts import case_facts
from web.followups import (
    PARTIES,
    TEMPLATES,
    FollowupError,
    followup_context,
    queue_followup,
    thread_addresses,
)
from web.letter_templates import render_letter
from web.queries import officers
from web.routes_correct import fact_rows
from web.routes_school import school_link
from web.templating import OUTCOMES, uk_today

router = APIRouter()
OVERRIDE_STATUSES = ("met", "not_met", "missing", "not_applicable")


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise HTTPException(status_code=404, detail="No such case.")
    return case


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/cases/{case_id}{anchor}", status_code=303)


def _saved(
    session: Session, case: Case, actor: str, action: str, detail: dict[str, Any], anchor: str = ""
) -> RedirectResponse:
    """Store the changed case, audit the action, and go back to the case page."""
    assert case.id is not None
    case.updated_at = datetime.now(UTC)
    session.add(case)
    audit.record(session, actor, action, case.id, detail)
    return _back(case.id, f"?done={action}{anchor}")


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: int, request: Request, officer: LoggedIn,
    session: DbSession,
) -> Response:
    state = web_state(request)
    data = load_case(session, case_id, state.guidance)
    if data is None:
        raise HTTPException(status_code=404, detail="No such case.")
    audit.record(session, officer.username, "view_case", case_id)
    facts = case_facts(data.case)
    chart = build_chart(facts.plan.timetable, facts.plan.full_time_hours, state.guidance.max_reduced_weeks)
    held = any(item.status == ReplyStatus.HELD for item in data.thread)
    why = reasons(attention_of(data), uk_today(), state.guidance.max_reduced_days, held)
    return render(request, "case.html", {
        "data": data, "reasons": why, "c": data.case, "facts": facts, "chart": chart,
        "circumstances": state.guidance.circumstances, "officers": officers(session),
        "labels": state.guidance.labels, "open_statuses": OPEN_STATUSES,
        "override_statuses": OVERRIDE_STATUSES, "templates_": TEMPLATES, "outcomes": OUTCOMES,
        "done": request.query_params.get("done", "")[:32],
        "participants": sorted(participants(session, case_id)),
        "hold": hold(session, case_id),
        "reminders_sent": reminders_of(session, case_id),
        **_next_reminders(session, data.case, state.settings),
        "fact_rows": fact_rows(session, case_id, facts.case), "message_kinds": KINDS, "parties": PARTIES,
        **school_link(session, data.case, facts.plan.school.urn),
    })


def _next_reminders(session: Session, case: Case, settings: Settings) -> dict[str, Any]:
    """The reminders scheduled next (issue 12), or why they cannot be worked out."""
    try:
        found: list[Reminder] = upcoming(
            session, case=case, today=uk_today(), calendar=settings.school_calendar(),
            limits=settings.reminder_limits(),
            trusted_domains=effective_domains(session, settings.trusted_domains), own=settings.from_address,
        )
    except CalendarError as exc:
        return {"reminders_next": [], "reminders_problem": str(exc)}
    return {"reminders_next": found, "reminders_problem": ""}


@router.post("/cases/{case_id}/reminders", dependencies=CSRF_CHECKED)
def pause_reminders(
    case_id: int, paused: Annotated[str, Form()], officer: LoggedIn, session: DbSession,
) -> Response:
    """Pause (paused=1) or resume (paused=0) the automatic reminders to the school (audited)."""
    case = _case(session, case_id)
    if paused not in ("0", "1"):
        raise HTTPException(status_code=400, detail="Choose pause or resume.")
    set_paused(session, case=case, paused=paused == "1", actor=officer.username)
    return _back(case_id, f"?done=reminders_{'paused' if paused == '1' else 'resumed'}#reminders")


@router.post("/cases/{case_id}/participants", dependencies=CSRF_CHECKED)
def add_case_participant(
    case_id: int, address: Annotated[str, Form(max_length=320)], officer: LoggedIn, session: DbSession,
) -> Response:
    """Put an address on the case: its messages then join the case and it may be told its facts."""
    case = _case(session, case_id)
    try:
        canonical = canonical_addr_spec(address.strip()).lower()
    except AddressRefused as exc:
        raise HTTPException(status_code=400, detail=f"That is not one plain email address: {exc}.") from exc
    assert case.id is not None
    add_participant(session, case_id=case.id, address=canonical, added_by=officer.username)
    return _saved(session, case, officer.username, "participant_added", {}, "#people")


@router.post("/cases/{case_id}/requirements/{requirement_id}", dependencies=CSRF_CHECKED)
def override_requirement(
    case_id: int, requirement_id: str, status: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=2000)],
    officer: LoggedIn, session: DbSession,
) -> Response:
    if status not in OVERRIDE_STATUSES or not reason.strip():
        raise HTTPException(status_code=400, detail="Choose a status and give a reason.")
    stmt = select(RequirementRecord).where(
        col(RequirementRecord.case_id) == case_id, col(RequirementRecord.requirement_id) == requirement_id)
    record = session.execute(stmt).scalars().first()
    if record is None:
        raise HTTPException(status_code=404, detail="No such requirement on this case.")
    before = record.override_status or record.status
    record.override_status, record.override_reason = status, reason.strip()
    record.override_by, record.override_at = officer.id, datetime.now(UTC)
    session.add(record)
    session.flush()
    case = _case(session, case_id)
    case.problems = effective_problems(session, case_id)
    detail = {"requirement": requirement_id, "from": before, "to": status, "reason": reason.strip()}
    return _saved(session, case, officer.username, "override_requirement", detail, "#requirements")


def effective_problems(session: Session, case_id: int) -> list[str]:
    """The case's problems with the officers' overrides applied (what the queue shows)."""
    stmt = select(RequirementRecord).where(col(RequirementRecord.case_id) == case_id)
    return sorted(
        r.requirement_id for r in session.execute(stmt).scalars()
        if (r.override_status or r.status) in ("missing", "not_met")
    )


@router.post("/cases/{case_id}/assign", dependencies=CSRF_CHECKED)
def assign(
    case_id: int, officer: LoggedIn, session: DbSession, user_id: Annotated[str, Form()] = "",
) -> Response:
    case = _case(session, case_id)
    target = session.get(AppUser, int(user_id)) if user_id.isdigit() else None
    if user_id and (target is None or target.disabled):
        raise HTTPException(status_code=400, detail="No such officer.")
    case.assigned_to = target.id if target else None
    return _saved(session, case, officer.username, "assign", {"to": target.username if target else None})


@router.post("/cases/{case_id}/notes", dependencies=CSRF_CHECKED)
def add_note(
    case_id: int, text: Annotated[str, Form(max_length=10_000)], officer: LoggedIn,
    session: DbSession,
) -> Response:
    _case(session, case_id)
    if not text.strip():
        raise HTTPException(status_code=400, detail="The note is empty.")
    session.add(CaseNote(case_id=case_id, author_id=officer.id, text=text.strip()))
    audit.record(session, officer.username, "note", case_id, {"chars": len(text.strip())})
    return _back(case_id, "?done=note#notes")


@router.get("/cases/{case_id}/followup", response_class=HTMLResponse)
def followup_form(
    case_id: int, request: Request, officer: LoggedIn, session: DbSession, template: str = "missing_items",
) -> Response:
    case = _case(session, case_id)
    state = web_state(request)
    if template not in TEMPLATES:
        raise HTTPException(status_code=404, detail="No such template.")
    problems = [str(p) for p in (case.problems or [])]
    body = render_letter(session, template, followup_context(
        case, state.guidance, problems, officer.username, "", state.settings.from_address))
    return render(request, "followup.html", {
        "c": case, "template": template, "templates_": TEMPLATES, "body": body,
        "addresses": thread_addresses(session, case_id), "token": secrets.token_urlsafe(18),
    })


@router.post("/cases/{case_id}/followup", dependencies=CSRF_CHECKED)
def send_followup(
    case_id: int, request: Request, template: Annotated[str, Form()], to: Annotated[str, Form()],
    body: Annotated[str, Form(max_length=20_000)],
    token: Annotated[str, Form(min_length=16, max_length=64)],
    officer: LoggedIn, session: DbSession,
) -> Response:
    case = _case(session, case_id)
    if template not in TEMPLATES or not body.strip():
        raise HTTPException(status_code=400, detail="Choose a template and write the message.")
    try:
        reply = queue_followup(session, case, to, body.strip() + "\n", template, token, officer,
                               web_state(request).settings.from_address)
    except FollowupError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    if reply is None:
        return _back(case_id, "?done=followup_queued#thread")
    if case.status in (CaseStatus.OPEN, CaseStatus.NEEDS_OFFICER):
        case.status = CaseStatus.AWAITING_SCHOOL
    detail = {"template": template, "to": to.lower(), "outbound_id": reply.id}
    return _saved(session, case, officer.username, "followup_queued", detail, "#thread")


@router.post("/cases/{case_id}/close", dependencies=CSRF_CHECKED)
def close_case(
    case_id: int, outcome: Annotated[str, Form()], officer: LoggedIn, session: DbSession,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    case = _case(session, case_id)
    if outcome not in OUTCOMES:
        raise HTTPException(status_code=400, detail="Choose an outcome.")
    if case.status == CaseStatus.CLOSED:
        raise HTTPException(status_code=409, detail="The case is already closed.")
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, datetime.now(UTC)
    return _saved(session, case, officer.username, "close", {"outcome": outcome, "reason": reason.strip()})


@router.post("/cases/{case_id}/reopen", dependencies=CSRF_CHECKED)
def reopen_case(
    case_id: int, reason: Annotated[str, Form(max_length=2000)], admin: Admin,
    session: DbSession,
) -> Response:
    case = _case(session, case_id)
    if case.status != CaseStatus.CLOSED:
        raise HTTPException(status_code=409, detail="The case is not closed.")
    previous = case.outcome
    case.status, case.outcome, case.closed_at = CaseStatus.NEEDS_OFFICER, None, None
    return _saved(session, case, admin.username, "reopen", {"was": previous, "reason": reason.strip()})


@router.post("/cases/{case_id}/outbox/{reply_id}", dependencies=CSRF_CHECKED)
def decide_held_reply(
    case_id: int, reply_id: int, action: Annotated[str, Form()], officer: LoggedIn, session: DbSession,
) -> Response:
    """A reply the daemon held: the officer sends it after all, or cancels it."""
    case = _case(session, case_id)
    reply = session.get(OutboundReply, reply_id)
    if reply is None or reply.case_id != case_id or reply.status != ReplyStatus.HELD:
        raise HTTPException(status_code=409, detail="That reply is not waiting for an officer.")
    if action not in ("release", "cancel"):
        raise HTTPException(status_code=400, detail="Send it, or do not.")
    reply.status = ReplyStatus.QUEUED if action == "release" else ReplyStatus.CANCELLED
    reply.approved_by = officer.id if action == "release" else None
    reply.next_attempt_at = datetime.now(UTC)
    session.add(reply)
    detail = {"outbound_id": reply_id, "hold_reason": reply.hold_reason}
    return _saved(session, case, officer.username, f"held_reply_{action}", detail, "#thread")


def next_review_after(facts: CaseFacts, after: date) -> date | None:
    """The first review date in the plan later than `after` (None when there is none)."""
    return min((d for d in facts.review_dates if d > after), default=None)


@router.post("/cases/{case_id}/review", dependencies=CSRF_CHECKED)
def record_review(
    case_id: int, officer: LoggedIn, session: DbSession, note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The review due has been held (or checked): the next one in the plan becomes due."""
    case = _case(session, case_id)
    if case.status == CaseStatus.CLOSED or case.next_review_date is None:
        raise HTTPException(status_code=409, detail="No review is due on this case.")
    held = case.next_review_date
    case.next_review_date = next_review_after(case_facts(case).plan, max(held, uk_today()))
    detail = {"review": held.isoformat(), "next": case.next_review_date.isoformat() if case.next_review_date
              else None, "note": note.strip()}
    return _saved(session, case, officer.username, "review_recorded", detail)


@router.post("/cases/{case_id}/status", dependencies=CSRF_CHECKED)
def set_status(
    case_id: int, status: Annotated[str, Form()], officer: LoggedIn, session: DbSession,
) -> Response:
    """Move an open case between the working states (closing has its own action, with an outcome)."""
    case = _case(session, case_id)
    if status not in OPEN_STATUSES or case.status == CaseStatus.CLOSED:
        raise HTTPException(status_code=400, detail="Choose open, awaiting school or needs officer.")
    before = case.status
    case.status = status
    return _saved(session, case, officer.username, "set_status", {"from": before, "to": status})
