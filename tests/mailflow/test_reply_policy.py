"""The hard rules on who may get a reply (pure functions)."""

from __future__ import annotations

import pytest

from triage.reply_policy import (
    Verdict,
    acknowledgement_reason,
    automatic_reason,
    decide,
    dmarc_failed,
    domain_trusted,
    is_no_reply_address,
    recipient_veto,
)

TRUSTED = ("*.oxon.sch.uk", "oxfordshire.gov.uk")
OWN = "attendance@oxfordshire.gov.uk"


@pytest.mark.parametrize(
    ("address", "trusted"),
    [
        ("head@ashbrook.oxon.sch.uk", True),
        ("x@oxon.sch.uk", False),  # `*.` covers subdomains only
        ("officer@oxfordshire.gov.uk", True),
        ("someone@evil-oxfordshire.gov.uk", False),
        ("parent@gmail.com", False),
        ("nobody", False),
    ],
)
def test_trusted_domains(address: str, trusted: bool) -> None:
    assert domain_trusted(address, TRUSTED) is trusted


@pytest.mark.parametrize(
    "address",
    ["noreply@x.org", "no-reply@x.org", "do_not_reply@x.org", "MAILER-DAEMON@x.org", "postmaster@x.org"],
)
def test_no_reply_addresses(address: str) -> None:
    assert is_no_reply_address(address)
    assert recipient_veto(address, OWN) == "a no-reply address"


def test_our_own_address_is_never_a_recipient() -> None:
    assert recipient_veto("Attendance@Oxfordshire.gov.uk", OWN) == "our own address"
    assert recipient_veto("head@school.oxon.sch.uk", OWN) is None


@pytest.mark.parametrize(
    ("headers", "content_type"),
    [
        ([("auto-submitted", "auto-replied")], "text/plain"),
        ([("x-autoreply", "yes")], "text/plain"),
        ([("precedence", "bulk")], "text/plain"),
        ([("list-id", "<staff.school.example>")], "text/plain"),
        ([], "multipart/report"),
        ([("return-path", "<>")], "text/plain"),
    ],
)
def test_automatic_mail_is_recognised(headers: list[tuple[str, str]], content_type: str) -> None:
    assert automatic_reason(headers, content_type)
    verdict = decide(headers, content_type, ["head@a.oxon.sch.uk"], OWN, TRUSTED, True).verdict
    assert verdict is Verdict.DROP


def test_a_person_is_answered() -> None:
    headers = [("auto-submitted", "no"), ("from", "head@a.oxon.sch.uk")]
    assert automatic_reason(headers) is None
    assert decide(headers, "text/plain", ["head@a.oxon.sch.uk"], OWN, TRUSTED, True).verdict is Verdict.SEND


def test_dmarc_failure_holds_the_reply_for_an_officer() -> None:
    headers = [("authentication-results", "mx.oxfordshire.gov.uk; spf=pass; dkim=none; dmarc=fail (p=none)")]
    assert dmarc_failed(headers)
    decision = decide(headers, "text/plain", ["head@a.oxon.sch.uk"], OWN, TRUSTED, True)
    assert decision.verdict is Verdict.HOLD and "DMARC" in (decision.reason or "")


def test_untrusted_sender_is_held_unless_triage_trusts_it() -> None:
    untrusted = decide([], "text/plain", ["parent@gmail.com"], OWN, TRUSTED, False)
    assert untrusted.verdict is Verdict.HOLD
    assert decide([], "text/plain", ["parent@gmail.com"], OWN, TRUSTED, True).verdict is Verdict.SEND


def test_only_unusable_recipients_means_no_reply() -> None:
    assert decide([], "text/plain", [OWN, "noreply@x.org"], OWN, TRUSTED, True).verdict is Verdict.DROP


ACKNOWLEDGED = ("nhs.net", "*.nhs.uk", "*.police.uk", "*.gov.uk", "*.sch.uk")


@pytest.mark.parametrize(
    ("sender", "headers", "reason"),
    [
        ("hv.team@nhs.net", [], None),
        ("pc.lowe@thamesvalley.police.uk", [], None),
        ("sw@bucks.gov.uk", [], None),
        ("someone@nhs.net.evil.example", [], "sender outside the acknowledged domains"),
        ("parent@gmail.com", [], "sender outside the acknowledged domains"),
        ("noreply@nhs.net", [], "a no-reply address"),
        (None, [], "unknown sender: the From header is not one plain address"),
        ("hv.team@nhs.net", [("authentication-results", "mx.x; dmarc=fail header.from=nhs.net")],
         "DMARC failed for the sender"),
    ],
)
def test_who_gets_a_bare_acknowledgement(
    sender: str | None, headers: list[tuple[str, str]], reason: str | None
) -> None:
    assert acknowledgement_reason(sender, headers, ACKNOWLEDGED, ()) == reason


def test_a_bare_acknowledgement_needs_our_servers_dmarc_pass_once_they_are_configured() -> None:
    ours = ("mx.oxfordshire.gov.uk",)
    passed = [("authentication-results", "mx.oxfordshire.gov.uk; dmarc=pass header.from=nhs.net")]
    assert acknowledgement_reason("hv@nhs.net", passed, ACKNOWLEDGED, ours) is None
    unseen = acknowledgement_reason("hv@nhs.net", [], ACKNOWLEDGED, ours)
    assert unseen == "no DMARC result from our mail servers"
