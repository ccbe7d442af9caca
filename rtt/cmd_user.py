"""`rtt user add NAME --role officer|admin`: create a login for the web queue; `rtt user
disable|enable NAME`, `rtt user reset-password NAME`, `rtt user require-totp NAME [--off]` and
`rtt user reset-totp NAME`: what an administrator does on the users page, from the shell
(each audited with the actor `cli`). `rtt user set-email NAME ADDRESS` sets where the officer's
alerts and digest go ('' clears it); `rtt user notifications NAME --alerts on|off --digest on|off`
turns them on or off (issue 12).

A password is read from standard input (first line) when it is not a terminal, else
prompted for twice without echo. It is stored only as an argon2 hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from config.settings import Settings
from store.db import make_engine, session_scope, upgrade_schema
from store.models import AppUser
from web import audit, totp
from web.users import (
    ROLES,
    UserError,
    create_user,
    find_user,
    set_disabled,
    set_email,
    set_notifications,
    set_password,
    set_totp_required,
    validate_new_user,
)

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("user", help="manage the web queue's logins")
    actions = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a login (password from standard input or a prompt)")
    add.add_argument("name", help="the user name")
    add.add_argument("--role", choices=ROLES, default="officer", help="officer (default) or admin")
    add.set_defaults(handler=run_add)
    for name, help_text in (
        ("disable", "stop a login from signing in (its sessions end at once)"),
        ("enable", "let a disabled login sign in again"),
        ("reset-password", "set a new password for a local login (from standard input or a prompt)"),
        ("require-totp", "require a second factor (TOTP) for a local login; --off stops requiring it"),
        ("reset-totp", "forget a login's second factor and recovery codes (it enrols again)"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("name", help="the user name")
        if name == "require-totp":
            action.add_argument("--off", action="store_true", help="stop requiring it")
        action.set_defaults(handler=run_change, user_action=name)
    email = actions.add_parser("set-email", help="set the address alerts and the digest go to ('' clears it)")
    email.add_argument("name", help="the user name")
    email.add_argument("address", help="one plain address, e.g. o.officer@oxfordshire.gov.uk")
    email.set_defaults(handler=run_change, user_action="set-email")
    notify = actions.add_parser("notifications", help="turn a user's alerts and daily digest on or off")
    notify.add_argument("name", help="the user name")
    for switch in ("alerts", "digest"):
        notify.add_argument(f"--{switch}", choices=("on", "off"), default=None, help="unchanged if not given")
    notify.set_defaults(handler=run_change, user_action="notifications")


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
    if not _in_store(settings, "add", lambda session: create_user(session, args.name, password, args.role)):
        return EXIT_USAGE
    print(f"user {args.name} added ({args.role})")
    return EXIT_OK


def _in_store(settings: Settings, action: str, work: Callable[[Session], object]) -> bool:
    """Run `work` in one transaction on the migrated store; False (said) on a UserError."""
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade_schema(engine)
        with session_scope(engine) as session:
            work(session)
    except UserError as exc:
        print(f"rtt user {action}: {exc}", file=sys.stderr)
        return False
    finally:
        engine.dispose()
    return True


def _change(session: Session, user: AppUser, args: argparse.Namespace, password: str | None) -> str:
    """Apply one action; returns what was done (for the audit and the message)."""
    action: str = args.user_action
    if action in ("disable", "enable"):
        set_disabled(session, user, action == "disable")
        return f"user_{action}"
    if action == "reset-password":
        assert password is not None
        set_password(session, user, password)
        return "user_password_reset"
    if action == "set-email":
        set_email(session, user, args.address)
        return "user_email"
    if action == "notifications":
        alerts = user.alerts_enabled if args.alerts is None else args.alerts == "on"
        digest = user.digest_enabled if args.digest is None else args.digest == "on"
        set_notifications(session, user, alerts, digest)
        return "user_notifications"
    if action == "require-totp":
        set_totp_required(session, user, not args.off)
        return "user_unrequire_totp" if args.off else "user_require_totp"
    totp.reset(session, user)
    return "user_reset_totp"


def run_change(args: argparse.Namespace, settings: Settings) -> int:
    password = read_password() if args.user_action == "reset-password" else None
    if args.user_action == "reset-password" and password is None:
        return EXIT_USAGE
    def work(session: Session) -> None:
        user = find_user(session, args.name)
        if user is None:
            raise UserError(f"there is no user {args.name!r}")
        done = _change(session, user, args, password)
        audit.record(session, "cli", done, detail={"username": user.username})

    if not _in_store(settings, args.user_action, work):
        return EXIT_USAGE
    print(f"user {args.name}: {args.user_action}{' --off' if getattr(args, 'off', False) else ''} done")
    return EXIT_OK
