"""Signing in: the throttle (per account and address, per address, per account), which address
a request comes from (X-Forwarded-For only from trusted proxies), answers that tell nothing,
and the password rules for new users."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from config.settings import Settings
from intake.web import serve_web
from rtt import cli
from store.db import session_scope
from store.models import AppUser, AuditEvent
from tests.web.conftest import (
    ADMIN,
    OFFICER,
    OFFICER2,
    Seeded,
    csrf_of,
    free_port,
    login,
    password_hash,
)
from web import security
from web.app import create_app
from web.clientaddr import parse_networks, resolve_client
from web.config import WebConfig
from web.routes_auth import LOGIN_REFUSED
from web.throttle import Backoff, LoginThrottle, ThrottlePolicy
from web.users import UserError, validate_new_user

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
ERROR = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.S)


@pytest.fixture(autouse=True)
def cheap_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refusals check against a dummy hash made with the real argon2 cost; the tests' users have
    cheap hashes, so the dummy gets cheap parameters too (dozens of refusals stay fast)."""
    monkeypatch.setattr(security, "_DUMMY_HASH", password_hash("not-a-real-password"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def build_app(store: Seeded, tmp_path: Path, proxies: str = "", **policy: Any) -> FastAPI:
    settings = Settings(data_dir=tmp_path / "data", web_trusted_proxies=proxies)
    config = replace(WebConfig.from_settings(settings), throttle=replace(ThrottlePolicy(), **policy))
    return create_app(settings, store.engine, config)


def client_at(app: FastAPI, address: str) -> TestClient:
    """A browser whose TCP connection comes from `address`."""
    return TestClient(app, base_url="https://testserver", follow_redirects=False, client=(address, 40000))


def attempt(client: TestClient, user: str, password: str, forwarded: str | None = None) -> httpx.Response:
    token = csrf_of(client.get("/login").text)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    data = {"username": user, "password": password, "csrf_token": token}
    return client.post("/login", data=data, headers=headers)


# --- which address a request comes from -------------------------------------------------------

PROXIES = parse_networks(["10.0.0.0/24", "2001:db8:1::5"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("127.0.0.1", ["198.51.100.1"], "127.0.0.1"),  # loopback is not trusted by default
        ("192.0.2.1", ["10.0.0.1"], "192.0.2.1"),  # an untrusted peer's header is ignored
        ("10.0.0.2", [], "10.0.0.2"),
        ("10.0.0.2", [ATTACKER], ATTACKER),
        ("10.0.0.2", [f"198.51.100.1, {ATTACKER}"], ATTACKER),  # the client's own claim is ignored
        ("10.0.0.2", [f"198.51.100.1, {ATTACKER}, 10.0.0.3"], ATTACKER),  # through two proxies
        ("10.0.0.2", ["198.51.100.1", f"{ATTACKER}:5123"], ATTACKER),  # two headers, a port
        ("10.0.0.2", ["10.0.0.9, 10.0.0.3"], "10.0.0.9"),  # proxies all the way: the left-most
        ("10.0.0.2", [f"{ATTACKER}, junk"], "10.0.0.2"),  # garbage stops at the last trusted hop
        ("::ffff:10.0.0.2", [ATTACKER], ATTACKER),
        ("2001:db8:1::5", ["2001:db8:77:1:aaaa::1"], "2001:db8:77:1::/64"),  # IPv6 by /64
        ("testclient", [ATTACKER], "testclient"),
        (None, [ATTACKER], "unknown"),
    ],
)
def test_the_client_address(peer: str | None, forwarded: list[str], expected: str) -> None:
    assert resolve_client(peer, forwarded, PROXIES) == expected


def test_a_bad_trusted_proxy_setting_is_an_error() -> None:
    with pytest.raises(ValueError, match="RTT_WEB_TRUSTED_PROXIES"):
        parse_networks(["10.0.0.0/24", "proxy.example"])


def test_xff_from_an_untrusted_peer_does_not_escape_the_throttle(store: Seeded, tmp_path: Path) -> None:
    """A process on the same host (or anyone through a proxy that passes the header on) sends a
    new X-Forwarded-For with each guess: with no trusted proxies, it is still one address."""
    app = build_app(store, tmp_path, client=Backoff(free=4, first_wait=60, longest_wait=900))
    local = client_at(app, "127.0.0.1")
    for i in range(5):
        assert attempt(local, f"user{i}", "guess-guess", forwarded=f"192.0.2.{i + 1}").status_code == 401
    refused = attempt(local, *ADMIN, forwarded="192.0.2.200")
    assert refused.status_code == 401, "a fresh X-Forwarded-For must not reset the throttle"
    assert attempt(client_at(app, OWNER), *ADMIN).status_code == 303, "another address is not held"


@pytest.fixture
def served(store: Seeded, tmp_path: Path) -> Iterator[str]:
    """The web queue as `rtt run` serves it (intake.web.serve_web: uvicorn), on a free port."""
    port = free_port()
    settings = Settings(
        data_dir=tmp_path / "data", web_host="127.0.0.1", web_port=port, web_secure_cookies=False
    )
    stop = threading.Event()
    thread = serve_web(settings, store.engine, stop, create_app)
    assert thread is not None
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(f"{base}/favicon.ico", timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail("the web queue did not start")
            time.sleep(0.05)
    try:
        yield base
    finally:
        stop.set()
        thread.join(timeout=10)


def test_xff_through_the_served_app_does_not_escape_the_throttle(served: str) -> None:
    """The tester's finding, end to end: from loopback, a new X-Forwarded-For per guess. The web
    server must not believe the header either (uvicorn does, for loopback, unless told not to)."""
    with httpx.Client(base_url=served, follow_redirects=False) as client:
        token = csrf_of(client.get("/login").text)
        free = ThrottlePolicy().client.free
        for i in range(free):
            data = {"username": f"user{i}", "password": "guess-guess", "csrf_token": token}
            client.post("/login", data=data, headers={"X-Forwarded-For": f"192.0.2.{i + 1}"})
        data = {"username": ADMIN[0], "password": ADMIN[1], "csrf_token": token}
        right = client.post("/login", data=data, headers={"X-Forwarded-For": "192.0.2.250"})
    assert right.status_code == 401, "X-Forwarded-For from an untrusted peer escaped the throttle"


def test_xff_from_a_trusted_proxy_is_honoured(store: Seeded, tmp_path: Path) -> None:
    app = build_app(store, tmp_path, proxies="10.0.0.0/24",
                    client=Backoff(free=4, first_wait=60, longest_wait=900))
    proxy = client_at(app, "10.0.0.2")
    for i in range(4):
        assert attempt(proxy, f"user{i}", "guess-guess", forwarded=ATTACKER).status_code == 401
    for forwarded in (ATTACKER, f"198.51.100.1, {ATTACKER}", f"{ATTACKER}, 10.0.0.3"):
        assert attempt(proxy, *ADMIN, forwarded=forwarded).status_code == 401, forwarded
    assert attempt(proxy, *ADMIN, forwarded=OWNER).status_code == 303, "the proxy's other clients"


# --- the owner is never locked out -----------------------------------------------------------


def test_the_owner_logs_in_after_many_failures_from_another_address(store: Seeded, tmp_path: Path) -> None:
    """Many addresses guess one account (and one address guesses it hard): the owner's usual
    browser gets straight in, a new browser within the account's few seconds of wait."""
    app = build_app(store, tmp_path)
    clock = FakeClock()
    app.state.web.throttle = LoginThrottle(ThrottlePolicy(), clock=clock)
    usual_browser = client_at(app, OWNER)
    login(usual_browser, OFFICER)
    usual_browser.cookies.delete("rtt_session")
    for i in range(30):
        assert attempt(client_at(app, f"203.0.113.{i + 10}"), OFFICER[0], "guess-guess").status_code == 401
    attacker = client_at(app, ATTACKER)
    for _ in range(10):
        attempt(attacker, OFFICER[0], "guess-guess")
    assert attempt(attacker, *OFFICER).status_code == 401, "the attacker's own address is held back"
    assert attempt(usual_browser, *OFFICER).status_code == 303, "the owner's usual browser gets in"
    new_browser = client_at(app, "198.51.100.8")
    assert attempt(new_browser, *OFFICER).status_code == 401, "the account's short wait runs"
    clock.now += ThrottlePolicy().account.longest_wait
    assert attempt(new_browser, *OFFICER).status_code == 303, "a new browser waits a few seconds at most"
    with session_scope(store.engine) as s:
        user = s.exec(select(AppUser).where(AppUser.username == OFFICER[0])).one()
        assert user.locked_until is None and user.failed_logins == 0


def test_the_owners_own_mistakes_slow_but_do_not_lock(store: Seeded, tmp_path: Path) -> None:
    app = build_app(store, tmp_path)
    clock = FakeClock()
    app.state.web.throttle = LoginThrottle(ThrottlePolicy(), clock=clock)
    browser = client_at(app, OWNER)
    for _ in range(ThrottlePolicy().pair.free):
        assert attempt(browser, OFFICER[0], "nope-nope").status_code == 401
    assert attempt(browser, *OFFICER).status_code == 401, "a wait runs after five failures"
    clock.now += ThrottlePolicy().pair.first_wait
    assert attempt(browser, *OFFICER).status_code == 303


def test_an_admin_unlock_ends_the_waits(store: Seeded, tmp_path: Path) -> None:
    app = build_app(store, tmp_path, pair=Backoff(free=2, first_wait=600, longest_wait=900))
    browser = client_at(app, OWNER)
    for _ in range(2):
        attempt(browser, OFFICER[0], "nope-nope")
    assert attempt(browser, *OFFICER).status_code == 401
    admin = client_at(app, "192.0.2.77")
    token = login(admin, ADMIN)
    with session_scope(store.engine) as s:
        olivia = s.exec(select(AppUser).where(AppUser.username == OFFICER[0])).one()
        assert olivia.failed_logins == 2
        olivia_id = olivia.id
    assert "2 failed logins since the last success" in admin.get("/admin/users").text
    response = admin.post(f"/admin/users/{olivia_id}/state", data={"action": "unlock", "csrf_token": token})
    assert response.status_code == 303
    assert attempt(browser, *OFFICER).status_code == 303


# --- refusals that tell nothing ----------------------------------------------------------------


def test_refusals_look_the_same(store: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown user, wrong password, disabled account, throttled account: one page, one status,
    and one argon2 check each (against the dummy hash when no real one may be checked)."""
    with session_scope(store.engine) as s:
        omar = s.exec(select(AppUser).where(AppUser.username == OFFICER2[0])).one()
        omar.disabled = True
        s.add(omar)
    app = build_app(store, tmp_path, pair=Backoff(free=3, first_wait=600, longest_wait=900))
    checks: list[str | None] = []
    real_verify = security.verify_password

    def counting_verify(password_hash: str | None, password: str) -> bool:
        checks.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr("web.users.verify_password", counting_verify)
    browser = client_at(app, ATTACKER)

    def answer(user: str, password: str) -> tuple[httpx.Response, list[str | None]]:
        checks.clear()
        response = attempt(browser, user, password)
        return response, list(checks)

    unknown, unknown_checks = answer("nobody-here", "guess-guess")
    wrong, wrong_checks = answer(OFFICER[0], "guess-guess")
    disabled, disabled_checks = answer(*OFFICER2)
    answer(OFFICER[0], "guess-guess")
    answer(OFFICER[0], "guess-guess")
    throttled, throttled_checks = answer(*OFFICER)
    assert unknown_checks == [None] and throttled_checks == [None], "the dummy hash, never the real one"
    assert len(wrong_checks) == 1 and len(disabled_checks) == 1
    answers = [unknown, wrong, disabled, throttled]
    assert {r.status_code for r in answers} == {401}
    assert {_error(r) for r in answers} == {LOGIN_REFUSED}
    assert len({r.text for r in answers}) == 1, "the whole page is the same"
    with session_scope(store.engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
        assert events[-1].detail.get("refused_by") == "account+client"


def _error(response: httpx.Response) -> str:
    found = ERROR.search(response.text)
    assert found, response.text
    return found.group(1)


# --- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("password12", "at least 12 characters"),
        ("password12", "too easy to guess"),
        ("password1234", "very common password"),
        ("qwertyuiop123", "too easy to guess"),
        ("aaaaaaaaaaaaaaa", "too easy to guess"),
        ("priya-priya-2", "too easy to guess"),
        ("short", "at least 12 characters"),
    ],
)
def test_weak_passwords_are_refused(password: str, says: str) -> None:
    with pytest.raises(UserError, match=says):
        validate_new_user("priya", password, "officer")


def test_a_strong_password_is_taken() -> None:
    validate_new_user("priya", "kettle-orbit-meadow-7", "officer")
    validate_new_user("priya", "x" * 40 + "kettle-orbit-meadow-7" * 10, "officer")


def test_rtt_user_add_refuses_password12(
    store: Seeded, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv("RTT_DATABASE_URL", str(store.engine.url))
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("password12\n"))
    assert cli.main(["user", "add", "quentin"]) == 2
    err = capsys.readouterr().err
    assert "at least 12 characters" in err and "too easy to guess" in err
    assert "password12" not in err, "the password itself is never printed"
    monkeypatch.setattr("sys.stdin", io.StringIO("kettle-orbit-meadow-7\n"))
    assert cli.main(["user", "add", "quentin"]) == 0
    with session_scope(store.engine) as s:
        assert s.exec(select(AppUser).where(AppUser.username == "quentin")).one().role == "officer"


def test_the_users_page_refuses_password12(client: TestClient, store: Seeded) -> None:
    token = login(client, ADMIN)
    response = client.post(
        "/admin/users", data={"username": "quentin", "password": "password12", "role": "officer",
                              "csrf_token": token},
    )
    assert response.status_code == 400
    assert "at least 12 characters" in response.text and "too easy to guess" in response.text
    with session_scope(store.engine) as s:
        assert s.exec(select(AppUser).where(AppUser.username == "quentin")).first() is None
