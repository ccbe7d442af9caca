"""Time from notification to a full set of documents (issue 14), on SQLite and PostgreSQL: from
a case's first message to the first judging that found nothing missing (the daemon's or an
officer's re-judging), on the statistics page in Chromium, in its CSV and in
`rtt report statistics`."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from rtt.cli import main
from store.audit import audit
from store.db import session_scope
from store.models import AuditEvent, RawMessage
from tests.web.conftest import Seeded, browser_log_in, live_server, make_app
from web.full_set import complete_judging
from web.templating import uk_today


def test_which_judgings_found_a_full_set() -> None:
    plan = {"kind": "rtt_notification"}
    assert complete_judging("message_processed", {**plan, "problems": 0, "open_items": 0})
    assert not complete_judging("message_processed", {**plan, "problems": 0, "open_items": 1}), "asked about"
    assert complete_judging("message_processed", {**plan, "problems": 0}), "written before open_items was"
    assert not complete_judging("message_processed", {"kind": "other", "problems": 0, "open_items": 0})
    assert complete_judging("fact_corrected", {"judged": {**plan, "problems": []}})
    assert not complete_judging("fact_corrected", {"judged": {**plan, "problems": ["parent_signature"]}})
    assert not complete_judging("view_case", {})


def _judged(s: Any, case_id: int, days: float, action: str = "message_processed", **detail: Any) -> None:
    first = s.exec(select(func.min(col(RawMessage.received_at))).where(RawMessage.case_id == case_id)).one()
    audit(s, action, case_id=case_id, **detail)
    s.flush()
    event = s.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    event.at = first + timedelta(days=days)
    s.add(event)


@pytest.mark.system
def test_the_statistics_show_the_time_to_a_full_set(
    any_store: Seeded, chromium: Any, tmp_path: Path, request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = {"kind": "rtt_notification"}
    with session_scope(any_store.engine) as s:
        _judged(s, any_store.over_six, 1, **plan, problems=2, open_items=2)
        _judged(s, any_store.over_six, 5, **plan, problems=0, open_items=0)
        _judged(s, any_store.over_six, 6, **plan, problems=0, open_items=0)  # not the first: ignored
        _judged(s, any_store.hostile, 1, **plan, problems=0, open_items=1)  # a question still open
        _judged(s, any_store.hostile, 2, "fact_corrected", judged={**plan, "problems": []})
        _judged(s, any_store.closed, 3, **plan, problems=0)
        _judged(s, any_store.overdue, 1, kind="other", problems=0, open_items=0)
    start, end = uk_today() - timedelta(days=90), uk_today()
    with live_server(make_app(any_store.engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.goto(f"{base}/reports/statistics?from={start.isoformat()}&to={end.isoformat()}")
        shown = [page.locator(f"#{i}").inner_text() for i in ("full-set-mean", "full-set-median", "full-set")]
        context.close()
    assert shown == ["3.3 days", "3.0 days", "3 of 4"]
    if request.node.callspec.params["any_store"] == "sqlite":
        monkeypatch.setenv("RTT_DATABASE_URL", str(any_store.engine.url))
        monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "data"))
        assert main(["report", "statistics", "--from", start.isoformat(), "--to", end.isoformat()]) == 0
        printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert ["documents", "median days from notification to a full set", "3.0"] in printed
        assert ["documents", "timetables started with a full set of documents", "3"] in printed
