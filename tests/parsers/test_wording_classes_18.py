"""Classes of wording from blind set 18's tuning part (issue 9): a full-time row that says 'Full
school day' or 'the whole school day'; minutes whose 'Attendance' heading is over a table of names
and roles; a spreadsheet printed with its column letters and row numbers; 'Support that goes with
the reduced hours'."""

from __future__ import annotations

import re
from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.corpus import build_corpus
from parsers.extract.lookup import labelled
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


@pytest.mark.parametrize("pattern", ["Full school day", "the whole school day", "Whole day"])
def test_a_row_of_the_whole_school_day_is_the_full_time_row(pattern: str) -> None:
    rows = (
        ("Period", "Pattern (Monday to Friday)", "Hours per week"),
        ("Week 1 - from 02/03/2026", "Mornings, 9.00-11.30", "12.5"),
        ("Week 2 - from 09/03/2026", "Mornings, 9.00-12.30", "17.5"),
        ("From 16/03/2026", pattern, "32.5"),
    )
    found = read_week_table(rows, date(2026, 2, 25))
    assert found is not None
    assert [w.hours for w in found.weeks] == [12.5, 17.5]
    assert found.full_time_date == date(2026, 3, 16)


_MINUTES = (
    "Team Around the Child (TAC) Review\nMinutes and agreed actions\n"
    "Date 07/06/2026 Venue School meeting room Chair Emre Çelik\n"
    "Attendance\nName Role Organisation\n"
    "Mrs Ana-Maria Dumitrașcu Mother Family\n"
    "Ms Phạm Thu Trang Attendance and Welfare Lead Abingdon Ock Meadow Academy\n"
    "Emre Çelik Children's Social Worker (CIN) Family Solutions Plus City\n"
)
_ATTENDANCE = (
    ("Name", "Role", "Organisation"),
    ("Mrs Ana-Maria Dumitrașcu", "Mother", "Family"),
    ("Ms Phạm Thu Trang", "Attendance and Welfare Lead", "Abingdon Ock Meadow Academy"),
    ("Emre Çelik", "Children's Social Worker (CIN)", "Family Solutions Plus City"),
)


def test_an_attendance_heading_over_names_and_roles_is_who_came() -> None:
    headings = ("Team Around the Child (TAC) Review", "Attendance")
    page = Page(1, _MINUTES, tables=(_ATTENDANCE,), headings=headings)
    facts = extract_facts([message("Minutes attached.", documents=[Document("tac.docx", (page,))])])
    assert facts.professionals_present == {"social_worker"}
    assert facts.topics["meeting_held"].found


def test_a_pupils_attendance_heading_over_weeks_is_no_list_of_who_came() -> None:
    rows = (("Week", "Attendance"), ("1", "52%"), ("2", "61%"))
    page = Page(1, "Attendance\nWeek Attendance\n1 52%\n2 61%\n", tables=(rows,), headings=("Attendance",))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.docx", (page,))])])
    assert not facts.topics["meeting_held"].found


def test_a_spreadsheet_printed_with_its_frame_is_read_as_its_own_table() -> None:
    rows = (
        ("", "A", "B", "C"),
        ("15", "Area", "In plan?", "Detail"),
        ("16", "Support that goes with the reduced hours", "☒ Yes ☐ No", "A lunchtime buddy."),
        ("17", "Named person responsible in school", "☒ Yes ☐ No", "Ms Pádraigín Ní Fhlannagáin, SENCO"),
    )
    text = "Sheet 4 - The plan\n" + "\n".join(" ".join(c for c in row if c) for row in rows) + "\n"
    page = Page(1, text, tables=(rows,))
    facts = extract_facts([message("Notification attached.", documents=[Document("ptt.docx", (page,))])])
    assert facts.topics["supportive_interventions"].found
    assert facts.named_person == "Ms Pádraigín Ní Fhlannagáin"


def test_we_met_on_a_date_with_a_professional() -> None:
    body = (
        "We met on Wednesday 3 June 2026 with Hamza's mum, Ms Niamh Doyle, and Lê Anh Thư, SEND Officer, "
        "SEN Statutory Team, Oxfordshire County Council.\n"
    )
    assert extract_facts([message(body)]).professionals_present == {"sen_team"}


def test_i_will_lead_the_plan_names_the_writer() -> None:
    body = "I will lead the plan (Mrs Ángela Núñez-Hart, Deputy Head (Pupil Support)).\n"
    assert extract_facts([message(body)]).named_person == "Mrs Ángela Núñez-Hart"


def test_dates_to_look_at_the_timetable_again_are_the_reviews() -> None:
    body = "Dates to look at the timetable again: 23/06/2026 and 07/07/2026, with home invited to both.\n"
    assert extract_facts([message(body)]).topics["review_schedule"].found


def test_who_is_responsible_over_a_bullet() -> None:
    body = "Who is responsible\n\n•\tMr Søren Kjærgaard, Head of Key Stage 4\n"
    assert extract_facts([message(body)]).named_person == "Mr Søren Kjærgaard"


def test_a_sentence_of_a_mixed_paragraph_reads_like_its_part() -> None:
    body = (
        "While the hours are short: A key adult checks in with Hamza first thing and after lunch; weekly "
        "sessions with the school's wellbeing practitioner; a homework club place so work is not missed. "
        "Hamza comes in through reception before the main crowd and leaves five minutes before the bell; a "
        "named room to go to if overwhelmed.\n"
    )
    assert "school_changes" in extract_facts([message(body)]).reads_like


def test_a_label_is_no_label_of_a_longer_word() -> None:
    corpus = build_corpus([message("Reviewing this contract at half term.\nReviews: 11/03/2026\n")])
    values = [hit.value for hit in labelled(corpus, re.compile(r"review", re.I))]
    assert "ing this contract at half term." not in values
    assert "s: 11/03/2026" not in values and "11/03/2026" in values


def test_a_plural_label_is_still_its_label() -> None:
    facts = extract_facts([message("Reviews Fri 11th Dec and Fri 18th Dec with mum.\n")])
    assert facts.topics["review_schedule"].found


def test_a_prompt_left_open_under_its_heading_is_no_answer() -> None:
    text = (
        "6. Reviewing and ending the phased return\nThe phased return ends when\n"
        "7. Safety\nRisk assessment done.\n"
    )
    page = Page(1, text, headings=("6. Reviewing and ending the phased return", "7. Safety"))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.docx", (page,))])])
    assert not facts.topics["exit_strategy"].found
