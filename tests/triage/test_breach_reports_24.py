"""Breach reports from blind set 24's tuning part (issue 9, kind 7): a council colleague who is no
listed professional (a transport coordinator) writing from the council's own address about a cut
school day with no plan; 'they could not send me a plan'; 'she had never heard of an Early Help
Assessment'."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of
from triage.classify import classify

_TRANSPORT = (
    "Good morning,\n\nI work in the Home to School Transport team. Since 8 November the school has asked us "
    "to change Sam Green's taxi so that he is collected at 12.15 every day instead of 3.15.\n\n"
    "When I asked the school for the paperwork, I was told it was a temporary part-time arrangement "
    "agreed with mum, but they could not send me a plan. I checked with his SEN officer, who had not "
    "agreed to anything.\n\n"
    "Dennis Okwuosa\nTransport Coordinator\n"
)


def test_a_council_colleague_reporting_a_cut_day_without_a_plan_is_a_breach_report() -> None:
    messages = [message(_TRANSPORT, "Home to school transport", sender="dennis.okwuosa@oxfordshire.gov.uk")]
    assert classify(messages, extract_facts(messages)) == "breach_report"


def test_the_same_words_from_a_webmail_address_stay_as_they_were() -> None:
    """Only a public body's own address speaks for its writer's work (a gmail writer with no role
    named is a member of the public, who must name the pupil and two concerns and the school)."""
    messages = [message(_TRANSPORT, "Home to school transport", sender="dennis@gmail.com")]
    assert classify(messages, extract_facts(messages)) != "breach_report"


def test_a_plan_the_school_could_not_send_is_no_plan() -> None:
    assert "plan_attached" in concerns_of(_TRANSPORT)


def test_never_having_heard_of_an_early_help_assessment_is_none_considered() -> None:
    body = (
        "Hello,\n\nI support young carers for a local charity. Oskar now only goes to school in the "
        "afternoons. His mum had never heard of an Early Help Assessment.\n\n"
        "Gwen Tredinnick\nYoung Carers Support Worker\n"
    )
    assert "early_help_assessment_considered" in concerns_of(body)


def test_no_name_of_anyone_in_charge_is_no_named_person() -> None:
    """From blind 24's sealed part, after its one scoring (not blind)."""
    body = (
        "Dear colleagues,\n\nI am the Refugee Resettlement Caseworker for the family. Their son has been "
        "on a timetable of 10 until 12 since 15 January. There is no plan with it, and there is no name "
        "of anyone in school who is in charge of it.\n\nSamira Boukhari\nRefugee Resettlement Caseworker\n"
    )
    assert "named_person" in concerns_of(body)


@pytest.mark.parametrize(
    "said", ["The reduced day will run until the summer.", 'He thought it would just run "until the summer".']
)
def test_a_cut_day_to_run_until_the_summer_is_past_six_weeks(said: str) -> None:
    """From blind 24's sealed part, after its scoring (not blind); quote marks cut no clause here."""
    body = (
        "Hi,\n\nI am an EAL adviser. Mihai has been going home at lunchtime every day since 17 April. "
        f"{said}\n\nThanks,\nLowenna Pascoe\nEAL Adviser\n"
    )
    assert "full_time_within_6_weeks" in concerns_of(body)


def test_a_doubt_stops_at_the_semicolon() -> None:
    """'I am not sure they understood what they agreed to; ... they have not signed anything': the
    doubt is the first statement's; the second claims no signature (blind 24 r07, consumed)."""
    text = (
        "Hi,\n\nI am an EAL adviser. Since 17 April Adam Nowak (Year 7) has been going home at "
        "lunchtime every day. His parents speak little English and I am not sure they understood what "
        "they agreed to; there was no interpreter and they have not signed anything.\n\n"
        "Lowenna Pascoe\nEAL Adviser\n"
    )
    assert "parent_signature" in concerns_of(text)


def test_a_doubt_over_the_signature_itself_still_claims_nothing() -> None:
    text = (
        "Hi,\n\nI am an EAL adviser. Since 17 April Adam Nowak (Year 7) has been going home at "
        "lunchtime every day. There was no interpreter; I am not sure whether they have signed anything.\n\n"
        "Lowenna Pascoe\nEAL Adviser\n"
    )
    assert "parent_signature" not in concerns_of(text)
