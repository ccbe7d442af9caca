"""Breach reports from blind set 15's tuning part (issue 9, kind 7): an adviser from SENDIASS (the
SEND information, advice and support service), a housing support worker or a therapist writing
about a child's cut day is a professional reporting a breach, not a school notifying."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
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
