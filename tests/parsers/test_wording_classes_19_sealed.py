"""Classes of wording from blind set 19's sealed part, fixed after it was scored once (issue 9;
not re-measured as blind): 'I am responsible for the plan'; 'We met Mrs X, ..., on <date> with
Ms Y, SEND Officer'; 'Those present (<date>)' over who came; a professional's agreement still to
come; day columns of several days ('Monday to Thursday | Friday'); a box left for later ('Notes
from review (complete at the review)'); an outcome that is a skill ('Learning to ...'); a space OCR
put inside a time ('8 .45-11.15')."""

from __future__ import annotations

from datetime import date

from parsers.extract import extract_facts
from parsers.extract.hours import session_minutes
from parsers.extract.lookup import is_empty
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


def test_i_am_responsible_for_the_plan_names_the_writer() -> None:
    body = (
        "We met on Wednesday 5 January 2028 and agreed shorter days.\n\n"
        "I am responsible for the plan in school.\n\n"
        "Gwenllian Prys-Jones\nHeadteacher\n"
    )
    assert extract_facts([message(body)]).named_person is not None


def test_we_met_the_parent_on_a_date_with_a_professional() -> None:
    body = (
        "We met Mrs Aleksandra Kowalczyk-Byrne, Lena's mum, on Wednesday 5 January 2028 with Ms Adwoa "
        "Ampofo-Forde, SEND Officer for the County Council, because Lena has an EHC plan.\n"
    )
    facts = extract_facts([message(body)])
    assert facts.professionals_present == {"sen_team"}
    assert facts.topics["meeting_held"].found


def test_those_present_with_the_date_in_brackets_over_who_came() -> None:
    body = (
        "The plan is below.\n\n"
        "Those present (Wednesday 1 March 2028)\n\n"
        "Name\tRole\n"
        "Mrs Clodagh Ó Súilleabháin\tMother\n"
        "Ms Róisín Nic Giolla Phádraig\tSENDCo\n"
        "Mr Tadeusz Wasilewski\tEarly Help Worker\n"
    )
    facts = extract_facts([message(body)])
    assert facts.topics["meeting_held"].found
    assert facts.professionals_present == {"early_help"}


def test_an_agreement_still_to_come_is_not_given() -> None:
    body = (
        "Mr Wasilewski (Early Help Worker) came to the meeting; he is going to send his written agreement "
        "separately once he has spoken to his manager.\n"
    )
    agreement = extract_facts([message(body)]).topics["professional_agreement"]
    assert agreement.negative  # awaited: the reply says it is still needed


def test_a_column_of_several_days_counts_each_of_them() -> None:
    rows = (
        ("Week", "Monday to Thursday", "Friday"),
        ("w/c 06/03/2028", "8:45–11:30", "8:45–10:45"),
        ("w/c 13/03/2028", "8:45–12:30", "8:45–11:30"),
        ("from 20/03/2028", "8:45–15:15", "8:45–15:15"),
    )
    found = read_week_table(rows, date(2028, 3, 1))
    assert found is not None
    assert [w.hours for w in found.weeks] == [13.0, 17.75]
    assert found.full_time_date == date(2028, 3, 20)


def test_a_box_left_for_later_is_empty() -> None:
    assert is_empty("Notes from review (complete at the review)")
    assert not is_empty("Reviewed on Fridays (the first on 21/01/2028)")


def test_an_outcome_that_is_a_skill_to_learn_is_the_new_skills() -> None:
    rows = (
        ("Outcome", "Small steps", "By when"),
        ("Learning to notice rising anger on a 1-5 scale and to pick one of three calming strategies.",
         "Practised daily with the key adult", "05/11/2027"),
    )
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    page = Page(1, text, tables=(rows,))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.htm", (page,))])])
    assert facts.topics["new_skills"].found


def test_a_space_ocr_put_inside_a_time_is_no_break_in_it() -> None:
    assert [(a, b) for a, b, _ in session_minutes("8.45-11.45 8 .45-11.15")] == [(525, 705), (525, 675)]
