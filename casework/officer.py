"""What an officer does to a case's reading, each judged again at once and audited:
correct a fact (and clear the correction), give a message another kind, re-read messages with
today's readers, merge two cases, move a message to another case.

Judging again is the daemon's own: the case's messages (from their snapshots, or read again),
`checking.pipeline.check_thread` with the officers' overrides, `casework.judgement.apply_triage`.
No reply is sent for a re-judgement: the officer writes to the school when they choose.
The caller owns the session (one transaction for the change, the judgement and the audit).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from casework.judgement import apply_triage, hold_for_officer, link_breach
from checking.contract import case_json
from checking.corrections import FIELDS, KINDS, CorrectionError, parse_value, read_value, value_text
from checking.options import CheckOptions
from checking.pipeline import check_thread, unlock_thread
from checking.stored_facts import facts_from_json
from parsers.errors import RttError
from parsers.mail import parse_message
from parsers.model import ParsedMessage
from parsers.snapshot import READERS_VERSION
from store.audit import audit
from store.cases import MERGED, add_participant, participants, thread_rows
from store.corrections import (
    clear_correction,
    corrections_of,
    move_corrections,
    overrides_for,
    set_correction,
)
from store.models import (
    AttachmentRecord,
    Case,
    CaseNote,
    OutboundReply,
    RawMessage,
    RequirementRecord,
    utcnow,
)
from store.snapshots import load_snapshot, replace_snapshot, save_snapshot, worth_keeping
from store.states import MessageState
from triage.model import Triage
from triage.states import CaseStatus, Kind

_ALL = 2**31 - 1
"""Above every row id (an INTEGER column): `thread_rows` before it is all the case's messages."""


class CaseworkError(RttError, ValueError):
    """The action cannot be done as asked (the message is safe to show an officer)."""


class NothingToJudge(CaseworkError):
    """The case has no message left that can be judged."""


@dataclass(frozen=True)
class Judged:
    """A case judged again: its kind, problems and priority before and after."""

    before: dict[str, Any]
    after: dict[str, Any]


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseworkError("no such case")
    return case


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _summary(case: Case) -> dict[str, Any]:
    return {"kind": case.kind, "priority": case.priority, "problems": sorted(case.problems or [])}


@dataclass
class _Reading:
    """The case's messages as read, by row id, and those read from their bytes just now."""

    parsed: dict[int, ParsedMessage] = dataclasses.field(default_factory=dict)
    fresh: list[tuple[RawMessage, ParsedMessage]] = dataclasses.field(default_factory=list)


def _judged_rows(session: Session, case_id: int) -> list[RawMessage]:
    rows = thread_rows(session, case_id=case_id, before_id=_ALL)
    return [r for r in rows if r.kind_override != Kind.AUTO_REPLY]


def _read(rows: Sequence[RawMessage], options: CheckOptions, again: set[int], reading: _Reading,
          session: Session) -> None:
    """Each message not yet read: from its snapshot, or (those in `again`, and those without
    one) from its bytes by today's readers. Writes nothing."""
    for row in rows:
        assert row.id is not None
        if row.id in reading.parsed:
            continue
        parsed = None if row.id in again else load_snapshot(session, sha256=_sha(row.raw))
        if parsed is None:
            parsed = parse_message(row.raw, options.limits)
            reading.fresh.append((row, parsed))
        reading.parsed[row.id] = parsed


def _store(session: Session, reading: _Reading, again: set[int]) -> None:
    """The snapshots of what was read from bytes (a re-read replaces the one kept), and a
    re-read message's attachment rows."""
    for row, parsed in reading.fresh:
        if worth_keeping(parsed):
            (replace_snapshot if row.id in again else save_snapshot)(
                session, sha256=_sha(row.raw), parsed=parsed
            )
        if row.id in again:
            _refresh_attachments(session, row, parsed)


def _refresh_attachments(session: Session, row: RawMessage, parsed: ParsedMessage) -> None:
    """The message's attachment rows as today's readers read them (pages, text, readable)."""
    query = select(AttachmentRecord).where(AttachmentRecord.message_row_id == row.id)
    stored = {(a.filename, a.sha256): a for a in session.exec(query).all()}
    for a in parsed.all_attachments():
        record = stored.get((a.filename, a.sha256))
        doc = a.document
        if record is None or doc is None:
            continue
        record.pages = len(doc.pages) or None
        record.text_chars, record.readable, record.error = doc.text_chars, doc.readable, doc.error
        session.add(record)


def judge_again(
    session: Session, case_id: int, options: CheckOptions, reread: Sequence[int] = (),
    change: Callable[[], object] | None = None,
) -> Judged:
    """Judge the case on its messages with the officers' overrides, as the daemon would; the
    messages in `reread` are read again from their bytes first. `change` (the officer's write)
    is made once the messages are read: reading can take seconds, and on SQLite a transaction
    that has written holds the database meanwhile. A closed case stays closed. NothingToJudge
    when the case is left with no message to judge."""
    case = _case(session, case_id)
    before, again, reading = _summary(case), set(reread), _Reading()
    _read(_judged_rows(session, case_id), options, again, reading, session)
    if change is not None:
        change()
    rows = _judged_rows(session, case_id)
    if not rows:
        raise NothingToJudge("the case has no message that can be judged")
    _read(rows, options, again, reading, session)  # a message the change brought in
    _store(session, reading, again)
    parsed = [reading.parsed[r.id] for r in rows if r.id is not None]
    messages = unlock_thread([r.raw for r in rows], parsed, options.limits)
    overrides = overrides_for(session, case_id)
    outcome = check_thread(messages, dataclasses.replace(options, case_reference=case.reference),
                           overrides=overrides)
    _write(session, case, outcome.triage, overrides.kind is not None)
    return Judged(before, _summary(case))


def _write(session: Session, case: Case, triage: Triage, kind_given: bool) -> None:
    kept = (case.status, case.outcome, case.closed_at) if case.status == CaseStatus.CLOSED else None
    apply_triage(session, case, triage)
    if kind_given:  # the officer's kind, even where the daemon would keep a more specific one
        case.kind = triage.kind
    if kept is not None:
        case.status, case.outcome, case.closed_at = kept
    if case.linked_case_id is None:
        link_breach(session, case)
    session.add(case)
    session.flush()


def correct_fact(
    session: Session, case_id: int, field: str, text: str, reason: str, officer: str, options: CheckOptions
) -> Judged:
    """Set the officer's value for one of the case's facts, with a reason; judged again."""
    if not reason.strip():
        raise CaseworkError("give a reason for the correction")
    value = parse_value(field, text)
    case = _case(session, case_id)
    before = _effective_text(case, field)
    replaced: list[object] = []
    judged = judge_again(session, case_id, options, change=lambda: replaced.append(
        set_correction(session, case_id=case_id, field=field, value=value, reason=reason.strip(),
                       officer=officer)))
    audit(session, "fact_corrected", case_id=case_id, actor=officer, field=field, before=before,
          after=value_text(field, value), reason=reason.strip(), was_corrected=replaced != [None],
          judged=judged.after, judged_before=judged.before)
    return judged


def clear_fact(
    session: Session, case_id: int, field: str, reason: str, officer: str, options: CheckOptions
) -> Judged:
    """Remove the officer's value: what the messages say counts again; judged again."""
    if field not in FIELDS:
        raise CorrectionError("no such field")
    case = _case(session, case_id)
    before = _effective_text(case, field)
    if field not in corrections_of(session, case_id):
        raise CaseworkError("that field has no correction to clear")
    judged = judge_again(
        session, case_id, options, change=lambda: clear_correction(session, case_id=case_id, field=field)
    )
    audit(session, "fact_correction_cleared", case_id=case_id, actor=officer, field=field, before=before,
          after=_effective_text(case, field), reason=reason.strip(), judged=judged.after,
          judged_before=judged.before)
    return judged


def _effective_text(case: Case, field: str) -> str:
    facts = facts_from_json(case.facts).case
    return value_text(field, read_value(case_json(facts), field)) if facts is not None else ""


def _message(session: Session, message_id: int) -> RawMessage:
    row = session.get(RawMessage, message_id)
    if row is None or row.state != MessageState.DONE or row.case_id is None:
        raise CaseworkError("no such message on a case (or it is still being read)")
    return row


def set_message_kind(
    session: Session, message_id: int, kind: str, reason: str, officer: str, options: CheckOptions
) -> Judged | None:
    """Give a message the kind the officer says it is; its case is judged again (None when an
    auto-reply leaves the case with nothing to judge)."""
    if kind not in KINDS:
        raise CaseworkError(f"a message's kind is one of: {', '.join(KINDS)}")
    if not reason.strip():
        raise CaseworkError("give a reason for the change")
    row = _message(session, message_id)
    assert row.case_id is not None
    before = row.kind

    def change() -> None:
        row.kind_override, row.kind = kind, kind
        session.add(row)
        session.flush()

    audit(session, "message_kind_changed", case_id=row.case_id, message_row_id=row.id, actor=officer,
          before=before, after=kind, reason=reason.strip())
    return _judge_or_hold(session, row.case_id, options, officer, change)


def reread(
    session: Session, case_id: int, message_ids: Sequence[int] | None, officer: str, options: CheckOptions
) -> Judged:
    """Read the case's messages (all, or those given) again with today's readers; judged again."""
    rows = [r for r in thread_rows(session, case_id=case_id, before_id=_ALL)]
    ids = [r.id for r in rows if r.id is not None and (message_ids is None or r.id in message_ids)]
    if not ids:
        raise CaseworkError("no message of this case to read again")
    judged = judge_again(session, case_id, options, reread=ids)
    audit(session, "messages_reread", case_id=case_id, actor=officer, messages=ids,
          readers_version=READERS_VERSION, judged=judged.after, judged_before=judged.before)
    return judged


def merge_cases(
    session: Session, source_id: int, target_id: int, reason: str, officer: str, options: CheckOptions
) -> Judged:
    """Move everything of one case (messages, replies, notes, people, corrections) into another,
    judge that one again, and close the first as merged into it (its reference then leads there)."""
    if source_id == target_id:
        raise CaseworkError("a case cannot be merged into itself")
    if not reason.strip():
        raise CaseworkError("give a reason for the merge")
    source, target = _case(session, source_id), _case(session, target_id)
    if source.outcome == MERGED or target.outcome == MERGED:
        raise CaseworkError("that case was already merged into another")
    moved = _move_all(session, source_id, target_id)
    for address in participants(session, source_id):
        add_participant(session, case_id=target_id, address=address, added_by=officer)
    move_corrections(session, from_case=source_id, to_case=target_id)
    for rec in session.exec(select(RequirementRecord).where(RequirementRecord.case_id == source_id)).all():
        session.delete(rec)
    for other in session.exec(select(Case).where(Case.linked_case_id == source_id)).all():
        other.linked_case_id = target_id if other.id != target_id else None
        session.add(other)
    source.status, source.outcome, source.closed_at = CaseStatus.CLOSED, MERGED, utcnow()
    source.linked_case_id, source.problems, source.updated_at = target_id, [], utcnow()
    session.add(source)
    session.flush()
    judged = judge_again(session, target_id, options)
    detail: dict[str, Any] = {"reason": reason.strip(), "messages": moved, "judged": judged.after}
    audit(session, "case_merged_into", case_id=source_id, actor=officer, into=target.reference, **detail)
    audit(session, "case_merged_from", case_id=target_id, actor=officer, source=source.reference, **detail)
    return judged


def _move_all(session: Session, source_id: int, target_id: int) -> int:
    moved = 0
    for model in (RawMessage, OutboundReply, CaseNote):
        query = select(model).where(col(model.case_id) == source_id)
        for row in session.exec(query).all():
            row.case_id = target_id
            session.add(row)
            moved += model is RawMessage
    session.flush()
    return moved


def move_message(
    session: Session, message_id: int, target_id: int, reason: str, officer: str, options: CheckOptions
) -> tuple[Judged, Judged | None]:
    """Move one message to another case; both are judged again (a case left with no message to
    judge waits for an officer). The sender is not put on the other case: an officer adds them."""
    if not reason.strip():
        raise CaseworkError("give a reason for the move")
    row = _message(session, message_id)
    source_id = row.case_id
    assert source_id is not None
    target = _case(session, target_id)
    if target.id == source_id:
        raise CaseworkError("the message is already on that case")
    if target.outcome == MERGED:
        raise CaseworkError("that case was merged into another: move the message there")

    def change() -> None:
        row.case_id = target_id
        session.add(row)
        session.flush()

    into = judge_again(session, target_id, options, change=change)
    source = _case(session, source_id)
    detail: dict[str, Any] = {"reason": reason.strip(), "from": source.reference, "to": target.reference}
    for action, on in (("message_moved_out", source_id), ("message_moved_in", target_id)):
        audit(session, action, case_id=on, message_row_id=row.id, actor=officer, **detail)
    return into, _judge_or_hold(session, source_id, options, officer)


def _judge_or_hold(
    session: Session, case_id: int, options: CheckOptions, officer: str,
    change: Callable[[], object] | None = None,
) -> Judged | None:
    """Judge the case again; one left with nothing to judge waits for an officer."""
    try:
        return judge_again(session, case_id, options, change=change)
    except NothingToJudge:
        pass
    case = _case(session, case_id)
    if case.status != CaseStatus.CLOSED:
        hold_for_officer(case, "no message left on this case to judge")
        session.add(case)
    audit(session, "case_left_without_messages", case_id=case_id, actor=officer)
    return None
