"""Classes of wording from blind set 15's tuning part (issue 9): signature tables whose headers
name the columns in other words ('Agreed (role) | Name | Sig. | Dated', 'Signed off by | Printed |
Signature | Date', 'Contributor | Role | Sig. | dd/mm/yy', 'Who | Name | Sign here | Date' with
'My grown-up'); a week table's full-time row written 'FT | 08.11.27 | Normal school day'; 'Then
the full week again from 20/03/2028'."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.corpus import Table
from parsers.extract.dates import find_dates
from parsers.extract.signatures import signer_role, table_signatures
from parsers.model import Document, Page
from tests.minimail import document, message


def _roles_and_names(rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, str | None]]:
    found = table_signatures(Table(rows, "plan.pdf#page=2", "Agreed", "attachment"))
    return sorted((s.role, s.name) for s in found)


@pytest.mark.parametrize(
    "header",
    [
        ("Agreed (role)", "Name", "Sig.", "Dated"),
        ("Signed off by", "Printed", "Signature", "Date"),
        ("Party", "Name", "Signature", "Date"),
        ("Who", "Name", "Sign here", "Date"),
    ],
)
def test_a_signature_tables_columns_in_other_words(header: tuple[str, ...]) -> None:
    rows = (
        header,
        ("Parent / carer", "Mrs Nazia Siddiqui", "Mrs Nazia Siddiqui", "03/11/2027"),
        ("SEN Casework Officer", "Iolanthe Papadopoulos", "Iolanthe Papadopoulos", "03/11/2027"),
        ("Other", "", "", ""),
    )
    assert _roles_and_names(rows) == [("parent", "Mrs Nazia Siddiqui"), ("sen_team", "Iolanthe Papadopoulos")]


def test_a_childs_own_words_for_the_parent_and_a_contributor_column() -> None:
    assert _roles_and_names((
        ("Who", "Name", "Sign here", "Date"),
        ("My grown-up", "Ms Blessing Okoro", "Ms Blessing Okoro", "23/02/2028"),
        ("For the school", "Mrs Ilse van der Berg", "Mrs Ilse van der Berg", "23/02/2028"),
    )) == [("parent", "Ms Blessing Okoro"), ("school", "Mrs Ilse van der Berg")]
    assert _roles_and_names((
        ("Contributor", "Role", "Sig.", "dd/mm/yy"),
        ("Mrs Nadia Kaur", "Designated Teacher (CLA)", "N. Kaur", "04/11/26"),
    )) == [("school", "Mrs Nadia Kaur")]


def test_a_week_tables_ft_row_gives_the_full_time_date() -> None:
    rows = (
        ("Wk", "W/c", "Pattern", "Hrs", "Review due"),
        ("1", "04.10.27", "Mon-Fri 9:00-11:00", "10", "-"),
        ("2", "11.10.27", "Mon-Fri 9:00-12:00", "15", "Review"),
        ("FT", "08.11.27", "Normal school day", "32.5", "-"),
    )
    doc = document("Week-by-week plan and review log\n", tables=[rows], source="record.pdf")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.full_time_date == date(2027, 11, 8)


def test_the_full_week_again_from_a_date() -> None:
    text = "Week 1 from 28/02/2028: 9:00-12:00 daily (15 hours).\nThen the full week again from 20/03/2028.\n"
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert facts.full_time_date == date(2028, 3, 20)


NUMBERED_LIST = (
    "1) Pupil - Kyle Brannigan, Y10, DOB 13/04/2013. Mum: Ms Shannon Brannigan.\n"
    "2) CP plan - yes (social worker Åsa Lindholm-Reid, Family Safeguarding Team).\n"
    "9) Lead - Mr Rashid Qureshi, Head of Year 10\n"
    "12) Meeting 22/09/2027 - Ms Shannon Brannigan (Mother), Kyle (Pupil), "
    "Mr Rashid Qureshi (Head of Year 10), Åsa Lindholm-Reid (Social Worker, Family Safeguarding).\n"
)


def test_a_numbered_lists_dash_labels_give_the_lead_and_who_came() -> None:
    facts = extract_facts([message(NUMBERED_LIST)])
    assert facts.named_person is not None and "Qureshi" in facts.named_person
    assert "social_worker" in facts.professionals_present


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("## 5. Meeting\n\n17 Nov 2027. With: Mrs Szabó (Mother), Mrs Lan (Head)\n", "plan.html"),
        ("TAS discussion with family - 17/11/2027\nMrs Adebayo-Price and Rhys came in.\n", "tas.docx"),
    ],
)
def test_a_meeting_dated_under_or_in_its_heading_was_held(text: str, source: str) -> None:
    headings = ["TAS discussion with family - 17/11/2027"] if source == "tas.docx" else []
    doc = document(text, source=source, headings=headings)
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.topics["meeting_held"].found and not facts.topics["meeting_held"].negative


def test_a_date_ocr_split_inside_its_month_is_one_date() -> None:
    assert [d.value for d in find_dates("Full time 08/1 1/2027 Full timetable 32.5")] == [date(2027, 11, 8)]
    assert [d.value for d in find_dates("Week 2 3/10/2027")] == [date(2027, 10, 3)]  # week 2 stays apart


def test_a_meeting_dated_then_with_colon_and_who_came() -> None:
    text = (
        "5. Meeting\n26 Jan 2028. With: Mrs Orla Ní Bhriain (Mother), Mrs Gülşen Aydın (SENDCo), "
        "Zainab Hussain-Clarke (Locality Community Support Worker, LCSS North)\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert "early_help" in facts.professionals_present


def test_a_row_of_boxes_under_the_circumstances_marks_one() -> None:
    rows = (
        ("Highest level of Social Care involvement (mark one)", "", "", ""),
        ("None", "Child in Need", "Child Protection", "Looked After Child"),
        ("☐", "☒", "☐", "☐"),
    )
    doc = document("Referral\n", tables=[rows], source="tas.pdf")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.circumstances["child_in_need"] is True
    assert facts.circumstances["child_protection"] is False and facts.circumstances["looked_after"] is False


def test_tick_if_yes_in_a_cell_of_its_own_keeps_the_boxes_under_their_names() -> None:
    rows = (
        ("Looked after", "Court Order", "CP plan", "CIN plan", "TAF plan", "EHCP"),
        ("Tick if yes", "☐", "☐", "☒", "☐", "☐", "☐"),
    )
    doc = document("Plan\n", tables=[rows], source="plan.pdf")
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert facts.circumstances["child_protection"] is True and facts.circumstances["child_in_need"] is False


def test_who_came_in_a_name_and_role_table_under_a_dated_discussion_with_the_family() -> None:
    rows = (
        ("TAS discussion with family - 08/09/2027", ""),
        ("Name", "Role"),
        ("Ms Hannah Brown", "Mother"),
        ("Kwame Boateng", "Social Worker, Children in Need Team"),
    )
    doc = document("TAS discussion with family - 08/09/2027\n", tables=[rows], source="tas.pdf",
                   headings=["TAS discussion with family - 08/09/2027"])
    facts = extract_facts([message("Plan attached.", documents=[doc])])
    assert "social_worker" in facts.professionals_present


@pytest.mark.parametrize("label", ["Reset lead", "Plan lead", "Student Welfare Officer", "Pastoral lead"])
def test_the_plans_own_lead_and_a_welfare_officer_sign_for_the_school(label: str) -> None:
    assert signer_role(label) == "school"


def test_a_question_or_a_passing_mention_is_no_unticked_item_of_a_tick_list() -> None:
    rows = (
        ("☒ of need", "Provision", "Staff"),
        ("Communication", "Speech and language programme (from EHCP Section F)", "TA"),
        ("Looked after? Court order?", "", ""),
        ("☐ Child in Need plan", "", ""),
    )
    doc = document("Provision map\n", tables=[rows], source="map.pdf")
    facts = extract_facts([message("Map attached.", documents=[doc])])
    assert facts.circumstances["ehcp"] is None and facts.circumstances["looked_after"] is None
    assert facts.circumstances["court_order"] is None
    assert facts.circumstances["child_in_need"] is False  # its own box, left empty


def test_two_questions_boxes_run_together_on_a_scan_answer_neither() -> None:
    text = "Is the pupil subject to a Court Order? ☐ No ☒ Yes ☐ Yes ☒ No Is there a Child Protection plan?\n"
    scan = Document("form.pdf", (Page(1, text, ocr_confidence=81.0),))
    facts = extract_facts([message("Form attached.", documents=[scan])])
    assert facts.circumstances["court_order"] is not True  # that tick is the previous question's
