"""The officers' triage queue: a FastAPI app of server-rendered pages (no script at all).

`rtt run` serves `create_app(settings, engine)` at RTT_WEB_HOST:RTT_WEB_PORT.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from config.settings import Settings
from telemetry.metrics import ProcessMetrics
from web import (
    routes_admin,
    routes_auth,
    routes_case,
    routes_files,
    routes_ops,
    routes_queue,
    routes_report,
    routes_signin,
)
from web.config import WebConfig
from web.deps import NotLoggedIn, WebState, render
from web.middleware import SecurityHeaders
from web.oidc import OidcClient
from web.routes_correct import router as correct_router
from web.routes_notify import router as notify_router
from web.routes_pages import router as pages_router
from web.routes_pupil import router as pupil_router
from web.routes_records import router as records_router
from web.routes_school import router as school_router
from web.routes_templates import router as templates_router
from web.routes_trusted import router as trusted_router
from web.routes_write import router as write_router
from web.security import SessionCodec
from web.templating import make_environment
from web.throttle import KnownDevices, LoginThrottle

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings, engine: Engine, config: WebConfig | None = None, metrics: ProcessMetrics | None = None
) -> FastAPI:
    config = config or WebConfig.from_settings(settings)
    app = FastAPI(title="RTT triage queue", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = WebState(
        settings=settings, engine=engine, config=config,
        codec=SessionCodec(config.secret_key, config.session_max_age_seconds),
        throttle=LoginThrottle(config.throttle),
        devices=KnownDevices(config.secret_key, config.known_device_days * 86400),
        templates=make_environment(), guidance=settings.loaded_guidance,
        oidc=OidcClient(config.oidc) if config.oidc is not None else None,
        metrics=metrics or ProcessMetrics(),
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (routes_auth, routes_queue, routes_case, routes_files, routes_admin, routes_report):
        app.include_router(module.router)
    app.include_router(routes_signin.router)
    app.include_router(records_router)
    app.include_router(routes_ops.router)
    app.include_router(correct_router)
    app.include_router(write_router)
    app.include_router(templates_router)
    app.include_router(school_router)
    app.include_router(pupil_router)
    app.include_router(trusted_router)
    app.include_router(pages_router)
    app.include_router(notify_router)
    app.add_api_route("/favicon.ico", _no_icon, include_in_schema=False)
    app.add_exception_handler(NotLoggedIn, _not_logged_in)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_middleware(SecurityHeaders)
    return app


async def _no_icon() -> Response:
    """Browsers ask for one; there is none (and it is not a page, so no session is needed)."""
    return Response(status_code=204)


async def _not_logged_in(request: Request, _exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return HTMLResponse("Please log in.", status_code=401)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return render(request, "error.html", {"status": exc.status_code, "detail": str(exc.detail)},
                  status_code=exc.status_code)


async def _bad_request(request: Request, _exc: Exception) -> Response:
    context = {"status": 400, "detail": "Some of the form was missing or wrong."}
    return render(request, "error.html", context, status_code=400)
