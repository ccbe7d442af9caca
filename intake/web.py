"""The officers' web queue, served from a thread of the daemon's process.

`serve_web` is the hook: it starts `web.app.create_app(settings, engine)` under uvicorn when
the web package provides it, and does nothing (returns None) until it does.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

from sqlalchemy.engine import Engine

from config.settings import Settings

log = logging.getLogger(__name__)


def _app_factory() -> Any:
    try:
        module = importlib.import_module("web.app")
    except ImportError as exc:
        log.info("web queue not served: web.app is not there (%s)", exc.name)
        return None
    return getattr(module, "create_app", None)


def serve_web(settings: Settings, engine: Engine, stop: threading.Event) -> threading.Thread | None:
    """Start the web queue in a thread; it stops when `stop` is set. None when there is none."""
    if not settings.web_enabled:
        return None
    factory = _app_factory()
    if factory is None:
        return None
    import uvicorn

    config = uvicorn.Config(
        factory(settings, engine),
        host=settings.web_host,
        port=settings.web_port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        proxy_headers=False,  # the app alone decides whom to believe (RTT_WEB_TRUSTED_PROXIES)
    )
    server = uvicorn.Server(config)

    def watch_stop() -> None:
        stop.wait()
        server.should_exit = True

    thread = threading.Thread(target=server.run, name="rtt-web", daemon=True)
    thread.start()
    threading.Thread(target=watch_stop, name="rtt-web-stop", daemon=True).start()
    log.info("web queue on http://%s:%d/", settings.web_host, settings.web_port)
    return thread
