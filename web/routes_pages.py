"""Pages anyone may read without logging in: the accessibility statement."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from web.deps import render, web_state

router = APIRouter()


@router.get("/accessibility", response_class=HTMLResponse)
def accessibility_statement(request: Request) -> Response:
    """The statement in the usual UK public-sector form (no case data on it)."""
    return render(request, "accessibility.html", {"team_address": web_state(request).settings.from_address})
