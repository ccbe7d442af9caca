"""The outbox: every reply is a row first; sending only changes its state.

States: queued -> sending -> sent; a failed try goes back to queued with a later
`next_attempt_at`, and to failed when the tries are used up; held waits for an officer.

Exactly-once: a row is created in the same transaction that finishes its message, under a
unique idempotency key ('auto:<raw_message.id>'), so a crash can never make a second row.
Before the SMTP conversation the row is committed as `sending`; it becomes `sent` only after
the server accepted the message. A row found `sending` whose sender is gone (it died during the
conversation) is in doubt: the sender asks its transport whether the reply went (Graph: is it
in Sent Items; the Maildir outbox: is its file there) and records it sent if so. SMTP cannot be
asked, so there it is sent again, with the same Message-ID and bytes: the server can only have
accepted it in the instant between its final reply and our commit, so a resend is far more
likely to fill a gap than to repeat; a recipient's client shows a true repeat once (same
Message-ID).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.audit import audit
from store.db import retry_at, session_scope
from store.models import OutboundReply, utcnow
from store.states import DUE_STATES, ReplyStatus
from store.workers import SOLO, Claimant, claimable


def outbox_file_key(reply_id: int, message_id: str) -> str:
    """The name a reply's file has in the outbox Maildir (`sending.delivery.MaildirOutbox`)."""
    return f"{reply_id:09d}.{message_id.strip('<>').split('@')[0]}"


def by_key(session: Session, key: str) -> OutboundReply | None:
    return session.exec(select(OutboundReply).where(OutboundReply.idempotency_key == key)).first()


def enqueue(session: Session, reply: OutboundReply) -> OutboundReply:
    """Add the reply unless one with its idempotency key exists (then return that one)."""
    existing = by_key(session, reply.idempotency_key)
    if existing is not None:
        return existing
    reply.recipient = reply.to_addresses[0].lower() if reply.to_addresses else None
    session.add(reply)
    session.flush()
    action = "reply_held" if reply.status == ReplyStatus.HELD else "reply_queued"
    audit(session, action, case_id=reply.case_id, message_row_id=reply.in_reply_to_row, reply_id=reply.id)
    return reply


def due_ids(engine: Engine, *, now: datetime, limit: int = 100) -> list[int]:
    with session_scope(engine) as session:
        query = (
            select(OutboundReply.id)
            .where(col(OutboundReply.status).in_(DUE_STATES), OutboundReply.next_attempt_at <= now)
            .order_by(col(OutboundReply.id))
            .limit(limit)
        )
        return [i for i in session.exec(query).all() if i is not None]


def next_due_at(engine: Engine, claimant: Claimant | None = None) -> datetime | None:
    """When the next reply is due; with a claimant, not counting one a live worker is sending."""
    with session_scope(engine) as session:
        query = select(func.min(OutboundReply.next_attempt_at)).where(
            col(OutboundReply.status).in_(DUE_STATES)
        )
        if claimant is not None:
            query = query.where(_ours_to_send(claimant))
        return session.exec(query).one()


def _ours_to_send(claimant: Claimant) -> ColumnElement[bool]:
    """Queued, or `sending` but by nobody alive (a worker died mid-conversation) or by us."""
    return or_(
        col(OutboundReply.status) == ReplyStatus.QUEUED,
        claimable(col(OutboundReply.claimed_by), claimant.id, claimant.cutoff()),
    )


def sent_to_since(session: Session, *, recipient: str, since: datetime) -> int:
    query = select(func.count()).where(
        OutboundReply.recipient == recipient.lower(),
        col(OutboundReply.status).in_((ReplyStatus.SENT, ReplyStatus.SENDING)),
        col(OutboundReply.sent_at).is_(None) | (col(OutboundReply.sent_at) >= since),
    )
    return int(session.exec(query).one())


def automatic_sent_since(session: Session, since: datetime) -> int:
    """Automatic replies (no officer wrote or released them) sent, or being sent, since then."""
    query = select(func.count()).where(
        col(OutboundReply.created_by).is_(None),
        col(OutboundReply.approved_by).is_(None),
        col(OutboundReply.status).in_((ReplyStatus.SENT, ReplyStatus.SENDING)),
        col(OutboundReply.sent_at).is_(None) | (col(OutboundReply.sent_at) >= since),
    )
    return int(session.exec(query).one())


@dataclass(frozen=True)
class SendingClaim:
    """A reply claimed for sending. `in_doubt`: it was already `sending` (an earlier try died
    between handing it over and recording the answer), so it may have gone already."""

    row: OutboundReply
    in_doubt: bool


def mark_sending(engine: Engine, *, reply_id: int, claimant: Claimant = SOLO) -> SendingClaim | None:
    """Claim the reply and commit `sending` (one more attempt) before talking to the server;
    None if it is not due or another live worker is sending it. One conditional UPDATE decides
    between workers, so each reply is handed to the server by one of them."""
    with session_scope(engine) as session:
        before = session.exec(select(OutboundReply.status).where(col(OutboundReply.id) == reply_id)).first()
        taken = session.execute(
            update(OutboundReply)
            .where(
                col(OutboundReply.id) == reply_id,
                col(OutboundReply.status).in_(DUE_STATES),
                _ours_to_send(claimant),
            )
            .values(status=ReplyStatus.SENDING, claimed_by=claimant.id, attempts=OutboundReply.attempts + 1)
        )
        if not taken.rowcount:  # type: ignore[attr-defined]
            return None
        row = session.get(OutboundReply, reply_id, populate_existing=True)
        assert row is not None
        return SendingClaim(row, in_doubt=before == ReplyStatus.SENDING)


def mark_sent(engine: Engine, reply_id: int, *, found: bool = False) -> None:
    """Record the reply as sent; `found`: an earlier try had sent it (the sender found it there)."""
    with session_scope(engine) as session:
        row = session.get(OutboundReply, reply_id)
        assert row is not None
        row.status = ReplyStatus.SENT
        row.sent_at = utcnow()
        row.last_error = None
        audit(session, "reply_sent", case_id=row.case_id,
              reply_id=row.id, attempts=row.attempts, found_sent=found)


def mark_retry(
    engine: Engine, *, reply_id: int, error: str, max_attempts: int, max_delay: float, permanent: bool = False
) -> str:
    """A try failed: back to queued with exponential backoff, or failed when tries are used up."""
    with session_scope(engine) as session:
        row = session.get(OutboundReply, reply_id)
        assert row is not None
        row.last_error = error[:1000]
        if permanent or row.attempts >= max_attempts:
            row.status = ReplyStatus.FAILED
            audit(session, "reply_failed", case_id=row.case_id, reply_id=row.id, attempts=row.attempts)
        else:
            row.status = ReplyStatus.QUEUED
            row.next_attempt_at = retry_at(row.attempts, 1.0, max_delay)
            audit(session, "reply_retry", case_id=row.case_id, reply_id=row.id, attempts=row.attempts)
        return row.status


def hold(engine: Engine, *, reply_id: int, reason: str) -> None:
    """Hold a queued reply for an officer (not one another worker has meanwhile begun sending)."""
    with session_scope(engine) as session:
        row = session.get(OutboundReply, reply_id, with_for_update=True, populate_existing=True)
        assert row is not None
        if row.status != ReplyStatus.QUEUED:
            return
        row.status = ReplyStatus.HELD
        row.hold_reason = reason
        audit(session, "reply_held", case_id=row.case_id, reply_id=row.id, reason=reason)
