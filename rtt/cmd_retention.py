"""`rtt retention [--dry-run] [--json]`: what the retention schedule removes today, and why;
without --dry-run it is removed (as `rtt run` does once a day)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from config.settings import Settings
from records.lifecycle import apply_schedule, preview
from records.places import Places
from retention.plan import Removal
from store.db import make_engine, upgrade_schema
from web.templating import uk_today

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("retention", help="apply the retention schedule (or show what it would remove)")
    p.add_argument("--dry-run", action="store_true", help="show what would be removed; remove nothing")
    p.add_argument("--json", action="store_true", help="a JSON list of objects: case, what goes, rule")
    p.set_defaults(handler=run)


def places_of(settings: Settings) -> Places:
    return Places(maildir=settings.resolved_maildir, outbox=settings.outbox_dir)


def describe(removal: Removal) -> str:
    what = ", ".join(f"{t} ({removal.counts[t]})" for t in removal.what)
    state = "HELD, kept: " if removal.held else ""
    return f"{removal.reference or '(no case)'}: {state}{what} under {removal.rule}: {removal.why}"


def run(args: argparse.Namespace, settings: Settings) -> int:
    schedule = settings.retention_schedule()
    if schedule is None:
        print("rtt retention: there is no retention schedule (set RTT_RETENTION, or put "
              "<guidance>.retention.toml beside the guidance): nothing is removed", file=sys.stderr)
        return EXIT_USAGE
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        if args.dry_run:
            removals = preview(engine, schedule, uk_today())
        else:
            outcome = apply_schedule(engine, schedule, places_of(settings), uk_today(), actor="rtt retention")
            removals = outcome.removals
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([r.as_json() for r in removals], indent=2))
        return EXIT_OK
    verb = "would remove" if args.dry_run else "removed"
    print(f"{schedule.name}: {sum(not r.held for r in removals)} removals {verb}, "
          f"{sum(r.held for r in removals)} held")
    for removal in removals:
        print("  " + describe(removal))
    return EXIT_OK
