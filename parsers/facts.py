"""The facts extracted from a message: what the plan and the email say, nothing judged yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CIRCUMSTANCES = (
    "looked_after",
    "court_order",
    "child_protection",
    "child_in_need",
    "team_around_family",
    "ehcp",
)

SIGNATURE_ROLES = (
    "parent",
    "school",
    "pupil",
    "virtual_school",
    "youth_justice",
    "social_worker",
    "early_help",
    "sen_team",
    "other",
)


@dataclass(frozen=True)
class Evidence:
    """A short quotation and where it was found ('plan.pdf#page=3', 'body')."""

    text: str
    where: str


@dataclass(frozen=True)
class WeekHours:
    week: int
    hours: float


@dataclass(frozen=True)
class Signature:
    role: str
    name: str | None
    date: date | None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class RiskAssessment:
    present: bool
    cse: bool
    cde: bool
    date: date | None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Pupil:
    name: str | None = None
    dob: date | None = None
    upn: str | None = None
    year_group: str | None = None


@dataclass(frozen=True)
class School:
    name: str | None = None
    urn: str | None = None


@dataclass(frozen=True)
class Topic:
    """A part of the plan the guidance asks for (reviews, skills ...): found or not, and how."""

    found: bool
    evidence: Evidence | None = None
    negative: bool = False
    """Found, but what it says breaks the guidance (e.g. 'no meeting was held')."""


@dataclass(frozen=True)
class CaseFacts:
    school: School = field(default_factory=School)
    pupil: Pupil = field(default_factory=Pupil)
    circumstances: dict[str, bool | None] = field(default_factory=dict)
    circumstance_evidence: dict[str, Evidence] = field(default_factory=dict)
    start_date: date | None = None
    full_time_date: date | None = None
    agreement_date: date | None = None
    meeting_date: date | None = None
    review_dates: tuple[date, ...] = ()
    timetable: tuple[WeekHours, ...] = ()
    full_time_hours: float | None = None
    named_person: str | None = None
    signatures: tuple[Signature, ...] = ()
    risk_assessment: RiskAssessment | None = None
    topics: dict[str, Topic] = field(default_factory=dict)
    """Keyed by requirement id, for the parts judged on what the plan says about them."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Where each of the dated or numeric facts above was read, keyed by field name."""
    professionals_present: frozenset[str] = frozenset()
    """Signature roles of the LA professionals who were at the meeting."""
    professionals_agreed: frozenset[str] = frozenset()
    """Signature roles of the LA professionals whose written agreement was given."""
    attendance_recorded: bool = False
    """The plan or the mail says who came to the meeting or who did not (a list of who came, an
    apology, 'could not attend'): without it, a professional's absence is only not found."""
    full_time_refused: bool = False
    """The message says no date has been set for the return to full time."""
    holiday_mentioned: bool = False
    plan_document: str | None = None
    """The attachment (or 'body') that holds the plan, where one was found."""
    reads_like: dict[str, Evidence] = field(default_factory=dict)
    """Parts not found by their names, each with a passage whose words read like it
    (`topics.passages_like`): its absence is not sure."""
    unplaced: tuple[str, ...] = ()
    """Labels of parts of the plan placed nowhere (`topics.unplaced_parts`): a part the guidance
    asks for may be there in words we do not know, so its absence is not sure."""
