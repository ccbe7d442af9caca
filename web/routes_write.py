"""Writing to any party from a case (issue 14): the school, the person who reported, a social
worker, an SEN officer, the virtual school; with Cc. The email goes through the same outbox and
sender as every reply (`web.followups.queue_letter`), with files from the case if the officer
ticks them. An address outside the trusted domains
needs the officer's explicit confirmation; every address written to joins the case's people."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from parsers.address import AddressRefused, canonical_addr_spec
from parsers.payloads import attachment_payload
from store.cases import add_participant, participants
from store.models import AttachmentRecord, Case, RawMessage
from store.trusted_domains import effective_domains
from triage.reply_policy import domain_trusted
from triage.states import CaseStatus, Kind
from web import audit
from web.deps import CSRF_CHECKED, DbSession, LoggedIn, render, web_state
from web.facts import case_facts
from web.followups import (
    LETTERS,
    PARTIES,
    PLACEHOLDER,
    FollowupError,
    Letter,
    followup_context,
    queue_letter,
)
from web.letter_templates import render_letter

router = APIRouter()
MAX_RECIPIENTS = 10
MAX_ATTACHED_BYTES = 15 * 1024 * 1024
"""What one letter may carry in files from the case (mail servers refuse much more)."""


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise HTTPException(status_code=404, detail="No such case.")
    return case


def suggested(session: Session, case: Case, party: str) -> str:
    """The address the party most likely has: the reporter's from the report; the school's from
    the case's people in the school's domain."""
    assert case.id is not None
    if party == "reporter":
        breach = case_facts(case).breach
        return (breach.reporter.email if breach else None) or ""
    if party == "school" and case.school_domain:
        school = [a for a in sorted(participants(session, case.id)) if a.endswith("@" + case.school_domain)]
        return school[0] if school else ""
    return ""


def addresses(text: str) -> list[str]:
    """Plain addresses separated by commas, semicolons or spaces; each read strictly."""
    out: list[str] = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part.strip():
            continue
        try:
            address = canonical_addr_spec(part.strip()).lower()
        except AddressRefused as exc:
            raise FollowupError(f"'{part.strip()[:80]}' is not one plain email address ({exc})") from exc
        if address not in out:
            out.append(address)
    return out


def case_files(session: Session, case_id: int) -> list[AttachmentRecord]:
    """The files the case's messages brought (those that can be attached to a letter)."""
    query = (
        select(AttachmentRecord)
        .join(RawMessage, col(RawMessage.id) == col(AttachmentRecord.message_row_id))
        .where(col(RawMessage.case_id) == case_id)
        .order_by(col(AttachmentRecord.id))
    )
    return list(session.exec(query).all())


def chosen_files(session: Session, case_id: int, ids: list[int]) -> tuple[tuple[str, str, bytes], ...]:
    """The files the officer ticked, each from its message's stored bytes; FollowupError when one
    is not the case's or the letter would be too large."""
    files = {f.id: f for f in case_files(session, case_id)}
    out: list[tuple[str, str, bytes]] = []
    for file_id in dict.fromkeys(ids):
        record = files.get(file_id)
        message = session.get(RawMessage, record.message_row_id) if record else None
        payload = attachment_payload(message.raw, record.sha256) if record and message else None
        if record is None or payload is None:
            raise FollowupError("a file chosen is not one of this case's")
        out.append((record.filename, record.content_type, payload))
    if sum(len(p) for _, _, p in out) > MAX_ATTACHED_BYTES:
        raise FollowupError(f"the files come to more than {MAX_ATTACHED_BYTES // 1024 // 1024} MB")
    return tuple(out)


def _form(
    request: Request, session: Session, case: Case, context: dict[str, Any], status_code: int = 200
) -> Response:
    assert case.id is not None
    return render(request, "write.html", {
        "c": case, "letters": LETTERS, "parties": PARTIES, "token": secrets.token_urlsafe(18),
        "error": "", "outside": [], "files": case_files(session, case.id), "ticked": [], **context,
    }, status_code=status_code)


@router.get("/cases/{case_id}/write", response_class=HTMLResponse)
def write_form(
    case_id: int, request: Request, officer: LoggedIn, session: DbSession,
    party: str = "school", template: str = "",
) -> Response:
    case = _case(session, case_id)
    party = party if party in PARTIES else "school"
    template = template if template in LETTERS else (
        "outcome_to_reporter" if party == "reporter" and case.kind == Kind.BREACH_REPORT else "blank")
    state = web_state(request)
    problems = [str(p) for p in (case.problems or [])]
    body = render_letter(session, template, followup_context(
        case, state.guidance, problems, officer.username, "", state.settings.from_address))
    return _form(request, session, case, {"party": party, "template": template, "body": body,
                                 "to": suggested(session, case, party), "cc": ""})


@router.post("/cases/{case_id}/write", dependencies=CSRF_CHECKED)
def send_letter(
    case_id: int, request: Request, officer: LoggedIn, session: DbSession,
    party: Annotated[str, Form(max_length=32)], template: Annotated[str, Form(max_length=64)],
    to: Annotated[str, Form(max_length=2000)], body: Annotated[str, Form(max_length=20_000)],
    token: Annotated[str, Form(min_length=16, max_length=64)],
    cc: Annotated[str, Form(max_length=2000)] = "", confirm_outside: Annotated[str, Form(max_length=8)] = "",
    attachment: Annotated[list[int] | None, Form()] = None,
) -> Response:
    case = _case(session, case_id)
    state = web_state(request)
    ticked = attachment or []
    again = {"party": party, "template": template, "body": body, "to": to, "cc": cc, "token": token,
             "ticked": ticked}
    if party not in PARTIES or template not in LETTERS:
        raise HTTPException(status_code=400, detail="Choose whom you write to and a template.")
    try:
        to_list, cc_list = addresses(to), addresses(cc)
        if not to_list:
            raise FollowupError("give the address to write to")
        if len(to_list) + len(cc_list) > MAX_RECIPIENTS:
            raise FollowupError(f"write to {MAX_RECIPIENTS} addresses at the most")
        if not body.strip() or PLACEHOLDER.search(body):
            raise FollowupError("write the message: a gap in square brackets is still to be filled in")
        files = chosen_files(session, case_id, ticked)
    except FollowupError as exc:
        context = {**again, "error": f"Not sent: {exc}."}
        return _form(request, session, case, context, status_code=400)
    every = [*to_list, *cc_list]
    trusted = effective_domains(session, state.settings.trusted_domains)
    outside = [a for a in every if not domain_trusted(a, trusted)]
    if outside and confirm_outside != "yes":
        error = "Not sent yet: some addresses are outside the trusted domains. Check them and confirm."
        return _form(request, session, case, {**again, "error": error, "outside": outside},
                     status_code=400)
    letter = Letter(to_list, cc_list, LETTERS[template], body.strip() + "\n", files)
    reply = queue_letter(session, case, letter, token, officer, state.settings.from_address)
    if reply is None:  # the same form sent twice: one email
        return RedirectResponse(f"/cases/{case_id}?done=letter_queued#thread", status_code=303)
    assert case.id is not None
    for address in every:
        add_participant(session, case_id=case.id, address=address, added_by=officer.username)
    if party == "school" and case.status in (CaseStatus.OPEN, CaseStatus.NEEDS_OFFICER):
        case.status = CaseStatus.AWAITING_SCHOOL
        session.add(case)
    audit.record(session, officer.username, "letter_queued", case.id, {
        "party": party, "template": template, "to": to_list, "cc": cc_list, "outbound_id": reply.id,
        "outside_trusted_confirmed": outside, "attachments": list(dict.fromkeys(ticked)),
    })
    return RedirectResponse(f"/cases/{case_id}?done=letter_queued#thread", status_code=303)
