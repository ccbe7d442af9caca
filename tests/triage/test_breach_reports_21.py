"""Breach reports from blind set 21's tuning part (issue 9, kind 7): professionals of the voluntary
sector (a young carers' worker, a counsellor from a charity); 'nobody has talked to the family about an
Early Help Assessment'; 'no outside support for the family' is no concern about support in school;
'asked whether anyone had assessed the risks ..., I was told nothing formal had been done'; 'nothing
about what would count as success'; 'nobody seems to own it', 'each thought it was the other'; 'the
meeting where it was agreed' says nothing of a professional's agreement."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.triage.test_breach_reports import concerns_of, report
from triage.breach import voice
from triage.classify import classify

_START = "Sam has been in school for mornings only since the start of term. "


@pytest.mark.parametrize(
    "role", ["Young Carers Support Worker", "School Counsellor", "Youth Counsellor", "Outreach Worker"]
)
def test_a_professional_of_the_voluntary_sector_reports_a_breach(role: str) -> None:
    body = _START + "There was no meeting with his dad about it, and nothing has been put in place alongside."
    messages = [report(body, role, sender="worker@charity.org.uk")]
    assert classify(messages, extract_facts(messages)) == "breach_report"
    assert voice(messages[0]).role is not None


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        (
            "Nobody has talked to the family about an Early Help Assessment.",
            "early_help_assessment_considered",
        ),
        ("No one has spoken with his mum about early help support.", "early_help_assessment_considered"),
        (
            "When I asked the deputy head whether anyone had assessed the risks of him being out every "
            "afternoon, I was told nothing formal had been done.",
            "risk_assessment",
        ),
        ("The plan says nothing about what would count as success.", "exit_strategy"),
        ("Nobody seems to own it.", "named_person"),
        (
            "When I asked who was responsible for the plan, the pastoral team and the SENCo each thought "
            "it was the other.",
            "named_person",
        ),
    ],
)
def test_a_concern_in_ordinary_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Young Carers Support Worker")


def test_no_outside_support_for_the_family_is_no_concern_about_support_in_school() -> None:
    sentence = "No outside support for the family or for Sam has been considered."
    found = concerns_of(_START + sentence, role="Young Carers Support Worker")
    assert "supportive_interventions" not in found
    assert "external_support_considered" in found


def test_the_meeting_where_it_was_agreed_is_no_concern_about_agreement() -> None:
    sentence = "Sam has an EHC plan, but nobody from the SEN team was at the meeting where it was agreed."
    found = concerns_of(_START + sentence, role="Educational Psychologist")
    assert "meeting_professionals" in found
    assert "professional_agreement" not in found


def test_risks_asked_about_and_assessed_are_no_concern() -> None:
    sentence = "When I asked whether anyone had assessed the risks, I was told the DSL had done a full one."
    assert "risk_assessment" not in concerns_of(_START + sentence, role="Police Officer")
