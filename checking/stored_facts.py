"""One codec between a case's facts and the JSON the store keeps (`store.models.Case.facts`).

The daemon encodes what it judged (`facts_to_json`); the web, the reminders and the tests' seeds
read it back as typed facts (`facts_from_json`). The JSON is the contract's `case` object and, for
a breach report, its `breach` object: `{"case": {...}, "breach": {...}}`, each only when there is
one. Decoding is lenient (a missing or malformed part reads as absent), so a hand-edited or partial
row never stops a page; for what the daemon wrote, decoding then encoding gives the same JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from checking.contract import breach_json, case_json
from parsers.facts import CIRCUMSTANCES, CaseFacts, Pupil, RiskAssessment, School, Signature, WeekHours
from triage.model import Breach, Reporter


@dataclass(frozen=True)
class StoredFacts:
    """A case's facts as last judged: the plan's (None for a breach report) and the breach's."""

    case: CaseFacts | None = None
    breach: Breach | None = None

    @property
    def plan(self) -> CaseFacts:
        """The plan's facts, or blank ones (every field absent) when there are none."""
        return self.case or CaseFacts()


def facts_to_json(case: CaseFacts | None, breach: Breach | None) -> dict[str, Any]:
    """What the store keeps of a judgement's facts."""
    stored: dict[str, Any] = {}
    if case is not None:
        stored["case"] = case_json(case)
    if breach is not None:
        stored["breach"] = breach_json(breach)
    return stored


def facts_from_json(stored: Any) -> StoredFacts:
    """The typed facts of a stored `Case.facts` value."""
    if not isinstance(stored, Mapping):
        return StoredFacts()
    case, breach = stored.get("case"), stored.get("breach")
    return StoredFacts(
        case=_case(case) if isinstance(case, Mapping) else None,
        breach=_breach(breach) if isinstance(breach, Mapping) else None,
    )


def _case(d: Mapping[str, Any]) -> CaseFacts:
    circumstances = _mapping(d.get("circumstances"))
    return CaseFacts(
        school=_school(d.get("school")),
        pupil=_pupil(d.get("pupil")),
        circumstances={k: v for k, v in circumstances.items() if k in CIRCUMSTANCES and _bool_or_none(v)},
        start_date=_date(d.get("start_date")),
        full_time_date=_date(d.get("full_time_date")),
        agreement_date=_date(d.get("agreement_date")),
        meeting_date=_date(d.get("meeting_date")),
        review_dates=tuple(day for v in _list(d.get("review_dates")) if (day := _date(v)) is not None),
        timetable=tuple(w for v in _list(d.get("timetable")) if (w := _week(v)) is not None),
        full_time_hours=_number(d.get("full_time_hours")),
        named_person=_text(d.get("named_person")),
        signatures=tuple(_signature(v) for v in _list(d.get("signatures")) if isinstance(v, Mapping)),
        risk_assessment=_risk(d.get("risk_assessment")),
    )


def _breach(d: Mapping[str, Any]) -> Breach:
    reporter = _mapping(d.get("reporter"))
    return Breach(
        school=_school(d.get("school")),
        pupil=_pupil(d.get("pupil")),
        reporter=Reporter(*(_text(reporter.get(k)) for k in ("name", "role", "email"))),
        concerns=tuple(str(c) for c in _list(d.get("concerns")) if isinstance(c, str)),
    )


def _school(value: Any) -> School:
    d = _mapping(value)
    return School(name=_text(d.get("name")), urn=_text(d.get("urn")))


def _pupil(value: Any) -> Pupil:
    d = _mapping(value)
    return Pupil(name=_text(d.get("name")), dob=_date(d.get("dob")), upn=_text(d.get("upn")),
                 year_group=_text(d.get("year_group")))


def _week(value: Any) -> WeekHours | None:
    d = _mapping(value)
    week, hours = d.get("week"), _number(d.get("hours"))
    if not isinstance(week, int) or isinstance(week, bool) or hours is None:
        return None
    return WeekHours(week=week, hours=hours)


def _signature(d: Mapping[str, Any]) -> Signature:
    return Signature(role=str(d.get("role") or ""), name=_text(d.get("name")), date=_date(d.get("date")))


def _risk(value: Any) -> RiskAssessment | None:
    if not isinstance(value, Mapping):
        return None
    return RiskAssessment(present=value.get("present") is True, cse=value.get("cse") is True,
                          cde=value.get("cde") is True, date=_date(value.get("date")))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _bool_or_none(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
