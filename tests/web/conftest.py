"""Fixtures for the web queue's tests: a store with seeded cases, the app in-process (httpx)
or under uvicorn on a free port (for Chromium), logins, and the browser."""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from config.settings import Settings
from store.db import make_engine, session_scope, upgrade_schema
from store.models import AppUser
from tests.mailflow.servers import postgres_answers, postgres_schema
from tests.web import webseed
from web.app import create_app
from web.config import WebConfig
from web.templating import uk_today

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OFFICER = ("olivia", "olivia-password-1")
OFFICER2 = ("omar", "omar-password-22")
ADMIN = ("adam", "adam-password-333")
HOSTILE_SUBJECT = '<script>alert("subject")</script> RTT plan'
HOSTILE_FILENAME = "<img src=x onerror=alert(1)>plan.pdf"
HOSTILE_PUPIL = "<b>Zoe</b> <script>alert('pupil')</script>"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Seeded:
    engine: Engine
    over_six: int
    """A vulnerable child's plan past six weeks and without the professional's agreement."""
    breach: int
    hostile: int
    """A case whose subject, filename and pupil carry markup."""
    overdue: int
    closed: int
    low: int


_CHEAP_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@functools.cache
def password_hash(password: str) -> str:
    """Argon2 is slow on purpose: tests' users get cheap parameters (a hash carries its own, so
    logging in checks them as cheaply); `rtt user add` and the users page use the real ones."""
    return _CHEAP_ARGON2.hash(password)


def seed_store(engine: Engine) -> Seeded:
    today = uk_today()
    with session_scope(engine) as s:
        for name, password, role in ((*OFFICER, "officer"), (*OFFICER2, "officer"), (*ADMIN, "admin")):
            s.add(AppUser(username=name, password_hash=password_hash(password), role=role))
        over_six = webseed.add_case(
            s,
            reference="RTT-2026-000101",
            pupil="Mia Robinson",
            school="Cherwell Valley Academy",
            sender="head@cherwellvalley.oxon.sch.uk",
            subject="Reintegration timetable for Mia Robinson",
            start=today - timedelta(days=10),
            weeks=[10, 10, 15, 15, 20, 20, 25, 25],
            problems=["full_time_within_6_weeks", "professional_agreement"],
            circumstances={"ehcp": True},
            priority="high",
            status="needs_officer",
            next_review=today + timedelta(days=4),
            body="Dear Attendance Team,\nPlease find Mia's plan attached.\nJ. Carter, SENCo",
        )
        breach = webseed.add_case(
            s,
            reference="RTT-2026-000102",
            pupil="Leo Ward",
            school="Banbury Road School",
            sender="sw.jones@oxfordshire.gov.uk",
            subject="Concern: Leo Ward on mornings only",
            start=today - timedelta(days=70),
            weeks=[12.5] * 10,
            problems=[],
            kind="breach_report",
            priority="urgent",
            status="needs_officer",
            circumstances={"child_in_need": True},
            breach={
                "reporter": {
                    "name": "Sam Jones",
                    "role": "Social Worker",
                    "email": "sw.jones@oxfordshire.gov.uk",
                },
                "concerns": ["meeting_held", "parent_signature", "professional_agreement"],
            },
        )
        hostile = webseed.add_case(
            s,
            reference="RTT-2026-000103",
            pupil=HOSTILE_PUPIL,
            school="Isis Vale Secondary",
            sender="office@isisvale.oxon.sch.uk",
            subject=HOSTILE_SUBJECT,
            start=today - timedelta(days=5),
            weeks=[15, 20, 25],
            problems=["review_schedule"],
            attachment_name=HOSTILE_FILENAME,
            priority="normal",
            status="awaiting_school",
            body='<script>alert("body")</script> Hello <a href="javascript:alert(1)">click</a>',
        )
        overdue = webseed.add_case(
            s,
            reference="RTT-2026-000104",
            pupil="Ava Patel",
            school="Thames Meadow Primary School",
            sender="head@thamesmeadow.oxon.sch.uk",
            subject="RTT plan: Ava Patel",
            start=today - timedelta(days=60),
            weeks=[10, 15, 20, 25],
            problems=[],
            priority="low",
            status="awaiting_school",
            received=datetime.now(UTC) - timedelta(days=62),
        )
        closed = webseed.add_case(
            s,
            reference="RTT-2026-000105",
            pupil="Noah Khan",
            school="Wychwood Park Academy",
            sender="head@wychwoodpark.oxon.sch.uk",
            subject="RTT plan: Noah Khan",
            start=today - timedelta(days=30),
            weeks=[15, 20, 25],
            problems=[],
            priority="normal",
            status="closed",
        )
        low = webseed.add_case(
            s,
            reference="RTT-2026-000106",
            pupil="Isla Nowak",
            school="Wychwood Park Academy",
            sender="head@wychwoodpark.oxon.sch.uk",
            subject="RTT plan: Isla Nowak",
            start=today + timedelta(days=3),
            weeks=[20, 25],
            problems=["new_skills"],
            priority="low",
            status="open",
        )
        ids = [c.id or 0 for c in (over_six, breach, hostile, overdue, closed, low)]
    return Seeded(engine, *ids)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """One migrated, seeded SQLite file per run; each test gets its own copy."""
    path = tmp_path_factory.mktemp("web-template") / "rtt.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    seeded = seed_store(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, seeded


@pytest.fixture
def store(seeded_template: tuple[Path, Seeded], tmp_path: Path) -> Iterator[Seeded]:
    template, seeded = seeded_template
    path = tmp_path / "rtt.sqlite3"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield replace(seeded, engine=engine)
    engine.dispose()


def database_url(kind: str, tmp_path: Path) -> Any:
    """A context giving an empty database's URL: SQLite in tmp_path, or a fresh PostgreSQL
    schema (PostgreSQL must answer: never skipped)."""
    if kind == "sqlite":
        return contextlib.nullcontext(f"sqlite:///{tmp_path / 'rtt-any.sqlite3'}")
    problem = postgres_answers()
    if problem:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 (database test) does not answer: {problem}")
    return postgres_schema()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Seeded]:
    """The same seeded store on SQLite and on PostgreSQL (which must answer: never skipped)."""
    with database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        upgrade_schema(engine)
        yield seed_store(engine)
        engine.dispose()


def make_app(engine: Engine, tmp_path: Path, secure: bool = True, **config: Any) -> FastAPI:
    settings = Settings(data_dir=tmp_path / "data", web_secure_cookies=secure)
    return create_app(settings, engine, replace(WebConfig.from_settings(settings), **config))


@pytest.fixture
def app(store: Seeded, tmp_path: Path) -> FastAPI:
    return make_app(store.engine, tmp_path)


def https_client(app: FastAPI) -> TestClient:
    """Secure cookies are only sent over https, as a browser would."""
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return https_client(app)


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def login(client: TestClient, user: tuple[str, str]) -> str:
    """Log in; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": user[0], "password": user[1], "csrf_token": token})
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


@pytest.fixture
def officer_client(client: TestClient) -> tuple[TestClient, str]:
    return client, login(client, OFFICER)


# --- a real server and a real browser ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn in a thread on a free port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser download); fails plainly if absent."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/bootstrap test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def browser_log_in(page: Any, base: str, user: tuple[str, str] = OFFICER) -> None:
    """Log in through the login page in the browser; lands on the queue."""
    page.goto(base + "/login")
    page.fill("input[name=username]", user[0])
    page.fill("input[name=password]", user[1])
    page.click("button:has-text('Log in')")
    page.wait_for_url(base + "/")


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def days_ago(n: int) -> date:
    return uk_today() - timedelta(days=n)
