"""Officers confirm or rule out a pupil history's possible matches (issue 14), in headless
Chromium on SQLite and PostgreSQL: 'Same pupil' makes a match confirmed, 'Not the same pupil'
takes the case out of the history and its weeks out of the totals, and Undo brings either
back; every decision is stored for the pair (seen from the other case's history too) and audited."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from sqlmodel import col, select

from store.db import session_scope
from store.models import AuditEvent, Case, PupilMatch
from tests.web.conftest import Seeded, browser_log_in, live_server, make_app
from tests.web.test_web_accessibility import WCAG_AA
from tests.web.test_web_pupil_history import _add
from web.templating import uk_today

MIA_DOB = date(2013, 5, 4)


def _seed(seeded: Seeded) -> tuple[int, int]:
    today = uk_today()
    with session_scope(seeded.engine) as s:
        current = s.get(Case, seeded.over_six)
        assert current is not None
        current.pupil_dob = MIA_DOB
        s.add(current)
        one = _add(s, "RTT-2026-000301", today - timedelta(days=200), 4, MIA_DOB)
        two = _add(s, "RTT-2026-000302", today - timedelta(days=120), 2, MIA_DOB)
        one.pupil_dob = two.pupil_dob = None  # date of birth unknown: only a possible match
        s.add_all([one, two])
        s.flush()
        assert one.id is not None and two.id is not None
        return one.id, two.id


def _rows(page: Any) -> dict[str, str]:
    texts = page.locator("table.history tbody tr").all_inner_texts()
    return {t.split("\t")[0].strip(): t for t in texts}


@pytest.mark.system
def test_an_officer_confirms_and_rules_out_possible_matches(
    any_store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    one, two = _seed(any_store)
    axe = Axe()
    with live_server(make_app(any_store.engine, tmp_path, secure=False)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.goto(f"{base}/cases/{any_store.over_six}/pupil")
        rows = _rows(page)
        assert "possible" in rows["RTT-2026-000301"] and "possible" in rows["RTT-2026-000302"]
        before = float(page.inner_text("#weeks-total"))
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.click("button:has-text('Same pupil (RTT-2026-000301)')")
        assert "confirmed by olivia" in _rows(page)["RTT-2026-000301"]
        page.click("button:has-text('Not the same pupil (RTT-2026-000302)')")
        assert "RTT-2026-000302" not in _rows(page)
        assert "RTT-2026-000302" in page.inner_text("ul.ruled-out")
        assert float(page.inner_text("#weeks-total")) == pytest.approx(before - 2.0, abs=0.05)
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.goto(f"{base}/cases/{two}/pupil")  # the same pair, seen from the other case
        assert "RTT-2026-000101" in page.inner_text("ul.ruled-out")
        page.click("button:has-text('Undo (RTT-2026-000101)')")
        assert "possible" in _rows(page)["RTT-2026-000101"]
        page.goto(f"{base}/cases/{any_store.over_six}/pupil")
        assert "possible" in _rows(page)["RTT-2026-000302"]
        assert "confirmed by olivia" in _rows(page)["RTT-2026-000301"]
        context.close()
    with session_scope(any_store.engine) as s:
        assert [(m.verdict, m.decided_by) for m in s.exec(select(PupilMatch)).all()] == [("same", "olivia")]
        events = s.exec(select(AuditEvent).where(col(AuditEvent.action).like("pupil_match%"))
                        .order_by(col(AuditEvent.id))).all()
        assert [(e.action, e.detail["other_case"], e.detail["before"]) for e in events] == [
            ("pupil_match_confirmed", one, None),
            ("pupil_match_ruled_out", two, None),
            ("pupil_match_cleared", any_store.over_six, "different"),
        ]


def test_a_verdict_needs_two_cases_of_the_same_name(
    store: Seeded, officer_client: tuple[TestClient, str]
) -> None:
    client, token = officer_client
    url = f"/cases/{store.over_six}/pupil/match"
    other_child = client.post(url, data={"other": str(store.breach), "verdict": "same", "csrf_token": token})
    assert other_child.status_code == 400
    missing = client.post(url, data={"other": "999999", "verdict": "same", "csrf_token": token})
    assert missing.status_code == 404
    one, _ = _seed(store)
    wrong = client.post(url, data={"other": str(one), "verdict": "maybe", "csrf_token": token})
    assert wrong.status_code == 400
    with session_scope(store.engine) as s:
        assert s.exec(select(PupilMatch)).all() == []
