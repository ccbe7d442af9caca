"""`rtt export pupil --name NAME [--dob YYYY-MM-DD] --out FILE.zip`: a subject access export,
everything held about a pupil across their cases in one archive with an index page. Other
people's data is flagged inside for the officer to redact before it is sent. Audited."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.settings import Settings
from records.export import ExportError, export_pupil
from rtt.argtypes import iso_date
from store.db import make_engine, session_scope, upgrade_schema

EXIT_OK = 0
EXIT_REFUSED = 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="a subject access export of a pupil's data")
    kinds = p.add_subparsers(dest="export_kind", required=True, metavar="WHAT")
    pupil = kinds.add_parser("pupil", help="everything held about a pupil, across cases")
    pupil.add_argument("--name", required=True)
    pupil.add_argument("--dob", type=iso_date, help="date of birth, YYYY-MM-DD")
    pupil.add_argument("--out", type=Path, required=True, help="the archive to write (must not exist)")
    pupil.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.out.exists():
        print(f"rtt export: {args.out} exists: choose another file", file=sys.stderr)
        return EXIT_REFUSED
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            archive, cases = export_pupil(session, args.name, args.dob, f"cli:{getpass.getuser()}",
                                          datetime.now(UTC))
            with open(args.out, "xb") as out:
                out.write(archive)
    except ExportError as exc:
        print(f"rtt export: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    print(f"wrote {args.out}: {len(cases)} case(s); check for-the-officer/ inside before sending")
    return EXIT_OK
