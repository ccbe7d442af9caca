"""The guidance as one catalogue of requirements, loaded from data (triage/guidance/*.toml).

Each requirement carries its fixed id, a label, the wording the reply uses (`ask`), and the
name of the judge function (triage/judges.py). Circumstances carry the professional they
bring in. The council, its team, the guidance's title, the team's mailbox and the limits are
the words and numbers the replies use. A council's variant is a new TOML file (chosen with
`RTT_GUIDANCE`, by name or path); no code changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_GUIDANCE = "oxfordshire"


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    ask: str
    judge: str
    ask_if_unread: str = ""
    """For a professional's requirement: what to ask when which circumstances apply could not be
    read (a scan), so it may be required; empty for the others."""


@dataclass(frozen=True)
class Circumstance:
    id: str
    describes: str
    professional: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    name: str
    council: str
    """"Oxfordshire County Council": who the guidance is from, as the replies name it."""
    team: str
    """"County Attendance Team": who the replies are from."""
    title: str
    """"Reintegration Timetable Guidance", as the replies name it."""
    mailbox: str
    max_reduced_days: int
    max_days_to_notify: int
    notify_days_are_school_days: bool
    requirements: tuple[Requirement, ...]
    circumstances: tuple[Circumstance, ...]
    term_dates: str = ""
    """The path of the council's term dates (`triage.calendar`), beside the guidance file;
    empty when the guidance names none."""

    def requirement(self, requirement_id: str) -> Requirement:
        return next(r for r in self.requirements if r.id == requirement_id)

    def circumstance(self, circumstance_id: str) -> Circumstance:
        return next(c for c in self.circumstances if c.id == circumstance_id)

    @property
    def labels(self) -> dict[str, str]:
        return {r.id: r.label for r in self.requirements}

    @property
    def max_reduced_weeks(self) -> int:
        """The reduced timetable's limit in whole weeks (six for 42 days)."""
        return self.max_reduced_days // 7


@cache
def load_guidance(source: str = DEFAULT_GUIDANCE) -> Guidance:
    """The guidance named `source` (a file in triage/guidance/) or at the path `source` (a
    .toml file of the same shape), parsed once. Raises ValueError when it cannot be read."""
    try:
        return _guidance(tomllib.loads(_guidance_text(source)), _beside(source))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"the guidance {source!r} cannot be read ({type(exc).__name__}: {exc})") from exc


def _guidance_text(source: str) -> str:
    return data_file_text(source, ".toml")


def data_file_text(source: str, suffix: str) -> str:
    """The text of a council's data file: `source` is a path (it ends in .toml or has a '/'),
    or a name: the file `<name><suffix>` in triage/guidance/ (the guidance, or beside it)."""
    if source.endswith(".toml") or "/" in source:
        return Path(source).read_text("utf-8")
    return resources.files("triage.guidance").joinpath(f"{source}{suffix}").read_text("utf-8")


def _beside(source: str) -> Path:
    """The folder the guidance file is in: its other data files (term dates) sit beside it."""
    if source.endswith(".toml") or "/" in source:
        return Path(source).resolve().parent
    return Path(str(resources.files("triage.guidance")))


def _words(text: str) -> str:
    """A text written over several lines in the data file, as one line."""
    return " ".join(text.split())


def _guidance(data: dict[str, Any], folder: Path) -> Guidance:
    return Guidance(
        name=data["name"],
        council=data["council"],
        team=data["team"],
        title=data["title"],
        mailbox=data["mailbox"],
        max_reduced_days=int(data["max_reduced_days"]),
        max_days_to_notify=int(data["max_days_to_notify"]),
        notify_days_are_school_days=bool(data["notify_days_are_school_days"]),
        requirements=tuple(
            Requirement(r["id"], r["label"], _words(r["ask"]), r["judge"], _words(r.get("ask_if_unread", "")))
            for r in data["requirement"]
        ),
        circumstances=tuple(
            Circumstance(c["id"], c["describes"], c["professional"], tuple(c["roles"]))
            for c in data["circumstance"]
        ),
        term_dates=str(folder / data["term_dates"]) if data.get("term_dates") else "",
    )
