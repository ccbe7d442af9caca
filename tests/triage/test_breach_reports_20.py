"""Breach reports from blind set 20's tuning part (issue 9, kind 7): 'nothing about the classroom or
the school day is being changed', its two places joined by 'or'; 'nothing is being taught to him
about managing the things he finds hard'."""

from __future__ import annotations

import pytest

from tests.triage.test_breach_reports import concerns_of

_START = "Amira has been going home at 11.30 every day since Monday 7 February. "


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("Nothing about the classroom or the school day is being changed for Amira.", "school_changes"),
        ("Nothing in the lessons and the classroom has been adapted for her.", "school_changes"),
        ("Nothing is being taught to her about managing the noise in the dining hall.", "new_skills"),
    ],
)
def test_a_concern_in_ordinary_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(_START + sentence, role="Speech and Language Therapist")


def test_changes_that_are_made_are_no_concern() -> None:
    sentence = "The classroom and the school day have both been changed for her: she starts in the library."
    assert "school_changes" not in concerns_of(_START + sentence, role="Speech and Language Therapist")
