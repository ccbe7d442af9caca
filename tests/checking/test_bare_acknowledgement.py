"""A professional outside the trusted domains who reports a breach (the NHS, the police, another
council) gets a bare acknowledgement that names no child, no school and no concern; a parent at a
webmail address, a school's own notification from such a domain, and a forged sender get nothing
by themselves (CONTRACT.md section 2: a breach report gets an acknowledgement to the reporter)."""

from __future__ import annotations

import dataclasses

import pytest

from checking.options import CheckOptions
from checking.pipeline import check_thread
from config.settings import Settings
from replies.model import ReplyKind
from tests.minimail import message
from triage.states import Kind

REPORT = (
    "Hello\n\nI'm a health visitor for Freddie Cox, 4, in Reception at Neithrop Green Primary. "
    "His mum says the school asks her to collect him at 11 every day. She was never given anything "
    "to sign and there isn't a written plan. Nobody can tell her when he'll be back to full days.\n\n"
    "Kind regards\nAlison Greaves\nHealth Visitor\n"
)
SUBJECT = "Freddie Cox collected at 11 each day"


@pytest.fixture(scope="module")
def options() -> CheckOptions:
    return Settings(ocr_enabled=False).check_options()  # type: ignore[call-arg]


def test_an_nhs_reporter_gets_an_acknowledgement_that_names_no_child(options: CheckOptions) -> None:
    outcome = check_thread([message(REPORT, SUBJECT, sender="alison.greaves1@nhs.net")], options)
    assert outcome.triage.kind == Kind.BREACH_REPORT
    reply = outcome.reply
    assert reply is not None and reply.kind is ReplyKind.BARE_ACK
    assert reply.to == ("alison.greaves1@nhs.net",)
    for named in ("Freddie", "Cox", "Neithrop", "sign", "written plan"):
        assert named not in reply.subject and named not in reply.text, named
    assert "concern" in reply.text


def test_a_trusted_reporter_still_gets_the_full_acknowledgement(options: CheckOptions) -> None:
    outcome = check_thread([message(REPORT, SUBJECT, sender="sw@oxfordshire.gov.uk")], options)
    assert outcome.reply is not None and outcome.reply.kind is ReplyKind.ACK
    assert "Freddie Cox" in outcome.reply.text


@pytest.mark.parametrize("sender", ["worried.parent@gmail.com", "noreply@nhs.net", "x@nhs.net.evil.example"])
def test_anyone_else_outside_the_trusted_domains_gets_nothing(options: CheckOptions, sender: str) -> None:
    outcome = check_thread([message(REPORT, SUBJECT, sender=sender)], options)
    assert outcome.triage.kind == Kind.BREACH_REPORT
    assert outcome.reply is None


def test_dmarc_fail_holds_even_the_bare_acknowledgement(options: CheckOptions) -> None:
    forged = message(REPORT, SUBJECT, sender="alison.greaves1@nhs.net")
    headers = (*forged.headers, ("authentication-results", "mx.example; dmarc=fail header.from=nhs.net"))
    outcome = check_thread([dataclasses.replace(forged, headers=headers)], options)
    assert outcome.reply is None


def test_a_notification_from_an_acknowledged_domain_is_not_answered(options: CheckOptions) -> None:
    plan = "Please find attached the reduced timetable plan for Sam Green, agreed at our meeting."
    outcome = check_thread([message(plan, "Reduced timetable", sender="head@school.sch.uk")], options)
    assert outcome.triage.kind != Kind.BREACH_REPORT
    assert outcome.reply is None


def test_the_setting_chooses_the_domains() -> None:
    narrow = Settings(ocr_enabled=False, acknowledged_sender_domains="").check_options()  # type: ignore[call-arg]
    outcome = check_thread([message(REPORT, SUBJECT, sender="alison.greaves1@nhs.net")], narrow)
    assert outcome.reply is None
