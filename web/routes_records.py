"""A child's records (issue 13): the legal hold on a case (officers set it, administrators lift
it), and for administrators the retention schedule with what it removes today, erasure on
request, the subject access export and the report of who saw what (page and CSV)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from records.access import ACCESS_ACTIONS, COLUMNS, AccessFilter, access_rows
from records.export import ExportError, export_pupil, safe_name
from records.lifecycle import ErasureError, erase_cases, preview
from records.places import Places
from store.cases import case_by_reference
from store.erasure import HoldError, lift_hold, pupil_cases, set_hold
from store.models import Case
from web import audit
from web.deps import CSRF_CHECKED, Admin, DbSession, LoggedIn, render, web_state
from web.report import csv_text
from web.templating import uk_today

router = APIRouter()


def _day(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=f"{field}: dates are YYYY-MM-DD.") from exc


@router.post("/cases/{case_id}/hold", dependencies=CSRF_CHECKED)
def case_hold(
    case_id: int, action: Annotated[str, Form()], reason: Annotated[str, Form(max_length=2000)],
    officer: LoggedIn, session: DbSession,
) -> Response:
    if session.get(Case, case_id) is None:
        raise HTTPException(status_code=404, detail="No such case.")
    if action == "lift" and officer.role != "admin":
        raise HTTPException(status_code=403, detail="Lifting a legal hold needs an administrator.")
    if action not in ("set", "lift") or not reason.strip():
        raise HTTPException(status_code=400, detail="Say why.")
    try:
        if action == "set":
            set_hold(session, case_id=case_id, reason=reason, actor=officer.username)
        else:
            lift_hold(session, case_id=case_id, reason=reason, actor=officer.username)
    except HoldError as exc:
        raise HTTPException(status_code=409, detail=f"Not done: {exc}.") from exc
    return RedirectResponse(f"/cases/{case_id}?done=legal_hold_{action}#hold", status_code=303)


@router.get("/admin/records", response_class=HTMLResponse)
def records_page(request: Request, admin: Admin, session: DbSession) -> Response:
    state = web_state(request)
    schedule = state.settings.retention_schedule()
    due = preview(state.engine, schedule, uk_today()) if schedule else []
    return render(request, "records.html", {
        "schedule": schedule, "due": due, "done": request.query_params.get("done", "")[:64]})


@router.post("/admin/erase/find", response_class=HTMLResponse, dependencies=CSRF_CHECKED)
def erase_find(
    request: Request, admin: Admin, session: DbSession,
    name: Annotated[str, Form(max_length=255)] = "", dob: Annotated[str, Form(max_length=10)] = "",
    reference: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """The cases an erasure would take, to confirm (nothing changes yet)."""
    if reference.strip():
        found = case_by_reference(session, reference.strip().upper())
        cases = [found] if found else []
    elif name.strip():
        cases = pupil_cases(session, name=name, dob=_day(dob, "Date of birth"))
    else:
        raise HTTPException(status_code=400, detail="Give a pupil's name or a case reference.")
    return render(request, "erase_confirm.html", {"cases": cases})


@router.post("/admin/erase", dependencies=CSRF_CHECKED)
async def erase(request: Request, admin: Admin) -> Response:
    form = await request.form()
    reason = str(form.get("reason") or "")[:2000]
    ids = [int(str(v)) for v in form.getlist("case_id") if str(v).isdigit()]
    if form.get("confirm") != "yes":
        raise HTTPException(status_code=400, detail="Tick the box to confirm the erasure.")
    state = web_state(request)
    places = Places(maildir=state.settings.resolved_maildir, outbox=state.settings.outbox_dir)
    try:
        erase_cases(state.engine, places, ids, reason, admin.username)
    except ErasureError as exc:
        raise HTTPException(status_code=409, detail=f"Nothing was erased: {exc}.") from exc
    return RedirectResponse(f"/admin/records?done=erased_{len(ids)}_cases", status_code=303)


@router.post("/admin/export", dependencies=CSRF_CHECKED)
def export(
    admin: Admin, session: DbSession, name: Annotated[str, Form(max_length=255)],
    dob: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        born = _day(dob, "Date of birth")
        archive, _ = export_pupil(session, name, born, admin.username, datetime.now(UTC))
    except ExportError as exc:
        raise HTTPException(status_code=404, detail=f"Nothing exported: {exc}.") from exc
    filename = f"subject-access-{safe_name(name).replace(' ', '-').lower()}-{uk_today().isoformat()}.zip"
    return Response(archive, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff"})


@router.get("/admin/access", response_class=HTMLResponse)
def access_report(
    request: Request, admin: Admin, session: DbSession, user: str = "", pupil: str = "", case: str = "",
    action: str = "", since: str = "", until: str = "", format: str = "",
) -> Response:
    wanted = AccessFilter(user=user[:255], pupil=pupil[:255], case=case[:32], action=action[:64],
                          since=_day(since, "From"), until=_day(until, "To"))
    rows = access_rows(session, wanted)
    audit.record(session, admin.username, "report_access",
                 detail={"rows": len(rows), "format": format or "page"})
    if format == "csv":
        return Response(csv_text(COLUMNS, [r.cells() for r in rows]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="rtt-access.csv"'})
    query = request.url.query
    return render(request, "access.html", {
        "rows": rows, "wanted": wanted, "actions": ACCESS_ACTIONS,
        "csv_query": (query + "&" if query else "") + "format=csv"})
