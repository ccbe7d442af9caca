"""Breach reports from blind set 27's tuning part (issue 9, kind 7)."""

from __future__ import annotations

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of
from triage.classify import classify
from triage.states import Kind


def test_a_report_about_her_son_without_his_surname_is_a_breach_report() -> None:
    """A food bank's coordinator writes of 'her son Tadeáš (Year 7 at Ock Mill School)' and the
    mother's 'Mrs Holub': no full name, still a report of two concerns about a child."""
    body = (
        "Hello,\n\nI coordinate family support at the food bank. One of our mums, Mrs Holub, came in upset "
        "because her son Tadeas (Year 7 at Ock Mill School) has been going home at lunchtime every day since "
        "November. The school rang her and said he would do mornings for now.\n\nShe told me she was "
        "never asked to come in and talk it through, and she hasn't been given anything to sign - it was all "
        "done on the phone. Nobody has said when he will go back to full days either.\n\n"
        "Best wishes,\nBronwen Ashby\n"
    )
    messages = [message(body, "A family I support", sender="bronwen@foodbank.example.org")]
    assert classify(messages, extract_facts(messages)) == Kind.BREACH_REPORT
    asked = "Dear school, can my son have his lunch in the library?"
    parent_only = message(asked, "Lunch", sender="mum@example.org")
    assert classify([parent_only], extract_facts([parent_only])) != Kind.BREACH_REPORT


def test_no_one_named_to_look_after_it_is_no_named_person() -> None:
    """'no one at school has been named to look after it'; 'the family were given nothing about what
    support she gets' is what they were told, not a lack of support."""
    found = concerns_of(
        "There is no written plan for Mia: no one at school has been named to look after it, the family were "
        "given nothing about what support she gets, and there is no end date."
    )
    assert {"named_person", "plan_attached"} <= found
    assert "supportive_interventions" not in found


def test_nobody_has_met_him_again_since_the_first_meeting_is_no_review() -> None:
    found = concerns_of(
        "His dad tells me he was never given a date for Hamza going back full time, and that since the first "
        "meeting in September nobody has met with him again to see how it is going."
    )
    assert "review_schedule" in found
    assert "meeting_held" not in found


def test_an_ehc_plan_not_reviewed_is_not_the_timetables_review() -> None:
    found = concerns_of(
        "No one from the county SEN Team was at that meeting; his EHC plan has not been reviewed and his SEN "
        "officer has never agreed to this."
    )
    assert "review_schedule" not in found
    assert "meeting_professionals" in found
