"""The whole offline pipeline: bytes in, judgement and reply out. Pure: no store, no network.

`rtt check` and the daemon both call `check_message` (one message) or `check_thread`
(a case's messages judged together), so what `rtt check` prints is exactly what the
daemon would decide and send.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from checking.corrections import Overrides, apply_corrections
from checking.options import CheckOptions
from parsers.extract import extract_facts
from parsers.limits import Limits
from parsers.mail import parse_message
from parsers.model import ParsedMessage
from parsers.passwords import passwords_in
from replies.model import Reply
from replies.render import render_acknowledgement, render_reply
from triage.assessment import judge
from triage.model import Triage


@dataclass(frozen=True)
class CheckOutcome:
    message: ParsedMessage
    """The newest message (the one being answered)."""
    triage: Triage
    reply: Reply | None


def check_message(raw: bytes, options: CheckOptions, today: date | None = None) -> CheckOutcome:
    """Parse, extract, judge and render one message. Raises MessageUnreadable for non-mail."""
    parsed = parse_message(raw, options.limits)
    return check_thread(unlock_thread([raw], [parsed], options.limits), options, today)


def unlock_thread(
    raws: Sequence[bytes], parsed: Sequence[ParsedMessage], limits: Limits
) -> list[ParsedMessage]:
    """The thread's messages, those with password-protected files read again with every
    password the thread's mail gives (a school often sends the password in a second email)."""
    locked = [_has_locked_file(m) for m in parsed]
    if not any(locked):
        return list(parsed)
    passwords = tuple(dict.fromkeys(p for m in parsed for p in _passwords_given(m)))
    if not passwords:
        return list(parsed)
    opened = dataclasses.replace(limits, passwords=passwords, deadline=None)
    return [parse_message(r, opened) if lock else m for r, m, lock in zip(raws, parsed, locked, strict=True)]


def _has_locked_file(m: ParsedMessage) -> bool:
    return any(a.document is not None and a.document.encrypted for a in m.all_attachments())


def _passwords_given(m: ParsedMessage) -> tuple[str, ...]:
    texts = [m.body, *(f.body for f in m.forwarded)]
    return tuple(p for text in texts for p in passwords_in(text))


def check_thread(
    messages: Sequence[ParsedMessage],
    options: CheckOptions,
    today: date | None = None,
    overrides: Overrides | None = None,
) -> CheckOutcome:
    """Judge a case on every message received so far (oldest first); answer the newest.
    An officer's corrections and kind (`overrides`) are laid over what was read first."""
    newest = messages[-1]
    facts = extract_facts(messages)
    if overrides is not None:
        facts = apply_corrections(facts, overrides.facts)
    triage = judge(
        messages,
        facts,
        options.trusted_domains,
        options.from_address,
        options.guidance,
        authserv_ids=options.authserv_ids,
        kind=overrides.kind if overrides is not None else None,
        acknowledged_domains=options.acknowledged_domains,
    )
    reply = render_reply(newest, triage, options.from_address, options.case_reference, options.guidance)
    return CheckOutcome(message=newest, triage=triage, reply=reply)


def acknowledgement_only(outcome: CheckOutcome, options: CheckOptions) -> CheckOutcome:
    """The same judgement, answered with a bare acknowledgement that names no child: for a
    sender who points at a case they are not on."""
    reply = render_acknowledgement(
        outcome.message, outcome.triage, options.from_address, options.case_reference, options.guidance
    )
    return dataclasses.replace(outcome, reply=reply)
