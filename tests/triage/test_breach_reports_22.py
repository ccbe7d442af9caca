"""Breach reports from blind set 22's tuning part (issue 9, kind 7): a sports club's coach and welfare
officer reports; 'They' opening a sentence after a service is that service ('Our Virtual School knew
nothing about it. They were not invited ...'); 'does not know when that stops'; 'no-one has asked ...
what the risks are'; 'no dates for looking at it again'."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.triage.test_breach_reports import concerns_of, report
from triage.classify import classify

_START = "Sam has been in school for mornings only. "


@pytest.mark.parametrize("role", ["Coach and Club Welfare Officer", "Football Coach", "Welfare Officer"])
def test_a_sports_clubs_coach_or_welfare_officer_reports_a_breach(role: str) -> None:
    body = _START + "His nan says there was never a meeting about it and no one asked her to sign anything."
    messages = [report(body, role, sender="coach@club.org.uk")]
    assert classify(messages, extract_facts(messages)) == "breach_report"


def test_they_after_a_service_in_the_sentence_before_is_that_service() -> None:
    sentence = (
        "Sam is a child in our care. Our Virtual School knew nothing about it. They were not invited to any "
        "meeting about the reduced hours and have not been asked to agree to them."
    )
    found = concerns_of(_START + sentence, role="School Attendance Improvement Officer")
    assert {"meeting_professionals", "professional_agreement"} <= found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("He does not know when that stops.", "full_time_within_6_weeks"),
        (
            "His nan says no-one from school has ever asked her about where he is in the afternoons or what "
            "the risks are.",
            "risk_assessment",
        ),
        ("Mum says the plan she was given has no dates for looking at it again.", "review_schedule"),
    ],
)
def test_a_concern_in_ordinary_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Football Coach")
