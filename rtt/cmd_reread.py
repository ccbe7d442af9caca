"""`rtt reread [--all | --case REF] [--dry-run]`: read cases' messages again with today's readers
and judge those cases again (issue 10).

By default the messages whose stored snapshot was made by older readers (`READERS_VERSION`);
`--all` every message of every case; `--case REF` every message of that case. Each case is read
and judged in its own transaction, as an officer's re-read is (`casework.officer.reread`: a closed
case stays closed, no reply is sent, the audit says so). `--dry-run` counts what would be read and
reads nothing. Prints the counts: cases, messages, judgements changed, cases left (and why).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from casework.officer import CaseworkError, reread
from checking.options import CheckOptions
from config.settings import Settings
from parsers.snapshot import READERS_VERSION
from store.cases import case_by_reference
from store.db import make_engine, session_scope, upgrade_schema
from store.snapshots import messages_to_reread

EXIT_OK = 0
EXIT_NO_CASE = 2
ACTOR = "system"


def add_parser(sub: Any) -> None:
    p = sub.add_parser("reread", help="read cases' messages again with today's readers and judge them again")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every message of every case (default: those "
                       "read by older readers)")
    which.add_argument("--case", metavar="REF", help="every message of this case (e.g. RTT-2026-000042)")
    p.add_argument("--dry-run", action="store_true", help="count what would be read; read nothing")
    p.set_defaults(handler=run)


@dataclass
class Counts:
    cases: int = 0
    messages: int = 0
    changed: int = 0
    left: int = 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with Session(engine) as session:
            case_id = None
            if args.case:
                case = case_by_reference(session, args.case)
                if case is None:
                    print(f"No case {args.case}.")
                    return EXIT_NO_CASE
                case_id = case.id
            plan = messages_to_reread(session, case_id=case_id, everything=bool(args.all or args.case))
        counts = Counts() if args.dry_run else reread_cases(engine, plan, settings.check_options())
    finally:
        engine.dispose()
    if args.dry_run:
        print(f"Would read {sum(map(len, plan.values()))} messages of {len(plan)} cases again "
              f"(readers' version {READERS_VERSION}).")
        return EXIT_OK
    print(f"Read {counts.messages} messages of {counts.cases} cases again (readers' version "
          f"{READERS_VERSION}); {counts.changed} judged differently; {counts.left} left as they were.")
    return EXIT_OK


def reread_cases(engine: Engine, plan: dict[int, list[int]], options: CheckOptions) -> Counts:
    """Each case's messages read again and the case judged again, one transaction a case; a case
    that cannot be (no message left to judge) is counted as left and the others go on."""
    counts = Counts()
    for case_id, message_ids in plan.items():
        try:
            with session_scope(engine) as session:
                judged = reread(session, case_id, message_ids, ACTOR, options)
        except CaseworkError as exc:
            counts.left += 1
            print(f"Case {case_id} left as it was: {exc}.")
            continue
        counts.cases += 1
        counts.messages += len(message_ids)
        counts.changed += judged.before != judged.after
    return counts
