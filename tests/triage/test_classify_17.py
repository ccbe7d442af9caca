"""Kind of message, from blind set 17's sealed part, fixed after it was scored once (issue 9,
kind 8; not re-measured as blind): a referral that says the pupil is not on a reduced timetable,
whose other mention of reduced hours is in a sentence that denies too."""

from __future__ import annotations

from parsers.extract import extract_facts
from tests.minimail import message
from triage.classify import classify
from triage.states import Kind


def kind_of(body: str) -> Kind:
    messages = [message(body, subject="Referral", sender="inclusion@school.oxon.sch.uk")]
    return classify(messages, extract_facts(messages))


def test_a_referral_that_denies_a_reduced_timetable_is_no_notification() -> None:
    body = (
        "I am making a child missing education referral for Natalia Wiśniewska-Pratt (Year 8, "
        "DOB 03/05/2014). Natalia has not attended since 4 January.\n\n"
        "For clarity: Natalia is not on a part-time or reduced timetable and has never had one agreed - she "
        "is expected in school full time. There is no plan, meeting or agreement relating to reduced hours.\n"
    )
    assert kind_of(body) is Kind.OTHER


def test_no_plan_for_the_reduced_hours_is_still_about_reduced_hours() -> None:
    body = (
        "Harry Evans (Year 9, DOB 03/05/2013) has been on reduced hours since 4 January, 9:00-12:00 each "
        "day, full time from 1 March. There is no plan relating to the reduced hours yet.\n"
    )
    assert kind_of(body) is Kind.RTT_NOTIFICATION


def test_a_report_of_a_pupil_finishing_at_lunch_is_a_breach_report() -> None:
    body = (
        "I'm Kwame Mensah's Youth Justice Practitioner (he is on a Referral Order). Kwame told me today "
        "that he has been \"finishing at lunch\" at Bicester Langford Brook Academy for three weeks. I was "
        "not invited to any meeting about it and nobody from the school has asked me whether I agree.\n\n"
        "Tunde Bámidélé-Walsh\nYouth Justice Practitioner\n"
    )
    messages = [message(body, subject="Kwame Mensah", sender="tunde.bamidele-walsh@oxfordshire.gov.uk")]
    assert classify(messages, extract_facts(messages)) is Kind.BREACH_REPORT
