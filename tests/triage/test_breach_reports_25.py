"""Breach reports from blind set 25's tuning part (issue 9, kind 7), each a class of wording: a
library assistant from the council's address ('school sends him home after lunch'), a school
governor from the school's own domain, a children's home's registered manager (a professional,
and the child's carer: 'we have not signed anything'), and the wording of several concerns."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of
from triage.breach import breach_concerns
from triage.classify import classify
from triage.model import Kind

_LIBRARY = (
    "Hi,\n\nI work on the front desk at one of the county libraries. A girl called Rosa Quinn (Year 6 at "
    "Witney Vale School) has come in every weekday since September. She told me school sends her home "
    "after lunch for now. Her dad said he was never given anything to sign and there is no written plan "
    "he has seen.\n\nBest wishes,\nAnna Byrne\nLibrary Assistant\n"
)
_GOVERNOR = (
    "Dear Attendance Team,\n\nI chair the governors' attendance committee at Witney Vale School. At our "
    "meeting we looked at the pupils on reduced hours. Sam Green (Year 9) has been on two hours a day "
    "since 10 January. His parents signed and there was a meeting, but the plan we were shown gives no "
    "review dates and does not say who in school is responsible for it.\n\nYours sincerely,\nDr Ruth "
    "Cole\nChair, Attendance Committee\n"
)
_HOME = (
    "Dear Attendance Team,\n\nI am the registered manager of a children's home near Witney. One of the "
    "young people living with us, Sam Green (Year 10, Witney Vale School), is looked after. From 10 "
    "January the school changed his day to 10 until 12. There was no meeting, and we have not signed "
    "anything. No one has shown us any assessment of the risks.\n\nJo Reid\nRegistered Manager\n"
)


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        (_LIBRARY, "anna.byrne@oxfordshire.gov.uk"),
        (_GOVERNOR, "chair.governors@witneyvale.oxon.sch.uk"),
        (_HOME, "manager@willowhouse-care.co.uk"),
    ],
)
def test_reports_from_writers_the_lists_did_not_hold_are_breach_reports(body: str, sender: str) -> None:
    messages = [message(body, "Concern about a pupil", sender=sender)]
    assert classify(messages, extract_facts(messages)) == Kind.BREACH_REPORT


def test_a_school_mentioning_its_governors_is_still_the_school() -> None:
    body = (
        "Dear Attendance Team,\n\nI have told the chair of governors that Sam Green (Year 9) starts a "
        "reduced timetable on Monday; the plan is attached.\n\nMrs Ann Lee\nHeadteacher\n"
    )
    messages = [message(body, "Reduced timetable - Sam Green", sender="head@witneyvale.oxon.sch.uk")]
    assert classify(messages, extract_facts(messages)) != Kind.BREACH_REPORT


def _concerns(body: str, sender: str) -> set[str]:
    messages = [message(body, "A pupil's shortened day", sender=sender)]
    return set(breach_concerns(messages, extract_facts(messages))[0])


def test_a_childrens_home_that_has_not_signed_is_a_carer_without_a_signature() -> None:
    found = _concerns(_HOME, "manager@willowhouse-care.co.uk")
    assert {"parent_signature", "meeting_held", "risk_assessment"} <= found


def test_we_have_not_signed_from_a_social_worker_is_no_parents_signature() -> None:
    assert "parent_signature" not in concerns_of("We have not signed anything; nor were we asked to.")


def test_there_isnt_one_is_the_thing_its_own_sentence_names() -> None:
    """'could not tell me what the plan is, as they said there isn't one': no plan; the meeting
    the sentence before names was held."""
    found = concerns_of(
        "Nobody from the council was at the meeting. The office could not tell me what the plan is, as they "
        "said there isn't one written down yet, just the times."
    )
    assert "plan_attached" in found
    assert "meeting_held" not in found


def test_a_parent_who_never_went_in_for_a_meeting_and_was_never_followed_up() -> None:
    found = concerns_of(
        "His mum said OK on the phone. She never went in for a meeting. Nobody has been back in touch since "
        "to see how he's getting on."
    )
    assert {"meeting_held", "review_schedule"} <= found


def test_a_professional_not_invited_is_no_missing_meeting() -> None:
    """'her social worker told me that she had not been invited to any meeting': the meeting was
    held without her (the professionals' concerns), not that there was none."""
    found = concerns_of(
        "I understand he has a child protection plan; his social worker told me today that she had not been "
        "invited to any meeting about it and had not agreed to it."
    )
    assert "meeting_held" not in found
    assert {"meeting_professionals", "professional_agreement"} <= found


def test_nothing_agreed_in_writing_is_no_signature_not_no_plan() -> None:
    found = concerns_of(
        "She has not agreed to anything in writing. Nothing was put in writing for her to sign."
    )
    assert "parent_signature" in found
    assert "plan_attached" not in found


def test_nobody_has_looked_at_any_of_this_after_the_risks() -> None:
    found = concerns_of(
        "He has been seen at the shopping precinct with much older teenagers, and a youth worker thinks "
        "he is being used to carry things. As far as his mother knows, nobody at the school has looked "
        "at any of this."
    )
    assert "risk_assessment" in found
