"""Breach reports from blind set 23's tuning part (issue 9, kind 7): a professional whose job title the
lists do not hold, introduced as one ('I am an Independent Domestic Violence Advisor', 'as the county's
education liaison officer'), and not the school's own ('as the school's pastoral worker'); 'there was
never a proper sit-down about it'; 'nothing written about what the school is doing'; '<the social
worker> was not there'; 'her' in a sentence that opens with the professional is the professional."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of
from triage.breach import voice
from triage.classify import classify

_START = "Sam has been in school for mornings only since January. "


@pytest.mark.parametrize(
    "intro",
    [
        "I am an Independent Domestic Violence Advisor supporting Sam's mother.",
        "I work with Gypsy, Roma and Traveller families as the county's education liaison officer.",
    ],
)
def test_a_professional_introduced_by_an_unlisted_title_reports_a_breach(intro: str) -> None:
    body = (
        f"Dear Attendance Team,\n\n{intro} {_START}His mum says there was never a proper sit-down about it "
        "and "
        "she was not given anything to sign.\n\nKind regards\n\nJo Smith\n"
    )
    messages = [message(body, "Sam Green", sender="jo.smith@charity.org.uk")]
    assert voice(messages[0]).professional
    assert classify(messages, extract_facts(messages)) == "breach_report"


def test_the_schools_own_worker_is_no_outside_professional() -> None:
    body = "Dear Attendance Team,\n\nAs the school's pastoral worker I wanted to tell you about Sam.\n\nJo\n"
    assert not voice(message(body, sender="jo@gmail.com")).professional


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("There was never a proper sit-down about it.", "meeting_held"),
        ("His mum doesn't have anything written about what the school is doing or why.", "plan_attached"),
        ("Sam has a child protection plan, but his social worker was not there.", "meeting_professionals"),
        (
            "Sam is a child in our care. His Virtual School caseworker confirmed that she was not asked to "
            "the "
            "meeting the school held with the "
            "carers, and that no one has asked her to agree to the arrangement.",
            "professional_agreement",
        ),
    ],
)
def test_wordings_of_concerns(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Independent Reviewing Officer")


def test_her_is_the_parent_where_the_sentence_opens_with_the_parent() -> None:
    found = concerns_of(_START + "Her mum was upset and no one has asked her to agree to the plan.")
    assert "parent_signature" in found
    assert "professional_agreement" not in found


def test_going_in_for_set_hours_since_a_date_dates_the_start() -> None:
    from datetime import date

    body = "His foster carer says he has been going in from 9 until 12 each day since Monday 11 October."
    messages = [message(f"Dear Attendance Team,\n\nI am his Independent Reviewing Officer. {body}\n\nJo\n")]
    facts = extract_facts(messages)
    assert facts.start_date is not None and (facts.start_date.month, facts.start_date.day) == (10, 11)
    assert facts.start_date < date(2026, 3, 4)


def test_nobody_talked_to_the_named_parent_about_an_eha() -> None:
    sentence = "To my knowledge nobody has talked to Ms Zhou about early help or an Early Help Assessment."
    assert "early_help_assessment_considered" in concerns_of(_START + sentence, role="Housing Officer")


def test_there_isnt_a_date_to_look_at_the_arrangement_again() -> None:
    sentence = "The pastoral lead said there isn't a date to look at the arrangement again."
    assert "review_schedule" in concerns_of(_START + sentence, role="Return Home Interview Worker")
