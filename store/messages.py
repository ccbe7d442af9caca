"""Raw messages: stored first, exactly as received; then claimed, finished or failed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import compat32

from sqlalchemy import ColumnElement, false, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from parsers.errors import RttError
from store.audit import audit
from store.cases import case_for_failed_message
from store.db import retry_at, session_scope
from store.models import MailboxState, RawMessage, utcnow
from store.states import FINISHED_STATES, MessageState
from store.workers import SOLO, Claimant, claimable

_KEY_CHUNK = 500


@dataclass(frozen=True)
class MessageKey:
    """Where a message sits in a mailbox: the idempotency key of `raw_message`."""

    mailbox: str
    folder: str
    uidvalidity: int
    uid: str


def header_message_id(raw: bytes) -> str | None:
    """The Message-ID header, read without parsing the body (None when there is none)."""
    try:
        value = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get("Message-ID")
    except (ValueError, TypeError, LookupError):
        return None
    text = " ".join(str(value).split()) if value else ""
    return text[:998] or None


def store_raw(engine: Engine, *, key: MessageKey, raw: bytes) -> tuple[int, bool]:
    """Commit the exact bytes under their key. Returns (row id, newly stored)."""
    row = RawMessage(
        mailbox=key.mailbox,
        folder=key.folder,
        uidvalidity=key.uidvalidity,
        uid=key.uid,
        message_id=header_message_id(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        size=len(raw),
    )
    try:
        with session_scope(engine) as session:
            session.add(row)
            session.flush()
            assert row.id is not None
            audit(session, "message_stored", message_row_id=row.id, size=row.size, sha=row.sha256[:12])
            return row.id, True
    except IntegrityError:
        with session_scope(engine) as session:
            existing = session.exec(select(RawMessage.id).where(*_key_clause(key))).one()
            assert existing is not None
            return existing, False


def _key_clause(key: MessageKey) -> tuple[ColumnElement[bool], ...]:
    return (
        col(RawMessage.mailbox) == key.mailbox,
        col(RawMessage.folder) == key.folder,
        col(RawMessage.uidvalidity) == key.uidvalidity,
        col(RawMessage.uid) == key.uid,
    )


def known_uids(
    session: Session, *, mailbox: str, folder: str, uidvalidity: int, uids: Sequence[str]
) -> set[str]:
    """Which of these UIDs are already stored for this folder and UIDVALIDITY."""
    found: set[str] = set()
    for start in range(0, len(uids), _KEY_CHUNK):
        chunk = list(uids[start : start + _KEY_CHUNK])
        query = select(RawMessage.uid).where(
            RawMessage.mailbox == mailbox,
            RawMessage.folder == folder,
            RawMessage.uidvalidity == uidvalidity,
            col(RawMessage.uid).in_(chunk),
        )
        found.update(session.exec(query).all())
    return found


class ClaimLost(RttError):
    """Another worker took the message over (this one was taken for dead): its work is dropped."""


def pending_ids(
    engine: Engine, *, now: datetime, limit: int = 1000, claimant: Claimant | None = None
) -> list[int]:
    """Messages to process now: new ones, and failed ones whose retry time has come; with a
    claimant, not those another live worker is processing."""
    with session_scope(engine) as session:
        query = (
            select(RawMessage.id)
            .where(
                or_(
                    col(RawMessage.state) == MessageState.IN_PROGRESS,
                    (col(RawMessage.state) == MessageState.FAILED)
                    & or_(col(RawMessage.next_attempt_at).is_(None), col(RawMessage.next_attempt_at) <= now),
                )
            )
            .order_by(col(RawMessage.id))
            .limit(limit)
        )
        if claimant is not None:
            query = query.where(claimable(col(RawMessage.claimed_by), claimant.id, claimant.cutoff()))
        return [i for i in session.exec(query).all() if i is not None]


def next_retry_at(engine: Engine) -> datetime | None:
    with session_scope(engine) as session:
        query = select(RawMessage.next_attempt_at).where(RawMessage.state == MessageState.FAILED)
        times = [t for t in session.exec(query.order_by(col(RawMessage.next_attempt_at)).limit(1)).all() if t]
        return times[0] if times else None


def claim(engine: Engine, *, row_id: int, max_attempts: int, claimant: Claimant = SOLO) -> bool:
    """Claim the message for this worker and count one more attempt before processing, so a
    message that kills the process cannot loop forever. False when another live worker has it,
    it is finished, or the attempts are used up (it now waits for an officer).

    One conditional UPDATE decides between workers: nobody's, ours, or a dead worker's."""
    with session_scope(engine) as session:
        taken = session.execute(
            update(RawMessage)
            .where(
                col(RawMessage.id) == row_id,
                col(RawMessage.state).not_in(FINISHED_STATES),
                claimable(col(RawMessage.claimed_by), claimant.id, claimant.cutoff()),
            )
            .values(claimed_by=claimant.id)
        )
        if not taken.rowcount:  # type: ignore[attr-defined]
            return False
        row = session.get(RawMessage, row_id)
        if row is None:
            return False
        if row.attempts >= max_attempts:
            _to_officer(session, row, row.error or "processing never finished (the process stopped)")
            return False
        row.attempts += 1
        return True


def record_failure(
    engine: Engine, *, row_id: int, reason: str, max_attempts: int, retry_seconds: float,
    permanent: bool = False,
) -> str:
    """After an error: retry later with backoff, or, when tries are used up, wait for an officer."""
    with session_scope(engine) as session:
        row = session.get(RawMessage, row_id)
        assert row is not None
        row.error = reason[:1000]
        row.claimed_by = None
        if permanent or row.attempts >= max_attempts:
            _to_officer(session, row, reason)
        else:
            row.state = MessageState.FAILED
            row.next_attempt_at = retry_at(row.attempts, retry_seconds, retry_seconds * 16)
            audit(session, "message_failed", message_row_id=row.id, attempts=row.attempts)
        return row.state


def owned_row(session: Session, *, row_id: int, claimant: Claimant) -> RawMessage:
    """The message's row, locked for this transaction (PostgreSQL; SQLite writes one at a time),
    if this worker still holds its claim; else ClaimLost (another worker took it over)."""
    row = session.get(RawMessage, row_id, with_for_update=True, populate_existing=True)
    if row is None or row.claimed_by != claimant.id or row.state in FINISHED_STATES:
        raise ClaimLost(f"message id={row_id} was taken over by another worker")
    return row


def _to_officer(session: Session, row: RawMessage, reason: str) -> None:
    row.state = MessageState.NEEDS_OFFICER
    row.error = reason[:1000]
    case = case_for_failed_message(session, row=row, reason=reason)
    row.case_id = case.id
    audit(session, "message_needs_officer", message_row_id=row.id, case_id=case.id, attempts=row.attempts)


def find_duplicate(session: Session, row: RawMessage) -> RawMessage | None:
    """An earlier copy of the same message: the same bytes, or the same Message-ID in the
    same mailbox (a UIDVALIDITY reset, a message copied twice, a resend through another route)."""
    same = or_(col(RawMessage.sha256) == row.sha256, _same_message_id(row))
    query = (
        select(RawMessage)
        .where(same, col(RawMessage.id) < row.id, RawMessage.state != MessageState.DUPLICATE)
        .order_by(col(RawMessage.id))
        .limit(1)
    )
    return session.exec(query).first()


def _same_message_id(row: RawMessage) -> ColumnElement[bool]:
    if not row.message_id:
        return false()
    return (col(RawMessage.message_id) == row.message_id) & (col(RawMessage.mailbox) == row.mailbox)


def unfinished_mailbox_actions(
    session: Session, *, mailbox: str, folder: str, uidvalidity: int, ids: Sequence[int] | None = None
) -> list[tuple[int, str]]:
    """(row id, UID) of finished messages still in the watched folder. `ids` limits the look to
    those rows: without it every stored message is read (SQLite walks each one's bytes to reach
    its state), so the daemon does that only when it (re)connects."""
    query = select(RawMessage.id, RawMessage.uid).where(
        col(RawMessage.mailbox) == mailbox,
        col(RawMessage.folder) == folder,
        col(RawMessage.uidvalidity) == uidvalidity,
        col(RawMessage.state).in_(FINISHED_STATES),
        col(RawMessage.mailbox_action_done).is_(False),
    )
    if ids is not None:
        query = query.where(col(RawMessage.id).in_(list(ids)))
    return [(i, uid) for i, uid in session.exec(query.order_by(col(RawMessage.id))).all() if i is not None]


def unmoved_exists(session: Session, *, mailbox: str, folder: str, uidvalidity: int) -> bool:
    """Whether a message of this folder is stored but not yet moved out of it (being processed,
    or done and waiting to be moved). Failed messages waiting for their retry do not count."""
    query = select(RawMessage.id).where(
        col(RawMessage.mailbox) == mailbox,
        col(RawMessage.folder) == folder,
        col(RawMessage.uidvalidity) == uidvalidity,
        col(RawMessage.state).in_((MessageState.IN_PROGRESS, *FINISHED_STATES)),
        col(RawMessage.mailbox_action_done).is_(False),
    )
    return session.exec(query.limit(1)).first() is not None


def mark_mailbox_done(engine: Engine, row_ids: Iterable[int]) -> None:
    ids = list(row_ids)
    if not ids:
        return
    with session_scope(engine) as session:
        for row in session.exec(select(RawMessage).where(col(RawMessage.id).in_(ids))).all():
            row.mailbox_action_done = True
        audit(session, "mailbox_moved", count=len(ids), first=ids[0])


def note_uidvalidity(engine: Engine, *, mailbox: str, folder: str, uidvalidity: int) -> bool:
    """Remember the folder's UIDVALIDITY; True when it changed since last seen."""
    with session_scope(engine) as session:
        query = select(MailboxState).where(MailboxState.mailbox == mailbox, MailboxState.folder == folder)
        state = session.exec(query).first()
        if state is None:
            session.add(MailboxState(mailbox=mailbox, folder=folder, uidvalidity=uidvalidity))
            return False
        if state.uidvalidity == uidvalidity:
            return False
        audit(session, "uidvalidity_changed", folder=folder, old=state.uidvalidity, new=uidvalidity)
        state.uidvalidity = uidvalidity
        state.updated_at = utcnow()
        return True
