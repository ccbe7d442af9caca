"""Classes of wording from blind set 14's tuning part (issue 9): a school MIS export's 'Key staff:'
names the named person; a plan typed as the guidance's bullet list, each answer under its bullet
('o the named person responsible for the plan' over 'Mr Hamish Dunbar-Wyatt, Deputy Head')."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.corpus import Table
from parsers.extract.meeting import professionals_present
from parsers.extract.people import named_person
from parsers.extract.risk import extract_risk
from parsers.extract.signatures import signer_role, table_signatures
from parsers.extract.topics import extract_topics, passages_like
from tests.minimail import corpus_of, document, message


@pytest.mark.parametrize(
    "text",
    [
        "Primary contact: Mrs Elena Popa (mother)\nKey staff: Ms Yaroslava Kovalenko, Inclusion Manager\n",
        "o the named person responsible for the plan\n   Ms Yaroslava Kovalenko, Inclusion Manager\n",
    ],
)
def test_the_named_person_in_an_mis_export_or_under_a_bullet(text: str) -> None:
    name, _ = named_person(corpus_of("Plan attached.", documents=[document(text)]))
    assert name is not None and "Kovalenko" in name


def test_a_sentence_about_the_named_person_keeps_its_name() -> None:
    text = "The named person in school for the plan is Mrs Joanne Ellis, Head of Year 10.\n"
    name, _ = named_person(corpus_of("Plan attached.", documents=[document(text)]))
    assert name == "Mrs Joanne Ellis"


def test_a_family_worker_from_early_help_signs_as_early_help() -> None:
    assert signer_role("Family Worker") == "early_help"
    assert signer_role("Family Worker (Early Help), LCSS West") == "early_help"


def test_a_signature_block_further_down_a_sheet_laid_out_as_one_table() -> None:
    rows = (
        ("Pupil name", "Kateryna Bondarenko", "", ""),
        ("Date of birth", "02/02/2015", "", ""),
        ("Attended by", "Mr Steven Aldridge (Foster carer); Ms M Tregarthen (Virtual School)", "", ""),
        ("5. Agreement (type name to sign)", "", "", ""),
        ("Role", "Name", "Typed signature", "Date"),
        ("Foster carer", "Mr Steven Aldridge", "Mr Steven Aldridge", "15/09/2027"),
        ("Head of KS3", "Mr Ahmed Al-Rashidi", "Mr Ahmed Al-Rashidi", "15/09/2027"),
        ("Virtual School Head", "Morwenna Tregarthen", "Morwenna Tregarthen", "15/09/2027"),
    )
    found = table_signatures(Table(rows, "notification.xlsx#page=1", "", "attachment"))
    assert sorted(s.role for s in found) == ["parent", "school", "virtual_school"]


def test_a_meeting_line_with_its_date_then_who_came() -> None:
    text = (
        "Meeting: Wednesday 22 September 2027, with Mrs Đỗ Thị Mai (Mother), Huy (Pupil), "
        "Mrs Deborah Fairweather (Headteacher), Bukola Ogunleye (Early Help Worker, LCSS South).\n"
    )
    roles, _, _ = professionals_present(corpus_of("Plan attached.", documents=[document(text)]))
    assert roles == {"early_help"}


def test_a_full_school_day_from_a_date_is_the_return_to_full_time() -> None:
    text = (
        "Week Dates Pattern Hours\n1\n20/09/2027 to 24/09/2027 Mon-Fri 9:00-11:00 10\n"
        "Full school day (30 hours a week) from Monday 18 October 2027.\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[document(text)])])
    assert facts.full_time_date == date(2027, 10, 18)
    assert facts.start_date != date(2027, 10, 18)  # the full-time sentence's date is no start


def test_an_empty_labels_box_does_not_take_the_next_boxs_answer() -> None:
    text = (
        "Intervention notes\nSkills focus: Problem-solving when plans change.\nReview cycle:\n"
        "Safeguarding: Risk assessment completed on 11/01/2028 by the DSL before the timetable begins.\n"
    )
    plan = document(text, headings=["Review cycle:"])
    topics = extract_topics(corpus_of("Plan attached.", documents=[plan]))
    assert not topics["review_schedule"].found


def test_when_do_we_stop_heads_the_exit_and_other_services_involved_are_circumstances() -> None:
    text = (
        "Involvement of other services (mark one answer in each column): Child in care? CP plan?\n"
        "When do we stop?\nSuccessful when Sofiia attends every full day for three weeks running.\n"
    )
    plan = document(text, headings=["When do we stop?"])
    topics = extract_topics(corpus_of("Plan attached.", documents=[plan]))
    assert topics["exit_strategy"].found and not topics["external_support_considered"].found


def test_how_things_stand_now_is_no_passage_like_a_part() -> None:
    heading = "Section 2 - Where things are now (RAG)"
    text = f"{heading}\nEngagement in lessons Amber Settles in practical subjects.\n"
    corpus = corpus_of("Plan attached.", documents=[document(text, headings=[heading])])
    assert passages_like(corpus, extract_topics(corpus)) == {}


@pytest.mark.parametrize("label", ["Lead person", "Key adult", "Lead member of staff"])
def test_the_plans_lead_person_signs_for_the_school(label: str) -> None:
    assert signer_role(label) == "school"


def test_a_risk_assessment_letters_date_is_not_the_pupils_birth_date() -> None:
    text = (
        "Re: Safeguarding risk assessment - Omar Abu-Zaid (Year 11, DOB 08/02/2012)\n"
        "As Designated Safeguarding Lead I carried out a risk assessment on 29/01/2026, before the timetable "
        "was agreed. It covers child sexual exploitation and criminal exploitation.\n"
    )
    found = extract_risk(corpus_of("Letter attached.", documents=[document(text)]))
    assert found is not None and found.date == date(2026, 1, 29)
