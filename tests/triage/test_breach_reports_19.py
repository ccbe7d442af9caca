"""Breach reports from blind set 19's tuning part (issue 9, kind 7): nothing about the pupil's day
has changed; no talk of an Early Help Assessment; family support not offered is no missing
in-school support; a form given to sign and refused."""

from __future__ import annotations

import pytest

from tests.triage.test_breach_reports import concerns_of

_START = "Leon has been on a reduced timetable since Monday 6 September, leaving at 12.30. "


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("Nothing about her day has changed either - she still crosses the site for PE.", "school_changes"),
        ("There has been no talk of an Early Help Assessment.", "early_help_assessment_considered"),
        ("There was no mention of alternative provision.", "alternative_provision_considered"),
        (
            "The carer was given a form to sign and refused, because she works afternoons; the academy "
            "went ahead anyway.",
            "parent_signature",
        ),
    ],
)
def test_a_concern_in_ordinary_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Young Carers Worker")


def test_family_support_not_offered_is_outside_help_not_support_in_school() -> None:
    body = _START + "No-one has offered any family support or looked at outside services for Leon."
    found = concerns_of(body, role="Young Carers Worker")
    assert "external_support_considered" in found
    assert "supportive_interventions" not in found


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        (
            "When I checked with his SEN Casework Officer afterwards, she knew nothing about it: she was not "
            "asked to the meeting and has not been asked whether she agrees.",
            "professional_agreement",
        ),
        (
            "It says nothing about what Kaveh will actually be taught or helped to learn in the mornings.",
            "new_skills",
        ),
        (
            "Although it mentions that it will be \"looked at\", no date has been set and nobody has looked "
            "at it since it started.",
            "review_schedule",
        ),
        ("Mum signed a form, but the form did not say what the shorter days actually are.", "hours_agreed"),
    ],
)
def test_a_concern_from_the_sealed_part(sentence: str, concern: str) -> None:
    """Blind set 19's sealed part, fixed after it was scored once (not re-measured as blind)."""
    start = "Kaveh, who has an EHC plan, has been attending mornings only for about three weeks. "
    assert concern in concerns_of(start + sentence, role="Educational Psychologist")


def test_no_date_to_look_at_it_again_is_no_missing_return_date() -> None:
    body = (
        "Kaveh has been attending mornings only for about three weeks. Although it mentions that it will "
        "be \"looked at\", no date has been set."
    )
    assert "full_time_within_6_weeks" not in concerns_of(body, role="Educational Psychologist")
