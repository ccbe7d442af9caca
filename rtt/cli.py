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

from rtt.settings import Settings

SUBCOMMAND_MODULES = ("rtt.cmd_check", "rtt.cmd_run")

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rtt", description="Reintegration timetable intake for the County Attendance Team."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
    result: int = args.handler(args, settings)
    return result


if __name__ == "__main__":
    sys.exit(main())
