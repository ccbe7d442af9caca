"""What monitoring reads from the store (issue 15): is it reachable, the backlog, messages by
state, replies by status, each watched mailbox's last word, and who leads what. Counts and
times only: nothing here reads a message's bytes or a child's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from store.db import session_scope
from store.models import MailboxState, OutboundReply, RawMessage, utcnow
from store.states import DUE_STATES, UNPROCESSED_STATES
from store.workers import leases, live_workers


@dataclass(frozen=True)
class MailboxReport:
    mailbox: str
    folder: str
    seen_at: datetime | None
    problem: str | None


def reachable(engine: Engine) -> str | None:
    """None when the database answers, else the error's kind."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return type(exc).__name__
    return None


def messages_by_state(session: Session) -> dict[str, int]:
    query = select(RawMessage.state, func.count()).group_by(col(RawMessage.state))
    return {state: int(n) for state, n in session.exec(query).all()}


def replies_by_status(session: Session) -> dict[str, int]:
    query = select(OutboundReply.status, func.count()).group_by(col(OutboundReply.status))
    return {status: int(n) for status, n in session.exec(query).all()}


def replies_due(session: Session) -> int:
    query = select(func.count()).where(
        col(OutboundReply.status).in_(DUE_STATES), col(OutboundReply.next_attempt_at) <= utcnow()
    )
    return int(session.exec(query).one())


def oldest_unprocessed(session: Session) -> datetime | None:
    """When the oldest message not yet processed arrived (None: the backlog is empty)."""
    query = select(func.min(RawMessage.received_at)).where(col(RawMessage.state).in_(UNPROCESSED_STATES))
    return session.exec(query).one()


def mailboxes(session: Session) -> list[MailboxReport]:
    rows = session.exec(select(MailboxState).order_by(col(MailboxState.id))).all()
    return [MailboxReport(r.mailbox, r.folder, r.seen_at, r.problem) for r in rows]


def note_mailbox(engine: Engine, *, mailbox: str, folder: str, problem: str | None) -> None:
    """The watching worker's word on its mailbox: reached now (problem None), or why not. Said
    only of a mailbox reached once (whose UIDVALIDITY the store knows)."""
    with session_scope(engine) as session:
        query = select(MailboxState).where(MailboxState.mailbox == mailbox, MailboxState.folder == folder)
        state = session.exec(query).first()
        if state is None:  # never reached yet (the row is made when it is first opened)
            return
        state.problem = problem[:500] if problem else None
        if problem is None:
            state.seen_at = utcnow()


def cluster(session: Session, lease_seconds: float) -> tuple[int, dict[str, str]]:
    """How many workers beat, and each held lease's holder."""
    return len(live_workers(session, lease_seconds)), leases(session, lease_seconds)
