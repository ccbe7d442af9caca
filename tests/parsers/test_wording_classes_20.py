"""Classes of wording from blind set 20's tuning part (issue 9): who was at the meeting shown by a
column headed otherwise ('Here in person?', 'How consulted' with 'At the meeting on <date>'), by
'Those at the meeting on <date>:' or 'People at our meeting', or by 'Plan written with' over a list;
a week table's last row labelled 'Back'; hours with their minutes ('12 hrs 30 mins') in a column
headed 'That week'; 'From <date>: the full day'; 'Member of staff overseeing this plan'; a scaling
question's ratings are not the part they sit under."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from parsers.extract import extract_facts
from parsers.extract.hours import stated_hours
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


def _plan(text: str, rows: tuple[tuple[str, ...], ...] = ()) -> Document:
    return Document("plan.pdf", (Page(1, text, tables=(rows,) if rows else ()),))


def _table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" ".join(r) for r in rows)


@pytest.mark.parametrize("head", ["Here in person?", "Came to the meeting?", "In person"])
def test_a_column_asking_who_was_there_marks_who_came(head: str) -> None:
    rows = (
        ("Name", "Relationship / role", head),
        ("Mrs Ewa Dąbrowska", "Mother", "Yes"),
        ("Mr Tomasz Király", "Head of Year 5", "Yes"),
        ("Ms Ifeoma Adeyemi-Stone", "Social Worker (CIN)", "Yes"),
        ("Mr Gareth Lloyd", "Youth Justice Officer", "No"),
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.professionals_present == {"social_worker"}


def test_a_column_saying_at_the_meeting_marks_who_came_whatever_its_head() -> None:
    rows = (
        ("Name", "Role", "How their views were given"),
        ("Mr Ahmed Rahimi", "Father", "At the meeting on 12/01/2028"),
        ("Ms Lowri Pryce", "Early Help Worker", "At the meeting on 12/01/2028"),
        ("Dr Sunil Varma", "Educational Psychologist", "Report (December 2027)"),
        ("Mr Colm Ó Riada", "Youth Justice Officer", "Telephone call before the meeting"),
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.professionals_present == {"early_help"}


@pytest.mark.parametrize(
    "label",
    [
        "Those at the meeting on Tuesday 7 March 2028:",
        "People at our meeting",
        "Everyone at the review meeting:",
    ],
)
def test_those_at_the_meeting_label_lists_who_came(label: str) -> None:
    text = f"{label}\nMrs Sadia Iqbal (Mother)\nMr Piotr Nowak-Evans (Virtual School Adviser)\n"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.professionals_present == {"virtual_school"}
    assert facts.topics["meeting_held"].found


def test_plan_written_with_lists_who_made_it() -> None:
    text = (
        "Plan written with\n"
        "• Ms Adaeze Nwosu, Grandmother (kinship carer)\n"
        "• Mr Ravi Chauhan, Head of Year 9\n"
        "• Ms Mared Hughes, SEN Officer\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.professionals_present == {"sen_team"}


@pytest.mark.parametrize("label", ["Back", "Return", "Returns to school"])
def test_a_last_row_labelled_back_is_the_full_time_row(label: str) -> None:
    rows = (
        ("Week", "Week beginning", "Session", "Weekly total"),
        ("1", "07/02/2028", "09:00-11:30", "12.5 h"),
        ("2", "14/02/2028", "09:00-12:30", "17.5 h"),
        (label, "28/02/2028", "09:00-15:20", "31 h 40 m"),
    )
    found = read_week_table(rows, date(2028, 2, 2))
    assert found is not None
    assert [w.hours for w in found.weeks] == [12.5, 17.5]
    assert found.full_time_date == date(2028, 2, 28)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("12 hrs 30 mins", [12.5]),
        ("22 hours and 15 minutes", [22.25]),
        ("31 h 40 m", [31 + 40 / 60]),
        ("10 hrs", [10.0]),
    ],
)
def test_hours_are_read_with_their_minutes(text: str, hours: list[float]) -> None:
    assert stated_hours(text) == pytest.approx(hours)


def test_a_column_headed_that_week_holds_the_weeks_hours() -> None:
    rows = (
        ("Week", "Week beginning", "Arrives", "Leaves", "Each day", "That week"),
        ("1", "Monday 7 February 2028", "12.30 p.m.", "3.00 p.m.", "2 hrs 30 mins", "12 hrs 30 mins"),
        ("2", "Monday 14 February 2028", "11.00 a.m.", "3.00 p.m.", "4 hrs", "20 hrs"),
    )
    found = read_week_table(rows, date(2028, 2, 2))
    assert found is not None
    assert [w.hours for w in found.weeks] == [12.5, 20.0]


def test_from_a_date_the_full_day_is_the_full_time_date() -> None:
    body = (
        "Week 1 (w/c 07/02/2028): 12.30 to 3.00 each day.\n"
        "Week 2 (w/c 14/02/2028): 11.00 to 3.00 each day.\n"
        "From Monday 21 February 2028: the full day, 8.50 a.m. to 3.10 p.m.\n"
    )
    assert extract_facts([message(body)]).full_time_date == date(2028, 2, 21)


def test_the_member_of_staff_overseeing_the_plan_is_the_named_person() -> None:
    body = "Member of staff overseeing this plan: Mr Bartosz Wójcik-Lane, Deputy Headteacher\n"
    assert extract_facts([message(body)]).named_person == "Mr Bartosz Wójcik-Lane"


def test_a_scaling_line_under_the_safety_goal_is_no_exit_strategy() -> None:
    rows = (
        ("Safety goal - how everyone will know this has worked",),
        ("Scaling (0 = school feels impossible, 10 = Maja manages whole days): Maja 4; dad 3.",),
    )
    text = _table_text(rows)
    doc = Document("plan.docx", (Page(1, text, headings=(rows[0][0],)),))
    topic = extract_facts([message("Plan attached.", documents=[doc])]).topics["exit_strategy"]
    assert not topic.found


def test_a_week_ones_date_without_its_year_near_the_message_is_the_start() -> None:
    body = (
        "Timetable\n"
        "Week 1 (13 Sep - 17 Sep)\t8.45 - 10.45 daily (10 hours)\n"
        "Week 2 (20 Sep - 24 Sep)\t8.45 - 11.45 daily (15 hours)\n"
        "Back to full days\tfrom Monday 27 September 2027\n"
    )
    mail = dataclasses.replace(message(body), date=datetime(2027, 9, 9, 9, 0, tzinfo=UTC))
    facts = extract_facts([mail])
    assert facts.start_date == date(2027, 9, 13)


def test_a_week_ones_date_without_its_year_far_from_the_message_is_not_the_start() -> None:
    body = "Week 1 (13 Sep - 17 Sep)\t8.45 - 10.45 daily (10 hours)\nWeek 2 (20 Sep)\t9-12 daily (15 hours)\n"
    mail = dataclasses.replace(message(body), date=datetime(2027, 3, 9, 9, 0, tzinfo=UTC))
    assert extract_facts([mail]).start_date is None


def test_support_around_the_pupil_is_the_support_heading() -> None:
    text = (
        "Support around Weronika\nA meet-and-greet at reception and small-group social skills twice a week.\n"
    )
    doc = Document("plan.pdf", (Page(1, text, headings=("Support around Weronika",)),))
    assert (
        extract_facts([message("Plan attached.", documents=[doc])]).topics["supportive_interventions"].found
    )


@pytest.mark.parametrize(
    "sentence",
    ["Jayden lives with his foster carers in Bicester.", "She is placed with foster carers out of county."],
)
def test_living_with_foster_carers_is_looked_after(sentence: str) -> None:
    assert extract_facts([message(sentence)]).circumstances["looked_after"] is True


def test_hours_written_close_up_with_their_minutes() -> None:
    assert stated_hours("12h30m") == [12.5]
    assert stated_hours("Week 4: 27h") == [27.0]


def test_a_header_cell_over_two_columns_leaves_the_hours_one_place_right() -> None:
    rows = (
        ("Week", "Week beginning Days", "Session", "Minutes each day", "Weekly total", ""),
        ("1", "20/09/2027", "Mon-Fri", "08:30-11:00", "150 min", "12h30m"),
        ("2", "27/09/2027", "Mon-Fri", "08:30-12:00", "210 min", "17h30m"),
        ("Back", "04/10/2027", "Mon-Fri", "08:30-15:00", "390 min", "32h30m"),
    )
    found = read_week_table(rows, date(2027, 9, 16))
    assert found is not None
    assert [w.hours for w in found.weeks] == [12.5, 17.5]
    assert found.full_time_date == date(2027, 10, 4)


def test_a_table_read_into_more_hours_than_a_week_holds_is_not_read() -> None:
    rows = (
        ("Week | Week beginning | Days", "", "", "Minutes each day | Weekly total", "", ""),
        ("1", "08/11/2027", "Mon-Fri", "08:45-10:45", "120 min", "10h"),
        ("2", "15/11/2027", "Mon-Fri", "08:45-11:45", "180 min", "15h"),
    )
    assert read_week_table(rows, date(2027, 11, 4)) is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Name Éabha Ní Riain Date of birth 30/04/2018", "Éabha Ní Riain"),
        ("Child Weronika Szczęsna Date of birth 22/03/2015", "Weronika Szczęsna"),
        ("Pupil: Tomás Ó Briain DOB 11/02/2016", "Tomás Ó Briain"),
    ],
)
def test_a_name_beside_a_date_of_birth_is_the_pupils(line: str, name: str) -> None:
    doc = Document("scan.pdf", (Page(1, f"Behaviour Support Plan\n{line}\nYear 5\n"),))
    assert extract_facts([message("Scan attached.", documents=[doc])]).pupil.name == name


def test_no_other_plans_after_one_answered_leaves_the_rest_not_applying() -> None:
    body = (
        "Team Around the Family plan: yes (Mrs Ayşe Demir, Family Support Worker). "
        "Nothing else (no other plans or orders).\n"
    )
    row = "Family support worker (TAF lead) Mrs Ayşe Demir 23/02/2028"
    signed = Document("agreement.docx", (Page(1, row),))
    circumstances = extract_facts([message(body, documents=[signed])]).circumstances
    assert circumstances["team_around_family"] is True
    assert {k: v for k, v in circumstances.items() if k != "team_around_family"} == dict.fromkeys(
        ("looked_after", "court_order", "child_protection", "child_in_need", "ehcp"), False
    )


def test_lettered_items_in_a_mail_are_each_their_own_line() -> None:
    body = (
        "Here is the plan.\n"
        "a) Support - Weekly sessions with the learning mentor and a daily check-in.\n"
        "b) Skills - We will teach him how to ask for a break before he gets overwhelmed.\n"
        "c) Exit - Finished when he manages full days for three weeks running.\n"
        "d) Plan lead - Mr Dawid Nowak, Head of Year 6\n"
    )
    facts = extract_facts([message(body)])
    assert facts.topics["new_skills"].found and facts.topics["exit_strategy"].found
    assert facts.named_person == "Mr Dawid Nowak"
