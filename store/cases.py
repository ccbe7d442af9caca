"""Cases: references, finding the case a follow-up belongs to, and the officers' fallbacks."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.audit import audit
from store.models import Case, CaseParticipant, OutboundReply, RawMessage, utcnow
from store.states import MessageState
from triage.states import CaseStatus, Kind, Priority

REFERENCE_PATTERN = re.compile(r"\[(RTT-\d{4}-[0-9A-Z]{6})\]")
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Digits and capitals that cannot be mistaken for one another (no 0/O, 1/I/L)."""
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}
MERGED = "merged"
"""The outcome of a case an officer merged into another (its `linked_case_id`)."""


def reference_for(row: RawMessage) -> str:
    """A new case's reference: the year and six random characters (31**6, about 887 million,
    so not guessable from another case's), e.g. RTT-2026-K7M4QX. Unique by the table's key;
    `new_reference` checks before use."""
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
    return f"RTT-{row.received_at.year:04d}-{code}"


def new_reference(session: Session, row: RawMessage) -> str:
    """A reference no case has yet."""
    while True:
        reference = reference_for(row)
        if case_by_reference(session, reference) is None:
            return reference


def participants(session: Session, case_id: int) -> set[str]:
    """The addresses that may be told this case's facts."""
    query = select(CaseParticipant.address).where(CaseParticipant.case_id == case_id)
    return {a.lower() for a in session.exec(query).all()}


def add_participant(session: Session, *, case_id: int, address: str, added_by: str = "system") -> bool:
    """Put an address on the case (audited); False when it already was."""
    address = address.strip().lower()
    if address in participants(session, case_id):
        return False
    session.add(CaseParticipant(case_id=case_id, address=address, added_by=added_by))
    audit(session, "participant_added", case_id=case_id, actor=added_by)
    return True


def reference_in(subject: str) -> str | None:
    found = REFERENCE_PATTERN.search(subject or "")
    return found.group(1) if found else None


def case_by_reference(session: Session, reference: str) -> Case | None:
    return session.exec(select(Case).where(Case.reference == reference)).first()


def thread_case(session: Session, *, message_ids: Sequence[str], subject: str) -> Case | None:
    """The case a follow-up joins: by In-Reply-To/References (our replies, or the school's
    earlier messages), else by the case reference our reply put in the subject."""
    ids = [m for m in message_ids if m]
    if ids:
        replied = select(OutboundReply.case_id).where(
            col(OutboundReply.message_id).in_(ids), col(OutboundReply.case_id).is_not(None)
        )
        case_id = session.exec(replied.limit(1)).first()
        if case_id is None:
            earlier = select(RawMessage.case_id).where(
                col(RawMessage.message_id).in_(ids), col(RawMessage.case_id).is_not(None)
            )
            case_id = session.exec(earlier.order_by(col(RawMessage.id)).limit(1)).first()
        if case_id is not None:
            found = session.get(Case, case_id)
            return merged_target(session, found) if found is not None else None
    reference = reference_in(subject)
    found = case_by_reference(session, reference) if reference else None
    return merged_target(session, found) if found is not None else None


def merged_target(session: Session, case: Case) -> Case:
    """The case a merged case went into (through any chain of merges), else the case itself."""
    seen = {case.id}
    while case.outcome == MERGED and case.linked_case_id and case.linked_case_id not in seen:
        into = session.get(Case, case.linked_case_id)
        if into is None:
            break
        seen.add(into.id)
        case = into
    return case


def recent_from_sender(session: Session, *, sender: str, since: datetime, other_than: int | None) -> int:
    """Messages from this address received since then (processed ones: the address is read)."""
    query = select(func.count()).where(
        RawMessage.from_address == sender.lower(),
        col(RawMessage.received_at) >= since,
        col(RawMessage.id) != (other_than or 0),
    )
    return int(session.exec(query).one())


def latest_case_of(session: Session, *, sender: str, since: datetime) -> Case | None:
    """The newest case this address is on that was opened since then."""
    query = (
        select(Case)
        .join(CaseParticipant, col(CaseParticipant.case_id) == col(Case.id))
        .where(CaseParticipant.address == sender.lower(), col(Case.created_at) >= since)
        .order_by(col(Case.id).desc())
    )
    return session.exec(query.limit(1)).first()


def thread_rows(session: Session, *, case_id: int, before_id: int) -> list[RawMessage]:
    """The case's earlier messages that count for its judgement, oldest first."""
    query = select(RawMessage).where(
        RawMessage.case_id == case_id,
        col(RawMessage.id) < before_id,
        RawMessage.state == MessageState.DONE,
        col(RawMessage.kind).is_distinct_from(Kind.AUTO_REPLY),
    )
    return list(session.exec(query.order_by(col(RawMessage.id))).all())


def case_for_failed_message(session: Session, *, row: RawMessage, reason: str) -> Case:
    """A message we could not process waits in the officers' queue, on its own case or on
    the case it was already linked to."""
    case = session.get(Case, row.case_id) if row.case_id else None
    if case is None:
        case = Case(reference=new_reference(session, row), kind=Kind.OTHER)
        session.add(case)
    case.status = CaseStatus.NEEDS_OFFICER
    case.needs_officer_reason = f"message could not be processed: {reason}"[:1000]
    case.updated_at = utcnow()
    session.flush()
    audit(session, "case_needs_officer", case_id=case.id, message_row_id=row.id)
    return case


def pupil_key(name: str | None) -> str | None:
    """A pupil's name reduced for matching: casefolded letters of any script (with their
    accents: 'Zoë' is not 'Zoe'), apostrophes, hyphens and single spaces only."""
    if not name:
        return None
    # 'İ' (Turkish capital dotted I) is 'i'; casefold alone would leave a combining dot.
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name).replace("İ", "i").casefold())
    kept = "".join(_key_char(c) for c in folded.replace("’", "'"))
    return " ".join(kept.split())[:255] or None


def _key_char(c: str) -> str:
    return c if c.isalpha() or c in "'-" or unicodedata.category(c).startswith("M") else " "


def same_school(a: str | None, b: str | None) -> bool:
    """Both names known and equal once reduced, or at least one unknown."""
    return not a or not b or pupil_key(a) == pupil_key(b)


def breach_partner(session: Session, case: Case) -> Case | None:
    """For a breach report, the notification of the same pupil and school; for a notification,
    a breach report about the same pupil and school not yet linked to one."""
    if not case.pupil_key:
        return None
    wanted = Kind.RTT_NOTIFICATION if case.kind == Kind.BREACH_REPORT else Kind.BREACH_REPORT
    query = select(Case).where(Case.pupil_key == case.pupil_key, Case.kind == wanted, Case.id != case.id)
    if wanted == "breach_report":
        query = query.where(col(Case.linked_case_id).is_(None))
    for other in session.exec(query.order_by(col(Case.id).desc())).all():
        if same_school(other.school_name, case.school_name):
            return other
    return None
