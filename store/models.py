"""The tables. One schema for SQLite and PostgreSQL; alembic migrations follow these models.

Children's data lives here: names and bodies are stored, never logged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, false, text, true
from sqlmodel import Field, SQLModel

from store.states import MessageState, ReplyStatus
from triage.states import CaseStatus, Priority


def utcnow() -> datetime:
    return datetime.now(UTC)


class RawMessage(SQLModel, table=True):
    """The exact bytes of every message received, stored before anything else happens."""

    __tablename__ = "raw_message"
    __table_args__ = (
        UniqueConstraint("mailbox", "folder", "uidvalidity", "uid", name="uq_raw_message_mailbox_uid"),
        # issue 15: what the mailbox's leader still has to move, found without walking every row
        Index("ix_raw_message_unmoved", "id", postgresql_where=text("NOT mailbox_action_done"),
              sqlite_where=text("mailbox_action_done = 0")),
    )

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=320)
    folder: str = Field(max_length=255)
    uidvalidity: int = Field(default=0, sa_type=BigInteger)
    """IMAP UIDVALIDITY is an unsigned 32-bit number: it needs a 64-bit column."""
    uid: str = Field(max_length=255)
    """The IMAP UID, or the Maildir key, as text."""
    message_id: str | None = Field(default=None, index=True, max_length=998)
    sha256: str = Field(index=True, max_length=64)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int = 0
    received_at: datetime = Field(default_factory=utcnow, index=True)
    state: str = Field(default=MessageState.IN_PROGRESS, index=True, max_length=32)
    """in_progress, done, failed (will be retried), needs_officer (retries used up), duplicate."""
    attempts: int = 0
    error: str | None = None
    kind: str | None = Field(default=None, max_length=32)
    from_address: str | None = Field(default=None, max_length=320)
    subject: str | None = None
    sent_date: datetime | None = None
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    duplicate_of: int | None = Field(default=None, foreign_key="raw_message.id")
    mailbox_action_done: bool = False
    """The mailbox side (move to the done folder, or Maildir cur/) has happened."""
    next_attempt_at: datetime | None = None
    """When a failed message is tried again (None: now)."""
    kind_override: str | None = Field(default=None, max_length=32)
    """The kind an officer gave the message (then it is judged as that, not as read)."""
    removed_at: datetime | None = None
    """Its content was removed (retention or erasure, issue 13): the row keeps only its id,
    dates, state and mailbox key, so the audit trail and the mailbox bookkeeping still hold."""
    claimed_by: str | None = Field(default=None, max_length=64)
    """The worker (`Worker.id`) processing it; a claim lapses when that worker stops beating."""


class AttachmentRecord(SQLModel, table=True):
    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    message_row_id: int = Field(foreign_key="raw_message.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    pages: int | None = None
    text_chars: int | None = None
    readable: bool = True
    error: str | None = None


class Case(SQLModel, table=True):
    __tablename__ = "case"
    # --- web queue (issue 4): two covering indexes (migration 0004). The queue walks
    # ix_case_queue_order in priority-then-age order and stops after a page; the counts per
    # state (with the dates that make a case overdue) read ix_case_queue_state alone.
    __table_args__ = (
        Index("ix_case_queue_order", "priority_rank", "created_at", "id", "status", "full_time_date",
              "next_review_date", "start_date"),
        Index("ix_case_queue_state", "status", "full_time_date", "next_review_date", "start_date"),
    )
    # --- end web queue

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=32)
    """What the reply's subject carries, e.g. RTT-2026-000042."""
    kind: str = Field(max_length=32, index=True)
    status: str = Field(default=CaseStatus.OPEN, max_length=32, index=True)
    """open, awaiting_school, needs_officer, closed."""
    priority: str = Field(default=Priority.NORMAL, max_length=16, index=True)
    priority_rank: int = Field(default=2, index=True)
    """0 urgent, 1 high, 2 normal, 3 low: for ordering."""
    school_name: str | None = Field(default=None, index=True)
    school_domain: str | None = Field(default=None, max_length=255, index=True)
    pupil_name: str | None = Field(default=None, index=True)
    pupil_key: str | None = Field(default=None, max_length=255, index=True)
    """Normalised pupil name (and date of birth where known) for linking breach reports."""
    pupil_dob: date | None = None
    start_date: date | None = None
    full_time_date: date | None = Field(default=None, index=True)
    next_review_date: date | None = None
    problems: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """The contract's `case` object (and `breach` for a report), as last judged."""
    linked_case_id: int | None = Field(default=None, foreign_key="case.id")
    assigned_to: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    outcome: str | None = Field(default=None, max_length=32)
    needs_officer_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    # --- reminders (issue 12): an officer may pause the reminders on a case (migration 0008)
    reminders_paused: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # --- end reminders
    # --- schools (issue 14): the case's school in the directory, by URN (migration 0015): matched
    # from the school's name or the sender's domain, or set by an officer (then kept)
    school_urn: str | None = Field(default=None, max_length=16, index=True)
    school_urn_set_by: str | None = Field(default=None, max_length=255)
    """'system' (matched), or the officer's username: an officer's choice is never re-matched."""
    # --- end schools


class CaseParticipant(SQLModel, table=True):
    """An address that may be told a case's facts: the one that opened it, or one an officer
    added. A message joins a case only when its sender is here (`store.cases`)."""

    __tablename__ = "case_participant"
    __table_args__ = (UniqueConstraint("case_id", "address", name="uq_case_participant"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    address: str = Field(max_length=320, index=True)
    """Canonical, lower case (`parsers.address`)."""
    added_by: str = Field(default="system", max_length=255)
    """'system' (the sender that opened the case), or the officer's username."""
    added_at: datetime = Field(default_factory=utcnow)


class RequirementRecord(SQLModel, table=True):
    __tablename__ = "requirement_result"
    __table_args__ = (UniqueConstraint("case_id", "requirement_id", name="uq_requirement_case"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    requirement_id: str = Field(max_length=64)
    status: str = Field(max_length=16)
    evidence: str | None = None
    where: str | None = Field(default=None, max_length=512)
    override_status: str | None = Field(default=None, max_length=16)
    override_reason: str | None = None
    override_by: int | None = Field(default=None, foreign_key="app_user.id")
    override_at: datetime | None = None


class OutboundReply(SQLModel, table=True):
    """The outbox: every reply the product means to send, with its delivery state."""

    __tablename__ = "outbound_reply"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True, max_length=255)
    """One reply per cause: 'auto:<raw_message.id>' or 'followup:<uuid>'."""
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    in_reply_to_row: int | None = Field(default=None, foreign_key="raw_message.id")
    kind: str = Field(default="auto", max_length=32)
    to_addresses: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str
    body_text: str
    message_id: str = Field(max_length=998, index=True)
    in_reply_to: str | None = None
    references: str | None = None
    mime: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    recipient: str | None = Field(default=None, max_length=320, index=True)
    """The first address of `to_addresses`, lower case: for the per-recipient rate limit."""
    status: str = Field(default=ReplyStatus.QUEUED, max_length=16, index=True)
    """queued, sending (handed to the server, not yet confirmed), sent, failed (retries used up),
    held (waits for an officer: see `hold_reason`)."""
    hold_reason: str | None = None
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    approved_by: int | None = Field(default=None, foreign_key="app_user.id")
    """The officer who released a held reply: the sending edge then accepts a recipient outside
    the trusted domains (never one that is not a plain address)."""
    removed_at: datetime | None = None
    """Its content was removed (retention or erasure, issue 13): recipients, subject, body and
    MIME are gone; the row keeps its id, kind, state and dates."""
    claimed_by: str | None = Field(default=None, max_length=64)
    """The worker sending it (set with `sending`): no other worker sends it while that one beats."""


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(default="system", max_length=255)
    """'system', or the officer's username."""
    action: str = Field(max_length=64, index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    message_row_id: int | None = Field(default=None, foreign_key="raw_message.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_app_user_oidc"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=255)
    password_hash: str
    role: str = Field(default="officer", max_length=16)
    """officer or admin."""
    disabled: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # --- web queue (issue 4): logging out raises this; a session cookie carries the value it
    # was issued under, so every session of the user ends (a copied cookie too). Migration 0005.
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # --- end web queue
    # --- sign-in (issue 13): a local account's TOTP second factor (the secret counts once
    # confirmed by a code; the last time step used is refused again), whether an admin requires
    # it, and the OpenID Connect identity (issuer and subject) of a single sign-on user. 0010.
    totp_secret: str | None = Field(default=None, max_length=255)
    """Sealed (web.totp.SecretBox), never the plain secret."""
    totp_confirmed_at: datetime | None = None
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)
    totp_required: bool = False
    oidc_issuer: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, max_length=255)
    # --- end sign-in
    # --- officer alerts (issue 12): where an officer's alerts and daily digest go (set by an
    # admin or the officer), and whether each is wanted. Migration 0013.
    email: str | None = Field(default=None, max_length=320)
    alerts_enabled: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    digest_enabled: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    # --- end officer alerts


class RecoveryCode(SQLModel, table=True):
    """A single-use recovery code for a local account's second factor, stored as its SHA-256
    (the codes are random, 50 bits each): used once, then `used_at` is set."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class CaseNote(SQLModel, table=True):
    __tablename__ = "case_note"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    text: str
    created_at: datetime = Field(default_factory=utcnow)


class MailboxState(SQLModel, table=True):
    """Per watched folder: the UIDVALIDITY last seen, so a reset is noticed."""

    __tablename__ = "mailbox_state"
    __table_args__ = (UniqueConstraint("mailbox", "folder", name="uq_mailbox_state"),)

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=320)
    folder: str = Field(max_length=255)
    uidvalidity: int = Field(default=0, sa_type=BigInteger)
    last_uid: int = Field(default=0, sa_type=BigInteger)
    updated_at: datetime = Field(default_factory=utcnow)
    seen_at: datetime | None = None
    """When the worker watching it last reached it (for /healthz: issue 15)."""
    problem: str | None = Field(default=None, max_length=500)
    """Why it cannot be reached now (our own words, never a server's text); None when it can."""


class ParsedSnapshot(SQLModel, table=True):
    """A message's parsed form (`parsers.snapshot`), read once and judged on from then on:
    keyed by the raw bytes' sha256 and the readers' version that read them."""

    __tablename__ = "parsed_snapshot"
    __table_args__ = (
        UniqueConstraint("sha256", "readers_version", name="uq_parsed_snapshot_sha256_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64)
    readers_version: int
    snapshot: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    """zlib'd JSON; no attachment payloads and no passwords."""
    created_at: datetime = Field(default_factory=utcnow)


class LegalHold(SQLModel, table=True):
    """A legal hold on a case (issue 13): while it stands, neither the retention schedule nor an
    erasure removes anything from the case. Setting and lifting it are audited."""

    __tablename__ = "legal_hold"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", unique=True)
    reason: str
    set_by: str = Field(max_length=255)
    set_at: datetime = Field(default_factory=utcnow)


class Worker(SQLModel, table=True):
    """One `rtt run` process sharing the database: alive while its heartbeat is fresh. Its claims
    on messages and replies, and its leases, lapse when it stops beating (issue 15)."""

    __tablename__ = "worker"

    id: str = Field(primary_key=True, max_length=64)
    host: str = Field(max_length=255)
    pid: int
    started_at: datetime = Field(default_factory=utcnow)
    heartbeat_at: datetime = Field(default_factory=utcnow, index=True)


class Lease(SQLModel, table=True):
    """A job only one worker may do at a time (watching a mailbox and running the periodic jobs):
    held by a worker while that worker's heartbeat is fresh (issue 15)."""

    __tablename__ = "lease"

    name: str = Field(primary_key=True, max_length=400)
    holder: str = Field(max_length=64)
    acquired_at: datetime = Field(default_factory=utcnow)


class Reminder(SQLModel, table=True):
    """A reminder the scheduler sent (issue 12): one row per (case, kind, due date), made in the
    same transaction as its outbox row, so a reminder goes once whatever happens (a restart,
    kill -9, two daemons on one database: the second insert breaks the unique constraint)."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("case_id", "kind", "due", name="uq_reminder_case_kind_due"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str = Field(max_length=32)
    due: date
    queued_on: date
    """The scheduler's day when it was queued (RTT_REMINDERS_TODAY in tests)."""
    reply_id: int | None = Field(default=None, foreign_key="outbound_reply.id")
    """Its outbox row (idempotency key 'reminder:<case>:<kind>:<due>')."""
    created_at: datetime = Field(default_factory=utcnow)


class CaseCorrection(SQLModel, table=True):
    """An officer's value for one of a case's facts (`checking.corrections.FIELDS`): laid over
    what was read every time the case is judged, until an officer clears it (the audit keeps
    each change with the value before it)."""

    __tablename__ = "case_correction"
    __table_args__ = (UniqueConstraint("case_id", "field", name="uq_case_correction_field"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    field: str = Field(max_length=64)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(max_length=2000)
    set_by: str = Field(max_length=255)
    set_at: datetime = Field(default_factory=utcnow)


class SchoolRecord(SQLModel, table=True):
    """A school from the national register (Get Information about Schools' CSV): its URN, name,
    phase, local authority and status, and the email domains it writes from."""

    __tablename__ = "school"

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255, index=True)
    phase: str | None = Field(default=None, max_length=64)
    local_authority: str | None = Field(default=None, max_length=128)
    status: str | None = Field(default=None, max_length=64)
    email_domains: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class OfficerAlert(SQLModel, table=True):
    """An alert or a daily digest to an officer or the team (issue 12): one row per key
    ('breach:<case>', 'assigned:<audit event>:<user>', 'digest:<day>:<user id or team>'), made
    in the same transaction as its outbox row, so each goes once (a restart, two daemons)."""

    __tablename__ = "officer_alert"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=255)
    kind: str = Field(max_length=32)
    """breach, assigned or digest."""
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    """The officer written to; None: the team address."""
    day: date
    """The Europe/London day it was queued for."""
    reply_id: int | None = Field(default=None, foreign_key="outbound_reply.id")
    created_at: datetime = Field(default_factory=utcnow)


class LetterTemplate(SQLModel, table=True):
    """One saved version of an officers' letter template (issue 14; `web.followups.LETTERS`),
    edited by an admin in the browser. The newest version is used; none: the shipped file
    (version 0). Each save (and each restore) is a new row, so older versions stay."""

    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_letter_template_version"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: str = Field(max_length=64, index=True)
    version: int
    body: str
    saved_by: str = Field(max_length=255)
    saved_at: datetime = Field(default_factory=utcnow)
    restored_from: int | None = None
    """The version this one restores, when it was a restore."""


class TrustedDomain(SQLModel, table=True):
    """A sender domain an admin trusts (issue 14), on top of RTT_TRUSTED_SENDER_DOMAINS:
    'school.org.uk' or '*.school.org.uk'. Adding and removing are audited."""

    __tablename__ = "trusted_domain"

    id: int | None = Field(default=None, primary_key=True)
    domain: str = Field(unique=True, max_length=255)
    added_by: str = Field(max_length=255)
    added_at: datetime = Field(default_factory=utcnow)


class PupilMatch(SQLModel, table=True):
    """An officer's word on whether two cases are of one pupil (issue 14): 'same' or
    'different', for a pair the pupil history could only call possible. `case_a` < `case_b`."""

    __tablename__ = "pupil_match"
    __table_args__ = (UniqueConstraint("case_a", "case_b", name="uq_pupil_match_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    case_a: int = Field(foreign_key="case.id", index=True)
    case_b: int = Field(foreign_key="case.id", index=True)
    verdict: str = Field(max_length=16)
    decided_by: str = Field(max_length=255)
    decided_at: datetime = Field(default_factory=utcnow)
