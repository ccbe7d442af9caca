"""The statistical topic reader (issue 9): trained reproducibly, it reads parts of a plan written
under names the rules do not know, and never a label alone or another part."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from parsers.extract import extract_facts
from parsers.extract.topic_model import build_model, reads_like, shipped_model
from tests.minimail import message

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("supportive_interventions", "school_changes", "exit_strategy", "review_schedule", "new_skills")


def test_the_shipped_model_is_the_one_the_training_script_makes() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/train_topic_model.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "text,topic",
    [
        (
            "Alongside the shorter days: mentoring with the learning mentor twice a week, ELSA sessions "
            "and a daily check-in at the gate.",
            "supportive_interventions",
        ),
        (
            "Around the building: she will use the side entrance, eat lunch in the library and have a "
            "quiet room to go to; seating plans changed.",
            "school_changes",
        ),
    ],
)
def test_passages_under_unknown_names_read_like_their_part(text: str, topic: str) -> None:
    assert reads_like(text, topic)


@pytest.mark.parametrize(
    "text",
    [
        "What we are putting around the pupil",
        "Reason for the timetable: repeated internal exclusions and refusal to attend afternoon lessons.",
        "Those present: Mrs Tracey Blythe (Mother), Connor Blythe (Pupil), Mr Martin Gale (Head of Year 10).",
    ],
)
def test_labels_and_other_parts_read_like_no_part(text: str) -> None:
    assert not any(reads_like(text, topic) for topic in PARTS)


def test_a_tiny_model_learns_its_classes() -> None:
    model = build_model(
        {"supportive_interventions": {"mentoring": 5, "elsa": 4}, "other": {"date": 5, "birth": 4}},
        {"supportive_interventions": 3, "other": 3},
    )
    assert model.posterior("mentoring elsa")["supportive_interventions"] > 0.9
    assert model.posterior("date birth")["other"] > 0.9


def test_a_part_the_rules_miss_is_asked_about_not_claimed_missing() -> None:
    body = (
        "Plan for Ruby Bayliss below.\n"
        "Alongside the shorter days: time with our Inclusion Mentor (3 x 20 mins per week); "
        "Zones of Regulation work; a daily report card shared with home by email.\n"
    )
    facts = extract_facts([message(body)])
    assert not facts.topics["supportive_interventions"].found
    assert "supportive_interventions" in facts.reads_like
    assert shipped_model() is shipped_model()  # loaded once


@pytest.mark.parametrize(
    "line",
    [
        "Early Help Assessment (EHA) considered? ☐ Yes ☐ No",
        "Alternative provision considered: Yes [ ] No [ ]",
    ],
)
def test_a_question_left_unanswered_reads_like_nothing(line: str) -> None:
    facts = extract_facts([message(f"Plan for Ruby Bayliss attached.\n{line}\n")])
    assert not facts.reads_like


@pytest.mark.parametrize(
    "line",
    ["Alternative provision considered? ☐ Yes ☐ No", "Early Help Assessment (EHA) considered?: YES / NO"],
)
def test_a_question_left_unanswered_is_no_part_found(line: str) -> None:
    facts = extract_facts([message(f"Plan for Ruby Bayliss attached.\n{line}\n")])
    found = [
        t
        for t in ("alternative_provision_considered", "early_help_assessment_considered")
        if facts.topics[t].found
    ]
    assert not found
