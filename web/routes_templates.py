"""Administrators only: the officers' letter templates (issue 14). A page lists them; each has
an editor with a preview on a sample case, its saved versions (one can be restored) and the
variables it may use. Every save is a new version, checked first (`web.letter_templates`), and
audited; so is every restore."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from store.letter_templates import current_versions, save_version, version_of, versions
from web import audit
from web.deps import CSRF_CHECKED, Admin, DbSession, render, web_state
from web.followups import LETTERS
from web.letter_templates import (
    MAX_CHARS,
    TemplateRefused,
    check_source,
    current_source,
    shipped,
    variables,
)

router = APIRouter()


def _known(template_id: str) -> str:
    if template_id not in LETTERS:
        raise HTTPException(status_code=404, detail="No such template.")
    return template_id


@router.get("/admin/templates", response_class=HTMLResponse)
def templates_page(request: Request, admin: Admin, session: DbSession) -> Response:
    context = {"letters": LETTERS, "current": current_versions(session)}
    return render(request, "letter_templates.html", context)


def _editor(
    request: Request, session: Session, template_id: str, source: str, context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    state = web_state(request)
    version, _ = current_source(session, template_id)
    preview, error = "", context.pop("error", "")
    if not error:
        try:
            preview = check_source(source, state.guidance)
        except TemplateRefused as exc:
            error = f"This version cannot be used: {exc}."
    return render(request, "letter_template.html", {
        "template_id": template_id, "title": LETTERS[template_id], "source": source, "preview": preview,
        "error": error, "version": version, "versions": versions(session, template_id),
        "variables": variables(state.guidance), "max_chars": MAX_CHARS, "saved": "", "previewing": False,
        **context,
    }, status_code=status_code)


@router.get("/admin/templates/{template_id}", response_class=HTMLResponse)
def template_editor(
    template_id: str, request: Request, admin: Admin, session: DbSession, saved: str = "",
) -> Response:
    _known(template_id)
    _, source = current_source(session, template_id)
    return _editor(request, session, template_id, source, {"saved": saved[:32]})


@router.post("/admin/templates/{template_id}", dependencies=CSRF_CHECKED)
def save_template(
    template_id: str, request: Request, admin: Admin, session: DbSession,
    body: Annotated[str, Form(max_length=MAX_CHARS * 2)],
    action: Annotated[str, Form(max_length=16)] = "save",
) -> Response:
    """'preview' shows the letter from the text as typed; 'save' keeps it as a new version
    when it passes the checks, else shows why (nothing is saved)."""
    _known(template_id)
    source = body.replace("\r\n", "\n")
    if action != "save":
        return _editor(request, session, template_id, source, {"previewing": True})
    try:
        check_source(source, web_state(request).guidance)
    except TemplateRefused as exc:
        refused = {"error": f"Not saved: {exc}."}
        return _editor(request, session, template_id, source, refused, status_code=400)
    row = save_version(session, template_id=template_id, body=source, saved_by=admin.username)
    audit.record(session, admin.username, "letter_template_saved",
                 detail={"template": template_id, "version": row.version, "chars": len(source)})
    return RedirectResponse(f"/admin/templates/{template_id}?saved={row.version}", status_code=303)


@router.post("/admin/templates/{template_id}/restore", dependencies=CSRF_CHECKED)
def restore_template(
    template_id: str, request: Request, admin: Admin, session: DbSession,
    version: Annotated[int, Form(ge=0)],
) -> Response:
    """An older version (0: the shipped one) becomes the newest again, as a new version."""
    _known(template_id)
    old = version_of(session, template_id=template_id, version=version)
    if version and old is None:
        raise HTTPException(status_code=400, detail="No such version.")
    source = old.body if old is not None else shipped(template_id)
    try:
        check_source(source, web_state(request).guidance)
    except TemplateRefused as exc:
        context = {"error": f"Not restored: version {version} no longer passes the checks: {exc}."}
        return _editor(request, session, template_id, source, context, status_code=400)
    row = save_version(session, template_id=template_id, body=source, saved_by=admin.username,
                       restored_from=version)
    audit.record(session, admin.username, "letter_template_restored",
                 detail={"template": template_id, "version": row.version, "restored_from": version})
    return RedirectResponse(f"/admin/templates/{template_id}?saved={row.version}", status_code=303)
