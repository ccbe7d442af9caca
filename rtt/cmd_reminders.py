"""`rtt reminders [--today YYYY-MM-DD] [--json]`: the reminders that would be sent on that day
(default: today in London) and to whom, without sending or writing anything; a case whose
dates the term dates do not cover is named on standard error and the exit status is 1. `--json` prints a
list of objects: `case` (the reference), `kind`, `due` (ISO date), `to`, `subject`,
`raises_for_officer`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from config.settings import Settings
from intake.reminders import Planned, plan, scheduler_day
from rtt.argtypes import iso_date
from store.db import make_engine, upgrade_schema
from triage.calendar import CalendarError

EXIT_OK = 0
EXIT_FAILED = 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("reminders", help="list the reminders that would be sent on a day (sends nothing)")
    p.add_argument("--today", type=iso_date, default=None, help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def as_json(item: Planned) -> dict[str, object]:
    r = item.reminder
    return {
        "case": r.reference,
        "kind": r.kind,
        "due": r.due.isoformat(),
        "to": list(r.to),
        "subject": item.text.subject,
        "raises_for_officer": r.raise_for_officer,
    }


def run(args: argparse.Namespace, settings: Settings) -> int:
    today = scheduler_day(settings, args.today)
    engine = make_engine(settings.resolved_database_url)
    problems: list[str] = []
    try:
        upgrade_schema(engine)
        planned = plan(engine, settings, today, problems)
    except CalendarError as exc:
        print(f"rtt reminders: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.dispose()
    for problem in problems:
        print(f"rtt reminders: {problem}", file=sys.stderr)
    code = EXIT_FAILED if problems else EXIT_OK
    if args.json:
        json.dump([as_json(p) for p in planned], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return code
    if not planned and not problems:
        print(f"No reminders due on {today.isoformat()}.")
    for p in planned:
        r = p.reminder
        extra = " (and raises the case for an officer)" if r.raise_for_officer else ""
        print(f"{r.reference}  {r.kind}  due {r.due.isoformat()}  to {', '.join(r.to)}{extra}")
        print(f"    {p.text.subject}")
    return code
