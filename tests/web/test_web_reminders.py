"""The case page's reminders (issue 12): what was sent, what is next, pause and resume (audited)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import col, select

from store.db import session_scope
from store.models import AuditEvent, Case, OutboundReply, Reminder
from store.reminders import record
from tests.web.conftest import OFFICER, Seeded


def test_the_case_page_shows_reminders_and_an_officer_pauses_them(
    officer_client: tuple[TestClient, str], store: Seeded
) -> None:
    client, csrf = officer_client
    with session_scope(store.engine) as s:
        reply = OutboundReply(
            idempotency_key=f"reminder:{store.low}:review_upcoming:2026-01-14", case_id=store.low,
            kind="reminder:review_upcoming", to_addresses=["head@wychwoodpark.oxon.sch.uk"],
            subject="Reminder [RTT-2026-000106]", body_text="...", message_id="<r1@oxfordshire.gov.uk>",
        )
        record(s, case_id=store.low, kind="review_upcoming", due=date(2026, 1, 14), reply=reply,
               today=date(2026, 1, 14))
    html = client.get(f"/cases/{store.low}").text
    assert "Reminders to the school" in html
    assert "review upcoming, due 14/01/2026: queued to head@wychwoodpark.oxon.sch.uk" in html
    # the plan's full-time date is two weeks after a start three days ahead: asked on that day
    assert "full time confirm on" in html and "Pause reminders" in html

    url = f"/cases/{store.low}/reminders"
    assert client.post(url, data={"paused": "1", "csrf_token": csrf}).status_code == 303
    html = client.get(f"/cases/{store.low}").text
    assert "Reminders are paused on this case." in html and "Resume reminders" in html
    assert client.post(url, data={"paused": "0", "csrf_token": csrf}).status_code == 303
    assert client.post(url, data={"paused": "x", "csrf_token": csrf}).status_code == 400
    assert client.post(url, data={"paused": "1"}).status_code in (400, 403)  # no CSRF token
    with session_scope(store.engine) as s:
        case = s.get(Case, store.low)
        assert case is not None and case.reminders_paused is False
        events = s.exec(
            select(AuditEvent).where(col(AuditEvent.action).in_(("reminders_paused", "reminders_resumed")))
        ).all()
        assert [(e.action, e.actor, e.case_id) for e in events] == [
            ("reminders_paused", OFFICER[0], store.low), ("reminders_resumed", OFFICER[0], store.low)
        ]
        assert len(s.exec(select(Reminder)).all()) == 1
