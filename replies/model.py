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
