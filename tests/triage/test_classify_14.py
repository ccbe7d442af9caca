"""Kinds from blind set 14's tuning part (issue 9, kind 8): a medical absence note that says the
pupil is NOT on a reduced timetable, and speaks of one only as what would happen if things
changed ('If that changes and a phased return is needed we will follow the reintegration
timetable guidance'), is no notification."""

from __future__ import annotations

import re

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from triage.classify import classify, cue_negated
from triage.states import Kind

CUE = re.compile(r"phased return|reintegration timetable|reduced timetable", re.I)


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("If that changes and a phased return is needed we will let you know.", True),
        ("We will follow the reintegration timetable guidance.", True),
        ("Should it become necessary, a reduced timetable would be discussed with mum.", True),
        ("Please let me know if anything is missing from Ali's reduced timetable.", False),
        ("Please find attached the reintegration timetable form for one of our pupils.", False),
    ],
)
def test_a_supposed_timetable_or_the_guidance_is_no_timetable(sentence: str, negated: bool) -> None:
    m = CUE.search(sentence)
    assert m is not None and cue_negated(sentence, m.start(), m.end()) is negated


def test_a_medical_absence_note_is_no_notification() -> None:
    body = (
        "For your records: Kamil Szewczyk in Year 8 has been absent since 4 October after surgery. "
        "He is not on a reduced or part-time timetable - he is off sick and we are recording it as "
        "illness.\n\nHis consultant expects him back in about three weeks, on full days. If that "
        "changes and a phased return is needed we will follow the reintegration timetable guidance.\n"
    )
    msg = message(body, "Kamil Szewczyk (Y8) - medical absence, NOT a reduced timetable")
    assert classify([msg], extract_facts([msg])) == Kind.OTHER
