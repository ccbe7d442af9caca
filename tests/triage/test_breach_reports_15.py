"""Breach reports from blind set 15's tuning part (issue 9, kind 7): an adviser from SENDIASS (the
SEND information, advice and support service), a housing support worker or a therapist writing
about a child's cut day is a professional reporting a breach, not a school notifying."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of, report
from triage.breach import breach_concerns, build_breach
from triage.classify import classify
from triage.states import Kind

BODY = (
    "Dear Attendance Team,\n\nI am a {role} supporting Mrs Mehta-Collins. Her son Arjun (Year 6, "
    "Kidlington Moorfield Primary) has an EHC plan and has been on three hours a day since 24 January.\n\n"
    "Mrs Mehta-Collins did sign a form, but she tells me she was handed it at the classroom door at "
    "pick-up - there was no meeting. She has also spoken to Arjun's SEN caseworker, who knew nothing "
    "about it and had not been asked to agree.\n\nCould you look into this please?\n\n"
    "Joanne Pettifer\n{role}\n"
)


@pytest.mark.parametrize(
    "role",
    ["SENDIASS adviser", "Information, Advice and Support Service adviser", "Housing Support Worker"],
)
def test_an_adviser_outside_the_school_reports_a_breach(role: str) -> None:
    msg = message(BODY.format(role=role), "Arjun - part-time timetable", sender="j.pettifer@example.org.uk")
    assert classify([msg], extract_facts([msg])) == Kind.BREACH_REPORT


FOSTERED = (
    "I am the supervising social worker for Mr and Mrs Penrose, who foster Michael Doyle-Hart, Year 10 at "
    "Banbury Cherwell Heights Academy. Michael is a looked-after child.\n\nMr Penrose went to a meeting at "
    "school last week and signed for Michael to do afternoons only from this Monday. Nobody from the Virtual "
    "School was there and, as far as I can find out, they have not been asked to agree.\n\nMr Penrose also "
    "asked about the mornings, when Michael will be at home on his own, and was told the school did not "
    "think a risk assessment was needed."
)


def test_they_after_a_service_is_the_service_and_nobody_from_it_was_there() -> None:
    concerns = concerns_of(FOSTERED, role="Supervising Social Worker")
    assert {"meeting_professionals", "professional_agreement"} <= concerns
    assert "parent_signature" not in concerns  # the foster carer signed; 'they' is the Virtual School


def test_a_report_of_no_risk_assessment_lacks_the_cse_and_cce_part_too() -> None:
    messages = [report(FOSTERED, role="Supervising Social Worker")]
    found = build_breach(messages, extract_facts(messages))
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= set(found.concerns)
    assert "risk_assessment_cse_cde" in found.evidence
    # told apart from other mail by what it says, not by what it implies
    assert "risk_assessment_cse_cde" not in breach_concerns(messages, extract_facts(messages))[0]


@pytest.mark.parametrize(
    "body",
    [
        "He told me he has been asked by an older lad to \"hold a bag\" for him in the afternoons.",
        "She has been seen most afternoons with an older man in a car outside the shops.",
    ],
)
def test_a_risk_of_exploitation_told_without_a_word_on_risk_assessment(body: str) -> None:
    assert "risk_assessment_cse_cde" in concerns_of(body, role="Youth Justice Case Manager")


def test_a_caseworker_who_knew_nothing_about_it_was_left_out() -> None:
    body = "Arjun has an EHC plan. Mum has spoken to his SEN caseworker, who knew nothing about it."
    assert "meeting_professionals" in concerns_of(body, role="SENDIASS adviser")
