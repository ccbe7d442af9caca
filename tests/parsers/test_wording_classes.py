"""Classes of wording found by the sealed part of blind set 5 once it had been scored (issue 9):
each test is a small made-up fixture of one class, not a copy of a case."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.lookup import tick_answer
from parsers.extract.meeting import meeting_held
from parsers.extract.nlp import pupil_name_in_prose
from parsers.extract.people import named_person, pupil_name, school_facts
from parsers.extract.risk import extract_risk
from parsers.extract.signatures import extract_signatures
from parsers.extract.topics import extract_topics
from parsers.model import Document
from tests.minimail import corpus_of, document, message


@pytest.mark.parametrize(
    "line",
    [
        "Circumstances: Looked After (CLA) - yes. Everything else (Court Order, Child Protection plan, "
        "Child in Need plan, Team Around the Family plan, EHC plan) - no.",
        "Looked after: yes. Court order, CP plan, CIN plan, TAF and EHCP: none apply.",
        "She is looked after. Court order, child protection, child in need, TAF and EHC plan do not apply.",
    ],
)
def test_one_answer_given_for_a_list_of_circumstances_applies_to_each(line: str) -> None:
    values, _evidence = extract_circumstances(corpus_of(line))
    assert values == {
        "looked_after": True,
        "court_order": False,
        "child_protection": False,
        "child_in_need": False,
        "team_around_family": False,
        "ehcp": False,
    }


def test_a_circumstance_alone_before_an_answer_is_still_read_as_before() -> None:
    values, _evidence = extract_circumstances(corpus_of("Child in Need plan - yes, since October."))
    assert values["child_in_need"] is True


@pytest.mark.parametrize("label", ["Chitd in Need pian", "Chi1d Protection plan", "Lookecl After child"])
def test_circumstances_are_read_through_ocr_lookalike_letters(label: str) -> None:
    values, _evidence = extract_circumstances(corpus_of("", documents=[document(f"{label} ☐ Yes ☒ No")]))
    assert False in values.values()


@pytest.mark.parametrize(
    "value,answer", [("☐ Yes ☒ ‘No", False), ("☒ 'Yes ☐ No", True), ("☐ Yes ☒ |No", False)]
)
def test_a_ticked_answer_with_ocr_speck_between_box_and_word(value: str, answer: bool) -> None:
    assert tick_answer(value) is answer


def test_signers_listed_under_a_signed_lead_in_line() -> None:
    text = (
        "Signed (plan and hours):\n"
        "Parent/carer (foster carer): Ms Joanne Reid    date 06/01/2027\n"
        "School: Ms Carys Whitlock    date 06/01/2027\n"
        "Virtual School: Bronwen Achterberg    date 06/01/2027\n"
    )
    corpus = corpus_of("Plan attached.", documents=[document(text, headings=["Plan"])])
    assert sorted(s.role for s in extract_signatures(corpus)) == ["parent", "school", "virtual_school"]
    assert school_facts(corpus).name != "Ms Carys Whitlock date 06/01/2027"


def test_lines_under_a_lead_in_stop_at_the_first_line_that_is_not_a_signer() -> None:
    text = (
        "Signed:\nParent: Mr Adam Shaw 02/02/2027\nThe plan will be reviewed weekly.\n"
        "Social worker: Ms Ines Roy 02/02/2027\n"
    )
    corpus = corpus_of("", documents=[document(text, headings=["Plan"])])
    assert [s.role for s in extract_signatures(corpus)] == ["parent"]


def test_a_pupil_named_in_the_attachments_prose_beside_a_date_of_birth() -> None:
    doc = document(
        "This is the plan for Maisie Kowalska-Reid (DOB 14/08/2012, Year 9). The meeting was held."
    )
    assert pupil_name(corpus_of("Please see attached.", documents=[doc]))[0] == "Maisie Kowalska-Reid"


def test_a_risk_heading_over_empty_boxes_is_no_risk_assessment() -> None:
    title = "6. Risk of more time out of school (incl. CSE / CCE)"
    boxes = ["Risk assessment completed", "Notes"]
    doc = document(f"{title}\nRisk assessment completed\nNotes\n", headings=[title, *boxes])
    assert extract_risk(corpus_of("Plan attached.", documents=[doc])) is None


def test_the_mail_saying_the_safeguarding_part_is_not_done() -> None:
    found = extract_risk(corpus_of("The safeguarding bit hasn't been done yet, our DSL is off."))
    assert found is not None and not found.present


def test_the_date_of_a_risk_assessment_given_beside_cse_and_cce() -> None:
    body = "Risk of more time out of school (incl. CSE / CCE) Completed on 02/02/2026 by Mr Asante (DSL)."
    found = extract_risk(corpus_of(body))
    assert found is not None and found.date is not None and found.date.isoformat() == "2026-02-02"


@pytest.mark.parametrize("value", ["none held", "None", "n/a", "not held"])
def test_a_meeting_date_box_that_says_there_was_none(value: str) -> None:
    topic = meeting_held(corpus_of("", documents=[document(f"Date of meeting: {value}")]), False)
    assert topic.found and topic.negative


def test_no_time_found_for_a_meeting_is_no_meeting() -> None:
    body = "We couldn't find a time for a meeting with mum, so we spoke on the phone."
    topic = meeting_held(corpus_of(body), False)
    assert topic.found and topic.negative


@pytest.mark.parametrize(
    ("body", "held"),
    [
        ("AP discussed; not appropriate, as his needs can be met with support in school.", False),
        ("Her needs are met with small-group work.", False),
        ("We met with mum on 3 March to agree the plan.", True),
    ],
)
def test_needs_met_with_support_is_no_meeting(body: str, held: bool) -> None:
    assert meeting_held(corpus_of(body), False).found is held


def test_a_named_person_in_a_sentence() -> None:
    body = "The person in school responsible for this plan is Mr Tom Whitcombe, Deputy Headteacher."
    assert named_person(corpus_of(body))[0] == "Mr Tom Whitcombe"


def test_a_topic_named_only_by_a_heading_over_a_page_footer_is_not_written() -> None:
    text = "What will success look like?\nOck Meadow School - confidential Page 1 of 2\n"
    doc = document(text, headings=["What will success look like?"])
    topics = extract_topics(corpus_of("", documents=[doc]))
    assert not topics["exit_strategy"].found


def test_a_row_of_another_part_under_a_heading_is_not_its_content() -> None:
    text = "Things school will do differently\nSkills focus Coping with change, using a help card in class.\n"
    doc = document(text, headings=["Things school will do differently"])
    topics = extract_topics(corpus_of("", documents=[doc]))
    assert not topics["school_changes"].found
    assert topics["new_skills"].found


def test_a_line_of_dates_is_never_a_heading() -> None:
    text = "8. Reviews\n18/09/2026, 02/10/2026, 16/10/2026\n"
    doc = document(text, headings=["8. Reviews", "18/09/2026, 02/10/2026, 16/10/2026"])
    assert extract_topics(corpus_of("", documents=[doc]))["review_schedule"].found


@pytest.mark.parametrize(
    "line",
    [
        "Other placements considered? Yes - looked at two mornings elsewhere.",
        "AP was considered and ruled out for now.",
    ],
)
def test_alternative_provision_in_other_words(line: str) -> None:
    assert extract_topics(corpus_of("", documents=[document(line)]))["alternative_provision_considered"].found


def test_skills_under_a_label_ocr_misread() -> None:
    line = "Gtille tn be taught Walking away from conflict and reporting it."
    assert extract_topics(corpus_of("", documents=[document(line)]))["new_skills"].found


def test_the_whole_reading_of_a_letter_style_pep() -> None:
    text = (
        "This is the Personal Education Plan addendum for Maisie Kowalska-Reid (DOB 14/08/2012, Year 9).\n"
        "Circumstances: Looked After child (CLA) - yes. Everything else (Subject to a Court Order, Child "
        "Protection plan, Child in Need plan, Team Around the Family plan, EHC plan / "
        "statement of SEN) - no.\n"
    )
    facts = extract_facts([message("See attached.", documents=[document(text, headings=["PEP"])])])
    assert facts.pupil.name == "Maisie Kowalska-Reid"
    assert [k for k, v in facts.circumstances.items() if v] == ["looked_after"]


def test_answers_written_straight_after_each_circumstance() -> None:
    line = "Circumstances: CLA no, Court Order no, CP plan yes, CiN plan no, TAF no, EHCP no."
    values, _evidence = extract_circumstances(corpus_of(line))
    assert [k for k, v in values.items() if v] == ["child_protection"]
    assert all(v is False for k, v in values.items() if k != "child_protection")


def test_circumstances_across_a_header_row_with_answers_below() -> None:
    rows = (("CLA", "Court Order", "CP plan", "CiN plan", "TAF", "EHCP"), ("N", "N", "Y", "N", "N", "N"))
    considered = (("Behaviour support / TAF / family support", "Yes - support offered (TAF not needed)"),)
    doc = document("Plan", tables=[rows, considered])
    values, _evidence = extract_circumstances(corpus_of("", documents=[doc]))
    assert [k for k, v in values.items() if v] == ["child_protection"]


@pytest.mark.parametrize("mark,ticked", [("☒", True), ("✓", True), ("✗", False), ("☐", False)])
def test_a_tick_column_before_each_circumstance(mark: str, ticked: bool) -> None:
    rows = (("", "Circumstance"), (mark, "Child in Need plan"), ("☐", "Looked after (CLA)"))
    values, _evidence = extract_circumstances(corpus_of("", documents=[document("Plan", tables=[rows])]))
    assert values["child_in_need"] is ticked
    assert values["looked_after"] is False


def test_a_checklist_row_with_its_tick_first_gives_the_named_person() -> None:
    rows = (("", "Item", "Details"), ("☒", "Named person responsible", "Mr Stephen Barraclough (Deputy)"))
    facts = extract_facts([message("Plan attached.", documents=[document("Checklist", tables=[rows])])])
    assert facts.named_person == "Mr Stephen Barraclough"


@pytest.mark.parametrize(
    "heading", ["Who is in charge of this plan", "PSP lead", "Lead in school"]
)
def test_the_named_person_under_headings_in_schools_words(heading: str) -> None:
    doc = document(f"{heading}\nMrs Imogen Hale (Head of Year 9)\n", headings=[heading])
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.named_person == "Mrs Imogen Hale"


def test_a_professional_who_attended_though_their_agreement_is_awaited() -> None:
    body = "Ms Marta Cole (Social Worker) attended the meeting; written agreement has not been received."
    facts = extract_facts([message(body)])
    assert "social_worker" in facts.professionals_present


def test_the_first_reduced_day_and_full_time_from_a_date_in_prose() -> None:
    text = (
        "Full time (31.25 hours) from Monday 15 March 2027; first reduced day Monday 22 February 2027.\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert (facts.start_date, facts.full_time_date) == (date(2027, 2, 22), date(2027, 3, 15))


def test_back_on_her_full_timetable_from_a_date() -> None:
    body = "Hana starts on Monday 8 March 2027. From Monday 12 April 2027 she is back on her full timetable."
    assert extract_facts([message(body)]).full_time_date == date(2027, 4, 12)


def test_a_week_wrapped_after_its_days_is_read_whole() -> None:
    text = (
        "The timetable\n"
        "Connor had a difficult start to Year 9 and we agreed a short reduced timetable with his dad.\n"
        "Connor starts the reduced timetable on Monday 1 March 2027. Week 1 (w/c 01/03/2027): Mon-Fri\n"
        "9:00-12:00 = 15 hrs; Week 2 (w/c 08/03/2027): Mon-Fri 9:00-13:00 = 20 hrs; Week 3 (w/c 15/03):\n"
        "Mon-Fri 9:00-14:00 = 25 hrs. From Monday 22 March 2027 he is back on his full timetable (32.5h).\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0, 25.0]


@pytest.mark.parametrize(
    "value,answer", [("Yes Qe)", False), ("Qes) No", True), ("Yes (1)", True), ("No (a)", False)]
)
def test_a_circled_option_ocr_garbled_beside_the_one_left_whole(value: str, answer: bool) -> None:
    assert tick_answer(value) is answer


def test_the_subjects_name_takes_the_accents_the_mail_writes() -> None:
    body = "Mateo Ramírez (DOB 07/07/2012, Year 9) starts on Monday."
    corpus = corpus_of(body, "Reduced timetable - Mateo Ramirez (Y9)")
    assert pupil_name(corpus)[0] == "Mateo Ramírez"


def test_a_numbered_label_and_a_bare_question_about_the_risk_assessment() -> None:
    text = (
        "1. Pupil's full name Niamh Gallagher\n"
        "20. Has a safeguarding RA (incl. CSE and CCE) been done before the start? Date and summary\n"
    )
    corpus = corpus_of("Proforma attached.", documents=[document(text)])
    assert pupil_name(corpus)[0] == "Niamh Gallagher"
    found = extract_risk(corpus)
    assert found is None or not found.present


def test_a_sentence_about_who_signed_in_an_agreement_section_is_read_by_its_subject() -> None:
    text = (
        "12. Agreement\n"
        "Miss Kayleigh Fairbrother signed the plan and the hours on 20/01/2027; the signed copy is on file "
        "in school.\n"
    )
    doc = document(text, headings=["12. Agreement"])
    assert [s.role for s in extract_signatures(corpus_of("Letter attached.", documents=[doc]))] == ["parent"]


@pytest.mark.parametrize(
    "answer,negative",
    [("Yes - EP consultation requested and family support offered.", False), ("None considered yet.", True)],
)
def test_a_considered_item_as_a_heading_over_its_answer(answer: str, negative: bool) -> None:
    doc = document(f"External support\n{answer}\n", headings=["External support"])
    topic = extract_topics(corpus_of("Plan attached.", documents=[doc]))["external_support_considered"]
    assert topic.found and topic.negative is negative


# Classes found in blind set 6 (all consumed) while blind set 7 was being written.


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("On Tuesday I found Jordan Pye (14, Kidlington Moors Academy) at the skate park.", "Jordan Pye"),
        ("I saw Aisling Ní Bhriain, 9, outside the shop at 11am.", "Aisling Ní Bhriain"),
        ("Freddie Cox is 4 and started in Reception in January.", "Freddie Cox"),
        ("Mehmet Yılmaz is only 12, but he is out of school every afternoon.", "Mehmet Yılmaz"),
    ],
)
def test_a_pupil_named_with_their_age_in_a_reports_prose(sentence: str, name: str) -> None:
    assert pupil_name_in_prose([sentence]) == name


def test_an_age_is_not_a_date() -> None:
    assert pupil_name_in_prose(["The review with Sarah Jones is 10 and 11 May."]) is None


def test_a_header_strip_of_label_value_items_between_bars() -> None:
    strip = "Marston Ferry School  |  Pupil: Kacper Nowak  |  DOB 04/04/2012  |  Y9  |  Parent: Ms Nowak"
    name, _hit = pupil_name(corpus_of("", documents=[document(f"Pastoral Support Plan\n{strip}\n")]))
    assert name == "Kacper Nowak"


def test_a_days_grids_full_day_row_is_the_return_not_a_week() -> None:
    grid = (
        ("Week", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Hrs/wk"),
        ("Wk 1 - 18 Jan 2027", "9:00-11:00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "9:00-11:00", "10"),
        ("Wk 2 - 25 Jan 2027", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "9:00-12:00", "15"),
        ("From 1 Feb 2027", "Full day", "Full day", "Full day", "Full day", "Full day", "32.5"),
    )
    facts = extract_facts([message("", documents=[document("Planner", tables=[grid])])])
    assert [(w.week, w.hours) for w in facts.timetable] == [(1, 10.0), (2, 15.0)]
    assert facts.full_time_date == date(2027, 2, 1)


def test_the_risk_assessments_date_on_the_line_under_a_row_of_boxes() -> None:
    text = (
        "Safeguarding RA (CSE/CCE) Ext. behaviour / family support Alternative provision EHA\n"
        "Completed 15/01/2026 by Mr T Lewandowski (DSL), Yes - referral to outreach Considered - AP not\n"
        "Considers sexual exploitation (CSE) and criminal exploitation (CCE). No current indicators.\n"
    )
    risk = extract_risk(corpus_of("", documents=[document(text)]))
    assert risk is not None and risk.date == date(2026, 1, 15)


# Classes found in blind set 7's tuning part (issue 9).


def _roles(text: str, body: str = "Plan attached.") -> list[str]:
    facts = extract_facts([message(body, documents=[document(text)])])
    return sorted(s.role for s in facts.signatures)


def test_a_signer_with_no_role_in_their_row_takes_the_role_the_plan_gives_them() -> None:
    text = "Parent/carer Mrs Ewa Nowak (mother)\nAGREEMENT\n"
    rows = (
        ("Signed for", "Print name", "Signature", "Date"),
        ("School", "Mrs Rhiannon Pugh", "R Pugh", "08/09/2027"),
        ("", "Mrs Ewa Nowak", "E Nowak", "08/09/2027"),
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text, tables=[rows])])])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school"]


def test_signers_listed_under_a_lead_in_line_without_a_colon() -> None:
    text = (
        "Signatures (plan and hours)\n"
        "Parent/carer: Mr Pádraig Byrne Date: 10/11/2027\n"
        "School: Mr Owen Griffiths Date: 10/11/2027\n"
    )
    assert _roles(text) == ["parent", "school"]


@pytest.mark.parametrize(
    "line",
    ["PARENT CONSENT: SIGNED 10/11/2027 BY MRS NURCAN AYDIN", "Parental consent: signed 10/11/2027"],
)
def test_a_consent_field_that_says_it_was_signed(line: str) -> None:
    assert _roles("", body=f"Part-time timetable record\n{line}\n") == ["parent"]


def test_a_consent_field_that_says_it_was_not_signed_is_no_signature() -> None:
    assert _roles("", body="Parent consent: not signed yet - 10/11/2027\n") == []


def test_signed_by_a_named_person_on_a_date() -> None:
    body = "Parent: Mr Khaled Haddad (father)\nSigned by Mr Khaled Haddad on 19/01/2028.\n"
    assert _roles("", body=body) == ["parent"]


@pytest.mark.parametrize("label", ["Responsible staff", "Lead", "Member of staff responsible"])
def test_the_named_person_by_a_short_label(label: str) -> None:
    facts = extract_facts([message(f"{label}: Mr Owen Griffiths (Head of Year 10)\n")])
    assert facts.named_person == "Mr Owen Griffiths"


def test_circumstances_written_as_label_equals_answer() -> None:
    line = "Vulnerabilities: Looked after=N, Court Order=N, CP plan=Y, CIN plan=N, TAF plan=N, EHCP=N"
    values, _evidence = extract_circumstances(corpus_of(line))
    assert values["child_protection"] is True
    assert [k for k, v in values.items() if v is not False] == ["child_protection"]


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        ("Adam Al-Sayed part time timetable", "Adam Al-Sayed"),
        ("Reduced timetable - Zeynep Öztürk", "Zeynep Öztürk"),
    ],
)
def test_the_pupil_in_a_subject_keeps_a_hyphenated_surname(subject: str, name: str) -> None:
    assert pupil_name(corpus_of("Please see attached.", subject=subject))[0] == name


def test_a_name_in_a_row_run_together_ends_at_the_next_label() -> None:
    text = "SECTION A - PUPIL\nName Wiktoria Nowak Date of birth 19/03/2015\n"
    assert pupil_name(corpus_of("", documents=[document(text)]))[0] == "Wiktoria Nowak"


def test_a_forward_quoted_in_the_body_is_read_once() -> None:
    from parsers.limits import Limits
    from parsers.mail import parse_message

    plan = (
        "Week commencing 22 November 2027: 3 hours a day (9:00-12:00), 15 hours in the week\n"
        "Week commencing 29 November 2027: 4 hours a day (9:00-13:00), 20 hours in the week\n"
        "Back to full days (32.5 hours) from Monday 6 December 2027.\n"
    )
    raw = (
        "From: DSL <dsl@school.oxon.sch.uk>\r\nTo: attendance@oxfordshire.gov.uk\r\n"
        "Subject: Fwd: Jan W - reintegration plan\r\nDate: Thu, 18 Nov 2027 09:00:00 +0000\r\n\r\n"
        "Forwarding the plan from our SENCo.\n\n---------- Forwarded message ---------\n"
        "From: SENCo <senco@school.oxon.sch.uk>\nSubject: Jan W - reintegration plan\n\n" + plan
    ).encode()
    facts = extract_facts([parse_message(raw, Limits(ocr_enabled=False))])
    assert [(w.week, w.hours) for w in facts.timetable] == [(1, 15.0), (2, 20.0)]


def test_a_professional_who_was_at_the_meeting_and_agreed_in_writing() -> None:
    body = (
        "EHCP - yes. Serkan Yildirim (SEN Team Officer (LA)) was at the planning meeting and agreed "
        "to the plan in writing on 17/11/2027."
    )
    facts = extract_facts([message(body)])
    assert "sen_team" in facts.professionals_agreed


def test_a_risk_assessment_dated_after_the_mail_that_sends_it_has_no_date() -> None:
    text = "Risk assessment: completed 09/01/2027 by the DSL; covers CSE and CCE.\n"
    risk = extract_risk(corpus_of("", documents=[document(text)]))  # the mail is dated 4 March 2026
    assert risk is not None and risk.present and risk.date is None


def test_a_weeks_total_after_its_days() -> None:
    text = (
        "Week 1 (from 27/09/2027) Mon 2 h Tue 2 h Wed 2 h Thu 2 h Fri 2 h = 10 hrs\n"
        "Week 2 (from 04/10/2027) Mon 3 h Tue 3 h Wed 3 h Thu 3 h Fri 3 h = 15 hrs\n"
    )
    facts = extract_facts([message("", documents=[document(text)])])
    assert [(w.week, w.hours) for w in facts.timetable] == [(1, 10.0), (2, 15.0)]


def test_the_options_considered_under_a_safeguarding_heading_are_no_risk_assessment() -> None:
    text = (
        "F1 Safeguarding risk assessment\n"
        "F2 External behaviour support / targeted early help family support considered\n"
        "F3 Alternative provision considered\n"
        "F4 Early Help Assessment considered\n"
    )
    doc = document(text, headings=["F1 Safeguarding risk assessment"])
    risk = extract_risk(corpus_of("", documents=[doc]))
    assert risk is None or not risk.present


def test_the_named_person_after_a_label_that_runs_on() -> None:
    facts = extract_facts([message("Lead professional in school: Mrs Tanya Morecroft, Deputy Head\n")])
    assert facts.named_person == "Mrs Tanya Morecroft"


def test_an_empty_label_among_labels_is_a_missing_part_not_a_heading() -> None:
    body = (
        "SKILLS TO BE TAUGHT: Managing transitions between lessons; organisation using a planner.\n"
        "EXIT STRATEGY:\n"
        "REVIEWS: Progress check-ins with home on 26th November 2027 and 3rd December 2027.\n"
        "RESPONSIBLE STAFF: Ms Lorna Baptiste (Pastoral Support Manager)\n"
        "RISK ASSESSMENT: Risk assessment completed 09/11/2027 by the DSL. Covers CSE and CCE.\n"
    )
    topics = extract_topics(corpus_of(body))
    assert not topics["exit_strategy"].found
    assert topics["review_schedule"].found


def test_a_signature_line_with_the_printed_name_then_the_signature_is_one_signer() -> None:
    text = (
        "Part 4 - Signatures\n"
        "Participant Signature Date\n"
        "Parent/carer: Mrs Joanna Nowak Mrs Joanna Nowak 15/09/2027\n"
        "School: Miss Hannah Ellery Miss Hannah Ellery 15/09/2027\n"
    )
    rows = (("Participant", "Signature", "Date"),
            ("Parent/carer: Mrs Joanna Nowak", "Mrs Joanna Nowak", "15/09/2027"),
            ("School: Miss Hannah Ellery", "Miss Hannah Ellery", "15/09/2027"))
    doc = document(text, tables=[rows], headings=["Part 4 - Signatures"])
    assert _roles_of(doc) == ["parent", "school"]


def test_a_date_row_under_a_signed_row_is_not_a_signer() -> None:
    rows = (("Signed", "Mrs Thi Tran"), ("Print name", "Mrs Thi Tran"), ("Date", "29/09/2027"))
    doc = document("Parent/carer: Mrs Thi Tran (mother)\nI agree to the plan and the hours.\n", tables=[rows])
    assert _roles_of(doc) == ["parent"]


def _roles_of(doc: Document) -> list[str]:
    return sorted(s.role for s in extract_facts([message("Plan attached.", documents=[doc])]).signatures)


@pytest.mark.parametrize(
    ("read", "subject", "name"),
    [
        ("Szymon Jabtoriski", "Szymon Jabłoński - plan (scan)", "Szymon Jabłoński"),  # a scan misread
        ("Brid Ni Chonaill", "Bríd Ní Chonaill - PSP review", "Bríd Ní Chonaill"),  # accents lost
        ("Emre Aydın", "Reduced timetable - Emre Aydin", "Emre Aydın"),  # never lose the file's letters
        ("Tom Baker", "Reduced timetable - Sam Baker", "Tom Baker"),  # another name stays another
    ],
)
def test_the_pupil_read_from_a_file_as_the_mail_spells_it(read: str, subject: str, name: str) -> None:
    doc = document(f"Pupil name: {read}\n")
    assert pupil_name(corpus_of("Please see attached.", subject=subject, documents=[doc]))[0] == name


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("Saoirse will be working on: coping with unstructured time; accepting feedback.", "new_skills"),
        ("Exit / success: back on a full timetable and settled for four weeks.", "exit_strategy"),
        ("Support alongside the reduced day: sessions with the Family Support Worker; a time-out card.",
         "supportive_interventions"),
    ],
)
def test_a_part_under_a_label_in_the_schools_words(line: str, topic: str) -> None:
    assert extract_topics(corpus_of(line))[topic].found


def test_a_yes_no_form_run_into_one_line_is_answered_by_the_pair_after_each_question() -> None:
    line = (
        "Parent / carer Mrs Orla Byrne (mother) ts ☒ the ☒ pupil ☒ looked after (CLA)? ☐ Yes ☒ No "
        "ts the pupil subject to a Court ☐ Yes ☒ No is there a Child Protection plan? ☒ Yes ☐ No "
        "ts there a Child in Need plan? ☐ Yes ☒ No ts there a ☒ Team Around the Yes"
    )
    values, _evidence = extract_circumstances(corpus_of("", documents=[document(line, tables=[((line,),)])]))
    assert values["looked_after"] is False
    assert values["court_order"] is False
    assert values["child_protection"] is True
    assert values["child_in_need"] is False


def test_a_signer_takes_the_role_given_to_the_same_name_misread_or_without_accents() -> None:
    text = "Parent/carer Mrs Iwona Jabtofska (mother)\nI agree to the plan and the hours.\n"
    rows = (("Signed", "Mrs Iwona Jablonska"), ("Date", "03/03/2026"))
    assert _roles_of(document(text, tables=[rows])) == ["parent"]


def test_the_option_struck_through_in_word_is_not_the_answer() -> None:
    import io

    import docx

    from parsers.docx_reader import read_docx
    from parsers.limits import Limits

    word = docx.Document()
    for question, struck, standing in (
        ("Is the pupil looked after (CLA)? ", "Yes", "No"),
        ("Is there a Child Protection plan? ", "No", "Yes"),
    ):
        p = word.add_paragraph(question)
        first, slash, second = p.add_run(struck), p.add_run(" / "), p.add_run(standing)
        first.font.strike = True
        if struck == "No":  # 'Yes / ~~No~~': the struck option second
            first.text, second.text = standing, struck
            first.font.strike, second.font.strike = False, True
        del slash
    out = io.BytesIO()
    word.save(out)
    doc = read_docx("plan.docx", out.getvalue(), Limits())
    assert "~~Yes~~ / No" in doc.pages[0].text and "Yes / ~~No~~" in doc.pages[0].text
    values, _evidence = extract_circumstances(corpus_of("", documents=[doc]))
    assert values["looked_after"] is False
    assert values["child_protection"] is True


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("I'm the named person for the plan (Mr Tomasz Wróblewski, Head of Year).", "Mr Tomasz Wróblewski"),
        ("I am her key adult and will check in with her every morning.", "the writer of this mail"),
    ],
)
def test_the_writer_naming_themself_the_named_person(body: str, name: str) -> None:
    assert named_person(corpus_of(body))[0] == name


@pytest.mark.parametrize(
    "body",
    [
        "We also talked about outreach - offered; AP - will revisit at review; EHA - not needed.",
        "AP: not appropriate at this stage, needs met in school.",
    ],
)
def test_ap_answered_after_a_dash_or_colon_was_considered(body: str) -> None:
    topic = extract_topics(corpus_of(body))["alternative_provision_considered"]
    assert topic.found and not topic.negative


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("While he's on reduced hours he'll have: 1:1 LSA; lunch club", "supportive_interventions"),
        ("In school we're changing things: visual timetable; ear defenders allowed", "school_changes"),
        ("Working on: self-regulation (Zones of Regulation); asking for help", "new_skills"),
        ("We'll know it's worked when: she attends all agreed sessions, no suspensions", "exit_strategy"),
        ("We'll review weekly on Fridays; full review meetings 08/10/2027, 15/10/2027.", "review_schedule"),
    ],
)
def test_a_plan_written_as_a_busy_teachers_email(line: str, topic: str) -> None:
    body = f"Hi all,\n\nJust letting you know Berk Aydın is going onto a reintegration timetable.\n{line}\n"
    assert extract_topics(corpus_of(body))[topic].found


def test_a_criterion_left_unticked_confirms_no_meeting() -> None:
    body = "Tick each criterion that is met before the start.\nA meeting with the parent/carer was held ☐\n"
    assert not meeting_held(corpus_of(body), False).found


def test_a_meeting_date_box_over_the_rest_of_its_label_is_empty() -> None:
    rows = (("Meeting date", "and attendees"), ("Lead professional in school", "Mrs Hale"))
    corpus = corpus_of("", documents=[document("Plan", tables=[rows])])
    assert not meeting_held(corpus, False).found


@pytest.mark.parametrize("value", ["Name Signature Date", "Name | Role | Date", "and attendees"])
def test_a_row_left_empty_over_column_heads_or_its_labels_rest_is_no_part(value: str) -> None:
    rows = (("EHA", value), ("Alternative provision", ""))
    corpus = corpus_of("", documents=[document("Plan", tables=[rows])])
    assert not extract_topics(corpus)["early_help_assessment_considered"].found
