"""Follow-ups an officer sends from a template: rendered as plain text, queued in the same outbox
(`store.outbox.enqueue`, with the MIME built by `replies.mime.build_mime`).

The daemon's sender sends queued rows; a follow-up is threaded under the case's latest inbound
message and carries a unique idempotency key (a token minted with the form), so a double
submit queues one email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select
from sqlmodel import Session, col

from parsers.errors import RttError
from replies.mime import build_mime, new_message_id
from replies.model import tagged_subject
from replies.render import council_words
from store import outbox
from store.cases import participants
from store.models import Case, OutboundReply, RawMessage
from store.states import ReplyStatus
from triage.catalogue import Guidance
from web.facts import case_facts
from web.mailview import threading_headers

FOLLOWUP_DIR = Path(__file__).parent / "templates" / "followups"
TEMPLATES: dict[str, str] = {
    "missing_items": "Items still missing from the plan",
    "professional_agreement": "Professional's written agreement needed",
    "six_weeks": "Timetable runs past six weeks",
    "review_due": "Review or return to full time due",
    "readable_copy": "Files we could not open",
}
LETTERS: dict[str, str] = {
    **TEMPLATES,
    "outcome_to_reporter": "Outcome of your report",
    "blank": "A message of your own",
}
"""What an officer may write to any party from a case (the follow-ups, and these)."""
PLACEHOLDER = re.compile(r"\[Write [^\]]*\]")
"""A letter's gap for the officer's own words: it is refused while one is left unfilled."""
PARTIES: dict[str, str] = {
    "school": "the school",
    "reporter": "the person who reported",
    "social_worker": "a social worker",
    "sen": "an SEN officer",
    "virtual_school": "the virtual school",
}
_TEXT_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(FOLLOWUP_DIR),
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # plain-text email, never HTML  # noqa: S701
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


class FollowupError(RttError, ValueError):
    """The follow-up cannot be queued as asked (the message is safe to show)."""


@dataclass(frozen=True)
class Officer:
    id: int
    username: str
    role: str


def render_followup(template_id: str, context: dict[str, Any]) -> str:
    if template_id not in LETTERS:
        raise FollowupError("unknown follow-up template")
    text = _TEXT_ENV.get_template(f"{template_id}.txt.j2").render(greeting="colleague", **context)
    return tidy_letter(text)


def tidy_letter(text: str) -> str:
    """A rendered letter without trailing spaces or blank lines at either end."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def followup_context(
    case: Case, guidance: Guidance, problems: list[str], officer: str, extra: str, from_address: str
) -> dict[str, Any]:
    circumstances = case_facts(case).plan.circumstances
    professionals = [c.professional for c in guidance.circumstances if circumstances.get(c.id) is True]
    labels = {r.id: r for r in guidance.requirements}
    return {
        "reference": case.reference,
        "pupil_name": case.pupil_name or "the pupil",
        "school_name": case.school_name or "",
        "start_date": case.start_date.strftime("%d/%m/%Y") if case.start_date else "",
        "full_time_date": case.full_time_date.strftime("%d/%m/%Y") if case.full_time_date else "",
        "problems": [{"label": labels[p].label, "ask": labels[p].ask} for p in problems if p in labels],
        "professionals": professionals,
        "officer": officer,
        "extra": extra.strip(),
        "from_address": from_address,
        **council_words(guidance),
    }


def thread_addresses(session: Session, case_id: int) -> list[str]:
    """The people on this case (`store.cases.participants`): the only addresses a follow-up may go to."""
    return sorted(participants(session, case_id))


def _latest_inbound(session: Session, case_id: int) -> RawMessage | None:
    stmt = (
        select(RawMessage)
        .where(col(RawMessage.case_id) == case_id)
        .order_by(col(RawMessage.received_at).desc(), col(RawMessage.id).desc())
        .limit(1)
    )
    return session.execute(stmt).scalars().first()


def _subject(case: Case, latest: RawMessage | None, title: str) -> str:
    base = (latest.subject if latest and latest.subject else title).strip()
    base = " ".join(base.split())[:200]
    if not base.lower().startswith("re:"):
        base = f"Re: {base}"
    return tagged_subject(base, case.reference)


def _references(references: list[str], message_id: str | None) -> str | None:
    chain = [*references, message_id] if message_id else references
    return " ".join(chain) or None


def queue_followup(
    session: Session, case: Case, to_address: str, body: str, template_id: str, token: str,
    officer: Officer, from_address: str,
) -> OutboundReply | None:
    """Insert the queued follow-up; None when this token was already used (a double submit)."""
    assert case.id is not None
    if to_address.lower() not in thread_addresses(session, case.id):
        raise FollowupError("a follow-up goes only to someone on this case")
    return queue_letter(session, case, Letter([to_address.lower()], [], TEMPLATES[template_id], body),
                        token, officer, from_address, kind="followup")


@dataclass(frozen=True)
class Letter:
    to: list[str]
    cc: list[str]
    title: str
    """The subject's words when the case has no message to thread under."""
    body: str
    attachments: tuple[tuple[str, str, bytes], ...] = ()
    """Files from the case: (file name, content type, bytes)."""


def queue_letter(
    session: Session, case: Case, letter: Letter, token: str, officer: Officer, from_address: str,
    kind: str = "officer_mail",
) -> OutboundReply | None:
    """An officer's email about the case into the outbox (the daemon's sender sends it), threaded
    under the case's latest inbound message; None when this token was already used. Every
    address (To and Cc) is a recipient the sender checks again; the officer approved them."""
    key = f"followup:{token}"
    used = select(col(OutboundReply.id)).where(col(OutboundReply.idempotency_key) == key)
    if session.execute(used).first():
        return None
    assert case.id is not None
    latest = _latest_inbound(session, case.id)
    parent_id, references = threading_headers(latest.raw) if latest else (None, [])
    subject = _subject(case, latest, letter.title)
    chain = _references(references, parent_id)
    message_id = new_message_id(from_address)
    mime = build_mime(from_address=from_address, to=letter.to, cc=letter.cc, subject=subject,
                      text=letter.body, message_id=message_id, in_reply_to=parent_id, references=chain,
                      automatic=False, attachments=letter.attachments)
    reply = OutboundReply(
        idempotency_key=key, case_id=case.id, in_reply_to_row=latest.id if latest else None,
        kind=kind, to_addresses=[*letter.to, *letter.cc], subject=subject, body_text=letter.body,
        message_id=message_id, in_reply_to=parent_id, references=chain, mime=mime, status=ReplyStatus.QUEUED,
        created_by=officer.id,
    )
    return outbox.enqueue(session, reply)
