"""Breach wordings from blind set 13's tuning part (issue 9, kind 7): no one having weighed the
risk of exploitation is no risk assessment at all (two blind authors: the assessment and its
CSE/CDE part are both missing), a risk assessment denied from further off, a county line in the
singular, a professional not told of it has not agreed to it, 'for the time being' sets no end, a
conversation at the school gate is no meeting; and the child's name over a service's or a school's."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of


@pytest.mark.parametrize(
    "body",
    [
        "I do not believe anyone has looked at the risk of her being exploited while she is out of school.",
        "When I asked whether anyone had thought about the risk of him being exploited, the answer was no.",
    ],
)
def test_no_one_weighing_the_risk_of_exploitation_is_no_risk_assessment(body: str) -> None:
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body)


def test_a_risk_assessment_that_leaves_out_exploitation_still_exists() -> None:
    found = concerns_of("The risk assessment does not look at the risk of him being exploited.")
    assert "risk_assessment_cse_cde" in found and "risk_assessment" not in found


def test_a_risk_assessment_denied_from_further_off() -> None:
    body = (
        "We have intelligence that he is being drawn into a county line. Nobody at the school seems to "
        "have done any kind of risk assessment before cutting his hours."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body)


def test_a_professional_not_told_has_not_agreed() -> None:
    body = "As far as she knows the Virtual School has not been told."
    found = concerns_of(body, role="Supervising Social Worker")
    assert "professional_agreement" in found


def test_for_the_time_being_and_a_conversation_at_the_gate() -> None:
    body = (
        "The school asked her to collect him at lunchtime every day for the time being. "
        "There was only a conversation, which took place at the school gate."
    )
    assert {"full_time_within_6_weeks", "meeting_held"} <= concerns_of(body)


@pytest.mark.parametrize(
    "subject,body,name",
    [
        (
            "Youth Justice - Yusuf Haddad on half days",
            "Hello,\n\nI supervise Yusuf Haddad (Year 10, Temple Fields Academy) on his order.\n",
            "Yusuf Haddad",
        ),
        (
            "Elif - part-time hours?",
            "Hi,\n\nI'm the school nurse for Icknield Way. I saw Elif Öztürk (Year 8) at a drop-in today.\n",
            "Elif Öztürk",
        ),
    ],
)
def test_the_childs_name_over_a_services_or_a_schools(subject: str, body: str, name: str) -> None:
    facts = extract_facts([message(body, subject, sender="worker@oxfordshire.gov.uk")])
    assert facts.pupil.name == name
