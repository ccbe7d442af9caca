"""The officers' web queue, served from a thread of the daemon's process.

`serve_web` starts the app that `app_factory(settings, engine)` makes under uvicorn; the
command that runs the daemon gives `web.app.create_app` (intake itself knows nothing of the web).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from config.settings import Settings

log = logging.getLogger(__name__)


AppFactory = Callable[[Settings, Engine], Any]
"""Makes the web queue's ASGI app: `web.app.create_app`."""


def serve_web(
    settings: Settings, engine: Engine, stop: threading.Event, app_factory: AppFactory
) -> threading.Thread | None:
    """Start the web queue in a thread; it stops when `stop` is set. None when it is switched off."""
    if not settings.web_enabled:
        return None
    import uvicorn

    config = uvicorn.Config(
        app_factory(settings, engine),
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
