"""Removing a case's content from the store (retention and erasure, issue 13), legal holds, and
finding a pupil's cases. The caller owns the session; files on disk and compaction are the
caller's (`records/`).

Removal really removes: attachment rows, parsed snapshots, notes and participants are deleted;
a message's and a reply's row is emptied (bytes, headers, addresses, digest, body, MIME) and
kept as a tombstone with its id, dates and state, so the audit trail still points somewhere and
a message still in the watched folder is not read in again. The audit events of what went keep
who did what and when, but no text that could quote the removed content (file names, reasons,
addresses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from retention.plan import Holding
from store.audit import audit
from store.cases import pupil_key
from store.models import (
    AttachmentRecord,
    AuditEvent,
    Case,
    CaseCorrection,
    CaseNote,
    CaseParticipant,
    LegalHold,
    OutboundReply,
    ParsedSnapshot,
    RawMessage,
    RequirementRecord,
    utcnow,
)
from store.outbox import outbox_file_key
from store.states import FINISHED_STATES, ReplyStatus
from triage.states import CaseStatus

KEPT_ACTIONS = ("content_removed", "legal_hold_set", "legal_hold_lifted", "erasure_refused")
"""Audit events that are the record of removals and holds: never removed with the trail."""
SAFE_DETAIL_TEXT = frozenset({
    "outcome", "requirement", "template", "rule", "kind", "state", "action", "refused_by", "sha", "role",
})
"""Detail keys whose text is a code, not content: kept when a case's content goes."""
REMOVED = "[removed]"
ContentListener = Callable[[set[str]], None]
_LISTENERS: list[ContentListener] = []


class HoldError(ValueError):
    """The case is under a legal hold (or has none to lift)."""


def on_content_removed(listener: ContentListener) -> None:
    """Call `listener` with the sha256 digests of removed messages and attachments, so an
    in-process cache (the web's page texts) forgets them."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def forget_cached(digests: set[str]) -> None:
    for listener in _LISTENERS:
        listener(digests)


@dataclass
class Removed:
    """What one removal took away: counts per thing, the files on disk to delete, the digests
    in-process caches must forget."""

    counts: dict[str, int] = field(default_factory=dict)
    maildir_files: list[tuple[str, str]] = field(default_factory=list)
    """(mailbox, key) of each removed message that came from a Maildir."""
    outbox_files: list[str] = field(default_factory=list)
    """The outbox Maildir names of removed replies."""
    digests: set[str] = field(default_factory=set)
    kept_pending: int = 0
    """Messages not removed because they are still being processed."""


# --- what each case holds -------------------------------------------------------------------


def holdings(session: Session, *, case_ids: Sequence[int] | None = None, closed_only: bool = True) \
        -> list[Holding]:
    """Each case as the retention schedule sees it (closed cases only, unless told)."""
    query = core_select(col(Case.id), col(Case.reference), col(Case.status), col(Case.closed_at),
                        col(Case.full_time_date))
    if closed_only:
        query = query.where(col(Case.status) == CaseStatus.CLOSED)
    if case_ids is not None:
        query = query.where(col(Case.id).in_(list(case_ids)))
    rows = [tuple(r) for r in session.execute(query).all()]
    ids = [r[0] for r in rows if r[0] is not None]
    if not ids:
        return []
    counts = _counts(session, ids)
    held = set(session.exec(select(LegalHold.case_id).where(col(LegalHold.case_id).in_(ids))).all())
    return [
        Holding(case_id=cid, reference=ref, status=status, closed_on=closed.date() if closed else None,
                full_time_date=full_time, held=cid in held, counts=counts.get(cid, {}))
        for cid, ref, status, closed, full_time in rows if cid is not None
    ]


def _count_by_case(session: Session, column: Any, *where: Any) -> dict[int, int]:
    query = core_select(column, func.count()).where(col(column).is_not(None), *where).group_by(column)
    return {int(k): int(n) for k, n in session.execute(query).all()}


def _counts(session: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    inside = col(RawMessage.case_id).in_(ids)
    messages = _count_by_case(session, RawMessage.case_id, inside, col(RawMessage.removed_at).is_(None))
    replies = _count_by_case(session, OutboundReply.case_id, col(OutboundReply.case_id).in_(ids),
                             col(OutboundReply.removed_at).is_(None))
    notes = _count_by_case(session, CaseNote.case_id, col(CaseNote.case_id).in_(ids))
    people = _count_by_case(session, CaseParticipant.case_id, col(CaseParticipant.case_id).in_(ids))
    quotes = _count_by_case(session, RequirementRecord.case_id, col(RequirementRecord.case_id).in_(ids),
                            or_(col(RequirementRecord.evidence).is_not(None),
                                col(RequirementRecord.override_reason).is_not(None)))
    audit_rows = _count_by_case(session, AuditEvent.case_id, col(AuditEvent.case_id).in_(ids),
                                col(AuditEvent.action).not_in(KEPT_ACTIONS))
    identity_query = select(Case.id).where(col(Case.id).in_(ids), or_(
        col(Case.pupil_name).is_not(None), col(Case.pupil_key).is_not(None), col(Case.pupil_dob).is_not(None),
        col(Case.needs_officer_reason).is_not(None)))
    identity = set(session.exec(identity_query).all())
    with_facts = select(Case.id, Case.facts).where(col(Case.id).in_(ids))
    facts_present = {i for i, f in session.exec(with_facts).all() if f}
    out: dict[int, dict[str, int]] = {}
    for cid in ids:
        facts = (notes.get(cid, 0) + people.get(cid, 0) + quotes.get(cid, 0)
                 + (cid in identity) + (cid in facts_present))
        out[cid] = {"messages": messages.get(cid, 0), "facts": facts, "replies": replies.get(cid, 0),
                    "audit": audit_rows.get(cid, 0)}
    return out


# --- removing -------------------------------------------------------------------------------


def remove_content(
    session: Session, *, case_id: int, what: Iterable[str], rule: str, actor: str = "system",
    reason: str | None = None,
) -> Removed:
    """Remove these things (retention.schedule.THINGS) from the case and audit that it happened
    (what, which rule, counts, when: never the removed content). Refused under a legal hold."""
    if is_held(session, case_id):
        raise HoldError("the case is under a legal hold")
    things = list(what)
    removed = Removed()
    if "messages" in things:
        _remove_messages(session, case_id, removed)
    if "replies" in things:
        _remove_replies(session, case_id, removed)
    if "facts" in things:
        _remove_facts(session, case_id, removed)
    if "audit" in things:
        _remove_audit(session, case_id, removed)
    detail: dict[str, Any] = {"what": things, "rule": rule, "counts": removed.counts}
    if reason:
        detail["reason"] = reason
    if removed.kept_pending:
        detail["kept_pending"] = removed.kept_pending
    audit(session, "content_removed", case_id=case_id, actor=actor, **detail)
    return removed


def _remove_messages(session: Session, case_id: int, removed: Removed) -> None:
    query = select(RawMessage).where(RawMessage.case_id == case_id, col(RawMessage.removed_at).is_(None))
    rows = list(session.exec(query).all())
    done = [r for r in rows if r.state in FINISHED_STATES]
    removed.kept_pending = len(rows) - len(done)
    _empty_messages(session, done, removed, "messages")


def _unfiled_query(through: date) -> Any:
    before = datetime.combine(through + timedelta(days=1), time(), UTC)
    return select(RawMessage).where(
        col(RawMessage.case_id).is_(None), col(RawMessage.removed_at).is_(None),
        col(RawMessage.state).in_(FINISHED_STATES), col(RawMessage.received_at) < before)


def unfiled_count(session: Session, through: date) -> int:
    """Messages in no case, finished, received on or before `through`, not yet removed."""
    query = core_select(func.count()).select_from(_unfiled_query(through).subquery())
    return int(session.execute(query).scalar_one())


def remove_unfiled(session: Session, through: date, *, rule: str, actor: str = "system") -> Removed:
    """Remove the messages in no case received on or before `through` (audited)."""
    removed = Removed()
    _empty_messages(session, list(session.exec(_unfiled_query(through)).all()), removed, "unfiled")
    audit(session, "content_removed", actor=actor, what=["unfiled"], rule=rule, counts=removed.counts)
    return removed


def _empty_messages(session: Session, done: list[RawMessage], removed: Removed, thing: str) -> None:
    ids = [r.id for r in done if r.id is not None]
    if not ids:
        removed.counts[thing] = 0
        return
    shas = {r.sha256 for r in done}
    attachments = session.exec(select(AttachmentRecord.sha256).where(
        col(AttachmentRecord.message_row_id).in_(ids))).all()
    removed.digests |= shas | set(attachments)
    removed.counts["attachments"] = len(attachments)
    session.execute(delete(AttachmentRecord).where(col(AttachmentRecord.message_row_id).in_(ids)))
    still_used = set(session.exec(select(RawMessage.sha256).where(
        col(RawMessage.sha256).in_(shas), col(RawMessage.id).not_in(ids))).all())
    gone_shas = list(shas - still_used)
    result = session.execute(delete(ParsedSnapshot).where(col(ParsedSnapshot.sha256).in_(gone_shas)))
    removed.counts["snapshots"] = int(getattr(result, "rowcount", 0) or 0)
    now = utcnow()
    for row in done:
        if row.mailbox.startswith("maildir:"):
            removed.maildir_files.append((row.mailbox, row.uid))
        row.raw, row.sha256, row.message_id = b"", "", None
        row.from_address, row.subject, row.error, row.sent_date = None, None, None, None
        row.removed_at = now
        session.add(row)
    removed.counts[thing] = len(done)
    _scrub_audit(session, col(AuditEvent.message_row_id).in_(ids))


def _remove_replies(session: Session, case_id: int, removed: Removed) -> None:
    query = select(OutboundReply).where(
        OutboundReply.case_id == case_id, col(OutboundReply.removed_at).is_(None))
    count = 0
    now = utcnow()
    for reply in session.exec(query).all():
        if reply.status == ReplyStatus.SENDING:  # in the SMTP conversation now: the next run takes it
            continue
        if reply.status in (ReplyStatus.QUEUED, ReplyStatus.HELD):
            reply.status = ReplyStatus.CANCELLED
        assert reply.id is not None
        removed.outbox_files.append(outbox_file_key(reply.id, reply.message_id))
        reply.to_addresses, reply.recipient, reply.subject, reply.body_text = [], None, "", ""
        reply.mime, reply.in_reply_to, reply.references = None, None, None
        reply.hold_reason, reply.last_error, reply.removed_at = None, None, now
        session.add(reply)
        count += 1
    removed.counts["replies"] = count


def _remove_facts(session: Session, case_id: int, removed: Removed) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    case.pupil_name, case.pupil_key, case.pupil_dob = None, None, None
    case.facts, case.needs_officer_reason, case.updated_at = {}, None, utcnow()
    session.add(case)
    notes = session.execute(delete(CaseNote).where(col(CaseNote.case_id) == case_id))
    people = session.execute(delete(CaseParticipant).where(col(CaseParticipant.case_id) == case_id))
    # an officer's corrections are facts too (a corrected name, date of birth, signatures)
    session.execute(delete(CaseCorrection).where(col(CaseCorrection.case_id) == case_id))
    session.execute(update(RequirementRecord).where(col(RequirementRecord.case_id) == case_id).values(
        evidence=None, where=None, override_reason=None))
    removed.counts["notes"] = int(getattr(notes, "rowcount", 0) or 0)
    removed.counts["participants"] = int(getattr(people, "rowcount", 0) or 0)
    removed.counts["facts"] = 1
    _scrub_audit(session, col(AuditEvent.case_id) == case_id)


def _remove_audit(session: Session, case_id: int, removed: Removed) -> None:
    result = session.execute(delete(AuditEvent).where(
        col(AuditEvent.case_id) == case_id, col(AuditEvent.action).not_in(KEPT_ACTIONS)))
    removed.counts["audit"] = int(getattr(result, "rowcount", 0) or 0)


def scrub_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """An audit event's detail without text that could quote content: numbers, flags and codes
    stay; any other text becomes '[removed]'."""
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, str) and key not in SAFE_DETAIL_TEXT:
            out[key] = REMOVED
        elif isinstance(value, dict):
            out[key] = scrub_detail(value)
        elif isinstance(value, list):
            out[key] = [REMOVED if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out


def _scrub_audit(session: Session, where: Any) -> None:
    query = select(AuditEvent).where(where, col(AuditEvent.action).not_in(KEPT_ACTIONS))
    for event in session.exec(query).all():
        scrubbed = scrub_detail(event.detail or {})
        if scrubbed != event.detail:
            event.detail = scrubbed
            session.add(event)


# --- legal holds ----------------------------------------------------------------------------


def is_held(session: Session, case_id: int) -> bool:
    return session.exec(select(LegalHold.id).where(LegalHold.case_id == case_id)).first() is not None


def hold(session: Session, case_id: int) -> LegalHold | None:
    return session.exec(select(LegalHold).where(LegalHold.case_id == case_id)).first()


def set_hold(session: Session, *, case_id: int, reason: str, actor: str) -> None:
    """Put the case under a legal hold (audited, with its reason)."""
    if not reason.strip():
        raise HoldError("a legal hold needs a reason")
    if is_held(session, case_id):
        raise HoldError("the case is already under a legal hold")
    session.add(LegalHold(case_id=case_id, reason=reason.strip(), set_by=actor))
    audit(session, "legal_hold_set", case_id=case_id, actor=actor, reason=reason.strip())


def lift_hold(session: Session, *, case_id: int, reason: str, actor: str) -> None:
    existing = hold(session, case_id)
    if existing is None:
        raise HoldError("the case is not under a legal hold")
    session.delete(existing)
    audit(session, "legal_hold_lifted", case_id=case_id, actor=actor, reason=reason.strip())


# --- a pupil's cases ------------------------------------------------------------------------


def pupil_cases(session: Session, *, name: str, dob: date | None = None) -> list[Case]:
    """The cases about the pupil of this name (matched as `store.cases.pupil_key` reads names),
    and of this date of birth where one is given (a case with no date of birth known matches
    on the name alone)."""
    key = pupil_key(name)
    if not key:
        return []
    query = select(Case).where(Case.pupil_key == key)
    if dob is not None:
        query = query.where(or_(col(Case.pupil_dob).is_(None), col(Case.pupil_dob) == dob))
    return list(session.exec(query.order_by(col(Case.id))).all())
