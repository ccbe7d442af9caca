"""Timetables in the layouts schools write them: week tables with unusual headers, day grids
with no totals (a mid-week start makes a short first week), weeks as columns, tables drawn in
text or sent as HTML, steps and dated-week ladders in prose; full-time and start dates."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract.corpus import Corpus, build_corpus, pipe_tables
from parsers.extract.schedule import _FULL_TIME_LABEL, _full_time_in_prose, _since_date
from parsers.extract.timetable import (
    _clause_step,
    _dates_counted,
    _weeks_from_clauses,
    _weeks_from_lines,
    _weeks_from_numbered_lines,
)
from parsers.extract.weektables import merge_continued, read_week_table
from parsers.htmltext import html_to_text
from tests.minimail import document, message

Rows = tuple[tuple[str, ...], ...]
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
REF = date(2026, 11, 1)


def _hours(rows: Rows) -> list[float]:
    found = read_week_table(rows, REF)
    return [w.hours for w in found.weeks] if found else []


def _grid(first: str) -> Rows:
    return (
        (first, *DAYS),
        ("09/11/2026", "(before start)", "(before start)", "08:40 - 12:40", "08:40 - 12:40", "08:40 - 12:40"),
        ("16/11/2026", *["08:40 - 13:40"] * 5),
        ("23/11/2026", *["08:40 - 14:40"] * 5),
    )


@pytest.mark.parametrize("header", ["Week beginning", "Week commencing", "W/C", "w/b", "Dates", "Week"])
def test_a_grid_of_session_times_by_dated_week_is_summed(header: str) -> None:
    assert _hours(_grid(header)) == [12.0, 25.0, 30.0]


def test_a_mid_week_start_is_the_first_day_with_a_session() -> None:
    found = read_week_table(_grid("Week beginning"), REF)
    assert found is not None and found.first_day == date(2026, 11, 11)


@pytest.mark.parametrize(
    ("header", "labels"),
    [
        (("Wk", "Dates", "Pattern", "Total hrs"), ("1", "2", "3")),
        (("Week", "Week commencing", "Sessions in school", "Hours per week"), ("1", "2", "3")),
        (("Phase", "Times", "Hours in school"), ("Phase 1", "Phase 2", "Phase 3")),
        (("Stage", "Sessions", "Hours"), ("Stage 1", "Stage 2", "Stage 3")),
        (("Dates", "Pattern", "Hours"), ("12.1.27", "19.1.27", "26.1.27")),
    ],
)
def test_week_tables_with_unusual_headers(header: tuple[str, ...], labels: tuple[str, ...]) -> None:
    rows = (
        header,
        *(
            (label, *[""] * (len(header) - 2), hours)
            for label, hours in zip(labels, ("10", "15", "20"), strict=True)
        ),
    )
    assert _hours(rows) == [10.0, 15.0, 20.0]


def test_a_title_row_above_the_header_and_a_holiday_row_left_out() -> None:
    rows = (
        ("5. Proposed timetable", "", "", ""),
        ("Week", "Week commencing", "Daily pattern", "Hours per week"),
        ("1", "19/10/2026", "Mon-Fri 9.00-11.30", "12.5"),
        ("(half term)", "26/10/2026", "-", "-"),
        ("2", "02/11/2026", "Mon-Fri 9.00-1.00pm", "20"),
    )
    assert _hours(rows) == [12.5, 20.0]


def test_the_full_time_row_ends_the_weeks_and_gives_the_date() -> None:
    rows = (
        ("W/C", "Mon", "Tue", "Wed", "Thu", "Fri", "Total"),
        ("25.01.2027", *["08:45-12:15"] * 5, "17.5 hrs"),
        ("22.02.2027", *["08:45-15:15"] * 5, "32.5 hrs (full time)"),
    )
    found = read_week_table(rows, REF)
    assert found is not None and [w.hours for w in found.weeks] == [17.5]
    assert found.full_time_date == date(2027, 2, 22)


def test_full_days_on_some_days_are_still_a_reduced_week() -> None:
    rows = (
        ("Week", "Dates", "Days in school", "Hours"),
        ("1", "19-23 January", "Mon, Wed and Fri: full days", "19.5"),
    )
    assert _hours(rows) == [19.5]


def test_weeks_as_columns_with_a_full_time_column() -> None:
    rows = (
        ("Week", "Wk 1 2027-01-11", "Wk 2 2027-01-18", "Full time"),
        ("Hours", "17.5", "22.5", "32.5 from 2027-01-25"),
        ("Pattern", "Mon-Fri 08:40-12:10", "Mon-Fri 08:40-13:10", "08:40-15:10"),
    )
    found = read_week_table(rows, REF)
    assert found is not None and [w.hours for w in found.weeks] == [17.5, 22.5]
    assert found.first_day == date(2027, 1, 11) and found.full_time_date == date(2027, 1, 25)


def test_weeks_as_columns_under_a_title_row_with_days_and_a_total() -> None:
    rows = (
        ("Hours in school", "", "", ""),
        ("Day", "Wk 1 (w/c 24.01.28)", "Wk 2 (w/c 31.01.28)", "Wk 3 (w/c 07.02.28)"),
        ("Mon", "9-11", "9-11.30", "9-12"),
        ("Fri", "9-11", "9-11.30", "9-12"),
        ("Total", "10 hrs", "12.5 hrs", "15 hrs"),
    )
    found = read_week_table(rows, REF)
    assert found is not None and [w.hours for w in found.weeks] == [10.0, 12.5, 15.0]


def test_a_table_continued_on_the_next_page_is_joined() -> None:
    header = ("Wk", "Dates", "Total hrs")
    merged = merge_continued([(header, ("1", "02/11/2026", "10")), (header, ("2", "09/11/2026", "15"))])
    assert len(merged) == 1 and _hours(merged[0]) == [10.0, 15.0]


def test_a_grid_drawn_in_text_is_a_table() -> None:
    text = "+---+----+\n| Week | Hours |\n+---+----+\n| 1 | 12.5 |\n| 2 | 20 |\n+---+----+"
    assert pipe_tables(text) == [(("Week", "Hours"), ("1", "12.5"), ("2", "20"))]


def test_an_html_table_keeps_its_rows_and_cells() -> None:
    html = (
        "<p>Plan</p><table>\n<tr><th>Week</th><th>Mon</th></tr>\n"
        "<tr><td>1 (25 Jan)</td><td><p>9.00-11.30</p></td></tr>\n</table>"
    )
    assert pipe_tables(html_to_text(html)) == [(("Week", "Mon"), ("1 (25 Jan)", "9.00-11.30"))]


def _corpus(body: str) -> Corpus:
    return build_corpus([message(body)])


@pytest.mark.parametrize("word", ["Step", "Stage", "Phase"])
def test_steps_with_a_week_starting_date(word: str) -> None:
    body = (
        f"{word} 1 - week starting 30 November 2026: Mon-Fri 08:45-12:00 (16.25 hours)\n\n"
        f"{word} 2 - week starting 7 December 2026: Mon-Fri 08:45-13:15 (22.5 hours)\n"
    )
    found = _weeks_from_lines(_corpus(body), {})  # no lesson periods in it
    assert found is not None and [w.hours for w in found.weeks] == [16.25, 22.5]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("2nd and 9th November", 2),
        ("30th November and 7th December", 2),
        ("14th December", 1),
        ("12/01 and 19/01", 2),
    ],
)
def test_dates_counted_as_weeks(text: str, count: int) -> None:
    assert _dates_counted(text) == count


@pytest.mark.parametrize(
    ("clause", "step"),
    [
        ("two hours a day (9.00 to 11.00) in the weeks beginning 2nd and 9th November", (10.0, 2)),
        ("mornings only (9:00-12:00) for the first fortnight", (15.0, 2)),
        ("9:00-12:30 daily for two weeks", (17.5, 2)),
        ("15 hours a week for 3 weeks", (15.0, 3)),
    ],
)
def test_a_step_of_a_prose_ladder(clause: str, step: tuple[float, int]) -> None:
    assert _clause_step(clause) == step


def test_a_prose_ladder_of_dated_weeks() -> None:
    body = (
        "The timetable is a ladder: two hours a day (9.00 to 11.00) in the weeks beginning 2nd and "
        "9th November; three hours a day (9.00 to 12.00) in the week beginning 16th November. "
        "He returns to full time on 23 November.\n"
    )
    found = _weeks_from_clauses(_corpus(body))
    assert found is not None and [w.hours for w in found.weeks] == [10.0, 10.0, 15.0]


@pytest.mark.parametrize(
    "label",
    ["Full time", "Full time (32.5h)", "Full days", "Full-time timetable resumes", "Full timetable from"],
)
def test_a_bare_full_time_label(label: str) -> None:
    assert _FULL_TIME_LABEL.search(label)


@pytest.mark.parametrize(
    "sentence",
    [
        "Full-time timetable (32.5 hours) from Monday 22 February 2027.",
        "After half term he returns to the full 32.5-hour week on Monday 22 February 2027.",
        "She will be back to a full timetable from 22/02/2027.",
    ],
)
def test_full_time_in_prose(sentence: str) -> None:
    assert _full_time_in_prose(_corpus(sentence + "\n"))[0] == date(2027, 2, 22)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jacob has been going home at lunchtime every day since Monday 2 November 2026.",
        "Since Monday 2 November 2026 he has been sent home at 12.30.",
        "A letter said that from Monday 2 November 2026 Freddie would attend from 9 until 12.",
    ],
)
def test_a_report_gives_the_start_in_passing(sentence: str) -> None:
    assert _since_date(_corpus(sentence + "\n"))[0] == date(2026, 11, 2)


def test_the_start_after_an_earlier_from_in_the_sentence() -> None:
    body = "I learned from his mother that he has been on a reduced timetable since Monday 19 October 2026.\n"
    assert _since_date(_corpus(body))[0] == date(2026, 10, 19)


@pytest.mark.parametrize(
    "header",
    [
        ("wic", "Mon", "Tue", "Wed", "The", "Fré", "Tata?"),
        ("we.", "Mon", "Tue", "Weed", "Thu", "fet", "Fotal"),
    ],
)
def test_a_scanned_grid_whose_day_names_ocr_misread_is_read_by_their_places(header: tuple[str, ...]) -> None:
    rows = (
        header,
        ("16/11/2026", *["9:00-11:00"] * 5, "10"),
        ("23/11/2026", *["9:00-12:00"] * 5, "15"),
    )
    found = read_week_table(rows, REF)
    assert found is not None and [w.hours for w in found.weeks] == [10.0, 15.0]
    assert found.first_day == date(2026, 11, 16)


def test_a_header_with_days_out_of_their_places_is_left_as_it_is() -> None:
    rows = (
        ("Week", "Tue", "Mon", "Thu", "Notes"),
        ("16/11/2026", "9:00-11:00", "9:00-11:00", "9:00-11:00", "x"),
    )
    found = read_week_table(rows, REF)
    assert found is None or [w.hours for w in found.weeks] != [10.0]


def test_numbered_week_lines_under_a_header_with_a_scans_marks_in_the_margin() -> None:
    """OCR of a scan: the heading lost, a pen mark read as 'Bi]' or ':' before the week's number."""
    body = (
        "“f Reintegration timetabie\n"
        "Week Starting ‘Hours In school Total\n"
        "Bi] 1 13/09/2027 9-12 Mon-Fri 15\n"
        ": 2 20/09/2027 9-1.30 Mon-Fri 22.5\n"
    )
    scan = document(body, source="scan.pdf")
    found = _weeks_from_numbered_lines(build_corpus([message("", documents=[scan])]))
    assert found is not None and [w.hours for w in found.weeks] == [15.0, 22.5]
