"""`rtt report half-term --from DATE --to DATE [--format csv|html]`: the list of pupils on a
reintegration timetable in that period (for Social Care, Youth Justice and Early Help);
`rtt report statistics --from DATE --to DATE [--format csv|html]`: the county's numbers.
Printed on standard output."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from config.settings import Settings
from records.access import COLUMNS as ACCESS_COLUMNS
from records.access import AccessFilter, access_rows
from rtt.argtypes import iso_date
from store.audit import audit
from store.db import make_engine, session_scope, upgrade_schema
from web.report import COLUMNS, csv_text, half_term_rows, to_csv
from web.statistics import county_statistics, statistics_csv
from web.templating import make_environment

T = TypeVar("T")
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
    access = kinds.add_parser("access", help="who saw what, across cases (CSV)")
    access.add_argument("--user", default="", help="one user's accesses")
    access.add_argument("--pupil", default="", help="part of a pupil's name")
    access.add_argument("--case", default="", help="a case's reference")
    access.add_argument("--from", dest="start", type=iso_date, help="first day, YYYY-MM-DD")
    access.add_argument("--to", dest="end", type=iso_date, help="last day, YYYY-MM-DD")
    access.set_defaults(handler=run_access)
    st = kinds.add_parser("statistics", help="the county's numbers for a period")
    st.add_argument("--from", dest="start", type=iso_date, required=True, help="first day, YYYY-MM-DD")
    st.add_argument("--to", dest="end", type=iso_date, required=True, help="last day, YYYY-MM-DD")
    st.add_argument("--format", choices=("csv", "html"), default="csv", help="csv (default) or html")
    st.set_defaults(handler=run_statistics)


def run_access(args: argparse.Namespace, settings: Settings) -> int:
    """The access report as CSV on standard output (as the web's /admin/access?format=csv)."""
    wanted = AccessFilter(user=args.user, pupil=args.pupil, case=args.case, since=args.start, until=args.end)
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            rows = access_rows(session, wanted)
            audit(session, "report_access", actor=f"cli:{getpass.getuser()}", rows=len(rows), format="csv")
    finally:
        engine.dispose()
    sys.stdout.write(csv_text(ACCESS_COLUMNS, [r.cells() for r in rows]))
    return EXIT_OK


def _from_store(settings: Settings, read: Callable[[Session], T]) -> T:
    """What `read` reads from the store (its schema brought up to date first)."""
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            return read(session)
    finally:
        engine.dispose()


def _period_refused(args: argparse.Namespace) -> bool:
    if args.end < args.start:
        print(f"rtt report {args.report_kind}: --to is before --from", file=sys.stderr)
        return True
    return False


def run_half_term(args: argparse.Namespace, settings: Settings) -> int:
    if _period_refused(args):
        return EXIT_USAGE
    rows = _from_store(settings, lambda s: half_term_rows(s, args.start, args.end, settings.loaded_guidance))
    if args.format == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        template = make_environment().get_template("report_print.html")
        sys.stdout.write(template.render(rows=rows, columns=COLUMNS, start=args.start, end=args.end,
                                         nonce=""))
    return EXIT_OK


def run_statistics(args: argparse.Namespace, settings: Settings) -> int:
    if _period_refused(args):
        return EXIT_USAGE
    guidance = settings.loaded_guidance
    numbers = _from_store(settings, lambda s: county_statistics(s, args.start, args.end, guidance))
    if args.format == "csv":
        sys.stdout.write(statistics_csv(numbers))
    else:
        template = make_environment().get_template("statistics.html")
        sys.stdout.write(template.render(s=numbers, start=args.start, end=args.end, nonce="", officer=None,
                                         csrf_token="", request_path="", today=args.end,
                                         limit_weeks=guidance.max_reduced_weeks))
    return EXIT_OK
