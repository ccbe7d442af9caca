"""Correcting what was read (issue 14): a case's facts, a message's kind, reading messages again,
merging cases and moving a message, each `casework.officer`'s: the case is judged again at once
and the change is audited in the same transaction; the officer sees the judgement after. And
the pupil's history across cases (`web.history`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from casework import officer as casework
from checking.contract import case_json
from checking.corrections import FIELDS, CorrectionError, read_value, value_text
from checking.options import CheckOptions
from parsers.facts import CaseFacts
from store.cases import case_by_reference
from store.corrections import corrections_of
from store.models import Case, RawMessage
from web import audit
from web.deps import CSRF_CHECKED, DbSession, LoggedIn, render, web_state
from web.history import RESTART_WEEKS, academic_year_start, history_of
from web.templating import uk_today

router = APIRouter()
Reason = Annotated[str, Form(max_length=2000)]


@dataclass(frozen=True)
class FactRow:
    """One correctable fact on the case page: its value now, and the officer's correction."""

    field: str
    label: str
    hint: str
    value: str
    corrected_by: str | None
    corrected_at: datetime | None
    reason: str | None


def fact_rows(session: Session, case_id: int, facts: CaseFacts | None) -> list[FactRow]:
    """Every correctable fact of the case (`facts`: the plan's as last judged, None for none)."""
    read = case_json(facts) if facts is not None else {}
    corrections = corrections_of(session, case_id)
    rows: list[FactRow] = []
    for field, spec in FIELDS.items():
        c = corrections.get(field)
        value = value_text(field, c.value if c else read_value(read, field))
        rows.append(FactRow(field, spec.label, spec.hint, value, c.set_by if c else None,
                            c.set_at if c else None, c.reason if c else None))
    return rows


def _options(request: Request) -> CheckOptions:
    return web_state(request).settings.check_options()


def _done(act: Callable[[], object], case_id: int, done: str, anchor: str) -> RedirectResponse:
    """Do the officer's action; back to the case, or a plain 400 saying why it was not done
    (the transaction is then rolled back: nothing half-done is kept)."""
    try:
        act()
    except (casework.CaseworkError, CorrectionError) as exc:
        raise HTTPException(status_code=400, detail=f"Not done: {exc}.") from exc
    return RedirectResponse(f"/cases/{case_id}?done={done}#{anchor}", status_code=303)


@router.post("/cases/{case_id}/facts", dependencies=CSRF_CHECKED)
def correct_fact(
    case_id: int, request: Request, field: Annotated[str, Form(max_length=64)],
    value: Annotated[str, Form(max_length=2000)], reason: Reason, officer: LoggedIn, session: DbSession,
    action: Annotated[str, Form(max_length=16)] = "set",
) -> Response:
    """Set (action=set) or clear (action=clear) the officer's value for one fact."""
    if field not in FIELDS:
        raise HTTPException(status_code=400, detail="No such fact to correct.")
    who, options = officer.username, _options(request)
    if action == "clear":
        return _done(lambda: casework.clear_fact(session, case_id, field, reason, who, options),
                     case_id, "fact_cleared", "correct")
    return _done(lambda: casework.correct_fact(session, case_id, field, value, reason, who, options),
                 case_id, "fact_corrected", "correct")


@router.post("/cases/{case_id}/reread", dependencies=CSRF_CHECKED)
def reread(
    case_id: int, request: Request, officer: LoggedIn, session: DbSession,
    message_id: Annotated[str, Form(max_length=20)] = "all",
) -> Response:
    """Read one message of the case (or all of them) again with today's readers."""
    ids = None if message_id == "all" else [int(message_id)] if message_id.isdigit() else []
    who, options = officer.username, _options(request)
    return _done(lambda: casework.reread(session, case_id, ids, who, options), case_id, "reread", "thread")


@router.post("/messages/{message_id}/kind", dependencies=CSRF_CHECKED)
def set_kind(
    message_id: int, request: Request, kind: Annotated[str, Form(max_length=32)], reason: Reason,
    officer: LoggedIn, session: DbSession,
) -> Response:
    """Give a message another kind; its case is judged again."""
    row = session.get(RawMessage, message_id)
    if row is None or row.case_id is None:
        raise HTTPException(status_code=404, detail="No such message on a case.")
    who, options = officer.username, _options(request)
    return _done(lambda: casework.set_message_kind(session, message_id, kind, reason, who, options),
                 row.case_id, "kind_changed", "thread")


def _case_id(session: Session, reference: str) -> int:
    case = case_by_reference(session, reference.strip().upper())
    if case is None or case.id is None:
        raise HTTPException(status_code=400, detail="No case has that reference.")
    return case.id


@router.post("/messages/{message_id}/move", dependencies=CSRF_CHECKED)
def move_message(
    message_id: int, request: Request, reference: Annotated[str, Form(max_length=32)], reason: Reason,
    officer: LoggedIn, session: DbSession,
) -> Response:
    """Move a message to the case with that reference; both cases are judged again."""
    target, who, options = _case_id(session, reference), officer.username, _options(request)
    return _done(lambda: casework.move_message(session, message_id, target, reason, who, options),
                 target, "message_moved", "thread")


@router.post("/cases/{case_id}/merge", dependencies=CSRF_CHECKED)
def merge(
    case_id: int, request: Request, reference: Annotated[str, Form(max_length=32)], reason: Reason,
    officer: LoggedIn, session: DbSession,
) -> Response:
    """Merge this case into the case with that reference (which is judged again)."""
    target, who, options = _case_id(session, reference), officer.username, _options(request)
    return _done(lambda: casework.merge_cases(session, case_id, target, reason, who, options),
                 target, "merged", "thread")


@router.get("/cases/{case_id}/pupil", response_class=HTMLResponse)
def pupil_history(case_id: int, request: Request, officer: LoggedIn, session: DbSession) -> Response:
    """Every reduced timetable and breach report of this case's pupil."""
    case = session.get(Case, case_id)
    if case is None:
        raise HTTPException(status_code=404, detail="No such case.")
    today = uk_today()
    audit.record(session, officer.username, "view_pupil_history", case_id)
    return render(request, "pupil.html", {
        "c": case, "history": history_of(session, case, today), "restart_weeks": RESTART_WEEKS,
        "year_start": academic_year_start(today),
    })
