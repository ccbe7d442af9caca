"""The half-termly list: a page with a date range, its CSV, and a printable page."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from web import audit
from web.deps import DbSession, LoggedIn, render, web_state
from web.report import COLUMNS, half_term_rows, to_csv
from web.statistics import county_statistics, statistics_csv
from web.templating import uk_today

router = APIRouter()
DEFAULT_SPAN_DAYS = 49


def _range(request: Request) -> tuple[date, date]:
    today = uk_today()
    try:
        start = date.fromisoformat(request.query_params.get("from") or (today - timedelta(DEFAULT_SPAN_DAYS))
                                   .isoformat())
        end = date.fromisoformat(request.query_params.get("to") or today.isoformat())
    except ValueError as exc:
        raise HTTPException(status_code=400, detail="Dates are YYYY-MM-DD.") from exc
    if end < start:
        raise HTTPException(status_code=400, detail="The end date is before the start date.")
    return start, end


@router.get("/reports/half-term", response_class=HTMLResponse)
def half_term(
    request: Request, officer: LoggedIn, session: DbSession
) -> Response:
    start, end = _range(request)
    rows = half_term_rows(session, start, end, web_state(request).guidance)
    fmt = request.query_params.get("format", "")
    audit.record(session, officer.username, "report_half_term",
                 detail={"from": start.isoformat(), "to": end.isoformat(), "format": fmt or "page",
                         "rows": len(rows)})
    if fmt == "csv":
        name = f"rtt-half-term-{start.isoformat()}-{end.isoformat()}.csv"
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    template = "report_print.html" if fmt == "print" else "report.html"
    return render(request, template, {"rows": rows, "columns": COLUMNS, "start": start, "end": end})


@router.get("/reports/statistics", response_class=HTMLResponse)
def county_numbers(request: Request, officer: LoggedIn, session: DbSession) -> Response:
    """The county's numbers for a period: a page with charts and the numbers beside them, or CSV."""
    start, end = _range(request)
    numbers = county_statistics(session, start, end, web_state(request).guidance)
    fmt = request.query_params.get("format", "")
    audit.record(session, officer.username, "report_statistics",
                 detail={"from": start.isoformat(), "to": end.isoformat(), "format": fmt or "page"})
    if fmt == "csv":
        name = f"rtt-statistics-{start.isoformat()}-{end.isoformat()}.csv"
        return Response(statistics_csv(numbers), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return render(request, "statistics.html", {"s": numbers, "start": start, "end": end,
                                               "limit_weeks": web_state(request).guidance.max_reduced_weeks})
