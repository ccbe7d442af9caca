"""The queue's actions and reports, in-process (httpx): follow-ups through the outbox, the
half-term list (page, CSV, printable, `rtt report`), `rtt user add`, the chart."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from checking.stored_facts import facts_from_json, facts_to_json
from parsers.facts import WeekHours
from rtt import cli
from store.db import session_scope
from store.models import AppUser, AuditEvent, Case, OutboundReply, RawMessage
from tests.web.conftest import OFFICER, Seeded
from web.chart import build_chart
from web.security import verify_password
from web.templating import uk_today


def _followup_form(client: TestClient, case_id: int, template: str) -> dict[str, str]:
    html = client.get(f"/cases/{case_id}/followup?template={template}").text
    token = re.search(r'name="token" value="([^"]+)"', html)
    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert token and body
    return {"template": template, "token": token.group(1), "body": body.group(1)}


def test_a_double_submitted_followup_is_queued_once(officer_client, store: Seeded) -> None:
    client, csrf = officer_client
    form = _followup_form(client, store.over_six, "missing_items") | {
        "to": "head@cherwellvalley.oxon.sch.uk",
        "csrf_token": csrf,
    }
    assert "Written agreement of the required professional" in form["body"]
    for _ in range(2):
        assert client.post(f"/cases/{store.over_six}/followup", data=form).status_code == 303
    with session_scope(store.engine) as s:
        rows = s.exec(select(OutboundReply).where(OutboundReply.kind == "followup")).all()
        assert len(rows) == 1
        reply = rows[0]
        assert reply.status == "queued" and reply.created_by is not None
        assert reply.message_id.startswith("<") and reply.message_id.endswith("@oxfordshire.gov.uk>")
        inbound = s.exec(select(RawMessage).where(RawMessage.case_id == store.over_six)).one()
        assert reply.in_reply_to == inbound.message_id and reply.references == inbound.message_id
        assert s.get(Case, store.over_six).status == "awaiting_school"


def test_the_daemon_sends_a_queued_followup(officer_client, store: Seeded, tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    from config.settings import Settings
    from sending.delivery import deliver_due, make_transport

    client, csrf = officer_client
    form = _followup_form(client, store.over_six, "professional_agreement") | {
        "to": "head@cherwellvalley.oxon.sch.uk",
        "csrf_token": csrf,
    }
    form["body"] = form["body"].replace("Kind regards", "Extra line from the officer.\n\nKind regards")
    assert client.post(f"/cases/{store.over_six}/followup", data=form).status_code == 303
    settings = Settings(data_dir=tmp_path / "daemon")
    assert deliver_due(store.engine, make_transport(settings), settings) == 1
    sent = [p for p in (settings.outbox_dir / "new").iterdir()]
    assert len(sent) == 1
    mail = message_from_bytes(sent[0].read_bytes(), policy=policy.default)
    assert mail["To"] == "head@cherwellvalley.oxon.sch.uk"
    assert "[RTT-2026-000101]" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "Extra line from the officer." in text and "the SEN Team at the Local Authority" in text
    with session_scope(store.engine) as s:
        row = s.exec(select(OutboundReply).where(OutboundReply.kind == "followup")).one()
        assert row.status == "sent" and mail["Message-ID"] == row.message_id


def test_a_followup_goes_only_to_someone_in_the_thread(officer_client, store: Seeded) -> None:
    client, csrf = officer_client
    form = _followup_form(client, store.over_six, "six_weeks") | {
        "to": "someone@evil.example",
        "csrf_token": csrf,
    }
    assert client.post(f"/cases/{store.over_six}/followup", data=form).status_code == 400
    with session_scope(store.engine) as s:
        assert s.exec(select(OutboundReply).where(OutboundReply.kind == "followup")).all() == []


@pytest.mark.parametrize(
    "template", ["missing_items", "professional_agreement", "six_weeks", "review_due", "readable_copy"]
)
def test_every_template_renders(officer_client, store: Seeded, template: str) -> None:
    client, _ = officer_client
    body = _followup_form(client, store.breach, template)["body"]
    assert "RTT-2026-000102" in body and "County Attendance Team" in body
    assert "\n\n\n" not in body and body.count("\n\n") >= 3, "paragraphs are separated by one blank line"


def test_a_case_view_is_audited(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    client.get(f"/cases/{store.low}")
    with session_scope(store.engine) as s:
        events = s.exec(
            select(AuditEvent).where(AuditEvent.case_id == store.low, AuditEvent.action == "view_case")
        ).all()
        assert [e.actor for e in events] == [OFFICER[0]]


def test_a_past_review_date_makes_a_case_overdue(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    with session_scope(store.engine) as s:
        case = s.get(Case, store.low)
        case.next_review_date = uk_today() - timedelta(days=1)
        s.add(case)
    html = client.get("/?overdue=1").text
    assert "RTT-2026-000106" in html and "Review overdue" in html
    refs = re.findall(r'href="/cases/\d+">(RTT-[\d-]+)<', client.get("/").text)
    assert refs[:2] == ["RTT-2026-000104", "RTT-2026-000106"], "overdue cases come first, oldest first"


def test_the_queue_pages(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    html = client.get("/?status=all&page=99").text
    assert "6 cases" in html and "RTT-2026-000105" in html


def test_half_term_csv_and_print(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    response = client.get("/reports/half-term?from=2000-01-01&to=2100-01-01&format=csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:2] == ["Reference", "Pupil"] and len(rows) == 7
    mia = next(r for r in rows if r[1] == "Mia Robinson")
    assert mia[8] == "10, 10, 15, 15, 20, 20, 25, 25" and "EHC plan" in mia[10]
    printable = client.get("/reports/half-term?from=2000-01-01&to=2100-01-01&format=print")
    nonce = re.search(r'<style nonce="([^"]+)">', printable.text)
    assert nonce and f"'nonce-{nonce.group(1)}'" in printable.headers["content-security-policy"]


def test_a_formula_in_a_name_stays_text_in_the_csv(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    with session_scope(store.engine) as s:
        case = s.get(Case, store.low)
        case.pupil_name = '=HYPERLINK("http://evil.example","x")'
        s.add(case)
    text = client.get("/reports/half-term?from=2000-01-01&to=2100-01-01&format=csv").text
    assert "'=HYPERLINK" in text


def test_the_period_decides_who_is_listed(officer_client) -> None:
    client, _ = officer_client
    today = uk_today()
    html = client.get(
        f"/reports/half-term?from={today + timedelta(days=200)}&to={today + timedelta(days=260)}"
    )
    assert "Mia Robinson" in html.text, "a case still open is still on a timetable"
    assert "Noah Khan" not in html.text, "a closed case whose timetable ended is not"


def test_rtt_report_and_rtt_user_add(
    store: Seeded, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    url = str(store.engine.url)
    monkeypatch.setenv("RTT_DATABASE_URL", url)
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path))
    assert cli.main(["report", "half-term", "--from", "2000-01-01", "--to", "2100-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Reference,Pupil") and "Leo Ward" in out
    assert (
        cli.main(["report", "half-term", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "html"])
        == 0
    )
    html = capsys.readouterr().out
    assert html.startswith("<!doctype html>") and "&lt;b&gt;Zoe&lt;/b&gt;" in html
    monkeypatch.setattr("sys.stdin", io.StringIO("a-fine-password\n"))
    assert cli.main(["user", "add", "priya", "--role", "admin"]) == 0
    with session_scope(store.engine) as s:
        user = s.exec(select(AppUser).where(AppUser.username == "priya")).one()
        assert user.role == "admin" and user.password_hash.startswith("$argon2")
        assert verify_password(user.password_hash, "a-fine-password")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["user", "add", "quentin"]) == 2


def test_the_chart_marks_weeks_past_the_limit() -> None:
    chart = build_chart([WeekHours(i, h) for i, h in enumerate([10, 15, 20, 25, 25, 30, 30], 1)], 32.5)
    assert chart is not None
    assert [b.css for b in chart.bars] == ["reduced"] * 6 + ["over", "full"]
    assert chart.bars[-1].hours == 32.5 and chart.full_time_y < chart.baseline_y
    assert chart.limit_x < chart.bars[6].x
    assert build_chart([], None) is None


def test_a_message_in_no_case_is_shown_as_text(officer_client, store: Seeded) -> None:
    client, _ = officer_client
    raw = (
        b"From: x@y.example\r\nSubject: <script>x</script>\r\nContent-Type: text/html\r\n\r\n"
        b"<p>Hi <b>there</b></p>"
    )
    with session_scope(store.engine) as s:
        row = RawMessage(
            mailbox="m",
            folder="INBOX",
            uid="loose-1",
            sha256=hashlib.sha256(raw).hexdigest(),
            raw=raw,
            size=len(raw),
            state="needs_officer",
            from_address="x@y.example",
            subject="<script>x</script>",
            error="could not be read",
        )
        s.add(row)
        s.flush()
        row_id = row.id
    queue = client.get("/").text
    assert f'href="/messages/{row_id}"' in queue and "&lt;script&gt;x&lt;/script&gt;" in queue
    page = client.get(f"/messages/{row_id}").text
    assert "Hi \nthere" in page or "Hi there" in page
    assert "<b>there</b>" not in page


@pytest.mark.parametrize(("action", "status"), [("release", "queued"), ("cancel", "cancelled")])
def test_an_officer_decides_a_held_reply(officer_client, store: Seeded, action: str, status: str) -> None:
    client, csrf = officer_client
    with session_scope(store.engine) as s:
        reply = s.exec(select(OutboundReply).where(OutboundReply.case_id == store.breach)).one()
        reply.status, reply.hold_reason = "held", "the sender's domain is not trusted"
        s.add(reply)
        reply_id = reply.id
    assert "Reply held" in client.get("/").text
    page = client.get(f"/cases/{store.breach}").text
    assert "the sender&#39;s domain is not trusted" in page
    response = client.post(
        f"/cases/{store.breach}/outbox/{reply_id}", data={"action": action, "csrf_token": csrf}
    )
    assert response.status_code == 303
    with session_scope(store.engine) as s:
        assert s.get(OutboundReply, reply_id).status == status
    again = client.post(
        f"/cases/{store.breach}/outbox/{reply_id}", data={"action": action, "csrf_token": csrf}
    )
    assert again.status_code == 409


def test_recording_a_review_moves_to_the_next_one(officer_client, store: Seeded) -> None:
    client, csrf = officer_client
    today = uk_today()
    with session_scope(store.engine) as s:
        case = s.get(Case, store.over_six)
        first, second = (today - timedelta(days=2)), (today + timedelta(days=12))
        case.next_review_date = first
        stored = facts_from_json(case.facts)
        case.facts = facts_to_json(replace(stored.plan, review_dates=(first, second)), stored.breach)
        s.add(case)
    assert "Review overdue" in client.get(f"/cases/{store.over_six}").text
    data = {"note": "Went well; hours up next week.", "csrf_token": csrf}
    assert client.post(f"/cases/{store.over_six}/review", data=data).status_code == 303
    with session_scope(store.engine) as s:
        assert s.get(Case, store.over_six).next_review_date == second
    assert client.post(f"/cases/{store.over_six}/review", data=data).status_code == 303
    with session_scope(store.engine) as s:
        assert s.get(Case, store.over_six).next_review_date is None
    assert client.post(f"/cases/{store.over_six}/review", data=data).status_code == 409


@pytest.mark.parametrize(
    ("why", "expected"),
    [
        ("breach", ["RTT-2026-000102"]),
        ("agreement", ["RTT-2026-000101"]),
        ("six_weeks", ["RTT-2026-000101"]),
        ("missing", ["RTT-2026-000103"]),
        ("unread", ["RTT-2026-000102", "RTT-2026-000101"]),
    ],
)
def test_the_queue_filters_by_why(officer_client, why: str, expected: list[str]) -> None:
    client, _ = officer_client
    refs = re.findall(r'href="/cases/\d+">(RTT-[\d-]+)<', client.get(f"/?why={why}").text)
    assert refs == expected


def test_an_officer_moves_a_case_between_working_states(officer_client, store: Seeded) -> None:
    client, csrf = officer_client
    response = client.post(f"/cases/{store.breach}/status", data={"status": "open", "csrf_token": csrf})
    assert response.status_code == 303
    with session_scope(store.engine) as s:
        assert s.get(Case, store.breach).status == "open"
    bad = client.post(f"/cases/{store.breach}/status", data={"status": "closed", "csrf_token": csrf})
    assert bad.status_code == 400, "closing needs an outcome"
    closed = client.post(f"/cases/{store.closed}/status", data={"status": "open", "csrf_token": csrf})
    assert closed.status_code == 400, "reopening is for an admin"


def test_an_override_takes_the_problem_off_the_queue(officer_client, store: Seeded) -> None:
    client, csrf = officer_client
    data = {"status": "met", "reason": "Agreement by phone", "csrf_token": csrf}
    assert (
        client.post(f"/cases/{store.over_six}/requirements/professional_agreement", data=data).status_code
        == 303
    )
    with session_scope(store.engine) as s:
        assert s.get(Case, store.over_six).problems == ["full_time_within_6_weeks"]
    refs = re.findall(r'href="/cases/\d+">(RTT-[\d-]+)<', client.get("/?why=agreement").text)
    assert refs == []
