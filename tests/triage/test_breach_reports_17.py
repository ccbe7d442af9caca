"""Breach reports from blind set 17's tuning part (issue 9, kind 7): 'she' after a professional
named in the same clause; which member of staff is in charge; a promised plan that never came;
the reporting professional never asked; a parent who thought the child was in school."""

from __future__ import annotations

from tests.triage.test_breach_reports import concerns_of


def test_she_after_a_professional_in_the_same_clause_is_that_professional() -> None:
    body = (
        "She is subject to a Child Protection plan; her social worker was not aware that Bianca was only in "
        "school in the mornings and told us she had not been asked about it or agreed to it."
    )
    found = concerns_of(body, role="Police Constable")
    assert "professional_agreement" in found
    assert "parent_signature" not in found


def test_she_after_a_professional_in_a_sentence_that_names_the_parents_earlier() -> None:
    body = (
        "Rory, who has an EHC plan, has been on a timetable of 9:00 to 12:00 since November. "
        "His parents say that nobody from the SEN team at the council was involved in the decision, and his "
        "SEN casework officer has confirmed to me that she knew nothing about it and has not agreed to it."
    )
    found = concerns_of(body, role="Clinical Psychologist")
    assert "professional_agreement" in found
    assert "parent_signature" not in found


def test_she_after_mum_in_the_same_clause_is_still_the_parent() -> None:
    body = "Mum told the social worker she had not agreed to it."
    assert "parent_signature" in concerns_of(body, role="Health Visitor")


def test_no_one_could_say_which_member_of_staff_is_in_charge() -> None:
    body = "When I asked at school, no one could tell me which member of staff is in charge of it."
    assert "named_person" in concerns_of(body, role="School Nurse")


def test_a_written_plan_that_was_to_follow_and_never_came() -> None:
    body = (
        "The school said a written plan would follow, but I have never seen one and mum says she hasn't "
        "either."
    )
    assert "plan_attached" in concerns_of(body, role="Social Worker")


def test_the_reporting_professional_never_asked() -> None:
    body = "There was no meeting about it - not with mum and not at the TAF - and I was never asked about it."
    found = concerns_of(body, role="Family Worker")
    assert {"meeting_held", "meeting_professionals", "professional_agreement"} <= found


def test_a_professional_at_the_meeting_not_asked_since_was_not_left_out() -> None:
    body = (
        "I did attend the school meeting on 5 January where the reduced timetable was discussed, but I said "
        "then I'd need to see the plan before agreeing and I haven't been asked since - I have not given my "
        "agreement."
    )
    found = concerns_of(body, role="Early Help Practitioner")
    assert "professional_agreement" in found
    assert "meeting_professionals" not in found


def test_a_parent_who_thought_the_child_was_at_school_has_not_agreed() -> None:
    body = (
        "On both occasions her mother thought she was at school, but the school says she has been on half "
        "days."
    )
    assert "parent_signature" in concerns_of(body, role="Police Constable")



def test_no_assessment_of_the_risks() -> None:
    body = (
        "Adam has been leaving school at 12:15 every day. As far as I can tell the school has not thought "
        "about any of this - no assessment of the risks of him being out of school has been done."
    )
    assert "risk_assessment" in concerns_of(body, role="Youth Justice Officer")


def test_the_school_gate_is_no_subject() -> None:
    body = (
        "Maja has been attending 10:00-13:00 only since 17 January. Her foster carer, Mrs Lund, tells me she "
        "was asked about it at the school gate and has never signed anything."
    )
    assert "parent_signature" in concerns_of(body, role="Virtual School Education Adviser")
