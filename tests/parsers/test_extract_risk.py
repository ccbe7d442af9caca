"""The safeguarding risk assessment: there or not, and whether CSE and CDE/CCE were weighed."""

from __future__ import annotations

import pytest

from parsers.extract.corpus import Corpus, Unit
from parsers.extract.risk import extract_risk
from tests.minimail import corpus_of, document

WHERE = "plan.pdf#page=2"


def _section(heading: str, *lines: str) -> Corpus:
    section = heading.lower()
    head = Unit(heading, WHERE, section, "attachment", 0)
    units = [head, *(Unit(line, WHERE, section, "attachment", i + 1) for i, line in enumerate(lines))]
    return Corpus(units=units, headings=[head])


@pytest.mark.parametrize(
    ("lines", "cse", "cde"),
    [
        (
            (
                "Risk assessment completed 09/11/2026 by the DSL.",
                "CSE: Considered: no known contact with older peers.",
                "CCE: Considered: no links to county lines.",
            ),
            True,
            True,
        ),
        (
            (
                "Risk assessment completed 09/11/2026.",
                "Child sexual exploitation Yes – considered; low",
                "Child criminal exploitation Yes – considered; no known associations",
            ),
            True,
            True,
        ),
        (
            ("Risk assessment completed 09/11/2026.", "CSE: no concerns identified", "CCE: not considered"),
            True,
            False,
        ),
        (("Risk assessment completed 09/11/2026.", "CSE ☐ Yes ☒ No", "CCE ☒ Yes ☐ No"), False, True),
    ],
)
def test_exploitation_weighed(lines: tuple[str, ...], cse: bool, cde: bool) -> None:
    risk = extract_risk(_section("Safeguarding", *lines))
    assert risk is not None and risk.present
    assert (risk.cse, risk.cde) == (cse, cde)


def test_a_safeguarding_box_that_only_says_where_the_child_will_be_is_no_assessment() -> None:
    assert (
        extract_risk(_section("Safeguarding", "Emre will be at home with his mother when not in school."))
        is None
    )


def test_a_safeguarding_section_with_an_assessment_is_one() -> None:
    risk = extract_risk(_section("Safeguarding", "The DSL assessed the risks on 02/03/2026: low."))
    assert risk is not None and risk.present


def test_a_question_answered_y_in_the_next_column_is_no_bare_question() -> None:
    rows = (
        ("Risk assessment", "Y/N", "Notes"),
        ("Risk assessment completed before start?", "Y", "25/01/2028 - Mrs Ann Price"),
        ("CSE considered?", "Y", "see RA"),
        ("CCE / CDE considered?", "N", ""),
    )
    text = "\n".join(" ".join(c for c in row if c) for row in rows)
    risk = extract_risk(corpus_of("", documents=[document(text, tables=[rows])]))
    assert risk is not None and risk.present and risk.cse and not risk.cde


def test_a_safeguarding_slash_risk_assessment_label_gives_the_date() -> None:
    rows = (("Safeguarding / risk assessment", "By Mr Ayaan Mirza (DSL), 28/01/2026: home, CSE, CCE."),)
    ra = extract_risk(corpus_of("", documents=[document("PSP", tables=[rows])]))
    assert ra is not None and ra.date is not None and ra.date.isoformat() == "2026-01-28"


@pytest.mark.parametrize(
    "text",
    [
        "6. Safeguarding\n6.1 Risk assessment completed (date)\n6.2 CSE considered ☐ Yes ☐ No\n"
        "6.3 CCE considered ☐ Yes ☐ No\n7. Approval and agreement\n",
    ],
)
def test_a_risk_assessment_box_left_empty_is_no_assessment(text: str) -> None:
    ra = extract_risk(corpus_of("", documents=[document(text, source="plan.pdf")]))
    assert ra is None or not ra.present


def test_a_risk_assessment_row_left_empty_is_no_assessment() -> None:
    rows = (("Early Help Assessment", "not needed"), ("Risk assessment incl. CSE / CCE", ""))
    text = "Early Help Assessment not needed\nRisk assessment incl. CSE / CCE\n"
    ra = extract_risk(corpus_of("", documents=[document(text, tables=[rows], source="plan.pdf")]))
    assert ra is None or not ra.present


def test_cse_asked_with_neither_box_ticked_is_not_covered() -> None:
    lines = ("Risk assessment completed 10/01/2026 by the DSL.", "CSE considered ☐ Yes ☐ No", "CCE ☒ Yes")
    ra = extract_risk(_section("Safeguarding", *lines))
    assert ra is not None and ra.present and not ra.cse and ra.cde


@pytest.mark.parametrize(
    "lines",
    [
        ("Risk assessment completed 10/01/2026.", "Risk of CCE / CDE considered ☐ Yes ☒ No", "CSE ☒ Yes"),
        ("Risk assessment completed 10/01/2026.", "Criminal exploitation (CCE / CDE), county ☐", "CSE ☒"),
    ],
)
def test_cce_ticked_no_or_left_unticked_is_not_covered(lines: tuple[str, ...]) -> None:
    ra = extract_risk(_section("Safeguarding", *lines))
    assert ra is not None and ra.present and not ra.cde


def test_a_checklist_item_left_unticked_before_its_labels_wrapped_words_is_not_covered() -> None:
    lines = (
        "Risk assessment completed 10/01/2026.",
        "Child criminal exploitation (CCE / CDE), county ☐ lines",
        "CSE ☒",
    )
    ra = extract_risk(_section("Safeguarding", *lines))
    assert ra is not None and ra.present and ra.cse and not ra.cde


def test_the_risks_in_the_labels_brackets_give_way_to_what_the_answer_says_it_covers() -> None:
    line = "Risk assessment (CSE / CCE) Completed 13/01/2027. Covers supervision and criminal exploitation."
    ra = extract_risk(_section("Safeguarding", line))
    assert ra is not None and ra.present and not ra.cse and ra.cde


def test_the_risks_in_the_labels_brackets_stand_when_the_answer_names_none() -> None:
    line = "Risk assessment (incl. CSE / CCE) Completed 13/01/2027 by the DSL; no concerns."
    ra = extract_risk(_section("Safeguarding", line))
    assert ra is not None and ra.present and ra.cse and ra.cde
