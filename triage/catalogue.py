"""The guidance as one catalogue of requirements, loaded from data (triage/guidance/*.toml).

Each requirement carries its fixed id, a label, the wording the reply uses (`ask`), and the
name of the judge function (triage/judges.py). Circumstances carry the professional they
bring in. A council's variant is a new TOML file; no code changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

DEFAULT_GUIDANCE = "oxfordshire"


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    ask: str
    judge: str


@dataclass(frozen=True)
class Circumstance:
    id: str
    describes: str
    professional: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    name: str
    mailbox: str
    max_reduced_days: int
    max_days_to_notify: int
    notify_days_are_school_days: bool
    requirements: tuple[Requirement, ...]
    circumstances: tuple[Circumstance, ...]

    def requirement(self, requirement_id: str) -> Requirement:
        return next(r for r in self.requirements if r.id == requirement_id)

    def circumstance(self, circumstance_id: str) -> Circumstance:
        return next(c for c in self.circumstances if c.id == circumstance_id)

    @property
    def labels(self) -> dict[str, str]:
        return {r.id: r.label for r in self.requirements}


@cache
def load_guidance(name: str = DEFAULT_GUIDANCE) -> Guidance:
    """The named guidance file, parsed once."""
    text = resources.files("triage.guidance").joinpath(f"{name}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return Guidance(
        name=data["name"],
        mailbox=data["mailbox"],
        max_reduced_days=int(data["max_reduced_days"]),
        max_days_to_notify=int(data["max_days_to_notify"]),
        notify_days_are_school_days=bool(data["notify_days_are_school_days"]),
        requirements=tuple(
            Requirement(r["id"], r["label"], " ".join(r["ask"].split()), r["judge"])
            for r in data["requirement"]
        ),
        circumstances=tuple(
            Circumstance(c["id"], c["describes"], c["professional"], tuple(c["roles"]))
            for c in data["circumstance"]
        ),
    )
