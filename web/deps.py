"""What every route shares: the app's state, the database session, the logged-in officer,
the CSRF check and rendering (with the session cookie written when it changed).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from config.settings import Settings
from parsers.errors import RttError
from store.db import session_scope
from store.models import AppUser
from telemetry.metrics import ProcessMetrics
from triage.catalogue import Guidance
from web.config import WebConfig
from web.followups import Officer
from web.oidc import OidcClient
from web.queries import SchoolNames
from web.security import (
    SESSION_COOKIE,
    SessionCodec,
    SessionData,
    csrf_matches,
    new_session,
    session_fingerprint,
)
from web.templating import uk_today
from web.throttle import KnownDevices, LoginThrottle
from web.totp import SecretBox


@dataclass
class WebState:
    settings: Settings
    engine: Engine
    config: WebConfig
    codec: SessionCodec
    throttle: LoginThrottle
    devices: KnownDevices
    templates: jinja2.Environment
    guidance: Guidance
    schools: SchoolNames = field(default_factory=SchoolNames)
    oidc: OidcClient | None = None
    """The single sign-on provider (None when RTT_OIDC_ISSUER is unset)."""

    @functools.cached_property
    def totp_box(self) -> SecretBox:
        """Seals the second factor's secrets (web.totp), keyed from the web secret key."""
        return SecretBox(self.config.secret_key)
    metrics: ProcessMetrics = field(default_factory=ProcessMetrics)
    """What this process counts (issue 15: /metrics); the daemon's, when it serves the queue."""


class NotLoggedIn(RttError):
    """Raised by `current_officer`; the app answers with the login page (or 401)."""


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def db(request: Request) -> Iterator[Session]:
    with session_scope(web_state(request).engine) as session:
        yield session


def load_session(request: Request) -> SessionData:
    """The signed session from the cookie, or a fresh anonymous one (then written back)."""
    cached = getattr(request.state, "rtt_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = web_state(request).codec.loads(request.cookies.get(SESSION_COOKIE))
    if data is None:
        data = new_session()
        request.state.session_dirty = True
    request.state.rtt_session = data
    return data


def replace_session(request: Request, data: SessionData) -> None:
    request.state.rtt_session = data
    request.state.session_dirty = True


def write_session_cookie(request: Request, response: Response) -> None:
    if not getattr(request.state, "session_dirty", False):
        return
    state = web_state(request)
    response.set_cookie(
        SESSION_COOKIE, state.codec.dumps(load_session(request)), max_age=state.codec.max_age_seconds,
        httponly=True, secure=state.config.secure_cookies, samesite="lax", path="/",
    )


DbSession = Annotated[Session, Depends(db, scope="function")]
"""Committed when the route returns, before the response is sent (a redirect then sees it)."""


SEEN_REFRESH_SECONDS = 15
"""The last-seen time in the cookie moves on at most this often (fewer cookie writes)."""


def current_officer(request: Request, session: DbSession) -> Officer:
    data = load_session(request)
    if data.user_id is None:
        raise NotLoggedIn
    user = session.get(AppUser, data.user_id)
    if user is None or user.disabled or session_fingerprint(user) != data.fingerprint:
        raise NotLoggedIn
    now, idle = int(time.time()), web_state(request).config.idle_seconds
    if data.seen is None or now - data.seen > idle:
        raise NotLoggedIn
    if now - data.seen >= min(SEEN_REFRESH_SECONDS, max(1, idle // 3)):
        data.seen = now
        request.state.session_dirty = True
    assert user.id is not None
    officer = Officer(user.id, user.username, user.role)
    request.state.officer = officer
    return officer


LoggedIn = Annotated[Officer, Depends(current_officer)]


def require_admin(officer: LoggedIn) -> Officer:
    if officer.role != "admin":
        raise HTTPException(status_code=403, detail="This needs an administrator.")
    return officer


Admin = Annotated[Officer, Depends(require_admin)]


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def require_csrf(request: Request) -> None:
    """Every POST carries the session's token (and, when the browser says, our own origin)."""
    form = await request.form()
    token = form.get("csrf_token")
    if not _same_origin(request) or not csrf_matches(load_session(request).csrf, str(token or "")):
        raise HTTPException(status_code=403, detail="The form has expired or did not come from this site.")


CSRF_CHECKED = [Depends(require_csrf)]


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    state = web_state(request)
    base = {
        "csrf_token": load_session(request).csrf,
        "officer": getattr(request.state, "officer", None),
        "nonce": getattr(request.state, "csp_nonce", ""),
        "today": uk_today(),
        "request_path": request.url.path,
    }
    html = state.templates.get_template(name).render(**base, **context)
    response = HTMLResponse(html, status_code=status_code)
    write_session_cookie(request, response)
    return response
