"""The reminders' words (replies.reminders): every kind renders from its template, with the
case reference in the subject and the guidance's numbers; no unknown kind."""

from __future__ import annotations

from datetime import date

import pytest

from replies.reminders import ReminderContext, long_date, professionals_for, render_reminder
from triage.catalogue import load_guidance
from triage.deadlines import KINDS

GUIDANCE = load_guidance("oxfordshire")
FROM = "attendance@oxfordshire.gov.uk"


@pytest.mark.parametrize(
    ("kind", "subject_words", "body_words"),
    [
        ("review_upcoming", "review of the reduced timetable is due on Friday 16 January 2026",
         "due to be reviewed on Friday 16 January 2026"),
        ("full_time_confirm", "back to full time from Friday 16 January 2026",
         "confirm that the pupil is now back"),
        ("full_time_confirm_again", "Second request", "We wrote 5 school days ago"),
        ("full_time_overdue", "past six weeks", "started on Monday 5 January 2026"),
        ("missing_items_chase", "items still missing", "- Review schedule\n- Named person"),
        ("professional_agreement", "before the timetable starts on Friday 16 January 2026",
         "written agreement of the SEN Team at the Local Authority"),
    ],
)
def test_each_kind_renders(kind: str, subject_words: str, body_words: str) -> None:
    ctx = ReminderContext(
        kind=kind, reference="RTT-2026-ABCDEF", about=date(2026, 1, 16), pupil="Oliver Bennett",
        school="Ashbrook Vale School", start=date(2026, 1, 5), missing=("Review schedule", "Named person"),
        professionals=professionals_for({"ehcp": True, "looked_after": False}, GUIDANCE),
    )
    out = render_reminder(ctx, GUIDANCE, FROM, chase_days=5)
    assert out.subject.endswith(" [RTT-2026-ABCDEF]") and subject_words in out.subject
    assert "Oliver Bennett" not in out.subject  # no child's name in a subject line
    assert body_words in out.text
    assert "keeping the reference RTT-2026-ABCDEF in the subject" in out.text
    assert "Oliver Bennett at Ashbrook Vale School" in out.text
    assert "{{" not in out.text and "Subject:" not in out.text


def test_every_kind_has_a_template() -> None:
    for kind in KINDS:
        ctx = ReminderContext(kind=kind, reference="RTT-2026-ABCDEF", about=None)
        assert render_reminder(ctx, GUIDANCE, FROM, chase_days=3).text.startswith("Dear colleague,")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="no reminder of kind 'digest'"):
        render_reminder(ReminderContext(kind="digest", reference="R", about=None), GUIDANCE, FROM, 5)


def test_long_date_and_professionals() -> None:
    assert long_date(date(2026, 3, 2)) == "Monday 2 March 2026"
    both = {"child_protection": True, "child_in_need": True, "looked_after": True, "unknown": True}
    assert professionals_for(both, GUIDANCE) == "their Social Worker and the Virtual School"
    assert professionals_for({}, GUIDANCE) is None
