"""A reply, as rendered: pure data, ready for the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReplyKind(StrEnum):
    AUTO = "auto"
    """The daemon's answer to a notification."""
    ACK = "ack"
    """An acknowledgement to a trusted sender (it may name the child)."""
    BARE_ACK = "bare_ack"
    """An acknowledgement that names no child and no case: the one reply a professional outside
    the trusted domains gets by itself (`triage.reply_policy.acknowledgement_reason`)."""
    FOLLOWUP = "followup"
    """An officer's message."""


@dataclass(frozen=True)
class Reply:
    to: tuple[str, ...]
    subject: str
    text: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    kind: ReplyKind = ReplyKind.AUTO


def tagged_subject(subject: str, reference: str | None) -> str:
    """The subject of mail about a case: the case's reference ends it in brackets (`[RTT-2026-000042]`),
    once; a subject that already names the case, or mail about no case, is left as it is. A reply
    from the school keeps the tag, so its answer joins the case (`store.cases`)."""
    if not reference or reference in subject:
        return subject
    return f"{subject} [{reference}]"
