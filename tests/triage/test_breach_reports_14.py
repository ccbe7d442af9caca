"""Breach wordings from blind set 14's tuning part (issue 9, kind 7): a professional nobody from
the school got in touch with was left out; young men 'involved in supplying drugs' are an
exploitation risk; a parent who 'didn't seem to have any paperwork' has no plan; and a doubt
coordinated after a statement ('... and wasn't sure whether she had signed anything') doubts
only its own part."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of


def test_nobody_got_in_touch_with_the_professional() -> None:
    body = "Nobody from the school got in touch with me before this started and I have not agreed to it."
    assert "meeting_professionals" in concerns_of(body)


def test_supplying_drugs_is_an_exploitation_risk() -> None:
    body = (
        "He has twice been seen in the afternoons with young men we believe are involved in supplying drugs. "
        "As far as I know no risk assessment was done before his hours were cut."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body)


@pytest.mark.parametrize(
    "body",
    [
        "She didn't seem to have any paperwork about it.",
        "She didn't seem to have any paperwork about it and wasn't sure whether she had signed anything.",
    ],
)
def test_no_paperwork_is_no_plan_whatever_doubt_follows(body: str) -> None:
    assert "plan_attached" in concerns_of(body, role="Health Visitor")


def test_the_doubt_still_doubts_its_own_part() -> None:
    body = "She didn't seem to have any paperwork about it and wasn't sure whether she had signed anything."
    assert "parent_signature" not in concerns_of(body, role="Health Visitor")


def test_a_school_that_could_not_show_a_risk_assessment_has_none() -> None:
    body = (
        "I asked whether a risk assessment had been done about her being out of school in the afternoons "
        "and they were not able to show me one. I am treating this as a possible exploitation concern."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body, role="Schools Liaison Officer")


def test_nobody_looked_at_that_risk() -> None:
    body = (
        "We have intelligence linking his older cousin to a county line into Oxford. "
        "Nobody seems to have looked at that risk before reducing his time in school."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body, role="Youth Justice Officer")


def test_a_doubt_before_a_comma_and_does_not_reach_the_next_statement() -> None:
    body = (
        "I'm concerned he is being groomed for criminal and possibly sexual exploitation while out of "
        "school, and I'm not aware of any risk assessment by the school."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body, role="Schools Liaison Officer")


def test_no_sign_of_it_ending_is_no_missing_signature() -> None:
    found = concerns_of("He has been on mornings since Christmas, with no sign of it ending.")
    assert "parent_signature" not in found


@pytest.mark.parametrize(
    "body,name",
    [
        (
            "When I visited the Abdi family for the baby's check, their daughter Yasmin was at home.",
            "Yasmin Abdi",
        ),
        (
            "I'm the lead professional for the Ionescu family. At Monday's review mum said her son Vlad "
            "(Year 4) has been going home at lunchtime.",
            "Vlad Ionescu",
        ),
    ],
)
def test_the_child_named_by_the_family_and_a_first_name(body: str, name: str) -> None:
    msg = message(f"Hello,\n\n{body}\n", "A child at home", sender="worker@oxfordshire.gov.uk")
    assert extract_facts([msg]).pupil.name == name


def test_nothing_given_in_writing_is_no_plan() -> None:
    assert "plan_attached" in concerns_of("Mum hasn't been given anything in writing.", role="Health Visitor")
