"""Classes of wording and layout from blind set 26's tuning part (issue 9): a logic model's and an
A3 report's status words and labels, a method statement's steps, supervisor and briefing."""

from __future__ import annotations

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.signatures import extract_signatures
from parsers.facts import CaseFacts
from tests.minimail import corpus_of, document, message


def _facts_of(text: str) -> CaseFacts:
    return extract_facts([message("Plan attached.", documents=[document(text, (), "plan.pdf")])])


def test_status_words_answer_the_circumstances() -> None:
    """'Child protection plan Absent', 'Looked after by the local authority Absent', 'CIN plan
    Active'; both of a pair printed ('Current Not applicable') is no answer."""
    text = (
        "Looked after by the local authority Absent\nCourt order (youth justice) Absent\n"
        "Child protection plan Absent\nChild in need plan Active\n"
        "Team Around the Family plan Current )Not applicable(\n"
    )
    values, _ = extract_circumstances(corpus_of("Plan attached.", documents=[document(text, (), "plan.pdf")]))
    assert values["looked_after"] is False
    assert values["child_protection"] is False
    assert values["child_in_need"] is True
    assert values["team_around_family"] is not True


def test_first_shorter_day_over_its_date() -> None:
    facts = _facts_of("3. Target condition\nFirst shorter day\nMonday 17 January 2028\nBack on full days\n"
                      "Monday 31 January 2028\n")
    assert str(facts.start_date) == "2028-01-17"


def test_a_method_statements_numbered_steps_and_its_people() -> None:
    text = (
        "Supervisor responsible for this statement\tMs Nadia Haddad, Behaviour and Attendance Mentor\n"
        "Briefing held\tWednesday 29 September 2027\n"
        "2. Sequence of operations\n"
        "1 From Monday 4 October 2027: on site 08:30 until 10:30, five days = 10 hours\n"
        "2 From Monday 11 October 2027: on site 08:30 until 11:00, five days = 12.5 hours\n"
        "3 From Monday 8 November 2027: full school day (33.75 hours a week)\n"
    )
    facts = _facts_of(text)
    assert [w.hours for w in facts.timetable] == [10.0, 12.5]
    assert facts.named_person is not None and "Haddad" in facts.named_person
    assert facts.topics["meeting_held"].found


def test_a_label_that_says_no_signature_is_no_signature() -> None:
    text = "Prepared by (no signature): Mr Sebastian Kühn\nParent (mum): Mrs Kadri Õunapuu 29/09/2027\n"
    corpus = corpus_of("Plan attached.", documents=[document(text, (), "plan.pdf")])
    assert "Kühn" not in " ".join(s.name or "" for s in extract_signatures(corpus))


def test_a_phones_emoji_checklist() -> None:
    """'❌ looked after', '✅ TAF plan - ... is lead': crossed is no, ticked yes; '✅ Support: ...' is
    a labelled line; 'Wk1 from 20/09/2027: 8.45-11.15 = 2.5h/day' is a day's hours, the week's 12.5."""
    body = (
        "RTT for Sam Green (Y9) - agreed with dad at our meeting 15/09/2027.\n\nWk1 from 20/09/2027: "
        "8.45-11.15 = 2.5h/day\nWk2 from Mon 27 Sep: 8.45-12.15 = 3.5h/day\nFull days from "
        "04/10/2027\n\nPlans:\n❌ looked after\n❌ CP plan\n✅ TAF plan - Mrs Ann Reed (Early Help) is "
        "lead\n\n✅ Skills: Using a grounding exercise when the classroom gets noisy.\n"
    )
    facts = extract_facts([message(body, "RTT - Sam Green")])
    assert facts.circumstances["looked_after"] is False
    assert facts.circumstances["child_protection"] is False
    assert facts.circumstances["team_around_family"] is True
    assert [w.hours for w in facts.timetable] == [12.5, 17.5]
    assert facts.topics["new_skills"].found


def test_a_team_at_the_meeting_in_a_row_of_label_value_pairs() -> None:
    """'A3 team (at the meeting on 03/05/2028) | Mrs Quayle (Foster carer); ... Mr Declan Reed
    (Education Adviser) | Issued | 03/05/2028', the adviser signing for the Virtual School."""
    people = "Mrs Ann Quayle (Foster carer); Sam (Pupil); Mr Declan Reed (Education Adviser)"
    table = (("A3 team (at the meeting on 03/05/2028)", people, "Issued", "03/05/2028"),)
    header = ("Who (role)", "Signed", "Printed", "Dated")
    signing = (header, ("Virtual School", "Mr Declan Reed", "Mr Declan Reed", "03/05/2028"))
    plan = document("A3 report\n", (table, signing), "plan.pdf")
    facts = extract_facts([message("Plan attached.", documents=[plan])])
    assert any(s.role == "virtual_school" for s in facts.signatures)
    assert facts.topics["meeting_professionals"].found


def test_a_letter_that_gives_arrival_once_and_each_weeks_collection_time() -> None:
    body = (
        "Dear Mrs Puig,\n\nSam will come in at the usual time, 8.45am. Then in the week beginning Monday "
        "20 March 2028, please collect Sam from the office at 11.45am each day; and in the week "
        "beginning Monday 27 March 2028, please collect Sam from the office at 1.15pm each day. From "
        "Monday 3 April 2028 she will stay for the whole day again.\n"
    )
    facts = extract_facts([message(body, "Sam Green - confirmation of reduced timetable")])
    assert [w.hours for w in facts.timetable] == [15.0, 22.5]
    assert str(facts.full_time_date) == "2028-04-03"


def test_a_sign_in_sheet_under_its_column_heads_lists_who_came() -> None:
    """'Briefing register (sign-in)' or 'Meeting sign-in sheet', then the columns' heads on a line
    of their own, then one person a line: the professional signed in is at the meeting."""
    register = (
        "10. Briefing register (sign-in)\nName Organisation Time in Time out\n"
        "Mrs Kadri Ounapuu Family 15:40 16:35\n"
        "Mr Tomasz Gorecki Social worker, Family Solutions 15:40 16:35\n"
        "11. Induction record\n"
    )
    sheet = (
        "Meeting sign-in sheet\nName\tOrganisation\tTime in\tTime out\n"
        "Ms Ana Pires\tSEN Team, Oxfordshire\t15:30\t16:20\n"
    )
    assert _facts_of(register).professionals_present == {"social_worker"}
    assert _facts_of(sheet).professionals_present == {"sen_team"}


def test_a_meetings_written_date_then_who_came() -> None:
    """'Meeting | Wednesday 3 November 2027 - Mrs A (Mother), Mr B (SEND Officer)': the people after
    the date, with a weekday spelt with its capital."""
    row = ("Meeting", "Wednesday 3 November 2027 - Mrs Ewa Nowak (Mother), Mr Theo Marr (Head of Year 10), "
                      "Mr Anand Rao (SEND Officer)")
    doc = document("", ((("Pupil", "Zofia Nowak"), row),), "plan.docx")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.professionals_present == {"sen_team"}


def test_a_professional_who_attended_with_nothing_after_it() -> None:
    """'Mr Rao from the SEN Team attended and signed': attended the meeting; attending school is not."""
    came = extract_facts([message("The plan is attached; Mr Rao from the SEN Team attended and signed.")])
    school = extract_facts([message("The plan is attached. His social worker attended school with him.")])
    assert came.professionals_present == {"sen_team"}
    assert school.professionals_present == set()


def test_an_early_help_team_around_the_family_plan_is_no_early_help_assessment() -> None:
    """'Early Help - TAF plan ☐ Yes ☒ No' answers the circumstance; the assessment is asked after it."""
    plans = (
        ("Plan or order", "Answer"),
        ("Child in need plan", "☐ Yes ☒ No"),
        ("Early Help - TAF plan", "☐ Yes ☒ No"),
    )
    considered = (
        ("Option", "Considered?", "Notes"),
        ("Early Help Assessment", "☒ Yes ☐ No", "The need for an Early Help Assessment was talked through."),
    )
    doc = document("Plans and orders\nOther options", (plans, considered), "plan.docx")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    topic = facts.topics["early_help_assessment_considered"]
    assert topic.found and not topic.negative


def test_a_milestone_row_that_opens_with_full_timetable_is_no_reduced_week() -> None:
    """'M4 | Full timetable (project closes at last review) | Monday 13 December 2027 | 32.5 h/wk'."""
    rows = (
        ("Ref", "Milestone", "Date", "Hours"),
        ("M1", "Start of reduced timetable", "Monday 22 November 2027", "10.0 h/wk (08:45-10:45 daily)"),
        ("M2", "Step up 1", "Monday 29 November 2027", "15.0 h/wk (08:45-11:45 daily)"),
        ("M3", "Full timetable (project closes at last review)", "Monday 6 December 2027", "32.5 h/wk"),
    )
    doc = document("Milestones", (rows,), "plan.docx")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert [w.hours for w in facts.timetable] == [10.0, 15.0]


def test_a_plain_text_table_drawn_in_box_characters() -> None:
    """A mail's table drawn with '┌─┬─┐', '│' and '├─┼─┤' reads as rows of cells."""
    body = (
        "Reduced timetable for Rebaz.\n\n"
        "┌──────┬────────────┬───────────────────┬───────┐\n"
        "│ Week │ Starting   │ In school (daily) │ Hours │\n"
        "├──────┼────────────┼───────────────────┼───────┤\n"
        "│ 1    │ 10/01/2028 │ 08:45 - 11:15     │ 12.5  │\n"
        "│ 2    │ 17/01/2028 │ 08:45 - 12:45     │ 20    │\n"
        "└──────┴────────────┴───────────────────┴───────┘\n"
        "Full days again from: Monday 24 January 2028\n"
    )
    facts = extract_facts([message(body)])
    assert [w.hours for w in facts.timetable] == [12.5, 20.0]
    assert str(facts.start_date) == "2028-01-10"
