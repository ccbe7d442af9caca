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

from checking.options import CheckOptions
from parsers.extract import extract_facts
from parsers.mail import parse_message
from parsers.model import ParsedMessage
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
    return check_thread([parse_message(raw, options.limits)], options, today)


def check_thread(
    messages: Sequence[ParsedMessage], options: CheckOptions, today: date | None = None
) -> CheckOutcome:
    """Judge a case on every message received so far (oldest first); answer the newest."""
    newest = messages[-1]
    facts = extract_facts(messages)
    triage = judge(
        messages,
        facts,
        options.trusted_domains,
        options.from_address,
        options.guidance,
        authserv_ids=options.authserv_ids,
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
