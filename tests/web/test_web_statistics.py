"""The county's numbers (issue 14) on SQLite and PostgreSQL: the page in Chromium (numbers beside
their charts), its CSV, and `rtt report statistics`, over the seeded cases."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rtt.cli import main
from store.corrections import set_correction
from store.db import session_scope
from tests.web.conftest import OFFICER, Seeded, browser_log_in, https_client, live_server, login, make_app
from web.templating import uk_today

pytestmark = [pytest.mark.system]

# The seeded notifications that started in the last 90 days: 8, 3, 4 and 3 weeks long (one past
# six weeks); two ended (60 and 30 days ago, for 4 and 3 weeks), two still run; 330 hours in 18
# weeks; one EHC plan; one breach report, still waiting for an officer.
EXPECTED = {"started": "4", "ended": "2", "running": "2", "weeks-mean": "4.5 weeks",
            "past-limit": "1 of 4 (25.0%)", "hours-mean": "18.3", "breach-reports": "1"}


def test_the_county_numbers(any_store: Seeded, chromium: Any, tmp_path: Path,
                            request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    start, end = uk_today() - timedelta(days=90), uk_today()
    query = f"from={start.isoformat()}&to={end.isoformat()}"
    with session_scope(any_store.engine) as s:  # an officer gave one timetable's reason
        set_correction(s, case_id=any_store.over_six, field="reason", value="anxiety",
                       reason="from the plan's summary", officer="olivia")
    app = make_app(any_store.engine, tmp_path)
    with live_server(app) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.click("nav a:has-text('Statistics')")
        page.fill("input[name=from]", start.isoformat())
        page.fill("input[name=to]", end.isoformat())
        page.click("button:has-text('Show')")
        shown = {key: page.locator(f"#{key}").inner_text().strip() for key in EXPECTED}
        schools = page.locator("#by-school tbody tr").all_inner_texts()
        circumstances = page.locator("#by-circumstance tbody tr").inner_text()
        bars = page.locator("#by-school svg.hbar rect").count()
        reasons = page.locator("#by-reason tbody tr").all_inner_texts()
        context.close()
    assert shown == EXPECTED
    assert len(schools) == 4 and all(row.rstrip().endswith("1") for row in schools), schools
    assert bars == 4, "a bar beside each number"
    assert "EHC plan" in circumstances
    assert [r.split("\t")[:2] for r in reasons] == [["not given", "3"], ["anxiety", "1"]], reasons

    client = https_client(app)
    login(client, OFFICER)
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/statistics?{query}&format=csv").text)))
    assert ["timetables", "started", "4"] in rows and ["duration", "median weeks", "3.5"] in rows
    assert ["breach outcome", "open: needs_officer", "1"] in rows

    if request.node.callspec.params["any_store"] == "sqlite":
        monkeypatch.setenv("RTT_DATABASE_URL", str(any_store.engine.url))
        monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "data"))
        args = ["report", "statistics", "--from", start.isoformat(), "--to", end.isoformat()]
        assert main(args) == 0
        printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert ["timetables", "running at the end", "2"] in printed
        assert main([*args, "--format", "html"]) == 0
        assert '<dd id="started">4</dd>' in capsys.readouterr().out
