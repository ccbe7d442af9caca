"""Pen-marked Yes/No answers as OCR reads them off a scanned form (issue 9, kind 9): a ring round
the short option read as brackets, a box's mark that hid its option's word, boxes read as
brackets and letters, both options printed and neither marked; and a circumstance named on a
scanned page whose answer OCR did not read says nothing (it was read as applying: on the
consumed sets' 151 scans, 79 circumstances were 'applying' that did not)."""

from __future__ import annotations

import pytest

from parsers.extract.circumstances import extract_circumstances
from parsers.extract.lookup import tick_answer
from parsers.extract.people import pupil_facts
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


@pytest.mark.parametrize(
    "value,answer",
    [
        ("Yes No«_", False),
        ("Yes No~", False),
        ("_AYes No", True),
        ("Yes® NO", True),
        ("Yes € No )", False),
        ("( Yes ) No", True),
    ],
)
def test_the_option_with_the_pen_read_into_it_is_the_one_marked(value: str, answer: bool) -> None:
    """Both options printed, a ring or an arrow's head OCR read as marks stuck to one of them."""
    assert tick_answer(value) is answer


@pytest.mark.parametrize(
    "value",
    [
        "Yes Now",
        "Yes Now;",
        "Yes. No",
        "_Yes No_",
        "Yes _No_",
        "YES / NO —-",
        "☐ Yes No",
        "applies does not apply x_",
        "applies / does not apply",
    ],
)
def test_both_options_printed_and_no_mark_told_apart_is_no_answer(value: str) -> None:
    """The first option printed is not the answer: 'Yes Now' (a mark read as a letter that makes
    a word), marks on both, the form's 'applies / does not apply' with its mark unread."""
    assert tick_answer(value) is None


def test_a_row_of_pairs_marked_by_pen_is_not_read_as_all_yes() -> None:
    got = _scan(
        "Looked after child (LAC): Yes Now\nCourt order (Youth Justice): Yes Now\n"
        "I have a Child in need plan: applies does not apply ~_\nEarly help / TAF plan: _AYes No\n"
    )
    assert got["looked_after"] is None and got["court_order"] is None and got["child_in_need"] is None
    assert got["team_around_family"] is True


def test_a_question_over_both_options_printed_is_not_answered_yes() -> None:
    """'Is there a Child in Need plan?' over 'Yes No', the ring not read: no answer (it was Yes, the
    first option printed on the next line)."""
    assert _scan("Is there a Child in Need plan?\nYes No\n")["child_in_need"] is None


def test_a_household_tables_header_is_no_pupil_name() -> None:
    """'Name | Relationship | Lives with pupil?' read off a scan as one line under the pupil's
    section: its column headings are no name (it was the pupil 'Relationship Lives')."""
    text = "Pupil details\nName Relationship Lives with pupil?\nMr Adé Bello Father Yes\n"
    page = Page(1, text, (), ocr_confidence=80.0)
    pupil, _ = pupil_facts(corpus_of("Scan attached.", documents=[Document("scan.jpg", (page,))]))
    assert pupil.name != "Relationship Lives"


def _scanned_table(rows: tuple[tuple[str, ...], ...]) -> dict[str, bool | None]:
    text = "\n".join(" ".join(c for c in row if c) for row in rows)
    page = Page(1, text, (rows,), ocr_confidence=80.0)
    return extract_circumstances(corpus_of("Scan attached.", documents=[Document("scan.pdf", (page,))]))[0]


def test_each_rows_printed_yes_and_no_are_words_not_marks() -> None:
    """A form that prints 'Yes' and 'No' in each row, the tick under one of them read as a comma
    or lost: the printed 'Yes' is no answer (it was read as Yes in every row)."""
    got = _scanned_table(
        (
            ("CIRCUMSTANCES (ANSWER EVERY LINE)", "", "", ""),
            ("Subject to a court order (Youth Justice)", "Yes No,", "", ""),
            ("Child Protection plan in place", "Yes", "No,", ""),
            ("Team Around the Family / early help plan", "Yes", "No, va", ""),
        )
    )
    assert [got["court_order"], got["child_protection"], got["team_around_family"]] == [None, None, None]


def test_in_place_in_a_label_is_no_answer() -> None:
    """'Child Protection plan in place' is the question, not its answer."""
    got = _scan("Child Protection plan in place\nChild in Need plan in place\n")
    assert got["child_protection"] is None and got["child_in_need"] is None


def test_a_printed_y_n_after_the_label_is_no_statement() -> None:
    """'Subject to a court order (Youth Justice) Y/N', read 'YIN', the letter written on the dots lost."""
    assert _scan("Subject to a court order (Youth Justice) YIN\n")["court_order"] is None


@pytest.mark.parametrize("value", ["Yes No / school in the mornings", "Yes No 4"])
def test_both_options_then_other_words_is_no_answer(value: str) -> None:
    """The first option printed is no answer where the other follows it."""
    assert tick_answer(value) is None


def test_a_struck_yes_as_ocr_reads_it_is_no_statement() -> None:
    """'Subject to a court order VES- / NO FA' (Yes struck through, read 'VES-'): not 'subject to' it."""
    assert _scan("Subject to a court order VES- / NO FA\n")["court_order"] is None
