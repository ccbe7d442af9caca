"""Classes of wording and layout found on blind set 8's tuning part (issue 9): each test is a small
made-up fixture of one class, not a copy of a case."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from parsers import sniff
from parsers.documents import read_document
from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.corpus import build_corpus
from parsers.extract.meeting import meeting_held
from parsers.extract.people import named_person
from parsers.extract.periods import as_times, grid_hours, period_times
from parsers.extract.risk import extract_risk
from parsers.extract.topics import extract_topics
from parsers.facts import CIRCUMSTANCES
from parsers.limits import Limits
from parsers.model import ParsedMessage
from tests.filemakers import docx_bytes, odt_bytes, with_replaced_part
from tests.minimail import corpus_of, document, message

_TIMES = (
    "Our day: P1 8:50-9:50, P2 9:50-10:50, P3 11:10-12:10, P4 12:10-1:10, P5 1:50-2:50 (break 10:50-11:10)."
)
_NONE_APPLY = dict.fromkeys(CIRCUMSTANCES, False)


def test_the_period_times_are_read_once_in_the_afternoon_too() -> None:
    times = period_times(["Plan for Sam.", _TIMES])
    assert times[1] == (530, 590) and times[5] == (830, 890)


def test_a_run_of_periods_is_the_time_from_the_first_start_to_the_last_end() -> None:
    times = period_times([_TIMES])
    assert as_times("Mon-Fri: P1 to P3, home at the end of P3", times) == (
        "Mon-Fri: 8:50-12:10, home at the end of P3"
    )
    assert (
        as_times("Mon-Wed: P1 and P2; Thu-Fri: the full day", times)
        == "Mon-Wed: 8:50-10:50; Thu-Fri: 8:50-14:50"
    )


def test_a_grid_of_periods_by_day_sums_each_days_span() -> None:
    rows = (
        ("", "P1", "P2", "P3", "P4", "P5"),
        ("Mon", "English", "Maths", "-", "-", "-"),
        ("Tue", "Maths", "Art", "Science", "", ""),
        ("Wed", "-", "-", "-", "-", "-"),
    )
    assert grid_hours(rows, period_times([_TIMES])) == pytest.approx(2.0 + 3 + 1 / 3, abs=0.01)


def test_weeks_in_periods_in_prose_give_the_weekly_hours() -> None:
    body = (
        f"{_TIMES}\n"
        "Week 1 (from Monday 20 September 2027): Monday to Friday: P1 and P2, home at break.\n"
        "Week 2 (from Monday 27 September 2027): Monday to Wednesday: P1 to P4;"
        " Thursday to Friday: P1 to P3.\n"
        "From Monday 4 October 2027: back to the full timetable."
    )
    facts = extract_facts([message(body)])
    assert [w.hours for w in facts.timetable] == pytest.approx(
        [10.0, 3 * (260 / 60) + 2 * (200 / 60)], abs=0.01
    )
    assert facts.full_time_date == date(2027, 10, 4)


def test_a_week_per_grid_of_periods_in_a_plan() -> None:
    grid = (
        ("", "P1", "P2", "P3", "P4", "P5"),
        *((day, "English", "Maths", "-", "-", "-") for day in ("Mon", "Tue", "Wed", "Thu", "Fri")),
    )
    week2 = (grid[0], *((day, "English", "Maths", "Art", "-", "-") for day in ("Mon", "Tue", "Wed", "Thu")))
    rest = (grid[0], ("Fri", "English", "Maths", "Art", "-", "-"))
    text = f"{_TIMES}\nWeek 1: w/c 22/11/2027\nWeek 2: w/c 29/11/2027\nFull timetable from 6 December 2027."
    doc = document(text, tables=[grid, week2])
    more = document("", tables=[rest])
    doc = dataclasses.replace(doc, pages=(*doc.pages, dataclasses.replace(more.pages[0], number=2)))
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert [w.hours for w in facts.timetable] == pytest.approx([10.0, 5 * (200 / 60)], abs=0.01)
    assert facts.start_date == date(2027, 11, 22)


def test_a_header_of_circumstances_over_empty_tick_if_yes_boxes_means_none_applies() -> None:
    rows = (
        ("", "Looked after", "Court Order", "CP plan", "CIN plan", "TAF plan", "EHCP"),
        ("Tick if yes", "", "", "", "", "", ""),
    )
    text = "Looked after Court Order CP plan CIN plan TAF plan EHCP\nTick if yes"
    values, _ = extract_circumstances(corpus_of("", documents=[document(text, tables=[rows])]))
    assert values == _NONE_APPLY


def test_a_bare_line_of_circumstances_names_is_no_statement_that_they_apply() -> None:
    values, _ = extract_circumstances(
        corpus_of("", documents=[document("Looked after Court Order CP plan CIN plan")])
    )
    assert True not in values.values()


def test_each_circumstance_asked_and_answered_in_turn() -> None:
    body = (
        "Is the pupil Looked after? No, Court Order? Yes, CP plan? No, CIN plan? No, TAF plan? No, EHCP? No."
    )
    values, _ = extract_circumstances(corpus_of(body))
    assert values == {**_NONE_APPLY, "court_order": True}


def test_a_plan_forwarded_as_an_attached_email_is_read_once() -> None:
    rows = (("Week", "Hours"), ("1", "10"), ("2", "15"))
    inner = message(
        "Plan attached.", documents=[document("Week 1: 10 hours", tables=[rows], source="plan.pdf")]
    )
    outer = dataclasses.replace(message("Forwarding the school's email."), forwarded=(inner,))
    corpus = build_corpus([outer])
    assert [t.rows for t in corpus.tables] == [rows]
    assert sum("Week 1: 10 hours" in u.text for u in corpus.units) == 1


def _odt_message(
    paragraphs: list[str], headings: list[str], table: list[list[str]] | None = None
) -> ParsedMessage:
    data = odt_bytes(paragraphs, table or [], headings=headings)
    return message("Plan attached.", documents=[read_document("plan.odt", sniff.ODT, data, Limits())])


def test_signature_lines_under_an_opendocument_heading_are_signatures() -> None:
    lines = [
        "Parent/carer: Mrs Ana Lima   signed: /s/ Mrs Ana Lima   date: 01/03/2028",
        "School: Mr Tom Reed   signed: /s/ Mr Tom Reed   date: 01/03/2028",
    ]
    facts = extract_facts([_odt_message(lines, ["Agreement to the plan and hours"])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_held_on_a_date_under_a_meeting_heading_dates_the_meeting() -> None:
    body = "Planning meeting\nHeld on Wednesday 8 March 2028. We talked through the plan with mum.\n"
    corpus = corpus_of("", documents=[document(body, headings=["Planning meeting"])])
    assert meeting_held(corpus, False).found
    facts = extract_facts(
        [message("Plan attached.", documents=[document(body, headings=["Planning meeting"])])]
    )
    assert facts.meeting_date == date(2028, 3, 8)


def test_an_empty_risk_assessment_row_is_no_risk_assessment() -> None:
    rows = (
        ("Named person", "Mr Tom Reed"),
        ("Safeguarding risk assessment", ""),
        ("Alternative provision considered", "Considered; not needed."),
    )
    text = (
        "Named person Mr Tom Reed\nSafeguarding risk assessment\n"
        "Alternative provision considered Considered; not needed."
    )
    risk = extract_risk(corpus_of("", documents=[document(text, tables=[rows])]))
    assert risk is None or not risk.present


def test_a_plan_owner_among_several_pairs_in_a_row_is_the_named_person() -> None:
    rows = (("Contact 1", "Mrs Ana Lima (mother)", "Plan type", "Reduced timetable", "Owner", "Mr Tom Reed"),)
    corpus = corpus_of(
        "", documents=[document("Contact 1 Mrs Ana Lima (mother) Owner Mr Tom Reed", tables=[rows])]
    )
    assert named_person(corpus)[0] == "Mr Tom Reed"


def test_school_changes_as_a_rows_label() -> None:
    rows = (("School changes", "A reduced number of teachers; lessons in the same two rooms."),)
    topics = extract_topics(corpus_of("", documents=[document("School changes ...", tables=[rows])]))
    assert topics["school_changes"].found


def test_a_role_that_signed_on_a_date() -> None:
    facts = extract_facts([message("Timetable below.\n\nParent signed 03/11/2027.\n")])
    assert [(s.role, s.date) for s in facts.signatures] == [("parent", date(2027, 11, 3))]


def test_a_week_line_that_says_full_days_dates_the_return() -> None:
    body = "Timetable:\n* w/b 08/11/2027: every day 9:00 to 11:30\n* w/b 15/11/2027: full days\n"
    assert extract_facts([message(body)]).full_time_date == date(2027, 11, 15)


@pytest.mark.parametrize(
    "body",
    [
        "We did not hold a meeting: I agreed this with Mr Bell on the phone and he came in to sign.",
        "I spoke to mum on the phone and she agreed. We did not have a meeting as such.",
    ],
)
def test_the_school_saying_it_held_no_meeting(body: str) -> None:
    topic = meeting_held(corpus_of(body), False)
    assert topic.found and topic.negative


def test_a_question_with_an_empty_box_beside_it_is_answered_no() -> None:
    text = "TICK IF IT APPLIES\nIs the pupil subject to a Court Order? ☐\nDoes the pupil have an EHCP? ☒"
    values, _ = extract_circumstances(corpus_of("", documents=[document(text)]))
    assert (values["court_order"], values["ehcp"]) == (False, True)
    rows = (("Is there a Child in Need plan?", "☐"), ("Is there a Child Protection plan?", "☒"))
    values, _ = extract_circumstances(corpus_of("", documents=[document("", tables=[rows])]))
    assert (values["child_in_need"], values["child_protection"]) == (False, True)


def test_a_question_left_unanswered_says_nothing() -> None:
    values, _ = extract_circumstances(corpus_of("", documents=[document("Is the pupil looked after (CLA)?")]))
    assert values["looked_after"] is None


def test_a_header_row_ocr_read_as_one_cell_is_split_into_its_columns() -> None:
    rows = (
        ("Week. | w/c | Times. ‘| Hours", "", "", ""),
        ("1", "27/09/2027", "Mon-Fri 9:00-12:00", "15"),
        ("2", "04/10/2027", "Mon-Fri 9:00-13:00", "20"),
    )
    facts = extract_facts([message("Plan attached.", documents=[document("Hours each week", tables=[rows])])])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0]


def test_a_date_done_before_the_start_is_not_the_start() -> None:
    body = "Risk assessment: done before start - carried out on 21/09/2027.\nWeek 1 (w/c 27/09/2027): 9-12"
    assert extract_facts([message(body)]).start_date != date(2027, 9, 21)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _control(text: str, placeholder: bool) -> str:
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    content = f"<w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent>"
    return f"<w:sdt><w:sdtPr>{shown}</w:sdtPr>{content}</w:sdt>"


def _form_row(label: str, control: str) -> str:
    cell = "<w:tc><w:p>{}</w:p></w:tc>"
    return f"<w:tr>{cell.format(f'<w:r><w:t>{label}</w:t></w:r>')}{cell.format(control)}</w:tr>"


def test_a_word_field_still_showing_its_placeholder_is_empty() -> None:
    rows = [
        _form_row("What new skills will be taught?", _control("Click or tap here to enter text.", True)),
        _form_row("What extra support will be in place?", _control("Two ELSA sessions a week.", False)),
    ]
    xml = f'<w:document xmlns:w="{_W}"><w:body><w:tbl>{"".join(rows)}</w:tbl></w:body></w:document>'
    data = with_replaced_part(docx_bytes(["x"]), "word/document.xml", xml.encode())
    doc = read_document("plan.docx", sniff.DOCX, data, Limits())
    assert "Click or tap" not in doc.text and "Two ELSA sessions a week." in doc.text
    topics = extract_topics(build_corpus([message("Plan attached.", documents=[doc])]))
    assert not topics["new_skills"].found and topics["supportive_interventions"].found


def test_words_placeholder_text_printed_to_pdf_is_an_empty_box() -> None:
    rows = (("How will we all know it has been successful? (exit)", "Click or tap here to enter text."),)
    text = "How will we all know it has been successful? (exit) Click or tap here to enter text."
    topics = extract_topics(corpus_of("", documents=[document(text, tables=[rows])]))
    assert not topics["exit_strategy"].found


# Classes found in blind set 8's sealed part, consumed after it was scored.

_STACKED = (
    ("Support I will get", "What school will change"),
    ("Daily check-in with my mentor; ELSA twice a week.", "A quiet base room; early lunch pass."),
    ("How we will know it has worked", "My trusted adult"),
    ("I manage full days for two weeks with no more than one exit card a day.",
     "Mr Owen Pike (Head of Year 9)"),
)


def test_a_table_of_label_rows_each_over_its_answers_pairs_each_label_with_the_cell_below() -> None:
    corpus = corpus_of("", documents=[document("Plan on a page", tables=[_STACKED])])
    pairs = {(f.label, f.value) for f in corpus.fields}
    assert ("My trusted adult", "Mr Owen Pike (Head of Year 9)") in pairs
    assert ("Support I will get", "Daily check-in with my mentor; ELSA twice a week.") in pairs
    assert ("Support I will get", "What school will change") not in pairs


def test_a_table_of_people_and_their_roles_is_no_table_of_labels_over_answers() -> None:
    rows = (("Name", "How we are involved"), ("Ms Jade Rowe", "Mother"), ("Alfie Rowe", "Pupil"),
            ("Mrs Sally Dent", "Deputy Headteacher"), ("Tom Birch", "Learning Mentor"))
    corpus = corpus_of("", documents=[document("Who came", tables=[rows])])
    assert ("Alfie Rowe", "Mrs Sally Dent") not in {(f.label, f.value) for f in corpus.fields}


def test_the_help_the_pupil_will_get_in_their_own_voice_is_the_support() -> None:
    topics = extract_topics(corpus_of("", documents=[document("Plan on a page", tables=[_STACKED])]))
    assert topics["supportive_interventions"].found and topics["exit_strategy"].found


# Classes found in blind set 9's tuning part.


def test_signers_listed_one_after_another_each_with_their_role_in_brackets() -> None:
    body = (
        "Plan below.\n\nSigned: on the paper copy held in school by Mrs Thi Le (parent/carer) on 01/03/2028; "
        "Mrs Helen Marsh (Headteacher) on 01/03/2028; Emeka Obi (Social worker) on 01/03/2028.\n"
    )
    facts = extract_facts([message(body)])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school", "social_worker"]


def test_a_letters_reply_slip_signed_by_the_parent_and_the_letter_signed_off_by_its_writer() -> None:
    text = (
        "Dear Mrs Kaya,\nAs agreed, Ela will attend mornings only for three weeks.\nYours sincerely,\n"
        "Helen Marsh\nHeadteacher\nREPLY SLIP - please return to school\n"
        "I agree to the part-time timetable and the plan.\nParent/carer: Mrs Derya Kaya Date: 16/09/2027\n"
    )
    letter = document(text, source="letter.pdf", headings=["REPLY SLIP - please return to school"])
    facts = extract_facts([message("Letter attached.", documents=[letter])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_the_return_to_full_time_as_a_question_answered_on_the_line_below() -> None:
    text = (
        "3. What hours will the pupil be in school each week?\n"
        "Week 1 (beginning 17/01/2028): Mon-Fri 9:00-12:00\n"
        "4. When will the pupil be back on a full timetable?\n"
        "Monday 7 February 2028, 32.5 hours.\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text, source="plan.docx")])])
    assert facts.full_time_date == date(2028, 2, 7)


def test_an_option_answered_yes_considered_then_why_not_is_considered() -> None:
    body = "Plan below.\n\nOutreach / family support: Yes, considered: no outreach needed; a worker visits.\n"
    topics = extract_topics(corpus_of(body))
    assert topics["external_support_considered"].found
    assert not topics["external_support_considered"].negative


def test_labels_in_bold_as_a_mails_text_part_writes_them() -> None:
    body = "Plan below.\n\n*Support in place:* Daily check-in with a mentor.\n*Named person*: Mrs Jo Hale\n"
    corpus = corpus_of(body)
    pairs = {(f.label, f.value) for f in corpus.fields}
    assert ("Support in place", "Daily check-in with a mentor.") in pairs
    assert ("Named person", "Mrs Jo Hale") in pairs


def test_a_days_grid_typed_with_single_spaces_is_read_as_a_table() -> None:
    body = (
        "Timetable below.\n\nWeek W/C Mon Tue Wed Thu Fri Hours\n"
        "1 15/11/2027 9:00-12:00 9:00-12:00 9:00-12:00 9:00-12:00 9:00-12:00 15\n"
        "2 22/11/2027 9:00-13:00 9:00-13:00 9:00-13:00 9:00-13:00 9:00-13:00 20\n"
    )
    facts = extract_facts([message(body)])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0]


def test_signers_listed_under_a_signed_heading() -> None:
    body = (
        "Plan below.\n\nSigned\nSigned on the paper copy by Mrs Bea Hale (parent/carer) on 10/11/2027; "
        "Ms Jo Okoro (School) on 10/11/2027.\n\nThanks\n"
    )
    facts = extract_facts([message(body)])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_boxes_each_titled_over_their_text_pair_the_title_with_the_text() -> None:
    boxes = [(("My support",), ("Weekly sessions with the pastoral lead; a social skills group.",)),
             (("New skills",), ("Coping with busy spaces step by step.",))]
    text = "My support New skills\nWeekly sessions with the Coping with busy\n"
    corpus = corpus_of("", documents=[document(text, tables=boxes)])
    pairs = {(f.label, f.value) for f in corpus.fields}
    assert ("New skills", "Coping with busy spaces step by step.") in pairs
    assert extract_topics(corpus)["supportive_interventions"].found


def test_a_box_whose_title_is_over_nothing_is_unanswered() -> None:
    boxes = [(("Success looks like",), ("",))]
    corpus = corpus_of("", documents=[document("Success looks like\n", tables=boxes)])
    assert any(corpus.is_unanswered_row(u) for u in corpus.units if u.text == "Success looks like")


def test_a_list_of_weeks_each_opening_with_its_monday_after_a_bullet() -> None:
    text = (
        "Hours\n●Monday 20 September 2027: Mon-Fri 9:00-11:30 (12.5 h)\n"
        "●Monday 27 September 2027: Mon-Fri 9:00-12:00 (15 h)\n●Monday 4 October 2027: full time (32.5 h)\n"
        "Agreed\n●Parent/carer: Mrs Ana Lima, 15/09/2027\n●School: Ms Jo Hale, 15/09/2027\n"
    )
    plan = document(text, source="plan.pdf", headings=["Hours", "Agreed"])
    facts = extract_facts([message("Plan attached.", documents=[plan])])
    assert [w.hours for w in facts.timetable] == [12.5, 15.0]
    assert facts.start_date == date(2027, 9, 20) and facts.full_time_date == date(2027, 10, 4)
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_signed_lines_with_the_role_in_brackets_outside_a_signatures_section() -> None:
    text = (
        "Early Help Assessment Discussed with the family; agreed.\n"
        "Signed (Parent/carer) Mrs Ana Lima 08/09/2027\nSigned (School) Mrs Jo Hale 08/09/2027\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text, source="plan.pdf")])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]
