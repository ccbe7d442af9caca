"""`/healthz` and `/metrics` for the council's monitoring (no login: they carry counts, times
and the mailbox's address, never a child's data; bind the web queue to a private address)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from telemetry.metrics import CONTENT_TYPE
from web.deps import web_state
from web.ops import health, metrics_text

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> Response:
    state = web_state(request)
    report = health(state.engine, state.settings, state.metrics)
    return JSONResponse(report, status_code=200 if report["ok"] else 503)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    state = web_state(request)
    return Response(metrics_text(state.engine, state.settings, state.metrics), media_type=CONTENT_TYPE)
