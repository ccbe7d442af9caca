"""Classes of wording from blind set 17's sealed part, fixed after it was scored once (issue 9;
not re-measured as blind): a ladder's goal row that says only 'full timetable' or 'full day';
column heads under a table's title row; options weighed in a 'Discussed? | Outcome' table."""

from __future__ import annotations

from datetime import date

from parsers.extract import extract_facts
from parsers.facts import CaseFacts
from parsers.model import Document, Page
from tests.minimail import message

_LADDER = (
    ("My steps back to school", "", "", "", "", ""),
    ("Step", "From", "What it looks like", "Time in school", "Hours that week", "Achieved?"),
    ("Step 1", "02/03/2026", "Arrive in the support base", "9:00-10:30", "7.5", ""),
    ("Step 2", "09/03/2026", "Stay through break", "9:00-11:30", "12.5", ""),
    ("Goal", "16/03/2026", "My full timetable", "full day", "32.5", ""),
)


def _facts(rows: tuple[tuple[str, ...], ...], text: str = "Plan\n") -> CaseFacts:
    page = Page(1, text, tables=(rows,))
    return extract_facts([message("Plan attached.", documents=[Document("plan.pdf", (page,))])])


def test_a_ladders_goal_row_is_the_full_time_row() -> None:
    facts = _facts(_LADDER)
    assert [w.hours for w in facts.timetable] == [7.5, 12.5]
    assert facts.full_time_date == date(2026, 3, 16)


def test_column_heads_under_a_tables_title_row() -> None:
    rows = (
        ("Outcomes", "", "", ""),
        ("Long-term outcome", "Short-term target", "Baseline", "How measured"),
        ("Full days for a week, then it closes.", "Learning to organise books and kit.", "58%", "Register"),
    )
    assert _facts(rows).topics["new_skills"].found


def test_the_outcome_of_an_option_discussed_is_no_exit_strategy() -> None:
    rows = (
        ("Also discussed", "", ""),
        ("Option", "Discussed?", "Outcome"),
        ("External behaviour support", "☒ Yes ☐ No", "A referral to the outreach team, agreed in principle."),
    )
    assert not _facts(rows).topics["exit_strategy"].found
