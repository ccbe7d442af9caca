"""Classes of wording and layout found on the consumed sets and blind set 12's tuning part
(issue 9): each test is a small made-up fixture of one class, not a copy of a case."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract import topics as topics_module
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.dates import plan_year_mended
from parsers.extract.meeting import meeting_held, professional_agreement, professionals_present
from parsers.extract.people import role_of
from parsers.extract.timetable import extract_timetable
from parsers.extract.topics import extract_topics
from parsers.facts import CIRCUMSTANCES
from tests.minimail import corpus_of, document, message

_PLAN_ROWS = (
    "Support\tMeet and greet at the gate; two ELSA sessions a week.\n"
    "Changes in school\tBase in the inclusion room; arrival after the bell.\n"
)


def test_a_table_row_left_empty_in_the_body_does_not_take_the_next_row_as_its_answer() -> None:
    """'Review | ' over 'Staff lead | Mr Whitcombe': no review was written."""
    body = f"Details below.\n\n{_PLAN_ROWS}Review\t\nStaff lead\tMr Paul Whitcombe (Assistant Head)\n"
    topics = extract_topics(corpus_of(body))
    assert not topics["review_schedule"].found and topics["supportive_interventions"].found


def test_a_considered_option_left_empty_does_not_take_the_next_options_answer() -> None:
    body = (
        f"Details below.\n\n{_PLAN_ROWS}Alternative provision\t\n"
        "Early Help Assessment\tConsidered - to be opened by the DSL with parent's consent.\n"
    )
    topics = extract_topics(corpus_of(body))
    assert not topics["alternative_provision_considered"].found
    assert topics["early_help_assessment_considered"].found


def test_a_row_answered_in_the_body_is_still_read() -> None:
    body = f"Details below.\n\n{_PLAN_ROWS}Review\tFortnightly on Fridays: 10/03, 24/03\n"
    assert extract_topics(corpus_of(body))["review_schedule"].found


def test_a_tables_title_row_still_heads_the_rows_under_it() -> None:
    """'Reviews | ' over 'Date | Purpose' and the dates: the title is not a row left empty."""
    body = (
        "Reviews\t\nDate\tPurpose\n"
        "Friday 2 October 2026\tEnd of week 1 check-in\nFriday 9 October 2026\tMid-point\n"
    )
    assert extract_topics(corpus_of(f"Details below.\n\n{body}"))["review_schedule"].found


def test_a_numbered_question_left_unanswered_does_not_take_the_next_questions_answer() -> None:
    text = (
        "4. What is the timetable?\nMon-Fri 9:00-12:00\n"
        "5. How and when will the plan be reviewed?\n"
        "6. What support will be put in place while the hours are reduced?\n"
        "Soft start in breakfast club; art therapy on Wednesdays.\n"
    )
    doc = document(text, headings=["5. How and when will the plan be reviewed?"])
    assert not extract_topics(corpus_of("Plan attached.", documents=[doc]))["review_schedule"].found


def test_labels_joined_to_their_values_by_dots_are_read_as_labels() -> None:
    body = (
        "Plan below.\n\nName of pupil ......... Sam Carter\n"
        "Success / exit ........ Attendance back above 90% and the full timetable kept\n"
        "Lead in school ........ Mrs Lowri Prys-Jones (SENCo)\n"
    )
    corpus = corpus_of(body)
    assert extract_topics(corpus)["exit_strategy"].found
    assert ("Lead in school", "Mrs Lowri Prys-Jones (SENCo)") in {(f.label, f.value) for f in corpus.fields}


def test_an_ellipsis_in_prose_is_no_label() -> None:
    fields = corpus_of("He was upset... but settled well by lunch.\n").fields
    assert not fields


def test_an_answer_typed_into_its_question_cell_is_the_answer() -> None:
    """'Question | Response' with the answer run on after the question mark, the Response empty."""
    rows = (
        ("Question", "Response"),
        ("11. How and when will the timetable be reviewed? Check-in call every Friday; reviews 10/12.", ""),
        ("14. What new skills will be taught?\nWorking in a small group; waiting for a turn", ""),
        ("15. How will everyone know it has been successful? (exit)", ""),
    )
    text = "\n".join(" ".join(r).strip() for r in rows)
    topics = extract_topics(corpus_of("Form attached.", documents=[document(text, [rows])]))
    assert topics["review_schedule"].found and topics["new_skills"].found
    assert not topics["exit_strategy"].found


def test_a_lead_practitioner_for_early_help_signs_as_early_help() -> None:
    assert role_of("Lead Practitioner (Early Help)") == "early_help"
    assert role_of("Early Help Lead") == "early_help"


def test_a_team_around_the_family_table_under_its_title_says_who_was_present() -> None:
    members = (
        ("Who is in the Team Around the Family", "", "", ""),
        ("Name", "Role", "Agency", "Attendance"),
        ("Kerry-Ann Doherty", "Early Help Worker (Lead Practitioner)", "LCSS", "Present"),
        ("Mrs Sahra Abdullahi", "Mother", "Family", "Present"),
    )
    text = "\n".join(" ".join(c for c in r if c) for r in members)
    roles, _, _ = professionals_present(corpus_of("Plan attached.", documents=[document(text, [members])]))
    assert roles == {"early_help"}


def test_an_attendance_column_marked_absent_counts_nobody() -> None:
    members = (
        ("Name", "Role", "Agency", "Attendance"),
        ("Kerry-Ann Doherty", "Early Help Worker", "LCSS", "Apologies"),
    )
    text = "\n".join(" ".join(r) for r in members)
    roles, _, _ = professionals_present(corpus_of("Plan attached.", documents=[document(text, [members])]))
    assert not roles


@pytest.mark.parametrize("joiner", ["\n• ", " "])
def test_dated_week_lines_give_the_weeks_in_order(joiner: str) -> None:
    """A letter's bullets, one a week, each dated and with its hours (a document may run them together)."""
    lines = [
        "from Monday 22 November 2027, 9:00 to 11:30 each day (12.5 hours that week)",
        "from Monday 29 November 2027, 9:00 to 13:00 each day (20 hours that week)",
    ]
    text = "He will attend for reduced hours as follows:" + joiner + joiner.join(lines)
    text += "\nFrom Monday 6 December 2027 he will be back on his full timetable (32.5 hours a week)."
    found = extract_timetable(corpus_of("Letter attached.", documents=[document(text)]), None, None)
    assert [w.hours for w in found.weeks] == [12.5, 20.0]


def test_a_negated_list_with_its_verbs_says_none_of_them_applies() -> None:
    sentence = (
        "Sam has a Child in Need plan. Sam is not looked after, subject to a court order, on a Child"
        " Protection plan, supported by a Team Around the Family plan or the subject of an EHC plan."
    )
    got, _ = extract_circumstances(corpus_of("Letter attached.", documents=[document(sentence)]))
    assert got == {**dict.fromkeys(CIRCUMSTANCES, False), "child_in_need": True}


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        (date(2020, 11, 2), date(2027, 11, 2)),  # a scan's 7 read as 0
        (date(2013, 11, 20), date(2013, 11, 20)),  # two digits away: another date (a birthday)
        (date(2027, 9, 6), date(2027, 9, 6)),  # near the message: as read
        (None, None),
    ],
)
def test_a_plan_dates_year_misread_by_one_digit_is_mended(read: date | None, mended: date | None) -> None:
    assert plan_year_mended(read, date(2027, 10, 28)) == mended


@pytest.mark.parametrize(
    ("value", "says_no"),
    [("No. Action Who By when How will we know it is", False), ("No.", True), ("No - not needed", True)],
)
def test_a_number_columns_head_is_no_answer_no(value: str, says_no: bool) -> None:
    """'No. Action Who By when ...': the 'No.' heads the number column of an action plan."""
    assert topics_module._says_no(value) is says_no


def test_minutes_present_over_a_list_of_people_record_the_meeting() -> None:
    text = (
        "Reintegration Planning Meeting - Notes\nDate: Friday 22 October 2027, 3.30pm\nPresent:\n"
        "• Mrs Carmen Vasilescu - Mother\n• Mr Kwabena Mensah-Boateng - Behaviour & Inclusion Lead\n"
        "Apologies:\n• Form tutor\n"
    )
    assert meeting_held(corpus_of("Notes attached.", documents=[document(text)]), False).found


def test_labelled_parts_run_together_in_a_line_of_notes_are_each_found() -> None:
    line = (
        "Item 7 - Review and success. We will meet again on 12/11/2027. Success / exit: Elena attends every"
        " agreed session for three weeks. Support agreed: Learning mentor 1:1 three times a week."
    )
    topics = extract_topics(corpus_of("Notes attached.", documents=[document(line)]))
    assert topics["exit_strategy"].found and topics["supportive_interventions"].found
    evidence = topics["exit_strategy"].evidence
    assert evidence is not None and "Elena attends" in evidence.text


def test_a_sentence_that_ends_before_its_date_takes_the_date_on_the_next_line() -> None:
    text = "I go back to full days on\nMonday 18 October 2027\nMY PLAN\n"
    facts = extract_facts([message("Passport attached.", documents=[document(text)])])
    assert facts.full_time_date == date(2027, 10, 18)


def test_a_finished_sentence_takes_no_date_from_the_next_line() -> None:
    text = "From Monday 18 October 2027: back to the full timetable.\n15/09/2027 signed by mum\n"
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert facts.full_time_date == date(2027, 10, 18)


def test_a_question_cell_with_a_dated_answer_run_on_names_who_came() -> None:
    rows = (
        ("Question", "Response"),
        (
            "7. Date of planning meeting and who attended 05/01/2028 - Mrs Iwona Nowak (Mother);"
            " Mrs Ewa Lis (Head of Year 8); Sunniva Halvorsen (Social Worker, Family Safeguarding Team)",
            "",
        ),
    )
    text = "\n".join(" ".join(r).strip() for r in rows)
    roles, _, _ = professionals_present(corpus_of("Form attached.", documents=[document(text, [rows])]))
    assert roles == {"social_worker"}


def test_a_team_around_the_familys_meeting_date_records_the_meeting() -> None:
    rows = (("TAF meeting date", "Next TAF review"), ("03/11/2027", "26/11/2027"))
    text = "\n".join(" ".join(r) for r in rows)
    assert meeting_held(corpus_of("Plan attached.", documents=[document(text, [rows])]), False).found


def test_the_school_lead_for_the_timetable_is_the_named_person() -> None:
    text = "School lead for the timetable\nMr Gethin Howells (Head of Year 8)\n"
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert facts.named_person == "Mr Gethin Howells"


def test_what_we_agreed_in_a_letter_is_no_professionals_written_agreement() -> None:
    text = (
        "Present were Mrs Lan (Mother); Dorota Kaczmarek (SEN Officer, Oxfordshire SEN Team). | am writing"
        " to confirm what we agreed about the timetable.\n"
    )
    roles, given, _ = professional_agreement(corpus_of("Letter attached.", documents=[document(text)]), ())
    assert not roles and given is None


def test_a_date_said_to_come_before_the_start_is_not_the_start() -> None:
    text = (
        "Before the timetable started, Mr Imran Chaudhry (DSL) carried out a risk assessment on 12/10/2027.\n"
        "Week 1 (w/c 18/10/2027): 9-11.30 Mon-Fri = 12.5 hrs\n"
        "Week 2 (w/c 25/10/2027): 9-12.30 Mon-Fri = 17.5 hrs\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert facts.start_date != date(2027, 10, 12)


def test_the_last_dated_week_counts_before_its_return_to_full_days() -> None:
    body = (
        "Hours are from Monday 15 November 2027, 9:00 to 12:00 each day (15 hours that week); then from"
        " Monday 22 November 2027, 9:00 to 13:00 each day (20 hours that week), and she's back to full"
        " days from Monday 29 November 2027.\nFull time from 29/11/2027 (32.5 hrs per week)\n"
    )
    found = extract_timetable(corpus_of(body), None, None)
    assert [w.hours for w in found.weeks] == [15.0, 20.0]
