"""The officers' daily digest and alerts, the pure parts (triage.officer_digest,
replies.officer_alerts): what each officer and the team are told, table-driven, and that the
emails carry no pupil's name."""

from __future__ import annotations

from datetime import date

import pytest

from replies.officer_alerts import AlertCase, render_assigned_alert, render_breach_alert, render_digest
from triage.catalogue import load_guidance
from triage.officer_digest import TEAM, CaseLine, digest_of, digests, due_why, overdue_why, week_end

GUIDANCE = load_guidance("oxfordshire")
TODAY = date(2026, 3, 4)  # a Wednesday
MAX = 42


def line(ref: str, **kw: object) -> CaseLine:
    base: dict[str, object] = {"case_id": int(ref[-1]), "reference": ref, "kind": "rtt_notification",
                               "priority": "normal", "status": "open", "school": "Millbrook Fields"}
    base.update(kw)
    return CaseLine(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "overdue", "due"),
    [
        (line("R-1", full_time_date=date(2026, 3, 3)), "full-time date 2026-03-03 passed", None),
        (line("R-1", full_time_date=date(2026, 3, 4)), None, "full-time date 2026-03-04"),
        (line("R-1", full_time_date=date(2026, 3, 8)), None, "full-time date 2026-03-08"),  # Sunday
        (line("R-1", full_time_date=date(2026, 3, 9)), None, None),  # next week
        (line("R-1", full_time_date=date(2026, 3, 20), next_review_date=date(2026, 3, 2)),
         "review 2026-03-02 passed", None),
        (line("R-1", full_time_date=date(2026, 3, 20), next_review_date=date(2026, 3, 6)),
         None, "review 2026-03-06"),
        (line("R-1", start_date=date(2026, 1, 20)), "no full-time date, started 2026-01-20", None),
        (line("R-1", start_date=date(2026, 1, 21)), None, None),  # 42 days is today: not past it
        (line("R-1", status="closed", full_time_date=date(2026, 1, 1)), None, None),
    ],
)
def test_overdue_and_due_this_week(case: CaseLine, overdue: str | None, due: str | None) -> None:
    assert overdue_why(case, TODAY, MAX) == overdue
    if overdue is None and case.status != "closed":
        assert due_why(case, TODAY) == due


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (date(2026, 3, 2), date(2026, 3, 8)),
        (date(2026, 3, 8), date(2026, 3, 8)),
        (date(2026, 3, 7), date(2026, 3, 8)),
    ],
)
def test_the_week_ends_on_sunday(today: date, end: date) -> None:
    assert week_end(today) == end


def test_each_officer_gets_their_cases_and_the_team_the_unassigned() -> None:
    lines = [
        line("R-1", assigned_to=7, full_time_date=date(2026, 3, 2)),  # Olivia's, overdue
        line("R-2", assigned_to=7, status="needs_officer"),  # Olivia's, held
        line("R-3", assigned_to=8, full_time_date=date(2026, 5, 1)),  # Sam's, nothing to say
        line("R-4", full_time_date=date(2026, 3, 5)),  # unassigned, due this week
        line("R-5", kind="breach_report", priority="urgent"),  # unassigned
        line("R-6", status="closed", full_time_date=date(2026, 1, 1)),  # closed: never
    ]
    found = digests(lines, TODAY, MAX, [7, 8, 9])
    assert set(found) == {7, TEAM}  # Sam's and the third officer's digests would be empty
    mine = found[7]
    assert [e.line.reference for e in mine.overdue] == ["R-1"]
    assert [e.line.reference for e in mine.held] == ["R-2"]
    assert mine.unassigned == () and mine.due_this_week == ()
    team = found[TEAM]
    assert [e.line.reference for e in team.due_this_week] == ["R-4"]
    assert [e.line.reference for e in team.unassigned] == ["R-4", "R-5"]
    assert team.count == 2
    assert digest_of([], TODAY, MAX).empty


def test_the_emails_name_no_pupil_and_link_the_case() -> None:
    case = AlertCase(5, "RTT-2026-000005", "breach_report", "urgent", "Millbrook Fields")
    breach = render_breach_alert(case, GUIDANCE, "https://rtt.example.gov.uk/")
    assert breach.subject == "Urgent breach report received [RTT-2026-000005]"
    assert "https://rtt.example.gov.uk/cases/5" in breach.text
    assert "Priority: urgent" in breach.text and "School: Millbrook Fields" in breach.text
    assigned = render_assigned_alert(case, GUIDANCE, "", "olivia")
    assert assigned.subject == "A case has been assigned to you [RTT-2026-000005]"
    assert "olivia has assigned" in assigned.text and "http" not in assigned.text
    lines = [line("R-4", full_time_date=date(2026, 3, 5)), line("R-5", kind="breach_report")]
    team = digests(lines, TODAY, MAX, [])[TEAM]
    text = render_digest(team, TODAY, GUIDANCE, "https://q.example", team=True)
    assert text.subject == "Daily digest for Wednesday 4 March 2026: 2 cases for the team to look at"
    assert "Due this week (1)\n- R-4: notification of a reduced timetable, normal priority" in text.text
    assert "Unassigned (2)" in text.text and "https://q.example/cases/5" in text.text
    assert "Overdue" not in text.text
