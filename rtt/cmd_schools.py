"""`rtt schools import FILE.csv`: load the school directory from the national register's CSV
(Get Information about Schools), with each school's email domains where the file gives them.

A file with any bad row is refused whole, with the lines and why; nothing is half-imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlmodel import Session

from config.settings import Settings
from store.audit import audit
from store.db import make_engine, session_scope, upgrade_schema
from store.schools import RegisterError, import_register, read_register
from store.trusted_domains import add_domain, untrusted_directory_domains

EXIT_OK = 0
EXIT_USAGE = 2
MAX_BYTES = 200 * 1024 * 1024
CLI_ACTOR = "rtt schools import"


def add_parser(sub: Any) -> None:
    p = sub.add_parser("schools", help="the school directory")
    actions = p.add_subparsers(dest="schools_command", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="load or update schools from the register's CSV")
    imp.add_argument("file", type=Path, help="the CSV (URN, EstablishmentName, ...; optional EmailDomains)")
    imp.add_argument("--trust-domains", action="store_true",
                     help="also trust the email domains of the open schools (audited)")
    imp.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RegisterError(f"the file is larger than {MAX_BYTES // 1024 // 1024} MB")
        schools = read_register(path.read_bytes())
    except OSError as exc:
        print(f"rtt schools import: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except RegisterError as exc:
        print(f"rtt schools import: {path} not imported: {exc}", file=sys.stderr)
        return EXIT_USAGE
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            done = import_register(session, schools)
            offered = untrusted_directory_domains(session, settings.trusted_domains)
            if args.trust_domains:
                _trust(session, offered)
    finally:
        engine.dispose()
    print(f"schools: {done.added} added, {done.updated} updated")
    if offered and args.trust_domains:
        print(f"trusted now: {len(offered)} email domains of open schools: {', '.join(offered)}")
    elif offered:
        print(f"{len(offered)} email domains of open schools are not trusted: {', '.join(offered)}\n"
              "trust them with --trust-domains, or at /admin/trusted-domains in the web queue")
    return EXIT_OK


def _trust(session: Session, domains: list[str]) -> None:
    for domain in domains:
        add_domain(session, domain=domain, added_by=CLI_ACTOR)
    audit(session, "trusted_domains_from_directory", actor=CLI_ACTOR, domains=domains)
