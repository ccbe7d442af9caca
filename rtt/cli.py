"""The `rtt` command. Each subcommand lives in its own module with `add_parser(subparsers)`.

Settings are built here, once, and passed down.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from config.settings import Settings
from rtt.privacy import install_log_filter, set_private_umask

SUBCOMMANDS = {
    "check": "rtt.cmd_check",
    "run": "rtt.cmd_run",
    "user": "rtt.cmd_user",
    "report": "rtt.cmd_report",
    "doctor": "rtt.cmd_doctor",
    "retention": "rtt.cmd_retention",
    "erase": "rtt.cmd_erase",
    "export": "rtt.cmd_export",
    "backup": "rtt.cmd_backup",
    "reminders": "rtt.cmd_reminders",
    "schools": "rtt.cmd_schools",
    "digest": "rtt.cmd_digest",
    "reread": "rtt.cmd_reread",
}
"""Command name to module. Only the module of the command being run is imported, so that
`rtt check` does not pay for the daemon's and the web queue's imports."""

EXIT_USAGE = 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that subcommand's module is imported."""
    parser = argparse.ArgumentParser(
        prog="rtt", description="Reintegration timetable intake for the County Attendance Team."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in SUBCOMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).add_parser(sub)
    return parser


def _chosen_command(argv: Sequence[str]) -> str | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in SUBCOMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    set_private_umask()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen_command(argv))
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"rtt: bad setting {first['loc']}: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    install_log_filter()
    result: int = args.handler(args, settings)
    return result


if __name__ == "__main__":
    sys.exit(main())
