"""A school's reply that answers the council's quoted points inline, each answer under its point
(an Outlook reply; blind set 25, consumed after its sealed part was scored): the point is the
answer's heading, so 'NO TO ALL OF THESE' under the circumstances' point says none applies and
'MS INGRID SOLBERG, HEAD OF YEAR 7' under 'The named person in school' names the person. A job
title that names a kind of child ('Designated Teacher (Looked After Children)') is no statement
about this pupil."""

from __future__ import annotations

from parsers.extract import extract_facts
from parsers.extract.corpus import unwrap_paragraphs
from tests.minimail import message

_REPLY = (
    "Hello,\n\nI have answered each point in capitals under your questions below.\n\n"
    "Kieran Abbott\nDesignated Teacher (Looked After Children)\nShill Brook Academy\n\n"
    "From: County Attendance Team <attendance@oxfordshire.gov.uk>\n\n"
    "Dear Mr Abbott,\n\nWhen you notify us, please make sure the plan tells us:\n\n"
    "> 1. The pupil's name, date of birth and year group\n"
    "SAM GREEN, 18/01/2015, YEAR 8\n"
    "> 4. Whether the pupil is looked after, on a court order, has a CP, CIN or TAF plan, or an EHCP\n"
    "> (and if so the professional's agreement)\n"
    "NO TO ALL OF THESE\n"
    "> 8. The named person in school\n"
    "MS INGRID SOLBERG, HEAD OF YEAR 7\n"
    "> 9. The review dates\n"
    "CHECK-BACK MEETINGS BOOKED FOR 15/10/2027 AND 22/10/2027\n"
)


def test_no_to_all_of_these_under_the_circumstances_point() -> None:
    facts = extract_facts([message(_REPLY, "RE: Query - reduced timetable")])
    assert facts.circumstances == {
        "looked_after": False,
        "court_order": False,
        "child_protection": False,
        "child_in_need": False,
        "team_around_family": False,
        "ehcp": False,
    }


def test_an_answer_under_a_point_is_read_under_its_heading() -> None:
    facts = extract_facts([message(_REPLY, "RE: Query - reduced timetable")])
    assert facts.named_person is not None and "SOLBERG" in facts.named_person.upper()
    assert facts.topics["review_schedule"].found


def test_a_quoted_line_ends_the_paragraph_of_the_answer_above_it() -> None:
    assert unwrap_paragraphs("FULL TIME FROM 01/11/2027\n> 4. Whether ...\nNO TO ALL OF THESE") == [
        "FULL TIME FROM 01/11/2027",
        "NO TO ALL OF THESE",
    ]


_LETTER = (
    "Dear Ms Brennan,\n\nThank you for coming in today to talk about Sam Green (Year 8). As we "
    "discussed, a short reduced timetable will help: from Monday 19 June 2028 she will be in school from "
    "8.45am until 11.45am (15 hours a week); from Monday 26 June 2028 she will be in school from 8.45am "
    "until 1.15pm (22.5 hours a week); she will be back on full days from Monday 3 July 2028. Mr Mehmet "
    "Aydın, Head of Year 11 will be responsible for the plan. Check-back meetings booked for 23/06/2028 "
    "and 30/06/2028.\n"
)


def test_a_letter_home_in_the_body_gives_its_weeks_person_and_reviews() -> None:
    """Dated weeks whose times start with 'from 8.45am' (a time, not a week's date); 'Mr Aydın,
    Head of Year 11 will be responsible for the plan' without the comma that would close the
    role; 'Check-back meetings booked for ...' (blind 25's sealed part, not blind)."""
    facts = extract_facts([message(_LETTER, "Sam Green - reduced timetable letter")])
    assert [w.hours for w in facts.timetable] == [15.0, 22.5]
    assert facts.named_person is not None and "Aydın" in facts.named_person
    assert facts.topics["review_schedule"].found
