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


# -- classes blind set 22's sealed part showed, fixed after it was scored once (not blind) --------


@pytest.mark.parametrize("role", ["Hospital Play Specialist", "Probation Officer", "Nurse Specialist"])
def test_health_and_justice_professionals_report_a_breach(role: str) -> None:
    body = "Sam has been in school from 9 until 10 each morning for nine weeks. Nobody told mum when it ends."
    messages = [report(body, role, sender="someone@nhs.net")]
    assert classify(messages, extract_facts(messages)) == "breach_report"


def test_at_school_is_a_place_not_the_party_of_the_clause() -> None:
    sentence = (
        "Sam is on a child protection plan. The social worker was not at the meeting at school and has not "
        "agreed to the arrangement."
    )
    found = concerns_of(_START + sentence, role="Probation Officer")
    assert {"meeting_professionals", "professional_agreement"} <= found


def test_nobody_has_talked_about_when_it_will_be_looked_at_again() -> None:
    sentence = "She also says no-one has talked to her about when things will be looked at again."
    assert "review_schedule" in concerns_of(_START + sentence, role="Hospital Play Specialist")
