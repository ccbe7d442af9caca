"""Classes of wording from blind set 15's sealed part, fixed after it was scored (issue 9): an LA
portal's receipt saved as HTML with its answers in a definition list, or printed with each week's
label over its hours; a two-column booklet whose hours table has no header row; reviews called
'Catch-ups' or written 'Progress looked at ... on <dates>'."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.htmltext import html_to_text
from tests.minimail import document, message


def test_a_definition_list_reads_as_a_table_of_two_columns() -> None:
    html = (
        "<h2>The plan</h2>\n<dl>\n<dt>When will it be reviewed?</dt>\n"
        "<dd>Check-ins with the family on <b>08/10/2027</b> and 15/10/2027.</dd>\n"
        "<dt>Member of staff responsible</dt><dd>Ms Precious Mavhunga, Inclusion Lead</dd>\n</dl>"
        "<p>Agreement</p>"
    )
    text = html_to_text(html)
    assert "When will it be reviewed?\tCheck-ins with the family on 08/10/2027 and 15/10/2027." in text
    assert "\nMember of staff responsible\tMs Precious Mavhunga, Inclusion Lead\n" in text


def test_a_portal_answer_in_a_definition_list_is_found() -> None:
    html = (
        "<dl><dt>What support will be in place?</dt><dd>Morning meet-and-greet by the same adult.</dd>"
        "<dt>When will it be reviewed?</dt><dd>Check-ins with the family on 08/10/2027 and 15/10/2027.</dd>"
        "</dl>"
    )
    doc = document(html_to_text(html), source="receipt.html")
    facts = extract_facts([message("Receipt attached.", documents=[doc])])
    assert facts.topics["review_schedule"].found


@pytest.mark.parametrize(
    "text",
    [
        "Catch-ups\tProgress looked at by the plan owner on two Fridays: 19/11/2027, then 26/11/2027.\n",
        "Progress will be looked at on Friday 10 March 2028 and again on Friday 17 March 2028.\n",
    ],
)
def test_reviews_called_catch_ups_or_progress_looked_at_on_dates(text: str) -> None:
    facts = extract_facts([message("Plan attached.", documents=[document(text, source="plan.html")])])
    assert facts.topics["review_schedule"].found


def test_a_week_table_with_no_header_row() -> None:
    rows = (
        ("Left page: hours", "", "", "Right page: your agreement"),
        ("Wk 1 from 13.03.28", "Mon-Fri 9:00-11:00", "10h", ""),
        ("Wk 2 from 20.03.28", "Mon-Fri 9:00-12:00", "15h", ""),
        ("Full week from 03.04.28", "Normal day", "32.5h", ""),
    )
    doc = document("Left page: hours\n", tables=[rows], source="booklet.pdf")
    facts = extract_facts([message("Booklet attached.", documents=[doc])])
    assert [w.hours for w in facts.timetable] == [10.0, 15.0]
    assert facts.start_date == date(2028, 3, 13) and facts.full_time_date == date(2028, 4, 3)


def test_a_weeks_label_over_its_hours() -> None:
    text = (
        "Week 1 (w/c 15/11/2027)\nMon-Fri 9:00-12:00, total 15 hours\n"
        "Week 2 (w/c 22/11/2027)\nMon-Fri 9:00-13:00, total 20 hours\n"
    )
    facts = extract_facts([message("Receipt attached.", documents=[document(text, source="receipt.pdf")])])
    assert [w.hours for w in facts.timetable] == [15.0, 20.0]


def test_a_question_the_online_form_printed_as_unanswered_is_not_answered() -> None:
    text = (
        "External / early help support considered\tOutside help looked at: a referral to the outreach team.\n"
        "Alternative provision considered\t(no answer)\n"
        "Early Help Assessment considered\tEHA thought about: the family already has one.\n"
    )
    facts = extract_facts([message("Receipt attached.", documents=[document(text, source="receipt.html")])])
    assert not facts.topics["alternative_provision_considered"].found
    assert facts.topics["external_support_considered"].found
