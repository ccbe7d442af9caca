"""Classes of wording from blind set 17's tuning part (issue 9): a full-time row of 'normal' day
cells; what began before the timetable (a suspension) is not its start; a time of day after
'starting'; hours written before their week; the lead for the return; a bare 'Responsible' label;
a table row of a Word table is no continuation of the row above; pastoral job titles that sign
for the school; agreeing a timetable with someone at the meeting shows they were there."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.corpus import build_corpus
from parsers.extract.hours import days_named
from parsers.extract.lookup import tick_answer
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message

_WEEK_GRID = (
    ("Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Total hrs"),
    ("Wk 1 (02.03.26)", "9:00-11:00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "10"),
    ("Wk 2 (09.03.26)", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "15"),
    ("From 16.03.26", "{day}", "{day}", "{day}", "{day}", "{day}", "32.5"),
)


def _grid_facts(day: str) -> tuple[date | None, list[float]]:
    rows = tuple(tuple(c.format(day=day) for c in row) for row in _WEEK_GRID)
    page = Page(1, "Temporary reduced timetable\n", tables=(rows,))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.pdf", (page,))])])
    return facts.full_time_date, [w.hours for w in facts.timetable]


@pytest.mark.parametrize("day", ["normal", "Normal day", "usual", "as normal", "Full day"])
def test_a_row_of_normal_days_is_the_full_time_row(day: str) -> None:
    assert _grid_facts(day) == (date(2026, 3, 16), [10.0, 15.0])


def test_a_row_of_sessions_is_still_a_reduced_week() -> None:
    assert _grid_facts("9:00-14:00")[1] == [10.0, 15.0, 32.5]


def test_a_suspension_that_began_is_not_the_timetable_start() -> None:
    body = (
        "Suspension began 11/02/2026\n"
        "Week 1 (w/c 23/02/2026): in school 9:00 - 11:00 every day\n"
        "Week 2 (w/c 02/03/2026): in school 9:00 - 12:00 every day\n"
        "From Monday 9 March 2026: full days (32.5 hours a week)\n"
    )
    assert extract_facts([message(body)]).start_date == date(2026, 2, 23)


def test_the_timetable_that_began_is_still_its_start() -> None:
    facts = extract_facts([message("The reduced timetable began on 23/02/2026.\n")])
    assert facts.start_date == date(2026, 2, 23)


def test_a_time_of_day_after_starting_is_not_the_start_date() -> None:
    body = (
        "Amira will do 12.5 hours in week 1 (from 2 Mar 2026); 17.5 hours in week 2 (from 9 Mar 2026), "
        "all mornings starting at 9:00, and is back to full days (32.5 hours) on Monday 16 March 2026.\n"
    )
    facts = extract_facts([message(body)])
    assert facts.start_date != date(2026, 3, 16)
    assert facts.full_time_date == date(2026, 3, 16)


def test_hours_written_before_their_week_belong_to_that_week() -> None:
    body = (
        "Amira will do 12.5 hours in week 1 (from 2 Mar 2026); 17.5 hours in week 2 (from 9 Mar 2026); "
        "22.5 hours in week 3 (from 16 Mar 2026), and is back to full days (32.5 hours) on 23 March 2026.\n"
    )
    weeks = extract_facts([message(body)]).timetable
    assert [(w.week, w.hours) for w in weeks] == [(1, 12.5), (2, 17.5), (3, 22.5)]


def test_hours_after_their_week_are_read_as_before() -> None:
    body = "Week 1: 12.5 hours; week 2: 17.5 hours; week 3: 22.5 hours.\n"
    assert [w.hours for w in extract_facts([message(body)]).timetable] == [12.5, 17.5, 22.5]


@pytest.mark.parametrize("label", ["Lead for the return", "Lead for reintegration", "Responsible"])
def test_the_lead_for_the_return_is_the_named_person(label: str) -> None:
    body = f"{label}: Mr Yousef Haddad, Inclusion Lead\n"
    assert extract_facts([message(body)]).named_person == "Mr Yousef Haddad"


def test_each_row_of_a_word_table_is_a_passage_of_its_own() -> None:
    targets = (
        "Learning to name feelings using a 1-5 scale and to use a planned exit when it gets too much.",
        "Two sessions a week of Lego therapy, a 'meet and greet' by the TA on arrival, and a worry box.",
        "The start of the day moved to the student support base rather than the busy yard at 8:40.",
        "A quiet room at break and lunch with a supervising adult, and a pass to leave lessons early.",
    )
    rows = (("Target / support", "Who", "Review date"), *((t, "Key adult", "17/03/2026") for t in targets))
    text = "Part 5: SMART targets\n" + "\n".join(" ".join(row) for row in rows) + "\n"
    pep = Document("pep.docx", (Page(1, text, tables=(rows,)),))
    corpus = build_corpus([message("PEP attached.", documents=[pep])])
    texts = [u.text for u in corpus.units]
    assert any(t.startswith("Two sessions a week of Lego therapy") for t in texts)


@pytest.mark.parametrize(
    "title", ["Student Support Coordinator", "Pupil Welfare Worker", "Student Services Manager"]
)
def test_pastoral_staff_sign_for_the_school(title: str) -> None:
    rows = (
        ("Party", "Print name", "Sign", "Dated"),
        ("Parent / carer", "Ms Kerry Reid", "Ms Kerry Reid", "29/01/2026"),
        (title, "Mrs Kateřina Horáková", "Mrs Kateřina Horáková", "29/01/2026"),
    )
    page = Page(1, "Agreed by\n", tables=(rows,))
    facts = extract_facts([message("ILP attached.", documents=[Document("ilp.docx", (page,))])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_agreeing_the_timetable_with_a_professional_at_the_meeting_shows_they_were_there() -> None:
    body = (
        "At Ayşegül's PEP meeting on Wednesday 14 January 2026 we agreed a short part-time timetable with "
        "her foster carer, Mrs Yvonne Baptiste, and with Agnieszka Wróbel-Hayes from the Virtual School, "
        "who has signed the agreement attached.\n"
    )
    assert extract_facts([message(body)]).professionals_present == {"virtual_school"}


def test_agreeing_with_a_professional_that_something_follows_is_no_attendance() -> None:
    body = "After the meeting we agreed that the Virtual School would be sent the plan.\n"
    assert extract_facts([message(body)]).professionals_present == frozenset()


_SCANNED_GRID = (
    ("Week | Mon |Tue | Wea [Vie eri | Fotal hrs", "", "", "", "", "", ""),
    ("Wk I (13.09.27)", "9:00-11;00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "10"),
    ("Wk 2 (20.09.27)", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "15"),
    ("Wk 3 (27,0927)", "9:00-13:00", "9:00-13:00", "9:00-13:00", "9:00-13:00", "9:00-13:00", "20"),
    ("From 11.10.27", "norma!", "normal", "normal", "normal", "normal", "32.5"),
)


def test_a_scanned_grid_of_sessions_under_a_header_ocr_could_not_read() -> None:
    found = read_week_table(_SCANNED_GRID, date(2027, 9, 9))
    assert found is not None
    assert [(w.week, w.hours) for w in found.weeks] == [(1, 10.0), (2, 15.0), (3, 20.0)]
    assert found.full_time_date == date(2027, 10, 11)


def test_a_row_with_a_session_among_normal_days_is_no_full_time_row() -> None:
    header = ("Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Total hrs")
    week_4 = ("Wk 4 (04.10.27)", "9:00-14:00", "normal", "normal", "normal", "normal", "30")
    rows = (header, *_SCANNED_GRID[1:4], week_4)
    found = read_week_table(rows, date(2027, 9, 9))
    assert found is not None and [w.hours for w in found.weeks] == [10.0, 15.0, 20.0, 30.0]


@pytest.mark.parametrize("text", ["Stay until lunch with a friend 9:00-12:30", "monthly catch-up 9:00-10:00"])
def test_a_day_name_inside_another_word_is_no_day(text: str) -> None:
    assert days_named(text) is None


@pytest.mark.parametrize("text", ["Tues and Thurs 9:00-12:00", "Mondays, Wednesdays 9-3", "Mon. & Wed. 9-12"])
def test_short_and_plural_day_names_are_days(text: str) -> None:
    assert days_named(text) == 2


def test_a_ladders_goal_line_gives_the_full_time_date() -> None:
    body = (
        "Step 1 02/03/2026 Arrive in the support base 9:00-10:30 7.5\n"
        "Step 2 09/03/2026 Stay through break 9:00-11:30 12.5\n"
        "Goal 16/03/2026 My full timetable full day 32.5\n"
    )
    assert extract_facts([message(body)]).full_time_date == date(2026, 3, 16)


_BODY_TABLE = (
    "Kamil's reduced timetable details are in the table below.\n\n"
    "Name\tKamil Łukasiewicz\n"
    "CLA / Court Order / CP / CIN / TAF / EHCP?\tSubject to a Court Order (YJS involved): yes. "
    "None of the other plans or orders applies.\n"
    "Exit strategy\tTarget: back on a full timetable with at least 90% attendance.\n"
)


def test_a_label_in_the_second_cell_of_a_body_table_is_part_of_its_value() -> None:
    facts = extract_facts([message(_BODY_TABLE)])
    assert facts.topics["exit_strategy"].found
    assert not facts.topics["new_skills"].found


def test_none_of_the_other_plans_or_orders_in_the_next_sentence() -> None:
    circumstances = extract_facts([message(_BODY_TABLE)]).circumstances
    assert circumstances["court_order"] is True
    assert [v for k, v in circumstances.items() if k != "court_order"] == [False] * 5


def test_an_option_with_its_short_name_and_no_box_ticked_is_unanswered() -> None:
    rows = (
        ("Option", "Explored?", "Outcome"),
        ("Alternative provision", "☒ Yes ☐ No", "Considered and not thought right at present."),
        ("Early Help Assessment (EHA)", "☐ Yes ☐ No", ""),
    )
    text = "F. Other options explored\n" + "\n".join(" ".join(c for c in row if c) for row in rows) + "\n"
    page = Page(1, text, tables=(rows,))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.htm", (page,))])])
    assert not facts.topics["early_help_assessment_considered"].found
    assert "early_help_assessment_considered" not in facts.reads_like


@pytest.mark.parametrize(
    ("value", "answer"), [("☒ ves ☐ No", True), ("☐ Ves ☒ No", False), ("☒ Yes ☐ No", True)]
)
def test_a_misread_yes_before_a_boxed_no_is_yes(value: str, answer: bool) -> None:
    assert tick_answer(value) is answer


def _circumstances_of(rows: tuple[tuple[str, ...], ...]) -> dict[str, bool | None]:
    page = Page(1, "Statutory plans and orders\n", tables=(rows,), ocr_confidence=80.0)
    return extract_facts([message("Scan attached.", documents=[Document("scan.jpg", (page,))])]).circumstances


def test_a_bare_pair_of_boxes_in_a_row_of_yes_no_answers_reads_yes_first() -> None:
    rows = (
        ("Looked after?", "Court order?", "CP plan?", "CIN plan?", "TAF / EH plan?", "EHCP?"),
        ("☐ Yes ☒ No", "☐ ves ☒ No", "☐ ☒", "☒ ves ☐ No", "☐ ves ☒ no", "☐ Yes ☒ No"),
    )
    assert _circumstances_of(rows) == {
        "looked_after": False, "court_order": False, "child_protection": False,
        "child_in_need": True, "team_around_family": False, "ehcp": False,
    }


def test_answers_under_a_header_ocr_crowded_are_not_read_by_column() -> None:
    rows = (
        ("Looked after? ‘ Court order?", "cP plan?", "CN plan?", "TAF / EH plan?", "EHCP?", ""),
        ("☐ ves ☒", "☒ ves ☐ No", "☐ Yes AZ No", "☐ Yes MM no", "☐ Yes MZ No", "☐ Yes vo"),
    )
    assert _circumstances_of(rows)["child_protection"] is None


def test_a_bullet_ocr_read_as_a_letter_starts_a_line_of_its_own() -> None:
    text = (
        "6. PHASED RETURN\n"
        "* Week 1 (w/c 05/01/2026): in school 9:00 - 12:00 every day\n"
        "« Week 2 (w/c 12/01/2026): in school 9:00 - 13:00 every day\n"
        "e From Monday 19 January 2026: full days (32.5 hours a week)\n"
    )
    page = Page(1, text, ocr_confidence=85.0)
    facts = extract_facts([message("Scan attached.", documents=[Document("scan.jpg", (page,))])])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0]
    assert facts.full_time_date == date(2026, 1, 19)


@pytest.mark.parametrize(
    ("value", "answer"),
    [("MES / NO", False), ("%ES / NO", False), ("HES / NO", False), ("YES / N9", True), ("Yes / No", None)],
)
def test_an_option_struck_through_and_misread_leaves_the_other(value: str, answer: bool | None) -> None:
    assert tick_answer(value) is answer


def test_an_actions_and_support_column_holds_the_support() -> None:
    rows = (
        ("Target (new skill)", "Actions / support", "By whom", "By when"),
        ("Starting the day calmly", "Lunchtime club place, a supervised lunch", "Mrs Vickery", "06/11/26"),
    )
    page = Page(1, "Section E - SMART targets and support\n", tables=(rows,))
    facts = extract_facts([message("PEP attached.", documents=[Document("pep.pdf", (page,))])])
    assert facts.topics["supportive_interventions"].found


def test_times_before_ordinal_weeks_are_those_weeks_hours() -> None:
    body = (
        "Timetable. Starting Monday 2 March, Ruby will attend 9.00–12.00 each day for the first week, "
        "9.00–1.30 (including lunch) in the second week and 9.00–2.30 in the third week. She returns to "
        "the full school day (8.45–3.15) on Monday 23 March 2026.\n"
    )
    weeks = extract_facts([message(body)]).timetable
    assert [(w.week, w.hours) for w in weeks] == [(1, 15.0), (2, 22.5), (3, 27.5)]


def test_a_number_of_hours_after_a_week_is_no_range_of_weeks() -> None:
    body = (
        "10 hours in week 1, 15 hours in week 2, 20 hours in week 3, 25 hours in week 4 "
        "and 30 hours in week 5."
    )
    weeks = extract_facts([message(body)]).timetable
    assert [(w.week, w.hours) for w in weeks] == [(1, 10.0), (2, 15.0), (3, 20.0), (4, 25.0), (5, 30.0)]
