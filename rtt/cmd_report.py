"""`rtt report half-term --from DATE --to DATE [--format csv|html]`: the list of pupils on a
reintegration timetable in that period (for Social Care, Youth Justice and Early Help),
printed on standard output."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from config.settings import Settings
from rtt.argtypes import iso_date
from store.db import make_engine, session_scope, upgrade_schema
from web.report import COLUMNS, half_term_rows, to_csv
from web.templating import make_environment

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("report", help="reports from the store")
    kinds = p.add_subparsers(dest="report_kind", required=True, metavar="REPORT")
    ht = kinds.add_parser("half-term", help="pupils on a reintegration timetable in a period")
    ht.add_argument("--from", dest="start", type=iso_date, required=True, help="first day, YYYY-MM-DD")
    ht.add_argument("--to", dest="end", type=iso_date, required=True, help="last day, YYYY-MM-DD")
    ht.add_argument("--format", choices=("csv", "html"), default="csv", help="csv (default) or html")
    ht.set_defaults(handler=run_half_term)


def run_half_term(args: argparse.Namespace, settings: Settings) -> int:
    if args.end < args.start:
        print("rtt report half-term: --to is before --from", file=sys.stderr)
        return EXIT_USAGE
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            rows = half_term_rows(session, args.start, args.end, settings.loaded_guidance)
    finally:
        engine.dispose()
    if args.format == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        template = make_environment().get_template("report_print.html")
        sys.stdout.write(template.render(rows=rows, columns=COLUMNS, start=args.start, end=args.end,
                                         nonce=""))
    return EXIT_OK
