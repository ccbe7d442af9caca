"""`rtt run [--once]`: the daemon. SIGTERM or Ctrl-C stop it cleanly, after the message in hand."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType
from typing import Any

from intake.daemon import Daemon, run_loop
from intake.sources import make_source
from intake.web import serve_web
from replies.send import make_transport
from rtt.settings import Settings
from store.db import make_engine, upgrade_schema

log = logging.getLogger("rtt.run")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("run", help="watch the mailbox, process, reply and serve the web queue")
    p.add_argument("--once", action="store_true", help="process what is waiting, send what is due, then exit")
    p.set_defaults(handler=run)


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: stopping after the message in hand", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def run(args: argparse.Namespace, settings: Settings) -> int:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    upgrade_schema(engine)
    stop = threading.Event()
    _stop_on_signals(stop)
    health = settings.describe()
    log.info(
        "rtt run started: watch=%s send=%s store=%s once=%s",
        health["watch"],
        health["send"],
        health["store"],
        bool(args.once),
    )
    if not args.once:
        serve_web(settings, engine, stop)
    daemon = Daemon(settings, engine, make_source(settings), make_transport(settings))
    try:
        code = run_loop(daemon, stop, once=args.once)
    finally:
        stop.set()
        engine.dispose()
    log.info("rtt run stopped")
    return code
