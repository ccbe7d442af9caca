"""`rtt run [--once]`: the daemon. SIGTERM or Ctrl-C stop it cleanly, after the message in hand."""

from __future__ import annotations

import argparse
import functools
import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from config.settings import Settings
from intake.cluster import Membership
from intake.daemon import Daemon, run_loop
from intake.sources import ImapSource, Source, make_source
from intake.web import serve_web
from rtt.privacy import loose_permissions, make_private_dir
from sending.delivery import make_transport
from store.db import StoreInUse, make_engine, sole_user, upgrade_schema
from telemetry.metrics import ProcessMetrics

log = logging.getLogger("rtt.run")

EXIT_STORE_IN_USE = 3
"""Another `rtt run` holds the SQLite store."""


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


def _sent_copies(settings: Settings, source: Source) -> Callable[[str], bool] | None:
    """Where the SMTP server files what it sends (RTT_IMAP_SENT_FOLDER) on the watched IMAP
    mailbox, the sender looks for a reply in doubt before sending it again."""
    if settings.imap_sent_folder and isinstance(source, ImapSource):
        return functools.partial(source.holds_copy, settings.imap_sent_folder)
    return None


def _warn_about_exposure(settings: Settings) -> None:
    """Say at start what would let others read children's data, or see forged mail as ours."""
    loose = loose_permissions(settings.data_dir)
    if loose:
        log.warning(
            "data folder readable by others than its owner (%d paths, e.g. %s): chmod -R go= %s",
            len(loose), loose[0], settings.data_dir,
        )
    if settings.retention_schedule() is None:
        log.warning(
            "no retention schedule (RTT_RETENTION, or <guidance>.retention.toml beside the guidance): "
            "nothing is ever removed"
        )
    if not settings.authserv_ids:
        log.warning(
            "RTT_TRUSTED_AUTHSERV_IDS is not set: DMARC results cannot be seen, so a forged sender in "
            "a trusted domain is answered unless some header says dmarc=fail"
        )


def run(args: argparse.Namespace, settings: Settings) -> int:
    make_private_dir(settings.data_dir)
    _warn_about_exposure(settings)
    try:
        with sole_user(settings.resolved_database_url) as alone:
            return _run(args, settings, alone)
    except StoreInUse as exc:
        log.error("rtt run refused: %s", exc)
        return EXIT_STORE_IN_USE


def _run(args: argparse.Namespace, settings: Settings, alone: bool) -> int:
    """`alone`: this process holds the SQLite store's lock; else the store is shared (PostgreSQL)."""
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
    membership = Membership(engine, settings.worker_lease_seconds, settings.worker_heartbeat_seconds)
    membership.start(exclusive=alone)
    metrics = ProcessMetrics()
    if not args.once:
        # late import: FastAPI and the web app load only when the queue is served (not for --once)
        from web.app import create_app

        serve_web(settings, engine, stop, functools.partial(create_app, metrics=metrics))
    source = make_source(settings)
    transport = make_transport(settings, _sent_copies(settings, source))
    daemon = Daemon(settings, engine, source, transport, membership, metrics)
    try:
        code = run_loop(daemon, stop, once=args.once)
    finally:
        stop.set()
        membership.stop()
        engine.dispose()
    log.info("rtt run stopped")
    return code
