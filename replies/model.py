"""A reply, as rendered: pure data, ready for the outbox."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    to: tuple[str, ...]
    subject: str
    text: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    kind: str = "auto"
    """auto (the daemon's answer to a message), ack, followup (an officer's)."""


def tagged_subject(subject: str, reference: str | None) -> str:
    """The subject of mail about a case: the case's reference ends it in brackets (`[RTT-2026-000042]`),
    once; a subject that already names the case, or mail about no case, is left as it is. A reply
    from the school keeps the tag, so its answer joins the case (`store.cases`)."""
    if not reference or reference in subject:
        return subject
    return f"{subject} [{reference}]"
