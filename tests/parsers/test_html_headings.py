"""Headings an HTML-only email marks with <h1>..<h6> are read as headings, whatever their words
(issue 9, kind 5: a plan written as HTML in the body)."""

from __future__ import annotations

import pytest

from parsers.extract.corpus import is_heading
from parsers.htmltext import html_to_text

PLAN = (
    "<h2>Section D &ndash; Review arrangements</h2>"
    "<table><tr><td>04/12/2026</td><td>Mrs Kemp</td></tr></table>"
    "<h3 style='color:#123'>When we will check how it is going</h3><ul><li>Friday 29 January</li></ul>"
    "<h3>What school will do differently</h3><p>A calm corner in class</p>"
)


def test_html_headings_are_marked_and_read_as_headings() -> None:
    lines = html_to_text(PLAN).splitlines()
    titles = [is_heading(line) for line in lines]
    assert "Review arrangements" in titles
    assert "When we will check how it is going" in titles
    assert "What school will do differently" in titles
    assert is_heading("A calm corner in class") is None


def test_a_heading_inside_a_table_cell_stays_in_its_row() -> None:
    text = html_to_text("<table><tr><td><h4>Name</h4></td><td>Mrs Kemp</td></tr></table>")
    assert text == "Name\tMrs Kemp"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Section B – Planning meeting", "Planning meeting"),
        ("Section I – Plan coordinator", "Plan coordinator"),
        ("Part 2: Review dates", "Review dates"),
        ("3. Support to be put in place", "Support to be put in place"),
    ],
)
def test_numbered_headings_lose_their_numbers(line: str, title: str) -> None:
    assert is_heading(line) == title
