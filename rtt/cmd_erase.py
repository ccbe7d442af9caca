"""`rtt erase case REFERENCE --reason TEXT [--yes]` and `rtt erase pupil --name NAME
[--dob YYYY-MM-DD] --reason TEXT [--yes]`: erase on request. Without --yes, the cases that would
be erased are listed and nothing changes. The audit keeps that it happened, by whom and why."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from config.settings import Settings
from records.lifecycle import ErasureError, erase_cases
from rtt.argtypes import iso_date
from rtt.cmd_retention import places_of
from store.cases import case_by_reference
from store.db import make_engine, session_scope, upgrade_schema
from store.erasure import pupil_cases
from store.models import Case

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("erase", help="erase a pupil's data or one case, on request")
    kinds = p.add_subparsers(dest="erase_kind", required=True, metavar="WHAT")
    case = kinds.add_parser("case", help="one case, by its reference")
    case.add_argument("reference")
    pupil = kinds.add_parser("pupil", help="every case about a pupil")
    pupil.add_argument("--name", required=True)
    pupil.add_argument("--dob", type=iso_date, help="date of birth, YYYY-MM-DD")
    for parser in (case, pupil):
        parser.add_argument("--reason", required=True, help="why (kept in the audit; name no one)")
        parser.add_argument("--yes", action="store_true", help="erase (without it: list only)")
        parser.set_defaults(handler=run)


def _cases(args: argparse.Namespace, engine: Any) -> list[Case]:
    with session_scope(engine) as session:
        if args.erase_kind == "case":
            found = case_by_reference(session, args.reference.strip().upper())
            return [found] if found else []
        return pupil_cases(session, name=args.name, dob=args.dob)


def run(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        cases = _cases(args, engine)
        if not cases:
            print("rtt erase: no case matches", file=sys.stderr)
            return EXIT_REFUSED
        for case in cases:
            print(f"  {case.reference} ({case.kind}, {case.status})")
        if not args.yes:
            print(f"{len(cases)} case(s) would be erased; run again with --yes to erase them")
            return EXIT_OK
        actor = f"cli:{getpass.getuser()}"
        outcome = erase_cases(engine, places_of(settings), [c.id for c in cases if c.id is not None],
                              args.reason, actor)
    except ErasureError as exc:
        print(f"rtt erase: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(outcome.counts.items()))
    print(f"erased {len(cases)} case(s): {counts}; {outcome.files_deleted} files deleted")
    return EXIT_OK
