"""What triage decides about a message: its kind, every requirement's status, a priority."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parsers.facts import CaseFacts, Evidence, Pupil, School

Status = Literal["met", "not_met", "missing", "not_applicable"]
Certainty = Literal["sure", "unsure"]
"""How far a status can be trusted: `unsure` when the reading itself is in doubt (a scan read by
OCR with low confidence, pages not read, a file that could not be opened)."""
Kind = Literal["rtt_notification", "breach_report", "auto_reply", "other"]
Priority = Literal["urgent", "high", "normal", "low"]
PROBLEM_STATUSES: frozenset[str] = frozenset({"not_met", "missing"})


@dataclass(frozen=True)
class RequirementResult:
    id: str
    status: Status
    evidence: str | None = None
    where: str | None = None
    certainty: Certainty = "sure"
    doubt: str | None = None
    """Why the status is unsure, in words a school can act on."""

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEM_STATUSES


@dataclass(frozen=True)
class Reporter:
    name: str | None
    role: str | None
    email: str | None


@dataclass(frozen=True)
class Breach:
    school: School
    pupil: Pupil
    reporter: Reporter
    concerns: tuple[str, ...]
    evidence: dict[str, Evidence] = field(default_factory=dict)


@dataclass(frozen=True)
class Triage:
    """The judgement on one message (or on a case's messages taken together)."""

    kind: Kind
    case: CaseFacts | None
    requirements: tuple[RequirementResult, ...]
    priority: Priority
    breach: Breach | None = None
    unreadable: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    """Password-protected files of the thread that no password given in it opened."""
    """Attachments that could not be read, for the reply to ask for readable copies."""
    sender_trusted: bool = True
    bulk: bool = False

    @property
    def problems(self) -> list[str]:
        return [r.id for r in self.requirements if r.is_problem]
