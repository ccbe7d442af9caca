"""Mistakes by kind, from the per-case scores `scripts/score_cases.py --json OUT` writes (issue 9):
one column per file, one row per kind, as the blind sets' READMEs give them.

usage: scripts/kinds_of_mistake.py SCORES.json [SCORES.json ...]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Case = dict[str, Any]


def _fields(prefix: str) -> Callable[[Case], int]:
    pattern = re.compile(rf"field (?:{prefix})")
    return lambda case: sum(1 for diff in case["diffs"] if pattern.match(diff))


KINDS: tuple[tuple[str, Callable[[Case], int]], ...] = (
    ("problem claimed that is present (false positive)", lambda c: int(c["fp"])),
    ("problem missed (false negative; asked about counts here too)", lambda c: int(c["fn"])),
    ("wrong `kind`", lambda c: 0 if c["kind_ok"] else 1),
    ("timetable / dates misread", _fields("timetable|start_date|full_time_date")),
    ("circumstance misread", _fields("circumstances")),
    ("pupil misread", _fields("pupil")),
    ("signature roles wrong", _fields("signatures")),
    ("risk assessment flags wrong", _fields("risk_assessment")),
    ("breach concern missed / extra", lambda c: int(c["concerns"][1]) + int(c["concerns"][2])),
    ("reply wrong (sent / not sent)", lambda c: 0 if c["reply_ok"] in (True, None) else 1),
)


def table(runs: list[list[Case]], names: list[str]) -> str:
    lines = ["| kind of mistake | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for name, count in KINDS:
        lines.append(f"| {name} | " + " | ".join(str(sum(count(c) for c in run)) for run in runs) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in argv]
    print(table(runs, argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
