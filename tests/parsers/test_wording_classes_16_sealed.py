"""Classes of wording from blind set 16's sealed part, fixed after it was scored once (issue 9;
not blind numbers): a week table's 'Full attendance' row; 'IHP owner in school' as the named
person; a date of birth after the word 'meeting' is not the meeting's date."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


def test_a_full_attendance_row_ends_the_reduced_weeks() -> None:
    rows = (
        ("Week", "Week beginning", "In school", "Hours"),
        ("1", "08/11/2027", "Mon-Fri 9:00-11:00", "10"),
        ("2", "15/11/2027", "Mon-Fri 9:00-12:00", "15"),
        ("-", "06/12/2027", "Full attendance", "32.5"),
    )
    table = read_week_table(rows, date(2027, 11, 1))
    assert table is not None and len(table.weeks) == 2
    assert table.full_time_date == date(2027, 12, 6)


@pytest.mark.parametrize("label", ["IHP owner in school", "PSP owner", "Plan owner"])
def test_a_plans_owner_in_school_is_the_named_person(label: str) -> None:
    rows = (("Plan period", "08/11/2027 to 06/12/2027", label, "Mrs Gráinne Mac Cárthaigh, Headteacher"),)
    page = Page(1, "IHP\n", tables=(rows,))
    facts = extract_facts([message("Plan attached.", documents=[Document("ihp.pdf", (page,))])])
    assert facts.named_person == "Mrs Gráinne Mac Cárthaigh"


def test_a_date_of_birth_after_the_word_meeting_is_not_when_they_met() -> None:
    body = (
        "Notes of meeting: reintegration timetable for Saoirse Ó Murchú (Year 9, DOB 21/11/2013)\n"
        "Mum agreed in the meeting on 03/05/2028.\n"
    )
    assert extract_facts([message(body)]).meeting_date == date(2028, 5, 3)
