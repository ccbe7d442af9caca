"""A council's retention schedule, as data: a TOML file beside the guidance
(`triage/guidance/<name>.retention.toml`), or any file of the same shape, chosen by
`RTT_RETENTION`.

Each rule names the things it removes and how long after a case ends they are kept. A case
ends on the later of the day it was closed and its full-time date; an open case never ends.
The things:

- `messages`: the raw messages of the case (their bytes, headers and digests), their
  attachments, their parsed snapshots and their files on disk (the embedded Maildir);
- `facts`: who the pupil is (name, date of birth), the facts read from the plan, the quotes
  each requirement was judged on, the officers' notes and reasons, the people on the case;
- `replies`: the outbox's replies and follow-ups (recipients, subject, body, MIME) and their
  files on disk (the outbox Maildir);
- `audit`: the case's audit trail (the record of each removal itself is kept);
- `unfiled`: messages that joined no case (out-of-office replies, bounces), counted from the
  day they were received.

What stays when everything has gone: the case's reference, kind, school, dates, status,
outcome and which requirements were met: counts for statistics, without names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from triage.catalogue import DEFAULT_GUIDANCE, data_file_text

THINGS = ("messages", "facts", "replies", "audit")
"""What a case holds."""
UNFILED = "unfiled"
"""Messages in no case."""
SUFFIX = ".retention.toml"


@dataclass(frozen=True)
class Rule:
    id: str
    what: tuple[str, ...]
    """Which of THINGS this rule removes."""
    years: int
    months: int = 0
    days: int = 0
    description: str = ""

    @property
    def period(self) -> str:
        parts = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in
                 ((self.years, "year"), (self.months, "month"), (self.days, "day")) if n]
        return ", ".join(parts) or "at once"


@dataclass(frozen=True)
class Schedule:
    name: str
    rules: tuple[Rule, ...]

    def rule_for(self, thing: str) -> Rule | None:
        """The rule that removes `thing` (None: it is kept for ever)."""
        return next((r for r in self.rules if thing in r.what), None)


class ScheduleMissing(ValueError):
    """There is no schedule at that name or path."""


@cache
def load_schedule(source: str = DEFAULT_GUIDANCE) -> Schedule:
    """The schedule named `source` (`<source>.retention.toml` beside the guidance in
    triage/guidance/) or at the path `source`, parsed once. Raises ValueError when it cannot
    be read or says something that cannot be applied."""
    try:
        return parse_schedule(tomllib.loads(data_file_text(source, SUFFIX)))
    except FileNotFoundError as exc:
        raise ScheduleMissing(f"there is no retention schedule {source!r}") from exc
    except (OSError, UnicodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"the retention schedule {source!r} cannot be read ({type(exc).__name__}: {exc})") \
            from exc
    except ValueError as exc:
        raise ValueError(f"the retention schedule {source!r}: {exc}") from exc


def parse_schedule(data: dict[str, Any]) -> Schedule:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for raw in data.get("rule", []):
        what = tuple(str(t) for t in raw["what"])
        rule = Rule(
            id=str(raw["id"]), what=what, years=int(raw.get("years", 0)), months=int(raw.get("months", 0)),
            days=int(raw.get("days", 0)), description=" ".join(str(raw.get("description", "")).split()),
        )
        if min(rule.years, rule.months, rule.days) < 0:
            raise ValueError(f"rule {rule.id!r}: a period cannot be negative")
        for thing in what:
            if thing not in (*THINGS, UNFILED):
                known = ", ".join((*THINGS, UNFILED))
                raise ValueError(f"rule {rule.id!r}: unknown thing {thing!r} (known: {known})")
            if thing in seen:
                raise ValueError(f"{thing!r} is in two rules ({seen[thing]!r} and {rule.id!r})")
            seen[thing] = rule.id
        rules.append(rule)
    if len({r.id for r in rules}) != len(rules):
        raise ValueError("two rules have the same id")
    return Schedule(name=str(data["name"]), rules=tuple(rules))
