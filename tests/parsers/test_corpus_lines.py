"""How a page's hard-wrapped lines become the corpus's sentences."""

from __future__ import annotations

from tests.minimail import corpus_of, document

PAGE = (
    "Safeguarding\n"
    "A risk assessment of the time Ashton will spend out of school was completed by Mr Ian Shaw (DSL) on\n"
    "03/11/2026, before the timetable starts. Child sexual exploitation: no known concerns in school.\n"
    "Week Hours in school each week of the reduced timetable\n"
    "1 10\n"
    "2 15\n"
)


def _units() -> list[str]:
    return [u.text for u in corpus_of("See attached.", documents=[document(PAGE)]).units if u.where != "body"]


def test_a_line_cut_mid_phrase_carries_on_even_when_the_next_starts_with_a_number() -> None:
    assert any("(DSL) on 03/11/2026, before the timetable starts." in u for u in _units())


def test_table_rows_stay_rows() -> None:
    units = _units()
    assert "1 10" in units and "2 15" in units
