"""Processing one stored message: judge it (with its case's earlier messages), open or
update the case, and queue the reply, all in one transaction with the message's `done`.

The message's bytes were committed before this runs; a crash anywhere here leaves it
`in_progress` (or `failed`) and it is processed again, and the reply's idempotency key
('auto:<row id>') makes a second reply impossible.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from checking.corrections import Overrides
from checking.pipeline import CheckOutcome, acknowledgement_only, check_thread, unlock_thread
from config.settings import Settings
from intake.casework import apply_triage, hold_for_officer, new_case, record_message
from parsers.errors import MessageTooLarge, MessageUnreadable
from parsers.limits import Limits
from parsers.mail import parse_message
from parsers.model import ParsedMessage
from replies.mime import build_mime, new_message_id
from replies.model import ReplyKind, tagged_subject
from store import outbox
from store.audit import audit
from store.cases import (
    latest_case_of,
    new_reference,
    participants,
    recent_from_sender,
    thread_case,
    thread_rows,
)
from store.corrections import overrides_for
from store.db import session_scope
from store.messages import ClaimLost, claim, find_duplicate, owned_row, record_failure
from store.models import Case, OutboundReply, RawMessage
from store.snapshots import load_snapshot, save_snapshot, worth_keeping
from store.states import MessageState, ReplyStatus
from store.trusted_domains import stored_domains
from store.workers import SOLO, Claimant
from triage import reply_policy
from triage.states import Kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    state: str
    case_id: int | None = None
    reply: str | None = None
    """queued, held, dropped, or None when there is none."""


@dataclass(frozen=True)
class _Thread:
    """What the store knows about the message's thread, read before the judging."""

    case_id: int | None
    reference: str
    earlier: tuple[bytes, ...]
    earlier_parsed: tuple[ParsedMessage | None, ...] = ()
    """The earlier messages' stored snapshots (None where there is none of this readers'
    version: that message is read again from its bytes, and its snapshot stored)."""
    refused_case: str | None = None
    """The reference of a case the message points at but may not join: its sender is not on
    that case. The message opens its own case for an officer and is told nothing of the other."""
    flood: int = 0
    """Messages from this sender in the flood window, when past the threshold: the message
    joins the sender's latest case, unanswered, for an officer."""
    overrides: Overrides | None = None
    """What officers set on the case (corrected facts, a message's kind): kept over this reading."""


def process_message(engine: Engine, settings: Settings, row_id: int, claimant: Claimant = SOLO) -> Result:
    """Process one stored message; never raises for a bad message (it is recorded instead).
    `claimant`: the worker; the message is skipped when another live worker has it, and its
    results are dropped when another worker took it over meanwhile (this one was taken for dead)."""
    if not claim(engine, row_id=row_id, max_attempts=settings.message_max_attempts, claimant=claimant):
        return Result(state="skipped")
    try:
        result = _handle(engine, row_id, settings, claimant)
    except ClaimLost:
        log.warning("message id=%d taken over by another worker: this worker's result dropped", row_id)
        return Result(state="skipped")
    except MessageTooLarge as exc:
        return _failed(engine, settings, row_id, f"too large: {exc}", permanent=True)
    except MessageUnreadable as exc:
        return _failed(engine, settings, row_id, f"not an email message: {exc}", permanent=True)
    except Exception as exc:  # one bad message never stops the daemon
        log.debug("message id=%d failed", row_id, exc_info=True)
        return _failed(engine, settings, row_id, f"{type(exc).__name__}: {exc}"[:500])
    log.info("message id=%d %s case=%s reply=%s", row_id, result.state, result.case_id, result.reply)
    return result


def _failed(engine: Engine, settings: Settings, row_id: int, reason: str, permanent: bool = False) -> Result:
    state = record_failure(
        engine, row_id=row_id, reason=reason, max_attempts=settings.message_max_attempts,
        retry_seconds=settings.message_retry_seconds, permanent=permanent,
    )
    log.warning("message id=%d %s: %s", row_id, state, reason.split(":")[0])
    return Result(state=state)


def _handle(engine: Engine, row_id: int, settings: Settings, claimant: Claimant) -> Result:
    """Read, then parse and judge with no transaction open (parsing can take seconds, and
    on SQLite a transaction would keep the web queue from writing), then write in one
    short transaction."""
    raw = _raw_unless_duplicate(engine, row_id, claimant)
    if raw is None:
        return Result(state=MessageState.DUPLICATE)
    settings = _trusting_stored_domains(engine, settings)
    parsed = _read_once(engine, raw, settings)
    thread = _read_thread(engine, row_id, parsed, settings)
    if thread.case_id is not None and thread.flood:
        return _link_flood(engine, row_id, parsed, thread, claimant)
    if thread.case_id is not None and reply_policy.automatic_reason(parsed.headers, parsed.content_type):
        return _link_auto_reply(engine, row_id, parsed, thread.case_id, claimant)
    options = settings.check_options(case_reference=thread.reference)
    earlier = _earlier_messages(engine, thread, options.limits)
    messages = unlock_thread([*thread.earlier, raw], [*earlier, parsed], options.limits)
    parsed = messages[-1]
    outcome = check_thread(messages, options, overrides=thread.overrides)
    if thread.refused_case is not None:
        outcome = acknowledgement_only(outcome, options)
    with session_scope(engine) as session:
        row = owned_row(session, row_id=row_id, claimant=claimant)
        record_message(session, row, parsed)
        row.kind = outcome.triage.kind
        case = session.get(Case, thread.case_id) if thread.case_id is not None else None
        if outcome.triage.kind == Kind.AUTO_REPLY:  # never judged onto a case, never answered
            row.state, row.case_id = MessageState.DONE, case.id if case else None
            audit(session, "message_processed", message_row_id=row.id, case_id=row.case_id, kind=row.kind)
            return Result(state=MessageState.DONE, case_id=row.case_id)
        return _finish(session, row, parsed, case, outcome, settings, thread)


def _trusting_stored_domains(engine: Engine, settings: Settings) -> Settings:
    """The settings with the trusted domains admins keep in the browser added (issue 14)."""
    with session_scope(engine) as session:
        return settings.with_trusted_domains(stored_domains(session))


def _raw_unless_duplicate(engine: Engine, row_id: int, claimant: Claimant) -> bytes | None:
    """The message's bytes; None when it is a copy of one already stored (then marked so)."""
    with session_scope(engine) as session:
        row = owned_row(session, row_id=row_id, claimant=claimant)
        duplicate = find_duplicate(session, row)
        if duplicate is None:
            return row.raw
        row.state, row.duplicate_of, row.case_id = MessageState.DUPLICATE, duplicate.id, duplicate.case_id
        audit(session, "message_duplicate", message_row_id=row.id, original=duplicate.id)
        return None


def _read_thread(engine: Engine, row_id: int, parsed: ParsedMessage, settings: Settings) -> _Thread:
    with session_scope(engine) as session:
        row = session.get(RawMessage, row_id)
        assert row is not None
        sender = parsed.from_.email if parsed.from_ else None
        case = thread_case(session, message_ids=[*parsed.references, parsed.in_reply_to or ""],
                           subject=parsed.subject)
        if case is None or case.id is None:
            return _flood_case(session, row, sender, settings) or _Thread(
                None, new_reference(session, row), ()
            )
        if sender is None or sender not in participants(session, case.id):
            return _Thread(None, new_reference(session, row), (), refused_case=case.reference)
        rows = thread_rows(session, case_id=case.id, before_id=row_id)
        snapshots = tuple(load_snapshot(session, sha256=_sha256(r.raw)) for r in rows)
        overrides = overrides_for(session, case.id)
        return _Thread(case.id, case.reference, tuple(r.raw for r in rows), snapshots, overrides=overrides)


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _read_once(engine: Engine, raw: bytes, settings: Settings) -> ParsedMessage:
    """The message parsed: from its snapshot where one of this readers' version is stored,
    else read from its bytes (no transaction open) and its snapshot stored."""
    sha = _sha256(raw)
    with session_scope(engine) as session:
        parsed = load_snapshot(session, sha256=sha)
    if parsed is not None:
        return parsed
    parsed = parse_message(raw, settings.check_options().limits)
    _keep(engine, [(sha, parsed)])
    return parsed


def _earlier_messages(engine: Engine, thread: _Thread, limits: Limits) -> list[ParsedMessage]:
    """The thread's earlier messages from their snapshots; one without is read again."""
    out: list[ParsedMessage] = []
    fresh: list[tuple[str, ParsedMessage]] = []
    for raw, snapshot in zip(thread.earlier, thread.earlier_parsed, strict=True):
        if snapshot is None:
            snapshot = parse_message(raw, limits)
            fresh.append((_sha256(raw), snapshot))
        out.append(snapshot)
    _keep(engine, fresh)
    return out


def _keep(engine: Engine, parsed: list[tuple[str, ParsedMessage]]) -> None:
    """Store the snapshots worth keeping: not one with a file that failed to be read for a
    reason other than a password (a time limit or a crash may not happen again)."""
    kept = [(sha, m) for sha, m in parsed if worth_keeping(m)]
    if not kept:
        return
    with session_scope(engine) as session:
        for sha, m in kept:
            save_snapshot(session, sha256=sha, parsed=m)


def _flood_case(session: Session, row: RawMessage, sender: str | None, settings: Settings) -> _Thread | None:
    """A sender past the flood threshold: the message joins their latest case, for an officer."""
    if sender is None:
        return None
    since = row.received_at - timedelta(minutes=settings.sender_flood_window_minutes)
    count = recent_from_sender(session, sender=sender, since=since, other_than=row.id)
    if count < settings.sender_flood_threshold:
        return None
    case = latest_case_of(session, sender=sender, since=since)
    if case is None or case.id is None:
        return None
    return _Thread(case.id, case.reference, (), flood=count + 1)


def _link_flood(
    engine: Engine, row_id: int, parsed: ParsedMessage, thread: _Thread, claimant: Claimant
) -> Result:
    """One more message from a flooding sender: kept on their case, not judged, not answered."""
    with session_scope(engine) as session:
        row = owned_row(session, row_id=row_id, claimant=claimant)
        case = session.get(Case, thread.case_id)
        assert case is not None
        record_message(session, row, parsed)
        row.state, row.case_id, row.kind = MessageState.DONE, case.id, Kind.OTHER
        hold_for_officer(
            case, f"{thread.flood} messages from one sender in a short time: grouped, not answered"
        )
        audit(session, "message_grouped", message_row_id=row.id, case_id=case.id, count=thread.flood)
    return Result(state=MessageState.DONE, case_id=thread.case_id)


def _link_auto_reply(
    engine: Engine, row_id: int, parsed: ParsedMessage, case_id: int, claimant: Claimant
) -> Result:
    """An auto-reply to our reply joins its case; it is never judged or answered."""
    with session_scope(engine) as session:
        row = owned_row(session, row_id=row_id, claimant=claimant)
        record_message(session, row, parsed)
        row.state, row.case_id, row.kind = MessageState.DONE, case_id, Kind.AUTO_REPLY
        audit(session, "message_linked", message_row_id=row.id, case_id=case_id, kind=Kind.AUTO_REPLY)
    return Result(state=MessageState.DONE, case_id=case_id)


def _finish(
    session: Session,
    row: RawMessage,
    parsed: ParsedMessage,
    case: Case | None,
    outcome: CheckOutcome,
    settings: Settings,
    thread: _Thread,
) -> Result:
    sender = parsed.from_.email if parsed.from_ else None
    if case is None:
        case = new_case(session, thread.reference, outcome.triage, sender)
        action = "case_opened"
        if thread.refused_case is not None:
            reason = f"points at case {thread.refused_case}, but its sender is not on that case"
            hold_for_officer(case, reason)
            audit(session, "case_join_refused", message_row_id=row.id, case_id=case.id)
    else:
        apply_triage(session, case, outcome.triage)
        action = "case_updated"
    row.case_id = case.id
    reply_state = _queue_reply(session, row, parsed, case, outcome, settings)
    row.state = MessageState.DONE
    audit(
        session,
        "message_processed",
        message_row_id=row.id,
        case_id=case.id,
        kind=row.kind,
        case_action=action,
        reply=reply_state,
        problems=len(outcome.triage.problems),
        open_items=len(outcome.triage.open_items),
    )
    return Result(state=MessageState.DONE, case_id=case.id, reply=reply_state)


def _queue_reply(
    session: Session,
    row: RawMessage,
    parsed: ParsedMessage,
    case: Case,
    outcome: CheckOutcome,
    settings: Settings,
) -> str | None:
    reply = outcome.reply
    if reply is None:
        _hold_if_unanswerable(case, parsed, outcome, settings)
        return None
    bare_ack = reply.kind is ReplyKind.BARE_ACK and outcome.triage.sender_acknowledged
    decision = reply_policy.decide(
        parsed.headers,
        parsed.content_type,
        reply.to,
        settings.from_address,
        settings.acknowledged_domains if bare_ack else settings.trusted_domains,
        outcome.triage.sender_trusted,
        settings.authserv_ids,
    )
    if decision.verdict is reply_policy.Verdict.DROP:
        audit(session, "reply_dropped", message_row_id=row.id, case_id=case.id, reason=decision.reason)
        return "dropped"
    held = decision.verdict is reply_policy.Verdict.HOLD
    if held:
        hold_for_officer(case, f"reply held: {decision.reason}")
    outbox.enqueue(
        session, _outbound(row, parsed, case, outcome, settings, decision.reason if held else None)
    )
    return ReplyStatus.HELD if held else ReplyStatus.QUEUED


def _hold_if_unanswerable(
    case: Case, parsed: ParsedMessage, outcome: CheckOutcome, settings: Settings
) -> None:
    """No reply was rendered: when that is because of who sent it, an officer decides."""
    sender = [parsed.from_.email] if parsed.from_ else []
    reason = reply_policy.officer_reason(
        parsed.headers, sender, settings.trusted_domains, outcome.triage.sender_trusted, settings.authserv_ids
    )
    if reason and not reply_policy.automatic_reason(parsed.headers, parsed.content_type):
        hold_for_officer(case, f"not answered: {reason}")


def _outbound(
    row: RawMessage,
    parsed: ParsedMessage,
    case: Case,
    outcome: CheckOutcome,
    settings: Settings,
    hold_reason: str | None,
) -> OutboundReply:
    reply = outcome.reply
    assert reply is not None
    in_reply_to = reply.in_reply_to or parsed.message_id
    refs = list(reply.references) or [*parsed.references, *([parsed.message_id] if parsed.message_id else [])]
    subject = tagged_subject(reply.subject, case.reference)
    message_id = new_message_id(settings.from_address)
    to = reply_policy.usable_recipients(reply.to, settings.from_address)
    mime = build_mime(
        from_address=settings.from_address,
        to=to,
        subject=subject,
        text=reply.text,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=" ".join(refs) or None,
    )
    return OutboundReply(
        idempotency_key=f"auto:{row.id}",
        case_id=case.id,
        in_reply_to_row=row.id,
        kind=reply.kind,
        to_addresses=to,
        subject=subject,
        body_text=reply.text,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=" ".join(refs) or None,
        mime=mime,
        status=ReplyStatus.HELD if hold_reason else ReplyStatus.QUEUED,
        hold_reason=hold_reason,
    )
