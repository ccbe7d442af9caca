"""Mail that says a pupil is NOT on a reduced timetable is not a notification of one."""

from __future__ import annotations

import re

import pytest

from parsers.extract import extract_facts
from parsers.model import Document
from tests.minimail import document, message
from triage.classify import classify, cue_negated, timetable_denied

CUE = re.compile(r"reduced timetable|part[- ]time timetable|reintegration timetable", re.I)


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Jayden is not on a reduced timetable.", True),
        ("No part-time timetable is in place.", True),
        ("This is not a reintegration timetable.", True),
        ("He isn't currently on a reduced timetable.", True),
        ("She has never been placed on a part-time timetable.", True),
        ("He attends full days rather than a reduced timetable.", True),
        ("Is the pupil on a reduced timetable? No", True),
        ("Jayden will be on a reduced timetable from Monday.", False),
        ("He has not coped with full days, so a reduced timetable is proposed.", False),
        ("Mum has not signed yet but the reduced timetable starts on Monday.", False),
        ("He has not attended since January and a reduced timetable was agreed today.", False),
        ("We attach the reduced timetable; it has not been signed.", False),
        ("There is no end date for his part-time timetable.", False),
        ("No meeting was held before the reduced timetable started.", False),
        ("She is not, and has never been, on a reduced timetable.", True),
        ("He is no longer on a part-time timetable.", True),
        ("Ali does not have a reduced timetable.", True),
    ],
)
def test_a_cue_is_negated_only_within_its_clause(sentence: str, negated: bool) -> None:
    m = CUE.search(sentence)
    assert m is not None
    assert cue_negated(sentence, m.start(), m.end()) is negated


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Jayden is not on a reduced timetable.", True),
        ("He is not on a reduced timetable yet; a reduced timetable starts on 2 March.", False),
        ("Nothing about timetables here.", False),
    ],
)
def test_denied_means_every_mention_is_negated(text: str, denied: bool) -> None:
    assert timetable_denied(text) is denied


CME_BODY = (
    "Dear Attendance Team,\n\n"
    "Jayden Smith (Year 9, DOB 03/04/2012) has not attended since Monday 12 January 2026 and we cannot "
    "contact the family. {denial} We are making a child missing education referral.\n\n"
    "Kind regards\nMrs A Head\nAttendance Lead\n"
)
CME_FORM = document(
    (
        "Child Missing Education referral form\nPupil name: Jayden Smith\nDate of birth: 03/04/2012\n"
        "Last date attended: 12/01/2026\nReason for referral: not attending, family not contactable.\n"
        "Is the pupil on a part-time or reduced timetable? No\n"
        "Hours in school per week before absence: 32.5\n"
        "Actions taken: home visits on 14/01/2026 and 16/01/2026; a plan to refer to the CME team.\n"
    )
    * 2,
    source="CME referral.docx",
)
PLAN = document(
    (
        "Reintegration timetable plan\nPupil name: Jayden Smith\nStart date 02/03/2026\n"
        "Week 1: 10 hours\nWeek 2: 15 hours\nWeek 3: 20 hours\nFull time from 23/03/2026\n"
        "The plan and the hours are reviewed weekly.\n"
    )
    * 2,
    source="plan.docx",
)


@pytest.mark.parametrize(
    ("denial", "attached", "kind"),
    [
        ("Jayden is not on a reduced timetable.", None, "other"),
        ("No part-time timetable is in place and this is not a reintegration timetable.", None, "other"),
        ("For clarity, Jayden is not on a part-time timetable; we are concerned for him.", None, "other"),
        ("Jayden is not on a reduced timetable.", CME_FORM, "other"),
        ("Jayden will be on a reduced timetable from Monday 2 March 2026.", None, "rtt_notification"),
        ("He is not on a reduced timetable yet: the plan attached starts one.", PLAN, "rtt_notification"),
    ],
)
def test_a_referral_that_denies_a_timetable_is_other(
    denial: str, attached: Document | None, kind: str
) -> None:
    messages = [message(CME_BODY.format(denial=denial), "Jayden Smith", [attached] if attached else [])]
    assert classify(messages, extract_facts(messages)) == kind


def test_a_breach_report_about_a_timetable_stays_one() -> None:
    body = (
        "Dear Attendance Team,\n\nI am the social worker for Leo Ward (Year 7). No meeting was held and no "
        "return date has been set for his part-time timetable. Nobody from social care was invited. "
        "I am concerned.\n\nKind regards\nDaniel Moss\nSocial Worker\nChildren's Social Care\n"
    )
    messages = [message(body, "Leo Ward")]
    assert classify(messages, extract_facts(messages)) == "breach_report"
