"""Classes of wording and layout found this session (issue 9): each test is one class, written
from the consumed sets' mistakes, not from one case's words."""

from __future__ import annotations

from datetime import date

from parsers.extract import extract_facts
from parsers.extract.topics import extract_topics
from parsers.facts import CaseFacts
from parsers.model import Document, Page
from tests.minimail import corpus_of, document, message

_ACTIONS_TEXT = (
    "4. WHAT NEEDS TO HAPPEN TO PUT THINGS RIGHT\n"
    "No. We agree that ... Who By when\n"
    "2\n"
    "Art therapy once a week, a soft-start breakfast with the School from\n"
    "attendance mentor and catch-up packs marked by the 08/11/2027\n"
    "form tutor.\n"
    "3\n"
    "Cover teachers will be briefed about Maya, and School from\n"
    "detentions are replaced by a catch-up chat with the 08/11/2027\n"
    "tutor while the plan runs.\n"
)
_ACTIONS_TABLE = (
    ("No.", "We agree that ...", "Who", "By when"),
    ("2", "Art therapy once a week, a soft-start breakfast with the attendance mentor and catch-up packs "
     "marked by the form tutor.", "School", "from 08/11/2027"),
    ("3", "Cover teachers will be briefed about Maya, and detentions are replaced by a catch-up chat with "
     "the tutor while the plan runs.", "School", "from 08/11/2027"),
)


def test_a_long_cells_lines_styled_like_headings_are_read_as_its_sentence() -> None:
    """A PDF that sets a table's text in the headings' style: a line that starts a long cell's
    sentence (the row's other cells run into it) is that sentence, not a heading over nothing."""
    lines = tuple(line for line in _ACTIONS_TEXT.splitlines() if len(line) > 3)
    page = Page(1, _ACTIONS_TEXT, (_ACTIONS_TABLE,), headings=lines)
    topics = extract_topics(corpus_of("Plan attached.", documents=[Document("agreement.pdf", (page,))]))
    assert topics["supportive_interventions"].found
    assert topics["school_changes"].found


def test_a_short_styled_line_inside_a_long_cell_stays_a_heading() -> None:
    """'Risk assessment' set as a heading is a heading, even where a long cell starts with it."""
    text = "Risk assessment\nRisk assessment completed by the DSL on 02/11/2027 before the first short day.\n"
    table = (("Risk assessment completed by the DSL on 02/11/2027 before the first short day and shared.",),)
    page = Page(1, text, (table,), headings=("Risk assessment",))
    corpus = corpus_of("Plan attached.", documents=[Document("plan.pdf", (page,))])
    assert [u.text for u in corpus.headings] == ["Risk assessment"]


def _facts_of(text: str, tables: tuple[tuple[tuple[str, ...], ...], ...] = ()) -> CaseFacts:
    return extract_facts([message("Plan attached.", documents=[document(text, tables, "plan.pdf")])])


def test_a_meeting_called_a_conversation_with_who_took_part() -> None:
    """A coaching plan's 'Coaching conversation held 03/11/2027' and 'Who took part in the
    conversation:' over its people: the meeting, and the professional at it."""
    text = (
        "Coaching conversation held 03/11/2027\n"
        "Who took part in the conversation:\n"
        "Mrs Lan Nguyen Mother Family\n"
        "Mrs Roisin Kavanagh Family Support Worker Early Help (LCSS)\n"
    )
    facts = _facts_of(text)
    assert facts.topics["meeting_held"].found
    assert facts.topics["meeting_professionals"].found


def test_a_week_table_from_monday_to_friday_with_bare_weekly_hours() -> None:
    """'From (Mon) | To (Fri) | Daily times | Weekly hours' over rows of dates and bare numbers, and
    'Full days again from | Monday 1 November 2027'."""
    rows = (
        ("From (Mon)", "To (Fri)", "Daily times", "Weekly hours"),
        ("04/10/2027", "08/10/2027", "08:40-11:10", "12.5"),
        ("11/10/2027", "15/10/2027", "08:40-12:10", "17.5"),
        ("Full days again from", "Monday 1 November 2027"),
    )
    text = "\n".join(" ".join(row) for row in rows)
    facts = _facts_of(text, (rows,))
    assert [w.hours for w in facts.timetable] == [12.5, 17.5]
    assert facts.start_date == date(2027, 10, 4)
    assert facts.full_time_date == date(2027, 11, 1)


def test_a_markdown_list_items_bold_label() -> None:
    """'- **Lead:** Mrs Bronwen Hughes, Inclusion Lead' in a plan written as Markdown in the mail."""
    facts = extract_facts([message("## Plan\n\n- **Lead:** Mrs Bronwen Hughes, Inclusion Lead\n")])
    assert facts.named_person == "Mrs Bronwen Hughes"


def test_changes_the_school_will_make() -> None:
    text = "Changes the school will make: A quiet space is set up at the back of the classroom.\n"
    assert _facts_of(text).topics["school_changes"].found


def test_a_table_typed_in_columns_under_dashes() -> None:
    """'Week W/c Times Hrs' over '---- ----------- ------------- ---' in a plain-text mail, the
    times' column two words wide."""
    body = (
        "Hours\nWeek W/c Times Hrs\n---- ----------- ------------- ---\n"
        "1 29/11/2027 08:45 - 11:45 15\n2 06/12/2027 08:45 - 12:45 20\nKind regards\n"
    )
    assert [w.hours for w in extract_facts([message(body)]).timetable] == [15.0, 20.0]


def test_full_time_from_is_the_return_where_an_end_date_is_also_given() -> None:
    body = "Plan\n\nSTART DATE: 13/03/2028\nEND DATE: 31/03/2028\nFULL TIME FROM: 03/04/2028\n"
    assert extract_facts([message(body)]).full_time_date == date(2028, 4, 3)


def test_an_end_date_alone_is_still_the_return() -> None:
    body = "Plan\n\nSTART DATE: 13/03/2028\nEND DATE: 31/03/2028\n"
    assert extract_facts([message(body)]).full_time_date == date(2028, 3, 31)


def test_dated_weeks_each_after_its_rows_label() -> None:
    """A box's rows read as lines: 'Hours From 13 Mar 2028: 8.45 to 10.45 (10 hours a week)'."""
    body = (
        "Plan\n\nHours From 13 Mar 2028: 8.45 to 10.45 (10 hours a week)\n"
        "Hours From 20 Mar 2028: 8.45 to 11.45 (15 hours a week)\n"
    )
    assert [w.hours for w in extract_facts([message(body)]).timetable] == [10.0, 15.0]


def test_signers_under_a_boxs_own_title_their_dates_on_the_row_below() -> None:
    rows = (
        ("Your contact", "Mrs Soraya Benali, Learning Mentor"),
        ("AGREED BY", ""),
        ("Parent", "Mrs Nadia El Idrissi"),
        ("", "Mrs Nadia El Idrissi, 08/03/2028"),
        ("Learning Mentor", "Mrs Soraya Benali"),
        ("", "Mrs Soraya Benali, 08/03/2028"),
    )
    text = "\n".join(" ".join(c for c in row if c) for row in rows)
    facts = _facts_of(text, (rows,))
    assert [(s.role, s.name) for s in facts.signatures] == [
        ("parent", "Mrs Nadia El Idrissi"),
        ("school", "Mrs Soraya Benali"),
    ]
    assert facts.named_person == "Mrs Soraya Benali"


def test_a_parts_options_left_unmarked_are_no_answer() -> None:
    """'Alternative provision: Yes No' (neither ringed) and 'An alternative provision place ☐ Yes ☐ No':
    the question asked, not answered (it was read as considered)."""
    for text in ("Alternative provision: Yes No\n", "An alternative provision place ☐ Yes ☐ No\n"):
        plan = Document("plan.pdf", (Page(1, text),))
        topics = extract_topics(corpus_of("Plan attached.", documents=[plan]))
        assert not topics["alternative_provision_considered"].found

