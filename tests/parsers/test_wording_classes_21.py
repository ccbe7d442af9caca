"""Classes of wording from blind set 21's tuning part (issue 9): week lines that open with the week's
days ('19-23 June: ...', '20/3 - 24/3: ...'); week columns headed by their dates ('w/c 24/01'); a
full-time row named in a label column before the week's ('Phase 4', 'Full time'); a week's line run
into the full-time line after it; 'sexual and criminal exploitation' sharing one noun; a 'structured
conversation' as the meeting, and 'Also present'; a person listed at the meeting by a job title of no
known service whom the signatures name for one; 'The adult who looks after this plan with me'; 'To be
agreed' as an empty answer; a table's header row is no label and value; a risk assessment sent as
its own document gives its 'Date completed'; 'Classroom and school modifications'."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.hours import stated_hours
from parsers.extract.risk import CDE, CSE
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


def _plan(text: str, rows: tuple[tuple[str, ...], ...] = (), source: str = "plan.pdf") -> Document:
    return Document(source, (Page(1, text, tables=(rows,) if rows else ()),))


def _table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" ".join(r) for r in rows)


@pytest.mark.parametrize(
    "lines",
    [
        "* 19-23 June: 9.00 to 12.00 (15 hours a week)\n* 26-30 June: 9.00 to 1.00 (20 hours a week)\n",
        "20/3 - 24/3: 08:30-11:30 daily = 3 x 5 = 15 hours\n"
        "27/3 - 31/3: 08:30-12:30 daily = 4 x 5 = 20 hours\n",
    ],
)
def test_lines_opening_with_the_weeks_days_give_each_weeks_hours(lines: str) -> None:
    body = "Reduced hours from Monday 19 June 2028:\n" + lines + "Full days from Monday 3 July 2028.\n"
    assert [w.hours for w in extract_facts([message(body)]).timetable] == [15.0, 20.0]


def test_a_line_opening_with_one_date_is_no_week() -> None:
    body = "14/06/2028 - meeting with mum (2 hours)\n21/06/2028 - review with the family (1 hour)\n"
    assert extract_facts([message(body)]).timetable == ()


def test_week_columns_headed_by_their_dates_are_numbered_in_order() -> None:
    rows = (
        ("", "w/c 24/01", "w/c 31/01", "w/c 07/02"),
        ("Monday", "8:45-10:45", "8:45-11:45", "8:45-12:45"),
        ("Total", "10 hrs", "15 hrs", "20 hrs"),
    )
    found = read_week_table(rows, date(2028, 1, 20))
    assert found is not None
    assert [(w.week, w.hours) for w in found.weeks] == [(1, 10.0), (2, 15.0), (3, 20.0)]
    assert found.first_day == date(2028, 1, 24)


@pytest.mark.parametrize("label", ["Full time", "Full days", "Back to full time"])
def test_a_full_time_row_named_in_the_label_column_ends_the_weeks(label: str) -> None:
    rows = (
        ("Phase", "Week", "In school", "Hours"),
        ("Phase 1", "w/c 28 Feb", "8.30 - 11.30 every day", "15 h per week"),
        ("Phase 2", "w/c 6 Mar", "8.30 - 12.30 every day", "20 h per week"),
        (label, "w/c 13 Mar", "8.30 - 3.00", "32.5 h per week"),
    )
    found = read_week_table(rows, date(2028, 2, 24))
    assert found is not None
    assert [w.hours for w in found.weeks] == [15.0, 20.0]


def test_a_weeks_line_run_into_the_full_time_line_keeps_its_own_hours() -> None:
    text = (
        "Reduced timetable agreed (from Monday 27 September 2027):\n"
        "Week 1: Mon 27 Sep - Fri 1 Oct 2027, 8.45 to 11.00 (2¼ hrs a day, 11¼ hrs in the week)\n"
        "Week 2: Mon 4 Oct - Fri 8 Oct 2027, 8.45 to 1.00 (4¼ hrs a day, 21¼ hrs in the week) "
        "Full days from Monday 11 October 2027 (8.45 to 3.00, 31¼ hrs a week)\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert [w.hours for w in facts.timetable] == [11.25, 21.25]


@pytest.mark.parametrize(
    ("text", "cse", "cde"),
    [
        ("including sexual and criminal exploitation", True, True),
        ("the risk of criminal or sexual exploitation", True, True),
        ("criminal exploitation and county lines", False, True),
        ("sexual exploitation", True, False),
        ("sexual health", False, False),
    ],
)
def test_two_kinds_of_exploitation_may_share_one_noun(text: str, cse: bool, cde: bool) -> None:
    assert (bool(CSE.search(text)), bool(CDE.search(text))) == (cse, cde)


def test_a_structured_conversation_is_the_meeting_and_also_present_says_who_came() -> None:
    rows = (
        ("Date of conversation", "22/09/2027"),
        ("Also present", "Mr Ahmed Hussain-Byrne, Social Worker"),
    )
    facts = extract_facts([message("Record attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.meeting_date == date(2027, 9, 22)
    assert facts.professionals_present == {"social_worker"}


def test_a_person_at_the_meeting_is_there_for_the_service_the_signatures_name() -> None:
    text = (
        "The induction meeting was held on Wednesday 23 February 2028. Those present: "
        "Mrs Bernadette O'Connell (Foster carer); Mrs Filipa Rebelo (Head of Year 10); "
        "Ms Aoibheann Kavanagh-Reid (Education Adviser).\n"
    )
    rows = (
        ("Signatory", "Capacity", "Signature", "Date"),
        ("Foster carer", "Mrs Bernadette O'Connell", "Mrs Bernadette O'Connell", "23/02/2028"),
        ("Virtual School", "Ms Aoibheann Kavanagh-Reid", "Ms Aoibheann Kavanagh-Reid", "23/02/2028"),
    )
    doc = Document("plan.pdf", (Page(1, text), Page(2, _table_text(rows), tables=(rows,))))
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert "virtual_school" in facts.professionals_present


def test_the_adult_who_looks_after_the_plan_is_the_named_person() -> None:
    rows = (("The adult who looks after this plan with me", "Ms Xu Jiaying, Assistant Head, Pastoral"),)
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.named_person == "Ms Xu Jiaying"


@pytest.mark.parametrize("answer", ["To be agreed", "Yet to be decided", "Not yet allocated", "TBA"])
def test_an_answer_still_to_come_names_no_one(answer: str) -> None:
    rows = (("Key teacher leading this plan", answer),)
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.named_person is None


def test_a_tables_header_row_is_no_label_and_value() -> None:
    rows = (
        ("Phase", "Week", "In school", "Hours"),
        ("Phase 1", "w/c 4 Oct", "8.45 - 11.15 every day", "12.5 h per week"),
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert not facts.topics["school_changes"].found


def test_a_risk_assessment_sent_as_its_own_document_gives_its_date() -> None:
    rows = (
        ("Pupil", "Tsz-hin Wong", "Completed by", "Mrs Nasrin Akter (DSL)"),
        ("Date completed", "28/02/2026", "Review", "At each check-in"),
    )
    text = "Individual risk assessment - time out of school\n" + _table_text(rows) + (
        "\nCriminal exploitation / county lines (CCE): older young people near the shops.\n"
    )
    assessment = _plan(text, rows, source="Risk assessment.pdf")
    facts = extract_facts([message("Plan and risk assessment attached.", documents=[assessment])])
    assert facts.risk_assessment is not None
    assert facts.risk_assessment.date == date(2026, 2, 28)


def test_classroom_and_school_modifications_are_the_changes_in_school() -> None:
    text = "Classroom and school modifications\nA calm corner set up in the classroom; ear defenders.\n"
    doc = Document("plan.pdf", (Page(1, text, headings=("Classroom and school modifications",)),))
    assert extract_facts([message("Plan attached.", documents=[doc])]).topics["school_changes"].found


# -- classes blind set 21's sealed part showed, fixed after it was scored once (not blind) --------


def test_a_column_on_how_each_took_part_marks_who_was_in_the_room() -> None:
    rows = (
        ("Name", "Connection to Sagal", "How they took part"),
        ("Mrs Fadumo Hirsi", "Mother", "In the room"),
        ("Mr Wojciech Sadowski", "SEN Casework Officer", "In the room"),
        ("Ms Lucy Adeyemi-Park", "Teacher of the Deaf", "Sent a written report"),
    )
    facts = extract_facts([message("Review attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.professionals_present == {"sen_team"}
    assert facts.topics["meeting_held"].found


def test_labelled_lines_after_a_dash_in_a_mail_are_read() -> None:
    body = (
        "- Responsible: Mr Shahidul Islam, Deputy Headteacher and Inclusion Lead\n"
        "- At the meeting: Ms Elena Radu (Mother); Ms Malgorzata Nowak-Reid (Social Worker)\n"
    )
    facts = extract_facts([message(body)])
    assert facts.named_person == "Mr Shahidul Islam"
    assert facts.professionals_present == {"social_worker"}


def test_a_review_said_to_be_held_is_the_meeting_not_the_reviews_to_come() -> None:
    text = "Review held Wednesday 10 November 2027\nName Stefania Munteanu-Drake Date of birth 21/06/2015\n"
    doc = Document("plan.docx", (Page(1, text, headings=("Review held Wednesday 10 November 2027",)),))
    assert not extract_facts([message("Plan attached.", documents=[doc])]).topics["review_schedule"].found


# -- scans, from blind set 21's tuning twins ---------------------------------------------------


def test_a_line_whose_label_says_full_time_is_no_reduced_week() -> None:
    text = (
        "Phase 1 w/c 28 Feb 8.30 - 11,30 every day 15 h per week\n"
        "Phase 2 w/c 6 Mar 8.30 - 12.30 every day 20 h per week\n"
        "Full time w/c 13 Mar 8.30 - 3.00 32.5 h per week\n"
    )
    facts = extract_facts([message("Scan attached.", documents=[_plan(text)])])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0]


def test_the_pupil_label_as_ocr_misreads_it_names_the_pupil() -> None:
    text = "Pupit Yonas Tesfamariam Date of birth 01/01/2013\n"
    facts = extract_facts([message("Scan attached.", documents=[_plan(text)])])
    assert facts.pupil.name == "Yonas Tesfamariam"


def test_hours_a_day_run_together_by_ocr_are_no_weeks_hours() -> None:
    assert stated_hours("3.5 hrs aday 17.5 hours") == [17.5]


def test_a_cell_running_the_pupil_label_name_and_birth_date_together_names_the_pupil() -> None:
    rows = (("Pupit Yonas Tesfamariam Date of birth 01/01/2013", "", ""), ("Lives with", "Mrs O'Connell", ""))
    text = "Skills we will teach = Yonas ... Pupit Yonas Tesfamariam Date of birth 01/01/2013 Support A\n"
    facts = extract_facts([message("Scan attached.", documents=[_plan(text, rows)])])
    assert facts.pupil.name == "Yonas Tesfamariam"


def test_a_row_left_unanswered_is_no_answer_in_its_own_words() -> None:
    rows = (
        ("Review dates", "Next meetings: 28/01/2028 and 04/02/2028."),
        ("How we will know it has worked / when the plan ends", ""),
        ("Keeping safe", "A risk assessment dated 11/01/2028."),
    )
    facts = extract_facts([message("Review attached.", documents=[_plan(_table_text(rows), rows)])])
    assert not facts.topics["exit_strategy"].found


def test_a_title_row_that_dates_its_assessment_in_its_own_words_still_dates_it() -> None:
    rows = (
        ("Safeguarding risk assessment (2 October 2025, Mr Olu Adebayo (DSL))", "", ""),
        ("Area", "Risk level", "Action"),
        ("Child sexual exploitation (CSE)", "Low", "No known concerns."),
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.risk_assessment is not None
    assert facts.risk_assessment.date == date(2025, 10, 2)
