"""Classes of wording from blind set 16's tuning part (issue 9): a list of who came under a
two-column heading that reads as one line ('Who came Why they were there'); a numbered item's
'Label: value' ('9. Lead: Mrs X'); a sentence after the last person of a list of who came."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from parsers.model import Document, Page
from tests.minimail import message

_WHO_CAME = (
    "Our meeting on 03/11/2027\n"
    "{heading}\n"
    "Mother\nMrs Ayşe Şahin\n"
    "SENCo and Inclusion Lead\nMrs Siobhán Ní Dhomhnaill\n"
    "SEN Officer, 0-25 SEND Team, Oxfordshire County Council\nDervla Mac an tSaoir\n"
    "We agree to this plan\n"
)


@pytest.mark.parametrize(
    "heading", ["Who came Why they were there", "Attendees Role", "Those attending Agency", "Present Role"]
)
def test_who_came_under_a_two_column_heading_read_as_one_line(heading: str) -> None:
    page = Page(1, _WHO_CAME.format(heading=heading), headings=(heading,))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.pdf", (page,))])])
    assert facts.professionals_present == {"sen_team"}


def test_a_heading_followed_by_a_sentence_is_no_list_of_who_came() -> None:
    text = "Who came to see us\nThe SEN Officer, 0-25 SEND Team, could not come this time.\n"
    page = Page(1, text, headings=("Who came to see us",))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.pdf", (page,))])])
    assert facts.professionals_present == frozenset()


def test_a_numbered_items_label_and_value() -> None:
    body = "8. Reviews: 19/11/2027.\n9. Lead: Mrs Siobhán Ní Dhomhnaill, SENCo and Inclusion Lead\n"
    assert extract_facts([message(body)]).named_person == "Mrs Siobhán Ní Dhomhnaill"


def test_the_sentence_after_the_last_person_who_came_says_nothing_of_them() -> None:
    body = (
        "12. Meeting 03/11/2027: Mrs Farah Siddiqui-Hall (Mother); Mrs Siobhán Ní Dhomhnaill (SENCo); "
        "Dervla Mac an tSaoir (SEN Officer, 0-25 SEND Team). Dervla will send the SEN Team's written "
        "agreement - to follow.\n"
    )
    facts = extract_facts([message(body)])
    assert facts.professionals_present == {"sen_team"}
    assert "sen_team" not in facts.professionals_agreed


def test_a_person_in_a_list_who_sent_apologies_did_not_come() -> None:
    body = "Meeting 03/11/2027: Mrs A Khan (Mother); Dervla Mac an tSaoir (SEN Officer) - apologies.\n"
    assert extract_facts([message(body)]).professionals_present == frozenset()


def test_labelled_bullets_run_together_in_a_web_pages_table_cell() -> None:
    cell = (
        "• School will help me by: Daily check-in and check-out with a key adult, and a buddy at lunchtime. "
        "• School will change: All her teachers briefed on the plan; lesson changeovers two minutes early. "
        "• My family will help me by: getting me to school on time and talking about my day."
    )
    rows = (("SMART target", "Support and strategies", "Review date"), ("Asking for help.", cell, ""))
    page = Page(1, "My targets\n", tables=(rows,))
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.htm", (page,))])])
    assert facts.topics["school_changes"].found


def test_a_setting_named_with_ap_in_brackets_is_alternative_provision_considered() -> None:
    body = (
        "7. OTHER OPTIONS\nWe discussed whether a place at the Meadowbank Learning Centre (AP) would "
        "meet need better; agreed to keep Kemal in school.\n"
    )
    assert extract_facts([message(body)]).topics["alternative_provision_considered"].found


def test_the_owner_of_overseeing_the_plan_in_an_actions_table_is_the_named_person() -> None:
    rows = (
        ("Action", "Owner", "Deadline"),
        ("Send plan and hours to County Attendance Team", "School office", "24/02/2028"),
        ("Oversee the plan day to day", "Mr Wojciech Przybylski", "20/03/2028"),
    )
    page = Page(1, "ACTIONS\n", tables=(rows,))
    facts = extract_facts([message("Notes attached.", documents=[Document("notes.pdf", (page,))])])
    assert facts.named_person == "Mr Wojciech Przybylski"


def test_an_action_that_is_not_the_plan_names_no_one() -> None:
    rows = (
        ("Action", "Owner", "Deadline"),
        ("Book the taxi", "Mr Wojciech Przybylski", "20/03/2028"),
        ("Send the hours", "School office", "24/02/2028"),
    )
    page = Page(1, "ACTIONS\n", tables=(rows,))
    facts = extract_facts([message("Notes attached.", documents=[Document("notes.pdf", (page,))])])
    assert facts.named_person is None


def test_a_label_whose_value_is_only_a_date_is_not_the_parts_content() -> None:
    body = "Intervention start: 17/01/2028\nSupport: Weekly sessions with the Thrive practitioner.\n"
    topic = extract_facts([message(body)]).topics["supportive_interventions"]
    assert topic.found and topic.evidence is not None and topic.evidence.text.startswith("Support:")


def test_dates_alone_still_answer_the_reviews() -> None:
    assert extract_facts([message("Review dates: 15/10/2027, 05/11/2027\n")]).topics["review_schedule"].found


def test_present_before_a_word_in_lower_case_is_no_list_label() -> None:
    text = "Present the plan to the family at the review.\nDervla Mac an tSaoir, SEN Officer\n"
    page = Page(1, text)
    facts = extract_facts([message("Plan attached.", documents=[Document("plan.pdf", (page,))])])
    assert facts.professionals_present == frozenset()
