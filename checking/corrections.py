"""An officer's corrections of what was read: the fields that can be corrected, how an officer's
words become a value (with a specific error when they cannot), and the facts with the
corrections laid over what the readers found. Pure: the store keeps the values, the pipeline
applies them before judging, so every later judging (a new message, a re-read) keeps them
until the officer clears them.

A correction's value is JSON (a string, a number, a list): `parse_value` makes it from the
form's text, `apply_corrections` lays it over `CaseFacts`, `value_text` shows it back.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parsers.errors import RttError
from parsers.facts import CIRCUMSTANCES, SIGNATURE_ROLES, CaseFacts, RiskAssessment, Signature, WeekHours
from triage.states import Kind

KINDS: tuple[Kind, ...] = tuple(Kind)
_PROFESSIONAL_ROLES = frozenset(SIGNATURE_ROLES) - {"parent", "school", "pupil", "other"}
_SPLIT = re.compile(r"\s*[,;\n]\s*")


class CorrectionError(RttError, ValueError):
    """The officer's value cannot be read (the message says what is expected; safe to show)."""


@dataclass(frozen=True)
class Overrides:
    """What officers have set on a case, applied whenever it is judged."""

    facts: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    """Corrected field -> its JSON value (see FIELDS)."""
    kind: Kind | None = None
    """The kind an officer gave the thread's newest message that has one."""


@dataclass(frozen=True)
class Field:
    label: str
    hint: str
    parse: Callable[[str], Any]


def _date(text: str) -> str:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise CorrectionError(f"'{text[:40]}' is not a date: write it as 2026-09-08 or 08/09/2026")


def _dates(text: str) -> list[str]:
    return sorted({_date(part) for part in _SPLIT.split(text.strip()) if part})


def _text(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise CorrectionError("the value is empty (to go back to what was read, clear the correction)")
    return value[:255]


def _hours(text: str) -> float:
    try:
        value = float(text.strip().lower().removesuffix("h").removesuffix("hours").strip())
    except ValueError:
        raise CorrectionError(f"'{text[:40]}' is not a number of hours") from None
    if not 0 <= value <= 60:
        raise CorrectionError("weekly hours are between 0 and 60")
    return value


def _weeks(text: str) -> list[float]:
    weeks = [_hours(part) for part in _SPLIT.split(text.strip()) if part]
    if not weeks:
        raise CorrectionError("give the hours of each week in order, e.g. 10, 15, 20, 25")
    return weeks


def _urn(text: str) -> str:
    value = text.strip()
    if not re.fullmatch(r"\d{6,7}", value):
        raise CorrectionError("a school's URN is 6 or 7 digits")
    return value


def _circumstances(text: str) -> list[str]:
    """The circumstances that apply ('none' for none); every other one does not."""
    words = [w.strip().lower().replace(" ", "_") for w in _SPLIT.split(text.strip()) if w.strip()]
    if words == ["none"]:
        return []
    unknown = [w for w in words if w not in CIRCUMSTANCES]
    if unknown or not words:
        raise CorrectionError(f"circumstances are 'none' or some of: {', '.join(CIRCUMSTANCES)}")
    return sorted(set(words))


def _signatures(text: str) -> list[dict[str, str | None]]:
    """'parent 2026-09-08, school 2026-09-08' (the date may be left out); 'none' for none."""
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    if [p.lower() for p in parts] == ["none"]:
        return []
    out: list[dict[str, str | None]] = []
    for part in parts:
        role, _, when = part.partition(" ")
        role = role.strip().lower()
        if role not in SIGNATURE_ROLES:
            raise CorrectionError(f"'{role[:30]}' is not a signer: one of {', '.join(SIGNATURE_ROLES)}")
        out.append({"role": role, "date": _date(when) if when.strip() else None})
    if not out:
        raise CorrectionError("name the signers, e.g. 'parent 2026-09-08, school', or 'none'")
    return out


def _risk(text: str) -> dict[str, Any]:
    """'none', or 'present' with 'cse' and/or 'cde' when exploitation was weighed, and its date."""
    words = text.strip().lower().replace(",", " ").split()
    if words == ["none"]:
        return {"present": False, "cse": False, "cde": False, "date": None}
    dates = [w for w in words if w not in ("present", "cse", "cde")]
    if "present" not in words or len(dates) > 1:
        raise CorrectionError("write 'none', or 'present' with 'cse', 'cde' and a date as they apply")
    return {"present": True, "cse": "cse" in words, "cde": "cde" in words,
            "date": _date(dates[0]) if dates else None}


REASONS = ("medical", "anxiety", "behaviour", "reintegration", "other")
"""Why a reduced timetable was put in place (the county's numbers count them): medical needs,
anxiety or mental health, behaviour or after an exclusion, reintegration after absence, other."""


def _reason(text: str) -> str:
    word = text.strip().lower().split(" ")[0].split("/")[0] if text.strip() else ""
    found = next((r for r in REASONS if r.startswith(word)), None) if word else None
    if found is None:
        raise CorrectionError(f"the reason is one of: {', '.join(REASONS)}")
    return found


FIELDS: dict[str, Field] = {
    "pupil.name": Field("Pupil's name", "as the school writes it", _text),
    "pupil.dob": Field("Pupil's date of birth", "2014-03-21 or 21/03/2014", _date),
    "pupil.upn": Field("Pupil's UPN", "the unique pupil number", _text),
    "school.name": Field("School", "the school's name", _text),
    "school.urn": Field("School's URN", "6 or 7 digits", _urn),
    "start_date": Field("Start date", "2026-09-08 or 08/09/2026", _date),
    "full_time_date": Field("Back to full time", "2026-10-19 or 19/10/2026", _date),
    "agreement_date": Field("Agreed on", "the date the plan was agreed", _date),
    "meeting_date": Field("Meeting held on", "the date of the meeting", _date),
    "review_dates": Field("Review dates", "dates separated by commas", _dates),
    "timetable": Field("Weekly hours", "hours of each week in order, e.g. 10, 15, 20, 25", _weeks),
    "full_time_hours": Field("Full-time hours", "hours of a full week, e.g. 32.5", _hours),
    "signatures": Field(
        "Signatures", f"signers with their dates, e.g. 'parent 2026-09-08, school'; or 'none' "
        f"(signers: {', '.join(SIGNATURE_ROLES)})", _signatures),
    "circumstances": Field(
        "Circumstances", f"those that apply, or 'none' ({', '.join(CIRCUMSTANCES)})", _circumstances),
    "risk_assessment": Field(
        "Risk assessment", "'none', or 'present' with 'cse', 'cde' and its date as they apply", _risk),
    "reason": Field("Reason for the timetable", ", ".join(REASONS), _reason),
}
"""`reason` is the officer's only (the readers do not find it): it is not a fact the judges use."""


def parse_value(field: str, text: str) -> Any:
    """The JSON value of an officer's correction; CorrectionError when it cannot be read."""
    spec = FIELDS.get(field)
    if spec is None:
        raise CorrectionError("no such field")
    if len(text) > 2000:
        raise CorrectionError("the value is too long")
    return spec.parse(text)


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def apply_corrections(facts: CaseFacts, corrections: Mapping[str, Any]) -> CaseFacts:
    """The facts with the officers' values laid over what was read."""
    if not corrections:
        return facts
    c = corrections
    changes: dict[str, Any] = {
        "pupil": _laid(facts.pupil, "pupil", c), "school": _laid(facts.school, "school", c),
    }
    for name in ("start_date", "full_time_date", "agreement_date", "meeting_date"):
        if name in c:
            changes[name] = _d(c[name])
    if "review_dates" in c:
        changes["review_dates"] = tuple(d for d in map(_d, c["review_dates"]) if d)
    if "timetable" in c:
        changes["timetable"] = tuple(WeekHours(i + 1, float(h)) for i, h in enumerate(c["timetable"]))
    if "full_time_hours" in c:
        changes["full_time_hours"] = float(c["full_time_hours"])
    if "circumstances" in c:
        changes["circumstances"] = {k: k in c["circumstances"] for k in CIRCUMSTANCES}
    if "risk_assessment" in c:
        ra = c["risk_assessment"]
        changes["risk_assessment"] = RiskAssessment(bool(ra["present"]), bool(ra["cse"]), bool(ra["cde"]),
                                                    _d(ra.get("date")))
    if "signatures" in c:
        changes.update(_signed(facts, c["signatures"], "agreement_date" in c))
    return dataclasses.replace(facts, **changes)


_DATED = frozenset({"dob"})


def _laid(part: Any, prefix: str, corrections: Mapping[str, Any]) -> Any:
    """The pupil or the school with the officer's values for its fields."""
    given = {
        key.split(".", 1)[1]: value for key, value in corrections.items() if key.startswith(prefix + ".")
    }
    given = {k: _d(v) if k in _DATED else v for k, v in given.items()}
    return dataclasses.replace(part, **given) if given else part


def _signed(facts: CaseFacts, rows: list[dict[str, Any]], agreement_set: bool) -> dict[str, Any]:
    """Signatures as the officer gives them; a parent's signature answers a refusal read
    earlier, and a professional's signature is their written agreement."""
    signatures = tuple(Signature(str(r["role"]), None, _d(r.get("date"))) for r in rows)
    roles = {s.role for s in signatures}
    topics = dict(facts.topics)
    if "parent" in roles:
        topics.pop("parent_signature", None)
    out: dict[str, Any] = {
        "signatures": signatures, "topics": topics,
        "professionals_agreed": (facts.professionals_agreed & roles) | (roles & _PROFESSIONAL_ROLES),
    }
    parent_dates = [s.date for s in signatures if s.role == "parent" and s.date]
    if parent_dates and not agreement_set:
        out["agreement_date"] = min(parent_dates)
    return out


def value_text(field: str, value: Any) -> str:
    """A value (as stored, or as read into the case's JSON) in the words the form takes."""
    if value is None or value == "":
        return ""
    if field == "signatures" and isinstance(value, list):
        return ", ".join(f"{r.get('role')} {r.get('date') or ''}".strip() for r in value) or "none"
    if field == "risk_assessment" and isinstance(value, dict):
        if not value.get("present"):
            return "none"
        words = ["present", *(k for k in ("cse", "cde") if value.get(k)), value.get("date") or ""]
        return " ".join(w for w in words if w)
    if field == "circumstances" and isinstance(value, dict):
        return ", ".join(k for k, v in value.items() if v) or "none"
    if field == "circumstances" and isinstance(value, list):
        return ", ".join(value) or "none"
    if field == "timetable" and isinstance(value, list):
        return ", ".join(_num(w["hours"] if isinstance(w, dict) else w) for w in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return _num(value)
    return str(value)


def _num(value: Any) -> str:
    return f"{float(value):g}"


def read_value(case_json: Mapping[str, Any], field: str) -> Any:
    """A field's value in the case's `case` object (`checking.contract.case_json`)."""
    if "." in field:
        outer, inner = field.split(".", 1)
        part = case_json.get(outer)
        return part.get(inner) if isinstance(part, dict) else None
    return case_json.get(field)
