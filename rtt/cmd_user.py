"""`rtt user add NAME --role officer|admin`: create a login for the web queue.

The password is read from standard input (first line) when it is not a terminal, else
prompted for twice without echo. It is stored only as an argon2 hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from config.settings import Settings
from store.db import make_engine, session_scope, upgrade_schema
from web.users import ROLES, UserError, create_user, validate_new_user

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("user", help="manage the web queue's logins")
    actions = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a login (password from standard input or a prompt)")
    add.add_argument("name", help="the user name")
    add.add_argument("--role", choices=ROLES, default="officer", help="officer (default) or admin")
    add.set_defaults(handler=run_add)


def read_password() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        print("rtt user add: the passwords differ", file=sys.stderr)
        return None
    return first


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    password = read_password()
    if password is None:
        return EXIT_USAGE
    try:
        validate_new_user(args.name, password, args.role)
    except UserError as exc:
        print(f"rtt user add: {exc}", file=sys.stderr)
        return EXIT_USAGE
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            create_user(session, args.name, password, args.role)
    except UserError as exc:
        print(f"rtt user add: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        engine.dispose()
    print(f"user {args.name} added ({args.role})")
    return EXIT_OK
