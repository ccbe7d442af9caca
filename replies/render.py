"""Render the reply a message gets. Pure: no sending here."""

from __future__ import annotations

from parsers.model import ParsedMessage
from replies.model import Reply
from triage.model import Triage


def render_reply(
    message: ParsedMessage, triage: Triage, own_address: str, case_reference: str | None
) -> Reply | None:
    if message.from_ is None:
        return None
    return Reply(to=(message.from_.email,), subject=f"Re: {message.subject}", text="Received.")
