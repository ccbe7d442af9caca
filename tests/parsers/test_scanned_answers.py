"""Pen-marked Yes/No answers as OCR reads them off a scanned form (issue 9, kind 9): a ring round
the short option read as brackets, a box's mark that hid its option's word, boxes read as
brackets and letters, both options printed and neither marked; and a circumstance named on a
scanned page whose answer OCR did not read says nothing (it was read as applying: on the
consumed sets' 151 scans, 79 circumstances were 'applying' that did not)."""

from __future__ import annotations

import pytest

from parsers.extract.circumstances import extract_circumstances
from parsers.extract.lookup import tick_answer
from parsers.model import Document, Page
from tests.minimail import corpus_of


@pytest.mark.parametrize(
    "value,answer",
    [
        ("Y (w)", False),
        ("Y @)", False),
        ("Y (CN)", False),
        ("Yes (we)", False),
        ("(v) N", True),
        ("☐ Yes ☒", False),
        ("☐ No ☒", True),
        ("{ ] Yes DXi No", False),
        ("[ } Yes dX) No", False),
        ("DX) Yes { ] No", True),
    ],
)
def test_pen_marks_as_ocr_reads_them(value: str, answer: bool) -> None:
    assert tick_answer(value) is answer


@pytest.mark.parametrize(
    "value", ["YES / NO", "Yes No", "Y / N", "Yes, no", "Yes W no", "YES: f NO", "Yes NA"]
)
def test_both_options_printed_and_neither_marked_is_no_answer(value: str) -> None:
    assert tick_answer(value) is None


@pytest.mark.parametrize(
    "value,answer", [("Yes (CLA)", True), ("No (s.20)", False), ("Yes, no concerns", True)]
)
def test_a_bracketed_word_or_a_following_phrase_is_no_ring(value: str, answer: bool) -> None:
    assert tick_answer(value) is answer


def _scan(text: str) -> dict[str, bool | None]:
    page = Page(1, text, (), ocr_confidence=88.0)
    return extract_circumstances(corpus_of("Scan attached.", documents=[Document("scan.jpg", (page,))]))[0]


def test_boxes_straight_after_the_circumstance_answer_it() -> None:
    got = _scan("Looked After Child (CLA) ☐ Yes ☒ No\nOn a Court Order ☒ Yes ☐ No\n")
    assert got["looked_after"] is False and got["court_order"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Looked after | Court Order | cP plan ~ Jem plan | TAF pian. | ence\n",
        "Looked after child / \nCP plan\n",
        "Is the pupil subject to a Court Order? feo\n",
    ],
)
def test_a_scanned_label_or_question_without_a_read_answer_says_nothing(text: str) -> None:
    assert not any(_scan(text).values())


def test_a_scanned_statement_still_says_so() -> None:
    got = _scan("Mohamed is on a Child in Need plan and is looked after by the local authority.\n")
    assert got["child_in_need"] is True and got["looked_after"] is True


def test_a_typed_label_line_still_reads_as_before() -> None:
    """Typed text is not changed: its answers are read from its rows and fields."""
    got, _ = extract_circumstances(corpus_of("Child Protection plan\n"))
    assert got["child_protection"] is True


def test_an_unmarked_pair_after_the_circumstance_says_nothing() -> None:
    assert _scan("Team Around the Family / Early Help plan YES / NO —-\n")["team_around_family"] is None


def test_a_value_running_into_the_next_circumstance_is_read_up_to_it() -> None:
    """'Child Protection plan: Yes No Amina Jama  Child in Need plan ☐ Yes ☒ No': the CP answer is
    not the CIN row's ticked No."""
    got = _scan("Child Protection plan: Yes No Amina Jama Child in Need plan ☐ Yes ☒ No\n")
    assert got["child_protection"] is not False and got["child_in_need"] is False


def test_the_next_circumstances_row_read_as_a_labels_value_is_not_its_answer() -> None:
    """OCR ran the CP row's unread circle into a label: 'Child Protection pian Yes No Amina Jama:'
    over the CIN row's 'Child in Need plan ☐ Yes ☒ No', which answers CIN, not CP."""
    got = _scan("Child Protection pian Yes No Amina Jama: Child in Need plan ☐ Yes ☒ No\n")
    assert got["child_protection"] is not False and got["child_in_need"] is False
