"""Classes of wording from blind set 19's tuning part (issue 9): a week table's last row labelled
only 'Full' or 'Then'; an open 'from <date>' row of whole school days under the reduced weeks; a
week cell '1-2' (weeks, not the 1st of February); '(4–8 October)' is days of a month, not hours;
a pupil's own label for the named person ('My person in school'); 'Who came to my meeting on
<date>' over a list; an item letter before a label ('(a) Named person: ...'); 'Things that will
change at school'; a 'Plan co-ordinator' signs for the school; a date OCR split across a line."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.dates import date_in_cell, find_dates
from parsers.extract.hours import session_minutes
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


@pytest.mark.parametrize("label", ["Full", "Full week", "Then", "Thereafter"])
def test_a_last_row_labelled_full_or_then_is_the_full_time_row(label: str) -> None:
    rows = (
        ("Week", "Week starting", "I get to school", "I go home", "Hours in school"),
        ("1", "Monday 27 September 2027", "11.15am", "3.15pm", "20"),
        ("2", "Monday 4 October 2027", "10.15am", "3.15pm", "25"),
        (label, "Monday 11 October 2027", "8.45am", "3.15pm", "32.5"),
    )
    found = read_week_table(rows, date(2027, 9, 23))
    assert found is not None
    assert [w.hours for w in found.weeks] == [20, 25]
    assert found.full_time_date == date(2027, 10, 11)


def test_an_open_from_row_of_whole_days_ends_the_reduced_weeks() -> None:
    rows = (
        ("Week beginning", "Mon", "Tue", "Wed", "Thu", "Fri"),
        ("28/02/2028", "9.00-11.30", "9.00-11.30", "9.00-11.30", "9.00-11.30", "9.00-10.30"),
        ("06/03/2028", "9.00-12.30", "9.00-12.30", "9.00-12.30", "9.00-12.30", "9.00-11.00"),
        ("from 13/03/2028", "9.00-3.15", "9.00-3.15", "9.00-3.15", "9.00-3.15", "9.00-3.15"),
    )
    found = read_week_table(rows, date(2028, 2, 24))
    assert found is not None
    assert [w.hours for w in found.weeks] == [11.5, 16.0]
    assert found.full_time_date == date(2028, 3, 13)


def test_an_open_from_row_of_short_days_is_another_reduced_week() -> None:
    rows = (
        ("Week beginning", "Mon", "Tue", "Wed", "Thu", "Fri"),
        ("28/02/2028", "9.00-11.30", "9.00-11.30", "9.00-11.30", "9.00-11.30", "9.00-11.30"),
        ("from 06/03/2028", "9.00-1.30", "9.00-1.30", "9.00-1.30", "9.00-1.30", "9.00-1.30"),
    )
    found = read_week_table(rows, date(2028, 2, 24))
    assert found is not None
    assert [w.hours for w in found.weeks] == [12.5, 22.5]
    assert found.full_time_date is None


def test_a_week_cell_of_two_numbers_is_weeks_not_a_date() -> None:
    rows = (
        ("Temporary attendance adjustment", "Weeks", "Dates", "Daily time in school", "Hours per week"),
        ("Phase 1", "1-2", "17/01/2028 - 28/01/2028", "9.15-11.15 (2 hrs)", "10"),
        ("Phase 2", "3", "31/01/2028 - 04/02/2028", "9.15-12.15 (3 hrs)", "15"),
        ("Full time", "-", "from 21/02/2028", "9.15-3.00", "28.75"),
    )
    found = read_week_table(rows, date(2028, 1, 13))
    assert found is not None
    assert [(w.week, w.hours) for w in found.weeks] == [(1, 10), (2, 10), (3, 15)]
    assert found.first_day == date(2028, 1, 17)


def test_days_of_a_month_are_no_hours_of_a_day() -> None:
    spans = session_minutes("Week 4 (4–8 October): Mon–Fri 8.45–2.45")
    assert [(a, b) for a, b, _ in spans] == [(8 * 60 + 45, 14 * 60 + 45)]


def _plan(text: str, rows: tuple[tuple[str, ...], ...] = ()) -> Document:
    return Document("plan.pdf", (Page(1, text, tables=(rows,) if rows else ()),))


@pytest.mark.parametrize("label", ["My person in school", "My trusted adult", "The adult I can go to"])
def test_a_pupils_own_label_for_the_named_person(label: str) -> None:
    rows = (
        ("My name", "Ayşe Doğan", "Date of birth", "02/02/2018"),
        (label, "Ms Róisín Nic Giolla Phádraig, SENDCo", "", ""),
    )
    text = "\n".join(" ".join(r) for r in rows) + "\n"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text, rows)])])
    assert facts.named_person == "Ms Róisín Nic Giolla Phádraig"


def test_who_came_to_my_meeting_on_a_date_lists_who_came() -> None:
    text = (
        "Who came to my meeting on 08/03/2028\n"
        "• Mr Nguyễn Văn Tâm - Father\n"
        "• Mr Trần Minh Quân - Inclusion Lead\n"
        "• Ms Huda Al-Rawi - Early Help Worker\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.topics["meeting_held"].found
    assert facts.professionals_present == {"early_help"}


def test_an_item_letter_before_a_label_is_no_part_of_it() -> None:
    body = (
        "6.\tResponsibility and safety\n"
        "(a)\tNamed person: Mrs Halina Mroczek-Adams, Pastoral Lead and Designated Teacher\n"
        "(b)\tSupport: weekly sessions with the school counsellor.\n"
    )
    assert extract_facts([message(body)]).named_person == "Mrs Halina Mroczek-Adams"


def test_things_that_will_change_at_school_are_the_changes_in_school() -> None:
    rows = (
        ("Support for me", "A place in the nurture group each morning."),
        ("Things that will change at school", "Timetable altered so she stays with one teaching group."),
    )
    text = "\n".join(" ".join(r) for r in rows) + "\n"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text, rows)])])
    assert facts.topics["school_changes"].found


def test_a_plan_coordinator_signs_for_the_school() -> None:
    rows = (
        ("Agreed by", "Print name", "Signature", "Date"),
        ("Parent / carer", "Mr Khalid Al-Hashimi", "Mr Khalid Al-Hashimi", "12/01/2028"),
        ("Plan co-ordinator", "Mr Barış Öztürk-Hale", "Mr Barış Öztürk-Hale", "12/01/2028"),
    )
    text = "Signatures\n" + "\n".join(" ".join(r) for r in rows) + "\n"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text, rows)])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_a_date_ocr_split_across_a_line_is_one_date() -> None:
    found = find_dates("Full timetable from 29/1\n1/2027, -", date(2027, 11, 3))
    assert [f.value for f in found] == [date(2027, 11, 29)]


def test_a_date_ocr_split_inside_its_day_after_a_word_is_one_date() -> None:
    found = find_dates("Parent / carer Mrs Ewelina Zak - (signed) 1 9/01/2028", date(2028, 1, 3))
    assert [f.value for f in found] == [date(2028, 1, 19)]


def test_a_weeks_number_before_a_date_is_not_joined_to_it() -> None:
    assert [f.value for f in find_dates("Week 2 3/10/2027", date(2027, 9, 1))] == [date(2027, 10, 3)]
    assert [f.value for f in find_dates("2 3/10/2027 In In", date(2027, 9, 1))] == [date(2027, 10, 3)]


def test_a_date_cell_split_inside_its_day_is_one_date() -> None:
    assert date_in_cell("1 9/01/2028", date(2028, 1, 3)) == date(2028, 1, 19)
