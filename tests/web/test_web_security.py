"""The web queue's security: sessions, CSRF, roles, escaping, downloads (logins: test_web_login)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from store.db import session_scope
from store.models import AppUser, AuditEvent, Case
from tests.web.conftest import (
    ADMIN,
    HOSTILE_FILENAME,
    HOSTILE_PUPIL,
    HOSTILE_SUBJECT,
    OFFICER,
    Seeded,
    csrf_of,
    https_client,
    login,
    make_app,
)
from web.security import SESSION_COOKIE

PAGES = [
    "/",
    "/cases/{id}",
    "/cases/{id}/followup",
    "/reports/half-term",
    "/reports/half-term?format=csv",
    "/admin/users",
    "/messages/1",
    "/attachments/1",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_without_a_session(client: TestClient, store: Seeded, path: str) -> None:
    response = client.get(path.format(id=store.over_six))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert "Mia" not in response.text


def test_a_forged_or_foreign_cookie_is_not_a_session(client: TestClient, store: Seeded, tmp_path) -> None:
    client.cookies.set(SESSION_COOKIE, "eyJjIjoieCIsInUiOjF9.forged.sig", domain="testserver.local")
    assert client.get("/").status_code == 303
    other = https_client(make_app(store.engine, tmp_path / "other"))
    login(other, OFFICER)
    stolen = other.cookies.get(SESSION_COOKIE)
    assert stolen
    client.cookies.set(SESSION_COOKIE, stolen, domain="testserver.local")
    assert client.get("/").status_code == 303, "a cookie signed with another key must not work"


def test_posts_without_a_session_are_refused(client: TestClient, store: Seeded) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        f"/cases/{store.over_six}/close", data={"outcome": "withdrawn", "csrf_token": token}
    )
    assert response.status_code == 401


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_csrf_is_refused(officer_client: tuple[TestClient, str], store: Seeded, token: str | None) -> None:
    client, _ = officer_client
    data = {"outcome": "withdrawn"} | ({"csrf_token": token} if token is not None else {})
    response = client.post(f"/cases/{store.over_six}/close", data=data)
    assert response.status_code == 403
    with session_scope(store.engine) as s:
        assert s.get(Case, store.over_six).status == "needs_officer"


def test_a_cross_site_origin_is_refused_even_with_the_token(officer_client, store: Seeded) -> None:
    client, token = officer_client
    response = client.post(
        f"/cases/{store.over_six}/notes",
        data={"text": "x", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_login_needs_the_csrf_token_too(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": OFFICER[0], "password": OFFICER[1]})
    assert response.status_code == 403


def test_session_cookie_flags(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_login_rotates_the_csrf_token(client: TestClient) -> None:
    before = csrf_of(client.get("/login").text)
    assert login(client, OFFICER) != before


def test_logout_ends_the_session_and_any_copy_of_it(officer_client: tuple[TestClient, str], app) -> None:
    client, token = officer_client
    copied = https_client(app)
    copied.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE], domain="testserver.local")
    assert copied.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303
    assert copied.get("/").status_code == 303, "a copy of the cookie dies with the logout"


def test_an_officer_cannot_act_as_an_admin(officer_client: tuple[TestClient, str], store: Seeded) -> None:
    client, token = officer_client
    assert client.get("/admin/users").status_code == 403
    response = client.post(
        "/admin/users",
        data={"username": "mallory", "password": "mallory-password", "role": "admin", "csrf_token": token},
    )
    assert response.status_code == 403
    response = client.post(f"/cases/{store.closed}/reopen", data={"reason": "mine now", "csrf_token": token})
    assert response.status_code == 403
    with session_scope(store.engine) as s:
        assert s.exec(select(AppUser).where(AppUser.username == "mallory")).first() is None
        assert s.get(Case, store.closed).status == "closed"


def test_an_admin_can(client: TestClient, store: Seeded) -> None:
    token = login(client, ADMIN)
    assert client.get("/admin/users").status_code == 200
    response = client.post(
        f"/cases/{store.closed}/reopen", data={"reason": "closed in error", "csrf_token": token}
    )
    assert response.status_code == 303
    with session_scope(store.engine) as s:
        assert s.get(Case, store.closed).status == "needs_officer"


# Login throttling, X-Forwarded-For and the password rules: tests/web/test_web_login.py.


def test_sender_text_is_escaped_everywhere(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    pages = [
        client.get("/?status=all").text,
        client.get(f"/cases/{store.hostile}").text,
        client.get(f"/messages/{_message_of(store, store.hostile)}").text,
        client.get("/reports/half-term?from=2000-01-01&to=2100-01-01").text,
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>Zoe</b>" not in html
    case_page = pages[1]
    assert "&lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt;" in case_page
    assert "&lt;img src=x onerror=alert(1)&gt;plan.pdf" in case_page
    assert "&lt;b&gt;Zoe&lt;/b&gt;" in case_page
    assert 'href="javascript:' not in case_page
    assert HOSTILE_SUBJECT and HOSTILE_FILENAME and HOSTILE_PUPIL


def _message_of(store: Seeded, case_id: int) -> int:
    from store.models import RawMessage

    with session_scope(store.engine) as s:
        return s.exec(select(RawMessage.id).where(RawMessage.case_id == case_id)).one()


def test_security_headers(officer_client) -> None:
    client, _ = officer_client
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
    assert re.fullmatch(r"app;dur=\d+\.\d", headers["server-timing"])


def test_attachments_are_always_downloads(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    html = client.get(f"/cases/{store.hostile}").text
    attachment = re.search(r'href="/attachments/(\d+)"', html)
    assert attachment
    response = client.get(f"/attachments/{attachment.group(1)}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    plain = re.fullmatch(r'attachment; filename="([^"]+)"; filename\*=UTF-8\'\'(\S+)', disposition)
    assert plain, disposition
    assert "<" not in disposition and plain.group(1) == "_img_src_x_onerror_alert_1__plan.pdf"
    assert response.content.startswith(b"%PDF")
    with session_scope(store.engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "download_attachment")).all()
        assert [e.actor for e in events] == [OFFICER[0]]


def test_next_after_login_stays_on_this_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login?next=//evil.example/x").text)
    response = client.post(
        "/login",
        data={
            "username": OFFICER[0],
            "password": OFFICER[1],
            "csrf_token": token,
            "next": "https://evil.example/",
        },
    )
    assert response.headers["location"] == "/"
