"""An officer's corrections, pure (checking/corrections.py): the form's words become values or a
specific refusal; the values are laid over what was read; UK local time in the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checking.corrections import CorrectionError, apply_corrections, parse_value, value_text
from parsers.facts import CaseFacts, Evidence, Pupil, School, Signature, Topic, WeekHours
from web.templating import age_days, uk_date, uk_datetime


def test_values_are_read_from_an_officers_words() -> None:
    assert parse_value("start_date", " 08/09/2026 ") == "2026-09-08"
    assert parse_value("start_date", "2026-09-08") == "2026-09-08"
    assert parse_value("review_dates", "22/09/2026, 2026-09-15") == ["2026-09-15", "2026-09-22"]
    assert parse_value("timetable", "10, 15; 20h, 32.5") == [10.0, 15.0, 20.0, 32.5]
    assert parse_value("signatures", "parent 07/09/2026, school") == [
        {"role": "parent", "date": "2026-09-07"}, {"role": "school", "date": None}]
    assert parse_value("circumstances", "Child in need, ehcp") == ["child_in_need", "ehcp"]
    assert parse_value("circumstances", "none") == []
    assert parse_value("risk_assessment", "present cse 01/09/2026") == {
        "present": True, "cse": True, "cde": False, "date": "2026-09-01"}
    assert parse_value("pupil.name", "  Zoë   Nowak ") == "Zoë Nowak"
    assert parse_value("reason", "Behaviour / after exclusion") == "behaviour"
    assert parse_value("reason", "med") == "medical"


@pytest.mark.parametrize(("field", "text", "says"), [
    ("start_date", "next Tuesday", "is not a date"),
    ("start_date", "31/02/2026", "is not a date"),
    ("timetable", "10, lots", "is not a number of hours"),
    ("full_time_hours", "90", "between 0 and 60"),
    ("signatures", "grandad 2026-01-01", "is not a signer"),
    ("circumstances", "poorly", "circumstances are"),
    ("risk_assessment", "cse", "write 'none', or 'present'"),
    ("school.urn", "12ab", "6 or 7 digits"),
    ("pupil.name", "   ", "empty"),
    ("pupil.shoe_size", "5", "no such field"),
    ("reason", "boredom", "the reason is one of"),
])
def test_a_value_that_cannot_be_read_is_refused_with_why(field: str, text: str, says: str) -> None:
    with pytest.raises(CorrectionError, match=says):
        parse_value(field, text)


def _read() -> CaseFacts:
    return CaseFacts(
        school=School(name="Isis Vale"), pupil=Pupil(name="Leo Ward", dob=date(2014, 3, 1)),
        circumstances={"ehcp": True, "child_in_need": None},
        start_date=date(2026, 9, 7), full_time_date=date(2026, 11, 30),
        timetable=(WeekHours(1, 10.0), WeekHours(2, 15.0)),
        signatures=(Signature("school", "Head", date(2026, 9, 1)),),
        topics={"parent_signature": Topic(True, Evidence("parent refused", "body"), negative=True)},
        evidence={"start_date": Evidence("from 7 September", "plan.pdf#page=1")},
    )


def test_corrections_are_laid_over_what_was_read() -> None:
    corrections = {
        "full_time_date": "2026-10-12", "pupil.dob": "2014-03-02", "school.urn": "123456",
        "timetable": [12.5, 20.0, 25.0], "circumstances": ["child_in_need"],
        "signatures": [{"role": "parent", "date": "2026-09-02"}, {"role": "social_worker", "date": None}],
    }
    facts = apply_corrections(_read(), corrections)
    assert facts.full_time_date == date(2026, 10, 12) and facts.start_date == date(2026, 9, 7)
    assert facts.pupil == Pupil(name="Leo Ward", dob=date(2014, 3, 2))
    assert facts.school == School(name="Isis Vale", urn="123456")
    assert [w.hours for w in facts.timetable] == [12.5, 20.0, 25.0]
    assert facts.circumstances["child_in_need"] is True and facts.circumstances["ehcp"] is False
    assert "parent_signature" not in facts.topics, "a parent's signature answers the refusal read"
    assert facts.agreement_date == date(2026, 9, 2)
    assert facts.professionals_agreed == frozenset({"social_worker"})
    assert facts.evidence == _read().evidence
    assert apply_corrections(_read(), {}) == _read()


def test_values_are_shown_back_in_the_forms_words() -> None:
    for field, text in [("signatures", "parent 2026-09-02, school"), ("timetable", "10, 12.5"),
                        ("risk_assessment", "present cde 2026-09-01"), ("review_dates", "2026-09-15")]:
        assert value_text(field, parse_value(field, text)) == text
    assert value_text("circumstances", {"ehcp": True, "looked_after": False}) == "ehcp"
    assert value_text("timetable", [{"week": 1, "hours": 10.0}]) == "10"
    assert value_text("risk_assessment", {"present": False}) == "none"


def test_times_are_shown_in_uk_local_time_summer_and_winter() -> None:
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    winter = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    assert uk_datetime(summer) == "02/07/2026 00:30 BST"
    assert uk_datetime(winter) == "15/01/2026 23:30 GMT"
    assert uk_datetime(summer.replace(tzinfo=None)) == "02/07/2026 00:30 BST", "naive is UTC"
    assert uk_date(summer) == "02/07/2026", "the date a person in the UK would write"
    assert age_days(summer, date(2026, 7, 3)) == "1 d"
    assert uk_datetime(datetime(2026, 10, 25, 0, 59, tzinfo=UTC)) == "25/10/2026 01:59 BST"
    assert uk_datetime(datetime(2026, 10, 25, 1, 0, tzinfo=UTC)) == "25/10/2026 01:00 GMT"
