"""Parsed snapshots: a message is read once; its later judgings read the snapshot.

The caller owns the session (and its transaction); the codec is `parsers.snapshot`.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from parsers.model import ParsedMessage
from parsers.snapshot import READERS_VERSION, decode, encode
from store.models import ParsedSnapshot, RawMessage
from store.states import MessageState
from triage.states import Kind


def load_snapshot(session: Session, *, sha256: str, version: int = READERS_VERSION) -> ParsedMessage | None:
    """The parsed message stored for these bytes by this readers' version, or None (never
    read, or read by another version: then it is to be read again)."""
    query = select(ParsedSnapshot.snapshot).where(
        ParsedSnapshot.sha256 == sha256, ParsedSnapshot.readers_version == version
    )
    data = session.exec(query).first()
    return decode(data) if data is not None else None


def save_snapshot(
    session: Session, *, sha256: str, parsed: ParsedMessage, version: int = READERS_VERSION
) -> None:
    """Store the parsed form of these bytes once; a snapshot already there is kept."""
    exists = select(ParsedSnapshot.id).where(
        ParsedSnapshot.sha256 == sha256, ParsedSnapshot.readers_version == version
    )
    if session.exec(exists).first() is not None:
        return
    try:
        with session.begin_nested():
            session.add(ParsedSnapshot(sha256=sha256, readers_version=version, snapshot=encode(parsed)))
    except IntegrityError:  # another worker stored the same bytes' snapshot first
        pass


def replace_snapshot(
    session: Session, *, sha256: str, parsed: ParsedMessage, version: int = READERS_VERSION
) -> None:
    """Store these bytes' parsed form in place of the one kept (a re-read by today's readers)."""
    query = select(ParsedSnapshot).where(
        ParsedSnapshot.sha256 == sha256, ParsedSnapshot.readers_version == version
    )
    for old in session.exec(query).all():
        session.delete(old)
    session.flush()
    save_snapshot(session, sha256=sha256, parsed=parsed, version=version)


def worth_keeping(m: ParsedMessage) -> bool:
    """A snapshot is kept unless a file failed to be read for a reason other than a password
    (a time limit or a crash may not happen again)."""
    return all(
        a.document is None or a.document.readable or a.document.encrypted for a in m.all_attachments()
    )


def messages_to_reread(
    session: Session, *, version: int = READERS_VERSION, case_id: int | None = None, everything: bool = False
) -> dict[int, list[int]]:
    """The messages on cases to read again, by case id (oldest first): those whose snapshot was
    made by readers older than `version` (and none by `version`); with `everything`, every
    message. `case_id` keeps one case. Auto-replies (never judged) and removed messages are left."""
    query = select(RawMessage.case_id, RawMessage.id, RawMessage.sha256).where(
        col(RawMessage.case_id).is_not(None),
        RawMessage.state == MessageState.DONE,
        col(RawMessage.removed_at).is_(None),
        col(RawMessage.kind).is_distinct_from(Kind.AUTO_REPLY),
    )
    if case_id is not None:
        query = query.where(RawMessage.case_id == case_id)
    rows = session.exec(query.order_by(col(RawMessage.case_id), col(RawMessage.id))).all()
    stale = None if everything else _stale_hashes(session, version)
    found: dict[int, list[int]] = {}
    for case, message, sha256 in rows:
        if case is not None and message is not None and (stale is None or sha256 in stale):
            found.setdefault(case, []).append(message)
    return found


def _stale_hashes(session: Session, version: int) -> set[str]:
    """The bytes (by sha256) read by older readers and not yet by `version`."""
    sha256, made_by = col(ParsedSnapshot.sha256), col(ParsedSnapshot.readers_version)
    older = set(session.exec(select(sha256).where(made_by < version)))
    current = set(session.exec(select(sha256).where(made_by == version)))
    return older - current
