"""Administrators only: the trusted sender domains (issue 14). Those of the setting
RTT_TRUSTED_SENDER_DOMAINS are listed (they change only there); admins add and remove their own,
one at a time or all the email domains of the school directory's open schools at once. Every
change is audited. The daemon, the sender and the write page trust both (`store.trusted_domains`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from store.trusted_domains import (
    DomainRefused,
    add_domain,
    normalised,
    remove_domain,
    stored_rows,
    untrusted_directory_domains,
)
from web import audit
from web.deps import CSRF_CHECKED, Admin, DbSession, render, web_state

router = APIRouter()
PAGE = "/admin/trusted-domains"


DONE = {
    "added": "The domain is trusted now", "removed": "The domain is no longer trusted",
    "directory": "The open schools' domains are trusted now",
}


def _page(
    request: Request, session: Session, error: str = "", done: str = "", status_code: int = 200
) -> Response:
    configured = web_state(request).settings.trusted_domains
    return render(request, "trusted_domains.html", {
        "configured": configured, "rows": stored_rows(session), "error": error, "done": done,
        "offered": untrusted_directory_domains(session, configured),
    }, status_code=status_code)


@router.get(PAGE, response_class=HTMLResponse)
def trusted_page(request: Request, admin: Admin, session: DbSession, done: str = "") -> Response:
    return _page(request, session, done=DONE.get(done, ""))


@router.post(PAGE, dependencies=CSRF_CHECKED)
def add_trusted(
    request: Request, admin: Admin, session: DbSession, domain: Annotated[str, Form(max_length=300)],
) -> Response:
    try:
        name = normalised(domain)
    except DomainRefused as exc:
        return _page(request, session, error=f"Not added: {exc}.", status_code=400)
    if name in web_state(request).settings.trusted_domains or not add_domain(
            session, domain=name, added_by=admin.username):
        return _page(request, session, error=f"Not added: {name} is already trusted.", status_code=400)
    audit.record(session, admin.username, "trusted_domain_added", detail={"domain": name})
    return RedirectResponse(f"{PAGE}?done=added", status_code=303)


@router.post(f"{PAGE}/remove", dependencies=CSRF_CHECKED)
def remove_trusted(
    request: Request, admin: Admin, session: DbSession, domain: Annotated[str, Form(max_length=300)],
) -> Response:
    name = domain.strip().lower()
    if not remove_domain(session, domain=name):
        return _page(request, session, error="Not removed: that domain is not one admins added.",
                     status_code=400)
    audit.record(session, admin.username, "trusted_domain_removed", detail={"domain": name})
    return RedirectResponse(f"{PAGE}?done=removed", status_code=303)


@router.post(f"{PAGE}/directory", dependencies=CSRF_CHECKED)
def add_directory_domains(request: Request, admin: Admin, session: DbSession) -> Response:
    """Trust every email domain of the directory's open schools that is not trusted yet."""
    added = [d for d in untrusted_directory_domains(session, web_state(request).settings.trusted_domains)
             if add_domain(session, domain=d, added_by=admin.username)]
    audit.record(session, admin.username, "trusted_domains_from_directory", detail={"domains": added})
    return RedirectResponse(f"{PAGE}?done=directory", status_code=303)
