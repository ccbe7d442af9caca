"""What triage decides about a message: its kind, every requirement's status, a priority."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parsers.facts import CaseFacts, Evidence, Pupil, School
from triage.states import Kind, Priority

Status = Literal["met", "not_met", "missing", "not_applicable"]
Certainty = Literal["sure", "unsure"]
"""How far a status can be trusted: `unsure` when the reading itself is in doubt (a scan read by
OCR with low confidence, pages not read, a file that could not be opened)."""
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
        """Not met, or not found: something the case still lacks, sure or not."""
        return self.status in PROBLEM_STATUSES

    @property
    def is_claimed(self) -> bool:
        """A problem we may tell the school about as fact: not met, or missing from a sound
        reading. An unsure one is asked about instead (`Triage.questions`)."""
        return self.is_problem and self.certainty == "sure"


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
    sender_acknowledged: bool = False
    """Outside the trusted domains, but one the council acknowledges a breach report from with a
    reply that names no child (`reply_policy.acknowledgement_reason`)."""
    bulk: bool = False

    @property
    def problems(self) -> list[str]:
        """What the reply tells the school is missing or not met: the contract's `problems`.
        Items not found in a reading in doubt are not claimed: they are `questions`."""
        return [r.id for r in self.requirements if r.is_claimed]

    @property
    def questions(self) -> list[str]:
        """Items not found where the reading itself is in doubt: the reply asks where they are."""
        return [r.id for r in self.requirements if r.is_problem and not r.is_claimed]

    @property
    def open_items(self) -> list[str]:
        """Everything the case still lacks, claimed or asked about: what an officer follows up."""
        return [r.id for r in self.requirements if r.is_problem]
