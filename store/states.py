"""The store's bookkeeping states as enums: a received message's processing state and an outbox
reply's delivery status. Each value is the string the column has always held (a `StrEnum` member
is that string), so the schema and the data are unchanged. A case's status, a message's kind and a
case's priority belong to the judging: `triage.states`."""

from __future__ import annotations

from enum import StrEnum


class MessageState(StrEnum):
    """`raw_message.state`."""

    IN_PROGRESS = "in_progress"
    DONE = "done"
    FAILED = "failed"
    """Will be tried again."""
    NEEDS_OFFICER = "needs_officer"
    """Its tries are used up: an officer looks at it."""
    DUPLICATE = "duplicate"


class ReplyStatus(StrEnum):
    """`outbound_reply.status`."""

    QUEUED = "queued"
    SENDING = "sending"
    """Handed to the server, not yet confirmed."""
    SENT = "sent"
    FAILED = "failed"
    """Its retries are used up."""
    HELD = "held"
    """Waits for an officer (`hold_reason`)."""
    CANCELLED = "cancelled"
    """An officer cancelled a held reply."""


FINISHED_STATES: tuple[MessageState, ...] = (
    MessageState.DONE, MessageState.DUPLICATE, MessageState.NEEDS_OFFICER,
)
UNPROCESSED_STATES: tuple[MessageState, ...] = (MessageState.IN_PROGRESS, MessageState.FAILED)
DUE_STATES: tuple[ReplyStatus, ...] = (ReplyStatus.QUEUED, ReplyStatus.SENDING)
"""A reply the sender still has work on."""
