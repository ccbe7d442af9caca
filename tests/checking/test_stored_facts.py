"""The one codec of a case's stored facts: what the daemon encodes reads back typed, and encodes
again to the same JSON; a partial or malformed row reads as absent parts, never an error."""

from __future__ import annotations

import json
from datetime import date

from checking.stored_facts import StoredFacts, facts_from_json, facts_to_json
from parsers.facts import CaseFacts, Evidence, Pupil, RiskAssessment, School, Signature, WeekHours
from triage.model import Breach, Reporter

PLAN = CaseFacts(
    school=School("Cherwell Valley Academy", "123456"),
    pupil=Pupil("Mia Robinson", date(2013, 5, 4), "A123456789012", "8"),
    circumstances={"looked_after": True, "ehcp": False},
    circumstance_evidence={"looked_after": Evidence("is looked after", "body")},
    start_date=date(2026, 9, 7),
    full_time_date=date(2026, 10, 12),
    agreement_date=date(2026, 9, 3),
    meeting_date=date(2026, 9, 2),
    review_dates=(date(2026, 9, 21), date(2026, 10, 5)),
    timetable=(WeekHours(1, 10.0), WeekHours(2, 12.5)),
    full_time_hours=32.5,
    named_person="Ms J. Carter",
    signatures=(Signature("parent", "A. Parent", date(2026, 9, 3)), Signature("school", None, None)),
    risk_assessment=RiskAssessment(True, False, True, date(2026, 9, 1)),
)
BREACH = Breach(School("Banbury Road School"), Pupil("Leo Ward"),
                Reporter("Sam Jones", "Social Worker", "sw.jones@example.gov.uk"), ("meeting_held",))


def _through_the_store(stored: dict[str, object]) -> object:
    return json.loads(json.dumps(stored))


def test_what_the_daemon_stores_reads_back_and_encodes_the_same() -> None:
    for plan, breach in ((PLAN, None), (None, BREACH), (PLAN, BREACH), (CaseFacts(), None)):
        stored = facts_to_json(plan, breach)
        typed = facts_from_json(_through_the_store(stored))
        assert facts_to_json(typed.case, typed.breach) == stored
    typed = facts_from_json(_through_the_store(facts_to_json(PLAN, BREACH)))
    assert typed.case is not None and typed.case.pupil == PLAN.pupil
    assert typed.case.review_dates == PLAN.review_dates and typed.case.timetable == PLAN.timetable
    assert typed.case.signatures[0] == Signature("parent", "A. Parent", date(2026, 9, 3))
    assert typed.breach == BREACH


def test_the_stored_shape_is_the_contracts_case_and_breach() -> None:
    stored = facts_to_json(PLAN, None)
    assert set(stored) == {"case"}
    assert stored["case"]["start_date"] == "2026-09-07"
    assert stored["case"]["timetable"] == [{"week": 1, "hours": 10.0}, {"week": 2, "hours": 12.5}]
    assert facts_to_json(None, None) == {}


def test_partial_and_malformed_rows_read_as_absent_parts() -> None:
    assert facts_from_json({}) == StoredFacts()
    assert facts_from_json(None) == StoredFacts()
    partial = facts_from_json({"case": {"pupil": {"upn": "A1"}, "review_dates": ["2026-09-21", "soon", 3]}})
    assert partial.case is not None and partial.case.pupil.upn == "A1"
    assert partial.case.review_dates == (date(2026, 9, 21),)
    odd = facts_from_json({"case": {"timetable": [{"week": 1, "hours": None}, "x"], "circumstances": "yes"},
                           "breach": "no"})
    assert odd.case is not None and odd.case.timetable == () and odd.case.circumstances == {}
    assert odd.breach is None
    assert facts_from_json({"breach": facts_to_json(None, BREACH)["breach"]}).plan == CaseFacts()
