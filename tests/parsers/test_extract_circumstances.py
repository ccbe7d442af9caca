"""Circumstances read from the form layouts schools use (issue 9): Yes/No columns under a title
row or with a header OCR ran into one cell, label and answer cells side by side, 'tick all that
apply' lists (a listed circumstance without a tick is not ticked), and lines of boxes."""

from __future__ import annotations

import pytest

from parsers.extract.circumstances import extract_circumstances
from parsers.extract.corpus import Corpus, Table
from tests.minimail import corpus_of, document

Rows = tuple[tuple[str, ...], ...]

ALL_NO = dict.fromkeys(
    ("looked_after", "court_order", "child_protection", "child_in_need", "team_around_family", "ehcp"), False
)


def _read_table(rows: Rows) -> dict[str, bool | None]:
    corpus = Corpus(tables=[Table(rows, "plan.pdf#page=1", "Circumstances", "attachment")])
    return extract_circumstances(corpus)[0]


def _read_lines(*lines: str) -> dict[str, bool | None]:
    corpus = Corpus()
    for line in lines:
        corpus.add_unit(line, "plan.pdf#page=1", "Circumstances", "attachment")
    return extract_circumstances(corpus)[0]


YES_NO_QUESTIONS = (
    "looked after by the local authority?",
    "on a Court Order?",
    "subject to a Child Protection Plan?",
    "subject to a Child in Need Plan?",
    "supported by a Team Around the Family plan?",
    "the subject of an EHC plan?",
)


@pytest.mark.parametrize(
    ("header", "yes", "no"),
    [
        ((("Is the child ...", "", ""), ("", "Yes", "No")), "", "✓"),  # a title row above the header
        ((("Status (tick)", "", ""), ("", "Yes", "No")), "", "✓"),
        ((("Is the child ...", "", ""), ("Yes | No", "", "")), "☐", "☒"),  # OCR ran the header together
        ((("", "Yes", "No"),), "☐", "☒"),
        ((("Status (tick)", "", ""), ("Yes", "", "INo")), "☐", "☒"),  # a ruling line read as 'I'
    ],
)
def test_yes_no_columns_with_the_header_anywhere(header: Rows, yes: str, no: str) -> None:
    rows = header + tuple((q, yes, no) for q in YES_NO_QUESTIONS)
    assert _read_table(rows) == ALL_NO


def test_yes_no_columns_read_each_row() -> None:
    rows = (
        ("Status (tick)", "", ""),
        ("", "Yes", "No"),
        ("Is the pupil Looked After (in care)?", "✓", ""),
        *((q, "", "✓") for q in YES_NO_QUESTIONS[1:]),
    )
    assert _read_table(rows) == {**ALL_NO, "looked_after": True}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # question and answer cells
        (
            (
                ("Question", "Yes / No", "LA professional involved"),
                ("Is the pupil Looked After (in care)?", "No", ""),
                ("Is the pupil subject to a Court Order?", "Yes", "Mr D Halloran (YJ)"),
            ),
            {"looked_after": False, "court_order": True},
        ),
        # circled answers read from a scan ('☐ Yes ☒ No')
        (
            (("Child Looked After (CLA)", "☐ Yes ☒ No"), ("Court Order (Youth Justice)", "☒ Yes ☐ No")),
            {"looked_after": False, "court_order": True},
        ),
        # two label/answer pairs in one row
        (
            (
                (
                    "Team Around the Family (TAF) plan",
                    "☐ Yes ☒ No",
                    "EHC Plan / statement of SEN",
                    "☒ Yes ☐ No",
                ),
            ),
            {"team_around_family": False, "ehcp": True},
        ),
    ],
)
def test_label_and_answer_cells(rows: Rows, expected: dict[str, bool]) -> None:
    got = _read_table(rows)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("rows", "ticked"),
    [
        (
            (
                ("Plans and agencies in place (tick all that apply)", ""),
                ("Child Looked After (CLA)", "✓ Court Order (Youth Justice)"),
                ("Child Protection Plan", "Child in Need Plan"),
                ("TAF / Early Help Plan", "✓ EHC Plan"),
            ),
            {"court_order", "ehcp"},
        ),
        (
            (
                ("☐ Child Looked After (CLA)", "☐ Court Order (Youth Justice)"),
                ("☐ Child Protection Plan", "☒ Child in Need Plan"),
                ("☐ TAF / Early Help Plan", "☐ EHC Plan"),
            ),
            {"child_in_need"},
        ),
    ],
)
def test_tick_all_that_apply_tables(rows: Rows, ticked: set[str]) -> None:
    assert _read_table(rows) == {k: k in ticked for k in ALL_NO}


@pytest.mark.parametrize(
    ("lines", "ticked"),
    [
        (
            (
                "☐ Child Looked After (CLA) ☐ Court Order (Youth Justice)",
                "☐ Child Protection Plan ☒ Child in Need Plan",
                "☐ TAF / Early Help Plan ☒ EHC Plan",
            ),
            {"child_in_need", "ehcp"},
        ),
        (
            (
                "Child Looked After (CLA) ☐ Court Order (Youth Justice) ☒",
                "Child Protection Plan ☐ Child in Need Plan ☐",
                "TAF / Early Help Plan ☐ EHC Plan ☐",
            ),
            {"court_order"},
        ),
    ],
)
def test_lines_of_boxes(lines: tuple[str, ...], ticked: set[str]) -> None:
    got = _read_lines(*lines)
    assert {k: got[k] for k in ALL_NO} == {k: k in ticked for k in ALL_NO}


def test_yes_no_boxes_on_a_line() -> None:
    """A Yes/No table read as lines: the first box is Yes, the second No."""
    got = _read_lines(
        "Yes No", "Is the pupil Looked After (in care)? ☒ ☐", "Is there a Child in Need Plan? ☐ ☒"
    )
    assert (got["looked_after"], got["child_in_need"]) == (True, False)


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "He is not subject to a court order, a child protection plan, a child in need plan or a team "
            "around the family plan, and he does not have an EHC plan.",
            {**ALL_NO, "looked_after": None},
        ),
        (
            "She is not on a child protection plan or a child in need plan but she has a TAF plan.",
            {"child_protection": False, "child_in_need": False, "team_around_family": True},
        ),
    ],
)
def test_negated_list_in_prose(sentence: str, said: dict[str, bool | None]) -> None:
    got = _read_lines(sentence)
    assert {k: got[k] for k in said} == said


@pytest.mark.parametrize(
    "text",
    [
        "Needs (e.g. PP, CiC, CiN, CP, SEND, EHCP, YJS) Support around the pupil Key adult\n"
        "SEMH. Looked after: no; Court Order: no; CP plan: no; CIN plan: no; TAF plan: no; EHCP: no\n",
        "Looked after / court order / CP / CIN / TAF / EHCP: Looked after N; Court Order N; CP plan N; "
        "CIN plan N; TAF plan N; EHCP N\n",
    ],
)
def test_a_forms_examples_and_listed_labels_are_not_answers(text: str) -> None:
    values, _ = extract_circumstances(corpus_of(text))
    assert not any(values.values())


def test_a_listed_label_answered_one_by_one_with_y_and_n() -> None:
    text = (
        "Looked after / court order / CP / CIN / TAF / EHCP: Looked after N; Court Order N; CP plan Y; "
        "CIN plan N\n"
    )
    values, _ = extract_circumstances(corpus_of(text))
    assert values["child_protection"] is True
    assert (
        values["looked_after"] is False
        and values["court_order"] is False
        and values["child_in_need"] is False
    )


@pytest.mark.parametrize(
    "text",
    [
        "Circumstances: Looked after - no; EHC plan / statement of SEN - no\n",
        "Everything else (Court Order, Child in Need plan, EHC plan / statement of SEN) - no.\n",
    ],
)
def test_one_circumstances_two_names_are_no_listed_label(text: str) -> None:
    values, _ = extract_circumstances(corpus_of(text))
    assert values["ehcp"] is False


def test_a_cell_of_several_circumstances_each_answered_after_it() -> None:
    """The cell read whole: its lines on the page run into the next column's text."""
    cell = "SEMH. Looked after: no; Court Order: no; CP plan: no; CIN plan: YES; TAF plan: no; EHCP: no"
    rows = (
        ("Needs (e.g. PP, CiC, CiN, CP, SEND, EHCP, YJS)", "Support around the pupil"),
        (cell, "Locality team"),
    )
    page = "Court Order: Karim Benali, Social Worker, Ms Thu Hà Nguyễn no; CP plan: no; CIN plan: YES\n"
    corpus = corpus_of("", documents=[document(page, tables=[rows], source="PSP.pdf")])
    values, _ = extract_circumstances(corpus)
    assert values == {
        "looked_after": False,
        "court_order": False,
        "child_protection": False,
        "child_in_need": True,
        "team_around_family": False,
        "ehcp": False,
    }


def test_a_listed_labels_wrapped_line_is_no_answer() -> None:
    text = (
        "Looked after / court order / CP / CIN\nLooked after N; Court Order N; CP plan Y; CIN plan N\n"
        "/ TAF / EHCP\n"
    )
    values, _ = extract_circumstances(corpus_of(text))
    assert not values["team_around_family"] and not values["ehcp"]


@pytest.mark.parametrize(
    "text",
    [
        "Not CLA, no court order, no CP/CIN/TAF plan, no EHCP.\n",
        "SEMH, speech & language. Not CiC / CiN / CP / TAF. No EHCP (SEN support). Key adult: Mr Hale "
        "What is going well? What is not working well?\n",
    ],
)
def test_a_negated_list_of_circumstances_says_none_applies(text: str) -> None:
    values, _ = extract_circumstances(corpus_of(text))
    assert values["child_protection"] is False and values["child_in_need"] is False
    assert values["team_around_family"] is False and values["ehcp"] is False


def test_a_question_with_a_misread_circled_answer_after_it_is_no_general_question() -> None:
    values, _ = extract_circumstances(corpus_of("Is the pupil subject to a Court Order? 4) Yes { ] No I\n"))
    assert values["court_order"] is True


def test_a_header_row_of_circumstances_over_answers_ocr_could_not_read_affirms_none() -> None:
    """A scan's pen circles garble the answers under 'Status check | Looked after | ...': the
    header's names alone say nothing, so nothing is known, rather than all six applying."""
    header = ("Status check", "Looked after", "Court Order", "CP plan CIN plan ~", "TAF plan", "EHCP")
    answers = ("Applies? ly @y)", "(n)", "v (wy) Y) N", "Gy)", "r On", "")
    text = " | ".join(header) + "\n" + " | ".join(answers)
    scan = document(text, [(header, answers)])
    got, _ = extract_circumstances(corpus_of("Plan attached.", documents=[scan]))
    assert not any(got.values())
