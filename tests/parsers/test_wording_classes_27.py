"""Classes of wording and layout from blind set 27 (issue 9), from its tuning part and, after its one
scoring, its sealed part: forms' rows of label-value pairs, labels before a dash, a head of year's
sentences, risk grids, scanned names and hours."""

from __future__ import annotations

from datetime import date

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.hours import stated_hours
from parsers.facts import CaseFacts
from parsers.model import Document, Page
from tests.minimail import corpus_of, document, message


def _facts_of(text: str, tables: tuple[tuple[tuple[str, ...], ...], ...] = ()) -> CaseFacts:
    return extract_facts([message("Plan attached.", documents=[document(text, tables, "plan.docx")])])


def test_a_named_person_label_before_a_dash() -> None:
    """'Responsible in school - Ms Keeley Brandon, Student Support Manager' in a mail's plan."""
    body = (
        "Support - Drawing and talking sessions.\n"
        "Responsible in school - Ms Keeley Brandon, Student Support Manager\n"
    )
    assert extract_facts([message(body)]).named_person == "Ms Keeley Brandon"


def test_a_row_of_label_value_pairs_with_a_span_of_weeks_in_a_label() -> None:
    """'Attendance, last 12 weeks | 71% | Key adult in school (lead for this agreement) | Ms Brandon'."""
    rows = (
        ("Pupil name", "Arlind Cela", "Date of birth", "21/05/2014"),
        ("Attendance, last 12 weeks", "71%", "Key adult in school (lead)", "Ms Keeley Brandon, SSM"),
    )
    assert _facts_of("Agreement", (rows,)).named_person == "Ms Keeley Brandon"


def test_a_family_support_worker_holding_the_plan_is_the_schools() -> None:
    """'Key adult holding this plan | Mrs Hannah Tregear, Family Support Worker': many schools employ
    one; an early help service's family worker is still outside the school."""
    holder = "Key adult holding this plan"
    school = (("Parents / carers", "Mr K A (father)", holder, "Mrs Hannah Tregear, Family Support Worker"),)
    council = ((holder, "Mrs Ann Lee, Family Support Worker (Early Help, LCSS)"),)
    assert _facts_of("Plan", (school,)).named_person == "Mrs Hannah Tregear"
    assert _facts_of("Plan", (council,)).named_person is None


def test_a_named_person_who_is_his_lead() -> None:
    body = "Check-ins booked for 01/10/2027. Mrs Mehwish Qureshi, Pastoral Manager is his lead. Mum signed."
    assert extract_facts([message(body)]).named_person == "Mrs Mehwish Qureshi"


def test_no_social_care_is_no_child_protection_or_child_in_need_plan() -> None:
    said = "No social care, no EHCP, no early help plan, not looked after, no court order."
    values, _ = extract_circumstances(corpus_of(said))
    assert values["child_protection"] is False
    assert values["child_in_need"] is False
    asked, _ = extract_circumstances(corpus_of("Social care involved? Child protection plan: yes"))
    assert asked["child_protection"] is True


def test_a_dutch_name_with_van_t() -> None:
    """'Daniëlle van 't Hoff': the particle 't (het) is part of the surname, in the pupil's name and a
    signature's."""
    rows = (
        ("Role", "Name", "Signature", "Date"),
        ("Parent (dad)", "Mr Joost van 't Hoff", "J van 't Hoff", "17/11/2027"),
    )
    facts = _facts_of("Individual education plan\nName of pupil: Daniëlle van 't Hoff\n", (rows,))
    assert facts.pupil.name == "Daniëlle van 't Hoff"
    assert [(s.role, s.name) for s in facts.signatures] == [("parent", "Mr Joost van 't Hoff")]


def test_not_active_after_the_circumstances_own_words() -> None:
    """'Looked after child | Not active', 'Court order / youth justice | Not active' as a PDF runs a
    status column's row together; both of a pair printed with a speck between is still no answer."""
    text = (
        "Plan Active? Worker\nLooked after child Not active\nCourt order / youth justice Not active\n"
        "Child protection plan Not active\nChild in need plan Current L_| Not applicable fm]\n"
    )
    values, _ = extract_circumstances(corpus_of("Plan attached.", documents=[document(text, (), "plan.pdf")]))
    assert values["looked_after"] is False
    assert values["court_order"] is False
    assert values["child_in_need"] is not True


def test_an_achievement_mentor_signs_for_the_school() -> None:
    rows = (
        ("Agreed by", "Name", "Signature", "Date"),
        ("Parent / carer", "Mrs Sabina Huseyn", "S Huseyn", "19/01/2028"),
        ("Achievement Mentor", "Mr Jonas Petrauskas", "J Petrauskas", "19/01/2028"),
    )
    assert [s.role for s in _facts_of("Risk assessment", (rows,)).signatures] == ["parent", "school"]


def test_a_staff_responsible_column_head_over_no_one() -> None:
    """'HAZARD | ... | STAFF RESPONSIBLE | DATE' as a risk grid's head: the next column's head is no
    named person."""
    rows = (
        ("HAZARD", "EXISTING CONTROLS", "STAFF RESPONSIBLE", "DATE"),
        ("Distress at break", "Check-out with the key adult", "", "24/01/2028"),
    )
    assert _facts_of("Pupil risk assessment", (rows,)).named_person is None


def test_a_part_in_a_ruleless_tables_lines_is_asked_about() -> None:
    """A PDF table without rules gives its cells as short lines of two columns run together ('4.
    Changes in All staff' / 'All Kaija's teachers have a' / 'school' ...): no one line reads like
    the part, five together do, so it is asked about, not claimed missing."""
    lines = (
        "4. Changes in All staff", "All Kaija's teachers have a", "school", "one-page summary; no",
        "cold-calling in class and a", "visual timetable on the desk.",
    )
    text = "3. Reviews Check-ins with parents on 28/01/2028 and 10/03/2028.\n" + "\n".join(lines) + "\n"
    doc = document(text, (), "plan.pdf", headings=lines)  # short lines of a PDF, taken for headings
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert not facts.topics["school_changes"].found
    assert "school_changes" in facts.reads_like


def test_a_column_of_the_parts_labels_is_no_passage() -> None:
    """'External behaviour support / early help family support considered' over 'Alternative provision
    considered', answered elsewhere: labels, which read like a part but hold none of it (a guard of the
    runs of short lines read together)."""
    lines = (
        "Other options", "External behaviour support / early help family support considered",
        "Alternative provision considered", "See the notes",
    )
    doc = document("\n".join(lines) + "\n", (), "plan.pdf", headings=lines)
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert "external_support_considered" not in facts.reads_like


def test_a_childs_name_after_one_of_our_and_with_an_alias() -> None:
    """'One of our under-15s, Kyrylo Bondarenko, told his coach'; 'her daughter Jeťka (Mia) Smith, Year
    6': the name the child goes by, in brackets, is left out."""
    club = "I run a football club. One of our under-15s, Kyrylo Bondarenko, told his coach."
    site = "Mrs Smith told me her daughter Jeťka (Mia) Smith, Year 6 at Preston Primary, goes home at 1pm."
    assert extract_facts([message(club, "Welfare concern")]).pupil.name == "Kyrylo Bondarenko"
    assert extract_facts([message(site, "Concern")]).pupil.name == "Jeťka Smith"


def test_a_pupils_name_beside_the_birth_date_after_a_speck() -> None:
    scan = document("‘Pupil name Arlind Cela Date of birth 21/05/2014\nSchool Ock Mill\n", (), "p1.jpg")
    assert extract_facts([message("Photos attached.", documents=[scan])]).pupil.name == "Arlind Cela"


def test_a_signer_read_twice_from_a_screenshot_and_the_signed_copy_is_one() -> None:
    """The plan pasted as a screenshot (OCR: no role for the school's signer, 'Széke' for 'Szőke') and
    the signed agreement attached: one signature each."""
    shot = (
        ("Signed", "Name", "Date"),
        ("Parent", "Mrs Heni Tawhiri", "07/06/2028"),
        ("", "Mrs Priya Venkatesan", "07/06/2028"),
        ("SEN Team officer", "Mr Benedek Széke", "07/06/2028"),
    )
    signed = (
        ("Role", "Name", "Signature", "Date"),
        ("Parent", "Mrs Heni Tawhiri", "H Tawhiri", "07/06/2028"),
        ("SENCo", "Mrs Priya Venkatesan", "P Venkatesan", "07/06/2028"),
        ("SEN Team officer", "Mr Benedek Szőke", "B Szőke", "07/06/2028"),
    )
    docs = [document("IEP", (shot,), "image001.png"), document("Agreement", (signed,), "agreement.pdf")]
    facts = extract_facts([message("IEP below, agreement attached.", documents=docs)])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school", "sen_team"]


def test_a_days_hours_ocr_joined_to_a_day_are_not_the_weeks() -> None:
    """'2h30ma day = 12% hrs' as OCR reads '2 h 30 m a day = 12½ hrs': the day's hours are no week's,
    the '%' (OCR's ½ or ¼) is no number; the week is read from its times."""
    assert stated_hours("Mon-Fri 08:50 to 11:20 2h30ma day = 12% hrs") == []
    assert stated_hours("4h 30 ma day = 22% hrs") == []
    assert stated_hours("2 h 30 m a day = 12½ hrs") == [12.5]
    rows = (
        ("Week", "Starting", "Times", "Hours"),
        ("Week 1", "27/09/2027", "Mon-Fri 08:50 to 11:20", "2h30ma day = 12% hrs"),
        ("Week 2", "04/10/2027", "Mon-Fri 08:50 to 12:20", "3h 30maday = 17% hrs"),
    )
    assert [w.hours for w in _facts_of("Hours in school", (rows,)).timetable] == [12.5, 17.5]


def test_full_days_fromm_as_ocr_doubles_a_letter() -> None:
    text = "* Week 1 from 24/01/2028: 8.50am-10.50am\n* Full days fromm 21/02/2028\n"
    assert str(_facts_of(text).full_time_date) == "2028-02-21"


def test_a_scanned_pupils_name_respelt_with_the_accents_written_elsewhere() -> None:
    """'Pupil name Boglárka K6vari-Nagy' off a scan (a digit for 'ő'), the mother's typed 'Mrs Eniké
    Kővári' in the signatures: 'Boglárka Kővári-Nagy'; an accent on an 'I' alone is a speck."""
    text = "Pupil name Boglárka K6vari-Nagy Date of birth 14/03/2015\nParent (mum) Mrs Eniké Kővári\n"
    scan = document(text, (), "scan.pdf")
    assert extract_facts([message("Scan attached.", documents=[scan])]).pupil.name == "Boglárka Kővári-Nagy"
    text = "Name Stefan Ionescu Date of birth 14/03/2015\nParent Mrs Oana Íonescu\nIonescu family\n"
    speck = document(text, (), "scan.pdf")
    assert extract_facts([message("Scan attached.", documents=[speck])]).pupil.name == "Stefan Ionescu"


def test_an_azerbaijani_schwa_folds_to_a() -> None:
    """'Nərmin H' in the subject over a scan's 'Narmin Hüseynova': the subject's spelling."""
    scan = document("Name Narmin Hüseynova Date of birth 12/01/2016\n", (), "scan.tif")
    facts = extract_facts([message("Scan attached.", "Nərmin H - signed risk assessment", documents=[scan])])
    assert facts.pupil.name == "Nərmin Hüseynova"


def test_a_quoted_question_listing_the_plans_is_no_answer() -> None:
    """Blind 27's sealed part (scored once, then read): a reply under the council's quoted point '> 4.
    who came to the meeting, and any plans (CIN, CP, TAF, EHCP, looked after, court order)', answered
    'None of those plans apply to Wanjikũ.' at the end of the meeting's line."""
    body = (
        "Answers under each of your questions below.\n\n> 4. who came to the meeting, and any plans (CIN, "
        "CP, TAF, EHCP, looked after, court order)\nMeeting on 06/10/2027: Mrs Njeri Muthoni (Mother); Mr "
        "Tobias Wren (Pastoral Lead). None of those plans apply to Wanjiku.\n"
    )
    values, _ = extract_circumstances(corpus_of(body))
    assert set(values.values()) == {False}


def test_a_risk_grids_contributors_and_agreed_by_blocks() -> None:
    """A pupil risk assessment laid out as one sheet: 'Contributors to this assessment (meeting ...)' over
    'Name | Agency | Contributed' (a Family Solutions Plus social worker 'In person'); an 'Agreed by'
    title over its signature header, so a staff member named with a date in the grid above is no
    signature; 'Key Worker Lead' signs for the school."""
    rows = (
        ("PUPIL RISK ASSESSMENT", "", "", ""),
        ("Title", "", "", ""),
        ("Another title", "", "", ""),
        ("HAZARD", "EXISTING CONTROLS", "STAFF RESPONSIBLE", "DATE"),
        ("Exploitation", "Risk assessed 30/05/2028 (DSL).", "Mrs Elspeth Morrow", "30/05/2028"),
        ("Agreed by", "", "", ""),
        ("Agreed by", "Name", "Signature", "Date"),
        ("Parent", "Mrs Kari Odegard", "K Odegard", "31/05/2028"),
        ("Key Worker Lead", "Mr Samuel Teixeira", "S Teixeira", "31/05/2028"),
    )
    contributors = (
        "Contributors to this assessment (meeting 31/05/2028)\nName Agency Contributed\nMrs Kari Odegard, "
        "mother, Family In person\nMs Gulnara Aliyeva Family Solutions Plus (North) In person\n"
    )
    facts = _facts_of(contributors, (rows,))
    assert [s.role for s in facts.signatures] == ["parent", "school"]
    assert facts.professionals_present == {"social_worker"}


def test_a_sheet_named_agreement_over_the_whole_plan_is_its_title() -> None:
    """A workbook whose first sheet, named 'Agreement', holds the whole plan: the name is the sheet's
    title, not a signatures part, so the plan's passages are still read for the parts (a risk grid's
    'ADDITIONAL ACTIONS' cell holds the changes in school)."""
    lines = [f"Field {n}: a detail of the pupil." for n in range(26)]
    text = "Agreement\n" + "\n".join(lines) + (
        "\nDistress in busy parts of the day | All Rogvi's teachers have a one-page summary; no cold-calling "
        "in class and a visual timetable on the desk.\n"
    )
    doc = document(text, (), "workbook.xlsx", headings=("Agreement",))
    facts = extract_facts([message("Risk assessment attached.", documents=[doc])])
    assert "school_changes" in facts.reads_like or facts.topics["school_changes"].found


def test_a_date_of_birth_after_a_full_time_title_is_no_return_date() -> None:
    """'Return to full-time education' (an IEP's title) run into its first row 'Name ... DOB 08/07/2015':
    the date of birth is no date of the return to full time."""
    rows = (
        ("Return to full-time education", "Name Tane Potae-Williams DOB 08/07/2015 Year 8"),
        ("Build up time", "Wk 1 (Mon 13 Mar 2028): 8:50-11:20 each day; Full timetable from 27/03/2028"),
    )
    assert _facts_of("INDIVIDUAL EDUCATION PLAN", (rows,)).full_time_date != date(2015, 7, 8)


def test_a_week_table_continued_on_a_scans_next_page_under_its_header_run_together() -> None:
    """Page 1 'Week | Times and hours', page 2 'Week Times and hours' (OCR ran the header's cells
    together): one table, four weeks and the full-time row."""
    first = (("Week", "Times and hours"), ("w/b 04/10/2027", "08:50-10:50 - 10 hrs/wk"),
             ("w/b 11/10/2027", "08:50-11:20 - 12.5 hrs/wk"))
    second = (("Week Times and hours",), ("w/b 18/10/2027", "08:50-12:20 - 17.5 hrs/wk"),
              ("w/b 01/11/2027", "08:50-13:20 - 22.5 hrs/wk"), ("w/b 08/11/2027", "full days"))
    doc = Document("scan.pdf", (Page(1, "Temporary shorter day", (first,)), Page(2, "continued", (second,))))
    facts = extract_facts([message("Scan attached.", documents=[doc])])
    assert [w.hours for w in facts.timetable] == [10.0, 12.5, 17.5, 22.5]
