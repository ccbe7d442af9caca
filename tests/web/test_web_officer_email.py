"""Emails to officers (issue 12): an admin sets a user's address and switches on the users
page, the user turns their own alerts and digest on or off on their account page, `rtt user
set-email` and `rtt user notifications` do the same from the shell; each is audited, a bad
address is refused with a clear message, and an officer cannot set anyone's address."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from rtt import cli
from store.db import session_scope
from store.models import AppUser, AuditEvent
from tests.web.conftest import ADMIN, OFFICER, Seeded, login
from web.oidc import OidcClient, OidcConfig
from web.users import oidc_user


def _user(store: Seeded, name: str) -> AppUser:
    with session_scope(store.engine) as s:
        user = s.exec(select(AppUser).where(AppUser.username == name)).one()
        s.expunge(user)
        return user


def _actions(store: Seeded, *actions: str) -> list[tuple[str, str, dict[str, object]]]:
    with session_scope(store.engine) as s:
        query = select(AuditEvent).where(col(AuditEvent.action).in_(actions)).order_by(col(AuditEvent.id))
        return [(e.actor, e.action, e.detail) for e in s.exec(query).all()]


def test_an_admin_sets_an_officers_email_and_switches(client: TestClient, store: Seeded) -> None:
    csrf = login(client, ADMIN)
    olivia = _user(store, OFFICER[0])
    assert (olivia.email, olivia.alerts_enabled, olivia.digest_enabled) == (None, True, True)  # defaults
    assert "Email for olivia" in client.get("/admin/users").text
    url = f"/admin/users/{olivia.id}/email"
    form = {"email": " Olivia.Officer@OXFORDSHIRE.gov.uk ", "alerts": "on", "csrf_token": csrf}
    done = client.post(url, data=form)
    assert done.status_code == 303
    olivia = _user(store, OFFICER[0])
    assert (olivia.email, olivia.alerts_enabled, olivia.digest_enabled) == (
        "Olivia.Officer@oxfordshire.gov.uk", True, False
    )
    assert 'value="Olivia.Officer@oxfordshire.gov.uk"' in client.get("/admin/users").text
    refused = client.post(url, data={"email": "olivia <o@x.gov.uk>", "alerts": "on", "csrf_token": csrf})
    assert refused.status_code == 400 and "the email address is not usable" in refused.text
    assert _user(store, OFFICER[0]).email == "Olivia.Officer@oxfordshire.gov.uk"  # unchanged
    assert client.post(url, data={"email": "", "csrf_token": csrf}).status_code == 303  # cleared
    assert _user(store, OFFICER[0]).email is None
    assert client.post(url, data={"email": "o@oxfordshire.gov.uk"}).status_code in (400, 403)  # no CSRF
    assert _actions(store, "user_email") == [
        ("adam", "user_email", {"username": "olivia", "set": True}),
        ("adam", "user_email", {"username": "olivia", "set": False}),
    ]


def test_an_officer_turns_their_own_alerts_off_but_sets_no_address(client: TestClient, store: Seeded) -> None:
    csrf = login(client, OFFICER)
    page = client.get("/account/security").text
    assert "Emails to you" in page and "No email address is set for you" in page
    done = client.post("/account/notifications", data={"digest": "on", "csrf_token": csrf})
    assert done.status_code == 303
    olivia = _user(store, OFFICER[0])
    assert (olivia.alerts_enabled, olivia.digest_enabled) == (False, True)
    assert 'name="alerts" value="on" >' in client.get("/account/security").text  # unchecked now
    admin = _user(store, ADMIN[0])
    form = {"email": "x@oxfordshire.gov.uk", "csrf_token": csrf}
    forbidden = client.post(f"/admin/users/{admin.id}/email", data=form)
    assert forbidden.status_code == 403
    assert _user(store, ADMIN[0]).email is None
    assert _actions(store, "user_notifications") == [
        ("olivia", "user_notifications", {"username": "olivia", "alerts": False, "digest": True})
    ]


def test_rtt_user_set_email_and_notifications(
    store: Seeded, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("RTT_DATABASE_URL", str(store.engine.url))
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path))
    assert cli.main(["user", "set-email", "olivia", "olivia@oxfordshire.gov.uk"]) == 0
    assert cli.main(["user", "notifications", "olivia", "--digest", "off"]) == 0
    olivia = _user(store, "olivia")
    assert (olivia.email, olivia.alerts_enabled, olivia.digest_enabled) == (
        "olivia@oxfordshire.gov.uk", True, False
    )
    assert cli.main(["user", "set-email", "olivia", "not an address"]) == 2
    assert "the email address is not usable" in capsys.readouterr().err
    assert cli.main(["user", "set-email", "nobody", "n@oxfordshire.gov.uk"]) == 2
    assert _user(store, "olivia").email == "olivia@oxfordshire.gov.uk"
    assert [a[:2] for a in _actions(store, "user_email", "user_notifications")] == [
        ("cli", "user_email"), ("cli", "user_notifications")
    ]


def test_a_single_sign_on_user_takes_the_id_tokens_email_unless_an_admin_set_one(store: Seeded) -> None:
    issuer = "https://login.example.gov.uk"
    with session_scope(store.engine) as s:
        user = oidc_user(s, issuer, "sub-1", "nina@oxfordshire.gov.uk", "officer", "nina@oxfordshire.gov.uk")
        assert user.email == "nina@oxfordshire.gov.uk"
        user.email = "nina.admin.set@oxfordshire.gov.uk"
        other = "other@oxfordshire.gov.uk"
        again = oidc_user(s, issuer, "sub-1", "nina@oxfordshire.gov.uk", "officer", other)
        assert again.email == "nina.admin.set@oxfordshire.gov.uk"  # an admin's address stands
        odd = oidc_user(s, issuer, "sub-2", "odd", "officer", "Odd <odd@oxfordshire.gov.uk>")
        assert odd.email is None  # not one plain address: nothing is set
    assert [a[2] for a in _actions(store, "user_email")] == [
        {"username": "nina@oxfordshire.gov.uk", "set": True}
    ]


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": "a@oxfordshire.gov.uk"}, "a@oxfordshire.gov.uk"),
        ({"email": "a@oxfordshire.gov.uk", "email_verified": False}, None),
        ({"email": ""}, None),
        ({}, None),
    ],
)
def test_the_id_tokens_email_claim(claims: dict[str, object], email: str | None) -> None:
    config = OidcConfig(issuer="https://idp.example", client_id="c", client_secret="s",
                        admin_groups=frozenset(), officer_groups=frozenset({"g"}))
    token = {"iss": "https://idp.example", "sub": "x", "groups": ["g"], **claims}
    identity = OidcClient(config)._identity(token)
    assert identity.email == email
