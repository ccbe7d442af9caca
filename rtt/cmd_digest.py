"""`rtt digest [--today YYYY-MM-DD] [--json]`: the officers' daily digests that would go on that
day (default: today in London) and to whom, and the alerts waiting to go now, without sending
or writing anything (issue 12). `--json` prints a list of objects: `kind` (digest, breach,
assigned), `key`, `day` (ISO date), `to`, `subject`, `case` (the reference, or null)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlmodel import Session

from config.settings import Settings
from intake.officer_alerts import Mail, plan_alerts, plan_digests
from intake.reminders import scheduler_day
from rtt.argtypes import iso_date
from store.db import make_engine, upgrade_schema
from store.models import Case, utcnow

EXIT_OK = 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("digest", help="list the officers' digests and alerts due (sends nothing)")
    p.add_argument("--today", type=iso_date, default=None, help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def as_json(mail: Mail, reference: str | None) -> dict[str, object]:
    return {"kind": mail.kind, "key": mail.key, "day": mail.day.isoformat(), "to": list(mail.to),
            "subject": mail.text.subject, "case": reference}


def run(args: argparse.Namespace, settings: Settings) -> int:
    today = scheduler_day(settings, args.today)
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        mails = [*plan_alerts(engine, settings, utcnow()), *plan_digests(engine, settings, today)]
        with Session(engine) as session:
            refs: dict[int | None, str | None] = {
                m.case_id: _reference(session, m.case_id) for m in mails if m.case_id is not None
            }
    finally:
        engine.dispose()
    if args.json:
        json.dump([as_json(m, refs.get(m.case_id)) for m in mails], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not mails:
        print(f"No officer alerts or digests to send on {today.isoformat()}.")
    for m in mails:
        print(f"{m.kind}  {m.day.isoformat()}  to {', '.join(m.to)}")
        print(f"    {m.text.subject}")
    return EXIT_OK


def _reference(session: Session, case_id: int) -> str | None:
    case = session.get(Case, case_id)
    return case.reference if case is not None else None
