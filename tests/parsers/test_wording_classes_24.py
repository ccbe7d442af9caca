"""Classes of wording and layout found this session (issue 9): each test is one class, written
from the consumed sets' mistakes, not from one case's words."""

from __future__ import annotations

from parsers.extract.topics import extract_topics
from parsers.model import Document, Page
from tests.minimail import corpus_of

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
