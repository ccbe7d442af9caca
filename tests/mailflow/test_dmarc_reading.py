"""triage.reply_policy.dmarc_reason: only our own servers' Authentication-Results count (issue 8.4)."""

from __future__ import annotations

import pytest

from triage.reply_policy import dmarc_reason

OURS = ("mx.oxfordshire.gov.uk",)
DOMAIN = "school.oxon.sch.uk"


def ar(value: str) -> list[tuple[str, str]]:
    return [("authentication-results", value)]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (ar("mx.oxfordshire.gov.uk; dmarc=pass header.from=school.oxon.sch.uk"), None),
        (
            ar(
                "mx.oxfordshire.gov.uk; spf=pass smtp.mailfrom=school.oxon.sch.uk; dmarc=pass (p=none) "
                "header.from=school.oxon.sch.uk"
            ),
            None,
        ),
        (ar("mx.oxfordshire.gov.uk; dmarc=none header.from=school.oxon.sch.uk"), "DMARC none for the sender"),
        (ar("mx.oxfordshire.gov.uk; dmarc=fail header.from=school.oxon.sch.uk"), "DMARC fail for the sender"),
        (
            ar("mx.oxfordshire.gov.uk; dmarc=temperror header.from=school.oxon.sch.uk"),
            "DMARC temperror for the sender",
        ),
        (
            ar("mx.oxfordshire.gov.uk; dmarc=permerror header.from=school.oxon.sch.uk"),
            "DMARC permerror for the sender",
        ),
        ([], "no DMARC result from our mail servers"),
        (
            ar("mx.evil.example; dmarc=pass header.from=school.oxon.sch.uk"),
            "no DMARC result from our mail servers",
        ),
        (
            ar("mx.oxfordshire.gov.uk; dmarc=pass header.from=evil.example"),
            "DMARC passed for another domain than the sender's",
        ),
        (ar("mx.oxfordshire.gov.uk;;; garbage"), "no DMARC result from our mail servers"),
        (
            ar("mx.oxfordshire.gov.uk; dmarc=pass header.from=school.oxon.sch.uk")
            + ar("mx.oxfordshire.gov.uk; dmarc=fail header.from=school.oxon.sch.uk"),
            "DMARC fail for the sender",
        ),
    ],
)
def test_with_our_servers_named_only_their_pass_counts(
    headers: list[tuple[str, str]], reason: str | None
) -> None:
    assert dmarc_reason(headers, DOMAIN, OURS) == reason


def test_without_our_servers_named_a_fail_anywhere_still_holds() -> None:
    assert dmarc_reason(ar("anyone; dmarc=fail header.from=x"), DOMAIN, ()) == "DMARC failed for the sender"
    assert dmarc_reason([], DOMAIN, ()) is None
