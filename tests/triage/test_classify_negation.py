"""Mail that says a pupil is NOT on a reduced timetable is not a notification of one."""

from __future__ import annotations

import dataclasses
import re

import pytest

from parsers.extract import extract_facts
from parsers.model import Document
from tests.minimail import document, message
from triage.classify import _REDUCED_DAY, classify, cue_affirmed, cue_negated, timetable_denied

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


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Reduced / part-time timetable in place? ☐ Yes ☒ No", True),
        ("Is the pupil on a part-time timetable? [ ] Yes [x] No", True),
        ("Part-time timetable in place? Yes ☐ No ☒", True),
        ("Reduced / part-time timetable in place? ☒ Yes ☐ No", False),
        ("He is NOT on a reduced or part-time timetable.", True),
    ],
)
def test_a_form_ticked_no_or_a_coordinated_denial_negates(sentence: str, negated: bool) -> None:
    m = CUE.search(sentence)
    assert m is not None
    assert cue_negated(sentence, m.start(), m.end()) is negated


def test_a_referral_form_ticked_no_is_not_a_plan() -> None:
    form = document(
        "Children Missing Education - School Referral Form\nChild's name Jayden Smith\nDate of "
        "birth 03/04/2012\n"
        "First day of absence Monday 2 November 2026\nReduced / part-time timetable in place? ☐ Yes ☒ No\n"
        "Summary: has not attended since half term; the family may have moved. The plan is to "
        "refer to the CME "
        "team. Hours in school before absence: 32.5 per week.\n",
        source="CME referral form.docx",
    )
    messages = [
        message(
            "Dear Attendance Team,\n\nPlease find attached a CME referral form.\n", "CME referral", [form]
        )
    ]
    assert classify(messages, extract_facts(messages)) == "other"


def test_a_denial_wrapped_over_two_lines_is_read_whole() -> None:
    body = (
        "Please find attached a CME referral for Jayden Smith. For the avoidance of doubt, he is "
        "NOT on a reduced\n"
        "or part-time timetable - he has simply stopped coming.\n"
    )
    messages = [message(body, "CME referral", [CME_FORM])]
    assert classify(messages, extract_facts(messages)) == "other"


BODY_PLAN = (
    "Dear Attendance Team,\n\nHere is the plan for Jayden Smith, typed below.\n\n"
    "Pastoral Support Plan\nPupil name: Jayden Smith\nStart date: Monday 2 November 2026\n"
    "Daily pattern: Mon-Fri 9.00-12.00\nBack to full time: Monday 16 November 2026\n"
    "Review: Friday 6 November with Mum\nRisk assessment completed 30/10/2026 by the DSL\n"
    "Named person: Mrs Hill\nStrategies: mentoring each morning\nMum signed the plan at the "
    "meeting on 29/10/2026.\n\n"
    "Kind regards\nMrs A Hill\nDeputy Head\n"
)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (BODY_PLAN, "rtt_notification"),
        (
            BODY_PLAN.replace("Pastoral Support Plan", "Pastoral Support Plan (we are concerned about him)"),
            "rtt_notification",
        ),
        (
            "Dear Attendance Team,\n\nCould you send us a template for a plan? Do we need a risk assessment "
            "and a review meeting before the start date?\n\nThanks\nMrs A Hill\nDeputy Head\n",
            "other",
        ),
    ],
)
def test_a_plan_typed_into_the_body_is_a_notification(body: str, kind: str) -> None:
    messages = [message(body, "Jayden Smith")]
    assert classify(messages, extract_facts(messages)) == kind


def test_a_school_withdrawing_the_plan_it_sent_is_no_notification() -> None:
    body = (
        "Dear Attendance Team,\n\nOn Monday I sent you the plan for Sam Green, whose reduced timetable was "
        "due to start on 22 November. Please disregard it: the reduced timetable will not go ahead.\n\n"
        "Kind regards\n"
        "Jo Hale\nDeputy Head\n"
    )
    messages = [message(body, "Sam Green - reduced timetable", sender="deputy@school.oxon.sch.uk")]
    assert classify(messages, extract_facts(messages)) == "other"


@pytest.mark.parametrize("answer", ["¥eS / NO", "YES / NO", "No"])
def test_a_forms_question_about_a_reduced_timetable_not_answered_yes_affirms_nothing(answer: str) -> None:
    text = (
        "Children Missing Education - Referral Form\n"
        f"Is the pupil on a reduced / part-time timetable? {answer}\n"
        "Details: full timetable until 12/11; not on any reduced timetable; family moved away.\n"
    )
    assert timetable_denied(text)


def test_a_forms_question_answered_yes_still_affirms() -> None:
    assert not timetable_denied("Is the pupil on a reduced timetable? Yes - from 12/11, mornings only.\n")


BLANK_FORM = document(
    (
        "Notification of a Reduced (Part-Time) Timetable\nSECTION A - PUPIL AND SCHOOL\n"
        "Pupil name Date of birth\n"
        "SECTION C - PLANNING MEETING\nDate of meeting\nThose present\nSECTION D - PROPOSED TIMETABLE\n"
        "Week Week commencing Days and times Hours\nWeek 1\nWeek 2\n"
        "Date of return to full time\nReview dates\n"
        "Support / interventions\nSkills to be taught\nRisk assessment completed before start?\n"
    )
    * 2,
    source="RT1_blank.pdf",
)


@pytest.mark.parametrize(
    ("body", "attached", "kind"),
    [
        (
            "We are thinking about a reduced timetable for a Year 5 boy. Nothing has been agreed yet.\n\n"
            "Is the attached the right form to use, and do you need it before the meeting or after? "
            "Also, does the six weeks include the half term?\n\nMany thanks\nJo Hale\nBusiness Manager\n",
            BLANK_FORM,
            "other",
        ),
        (
            "Please find attached the reduced timetable plan for Jayden Smith, which starts on 2 March.\n"
            "Could you confirm you have received it? Do you need anything else?\n\nJo Hale\nDeputy Head\n",
            PLAN,
            "rtt_notification",
        ),
    ],
)
def test_a_question_about_a_blank_form_is_no_notification(body: str, attached: Document, kind: str) -> None:
    messages = [message(body, "Question about the RT1 form", [attached])]
    assert classify(messages, extract_facts(messages)) == kind


def test_a_bulletin_to_a_mailing_list_is_other_mail() -> None:
    body = (
        "## Schools Bulletin\n\nWeek commencing 8 November 2027\n\n"
        "## Attendance: reintegration timetables\n\nA reminder that any reintegration (part-time) timetable "
        "must be notified to the County Attendance Team with the plan and the hours within 2 days of the "
        "parent's agreement. Plans must return the pupil to full time within six weeks. Reviews, the named "
        "person, the risk assessment and the meeting are on the checklist.\n\nUnsubscribe\n"
    )
    bulletin = dataclasses.replace(
        message(body, "Schools Bulletin - w/c 8 November 2027: attendance, part-time timetables"),
        headers=(("precedence", "bulk"), ("list-id", "Schools Bulletin <bulletin.example>")),
    )
    assert classify([bulletin], extract_facts([bulletin])) == "other"


@pytest.mark.parametrize(
    "sentence",
    [
        "Mum told me Oliwia has been going in only 3 days a week for the last month.",
        "Since Monday 16 November the school has had Kerem in from 9 until 12 only.",
        "He told me he only goes to two lessons a day at the moment.",
    ],
)
def test_a_cut_school_day_in_other_words_is_a_reduced_day(sentence: str) -> None:
    assert cue_affirmed(_REDUCED_DAY, sentence)
