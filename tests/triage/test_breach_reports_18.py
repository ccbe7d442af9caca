"""Breach reports from blind set 18's tuning part (issue 9, kind 7): support asked about and none
told; nothing changed for the pupil in school; nobody looked at what the risks would be; a review
meant to happen that never did; nobody could say what would count as success; hours never set
down; 'no sign that anyone considered' an option."""

from __future__ import annotations

import pytest

from tests.triage.test_breach_reports import concerns_of

_START = "Ibrahim has been on shorter days since Monday 7 February, leaving at 12.30. "


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        (
            "I asked what support he has in school while on shorter days and was told there isn't any beyond "
            "his healthcare plan.",
            "supportive_interventions",
        ),
        ("Nothing has changed for him in school either.", "school_changes"),
        ("Nobody looked at what the risks would be to him out of school.", "risk_assessment"),
        ("There was meant to be a review after two weeks but none has happened.", "review_schedule"),
        (
            "When I asked his head of year what would count as the timetable having worked, or how it would "
            "end, she could not tell me.",
            "exit_strategy",
        ),
        ("Mum signed a form, but the form never said what the hours are.", "hours_agreed"),
        ("There is no sign that anyone considered an EHA.", "early_help_assessment_considered"),
    ],
)
def test_a_concern_in_ordinary_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Children's Community Nurse")


def test_support_none_told_is_no_missing_plan() -> None:
    body = _START + (
        "I asked what support he has in school and was told there isn't any beyond his healthcare plan."
    )
    assert "plan_attached" not in concerns_of(body, role="Children's Community Nurse")
