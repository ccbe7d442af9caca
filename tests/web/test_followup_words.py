"""The officers' follow-up letters take the council's words from the guidance (its team, its
limit in weeks), as the daemon's replies do: Oxfordshire's letters read as they always did, and
another council's guidance changes them."""

from __future__ import annotations

import dataclasses
from datetime import date

from store.models import Case
from triage.catalogue import load_guidance
from web.followups import TEMPLATES, followup_context, render_followup

CASE = Case(reference="RTT-2026-000042", kind="rtt_notification", pupil_name="Mia Robinson",
            start_date=date(2026, 9, 7), full_time_date=date(2026, 11, 30))


def _letter(template: str, **guidance_changes: object) -> str:
    guidance = dataclasses.replace(load_guidance(), **guidance_changes)
    context = followup_context(CASE, guidance, [], "Priya Shah", "", "attendance@example.gov.uk")
    return render_followup(template, context)


def test_oxfordshire_letters_name_its_team_and_six_weeks() -> None:
    six = _letter("six_weeks")
    assert "for six weeks at most" in six and "which is longer than six weeks" in six
    for template in TEMPLATES:
        assert "Priya Shah\nCounty Attendance Team\nattendance@example.gov.uk" in _letter(template)


def test_another_councils_guidance_changes_the_words() -> None:
    eight = _letter("six_weeks", team="Pupil Access Team", max_reduced_days=56)
    assert "for eight weeks at most" in eight and "six" not in eight
    assert "Priya Shah\nPupil Access Team\n" in eight and "County Attendance Team" not in eight
