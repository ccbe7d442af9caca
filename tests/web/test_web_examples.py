"""The shared examples through the daemon's own processing, then every page of the queue:
the real facts, requirements and attachments the daemon stores render, escaped, and download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from config.settings import Settings
from intake.process import process_message
from store.db import make_engine, session_scope, upgrade_schema
from store.messages import MessageKey, store_raw
from store.models import AppUser, AttachmentRecord, Case, RequirementRecord
from tests.conftest import EXAMPLES, require_shared
from tests.web.conftest import OFFICER, https_client, live_server, login, make_app, password_hash, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.system]


def test_every_example_case_renders(tmp_path: Path, chromium: Any) -> None:
    examples = sorted(require_shared(EXAMPLES).glob("example-*/message.eml"))
    assert len(examples) >= 8
    engine = make_engine(f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    upgrade_schema(engine)
    settings = Settings(data_dir=tmp_path / "data")
    for n, path in enumerate(examples):
        row_id, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, str(n)), raw=path.read_bytes())
        process_message(engine, settings, row_id)
    with session_scope(engine) as s:
        s.add(AppUser(username=OFFICER[0], password_hash=password_hash(OFFICER[1]), role="officer"))
        cases = s.exec(select(Case)).all()
        attachments = s.exec(select(AttachmentRecord)).all()
    assert len(cases) >= 6 and attachments
    client = https_client(make_app(engine, tmp_path))
    login(client, OFFICER)
    queue = client.get("/?status=all")
    assert queue.status_code == 200
    for case in cases:
        page = client.get(f"/cases/{case.id}")
        assert page.status_code == 200, case.reference
        assert case.reference in page.text
        if case.kind == "rtt_notification":
            assert page.text.count('id="req-') == 19
    for record in attachments:
        download = client.get(f"/attachments/{record.id}")
        assert download.status_code == 200, record.filename
        assert download.headers["content-type"] == "application/octet-stream"
        assert len(download.content) == record.size
    over_six = next(c for c in cases if c.pupil_name == "Mia Robinson")
    html = client.get(f"/cases/{over_six.id}").text
    assert re.search(r'class="bar over"', html), "weeks 7 and 8 are drawn past the limit"
    marked = 0
    with session_scope(engine) as s:
        found = s.exec(select(RequirementRecord).where(col(RequirementRecord.where).like("%#page=%"))).all()
    for req in found[:3]:
        html = client.get(f"/cases/{req.case_id}").text
        link = re.search(
            rf'<tr id="req-{req.requirement_id}".*?href="(/attachments/\d+/text\?[^"]+)"', html, re.S
        )
        assert link, (req.requirement_id, req.where)
        text_page = client.get(link.group(1).replace("&amp;", "&"))
        assert text_page.status_code == 200
        marked += "<mark>" in text_page.text
    assert marked, "the evidence is marked on the page it was found on"
    report = client.get("/reports/half-term?from=2025-09-01&to=2026-12-31&format=csv").text
    assert "Mia Robinson" in report and "Leo Ward" in report
    _screenshots(make_app(engine, tmp_path / "live"), chromium, cases)
    engine.dispose()


def _screenshots(app: Any, chromium: Any, cases: list[Case]) -> None:
    """Pages of real cases, for people to look at (tests/artifacts/example-*.png)."""
    with live_server(app) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(base + "/login")
        page.fill("input[name=username]", OFFICER[0])
        page.fill("input[name=password]", OFFICER[1])
        page.click("button:has-text('Log in')")
        page.wait_for_url(base + "/")
        screenshot(page, "example-queue")
        for case in cases:
            if case.pupil_name in ("Leo Ward", "Mia Robinson") or case.kind == "other":
                page.goto(f"{base}/cases/{case.id}")
                screenshot(page, f"example-case-{case.kind}-{case.id}")
                if case.pupil_name == "Mia Robinson":
                    page.click("#req-supportive_interventions a >> nth=0")
                    assert page.locator("mark").count() == 1
                    screenshot(page, "example-evidence-page")
        context.close()


def test_an_attachment_s_pages_come_from_the_snapshot_not_a_second_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read once (issue 10): the page view shows the pages the daemon read and stored; the file is
    not read again (the reader is made to fail, and the page still shows the plan's text)."""
    example = require_shared(EXAMPLES) / "example-01-complete-pdf" / "message.eml"
    engine = make_engine(f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    upgrade_schema(engine)
    row_id, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, "1"), raw=example.read_bytes())
    process_message(engine, Settings(data_dir=tmp_path / "data"), row_id)
    with session_scope(engine) as s:
        s.add(AppUser(username=OFFICER[0], password_hash=password_hash(OFFICER[1]), role="officer"))
        record = s.exec(select(AttachmentRecord)).first()
    assert record is not None

    def read_again(*_args: Any) -> list[tuple[int, str]]:
        raise AssertionError("the attachment was read again")

    monkeypatch.setattr("web.routes_files.page_texts", read_again)
    client = https_client(make_app(engine, tmp_path))
    login(client, OFFICER)
    page = client.get(f"/attachments/{record.id}/text")
    assert page.status_code == 200
    assert "Oliver Bennett" in page.text, "the plan's own words, as the daemon read them"
