"""Monitoring (issue 15): `/healthz` and `/metrics` of a real `rtt run` (Dovecot, aiosmtpd, the
web queue in the daemon's process), with the mailbox reached, then away, then back; a database
that does not answer; and the Prometheus text format (0.0.4) line by line."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from config.settings import Settings
from store.db import make_engine
from telemetry.metrics import Counter, Histogram, ProcessMetrics, gauge
from web.app import create_app

from .conftest import EXAMPLES, DaemonProcess
from .servers import Dovecot, SmtpServer, free_port, variant, wait_until

QUICK = ("example-05-breach-report", "example-07-general-question", "example-01-complete-pdf")

# The text exposition format, version 0.0.4: comment lines and samples.
_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*"'
_VALUE = r"(?:[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|[+-]Inf|NaN)"
SAMPLE = re.compile(rf"^({_NAME})(?:\{{((?:{_LABEL})(?:,{_LABEL})*)?\}})? ({_VALUE})$")
COMMENT = re.compile(rf"^# (?:HELP {_NAME} .*|TYPE {_NAME} (?:counter|gauge|histogram|summary|untyped))$")


def parse_metrics(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every line checked against the format; samples by (name, labels)."""
    assert text.endswith("\n")
    out: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    typed: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#"):
            assert COMMENT.match(line), line
            if line.startswith("# TYPE"):
                name = line.split()[2]
                assert name not in typed, f"{name} typed twice"
                typed.add(name)
            continue
        match = SAMPLE.match(line)
        assert match, line
        pairs = re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', match.group(2) or "")
        labels = tuple(sorted(pairs))
        key = (match.group(1), labels)
        assert key not in out, f"{line} repeated"
        out[key] = float(match.group(3).replace("Inf", "inf"))
    return out


def test_the_text_format_of_counters_histograms_and_gauges() -> None:
    counter = Counter("rtt_x_total", "Things, by kind.\nSecond line")
    counter.inc(outcome='do"ne\\')
    counter.inc(2, outcome="failed")
    histogram = Histogram("rtt_seconds", "Seconds.", buckets=(0.1, 1.0))
    for seconds in (0.05, 0.5, 3.0):
        histogram.observe(seconds)
    text = "\n".join([*counter.lines(), *histogram.lines(), *gauge("rtt_g", "G.", [({}, 1.5)])]) + "\n"
    samples = parse_metrics(text)
    assert samples[("rtt_x_total", (("outcome", 'do\\"ne\\\\'),))] == 1
    assert samples[("rtt_x_total", (("outcome", "failed"),))] == 2
    assert samples[("rtt_seconds_bucket", (("le", "0.1"),))] == 1
    assert samples[("rtt_seconds_bucket", (("le", "1"),))] == 2
    assert samples[("rtt_seconds_bucket", (("le", "+Inf"),))] == 3
    assert samples[("rtt_seconds_count", ())] == 3
    assert samples[("rtt_seconds_sum", ())] == pytest.approx(3.55)
    assert samples[("rtt_g", ())] == 1.5


def test_a_database_that_does_not_answer_is_unhealthy(tmp_path: Path) -> None:
    engine: Engine = make_engine(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2")
    metrics = ProcessMetrics()
    metrics.messages.inc(outcome="done")
    app = create_app(Settings(data_dir=tmp_path / "data"), engine, metrics=metrics)
    client = TestClient(app)
    health = client.get("/healthz")
    assert health.status_code == 503
    body = health.json()
    assert body["ok"] is False and body["database"] == {"reachable": False, "problem": "OperationalError"}
    text = client.get("/metrics")
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = parse_metrics(text.text)
    assert samples[("rtt_database_up", ())] == 0
    assert samples[("rtt_messages_processed_total", (("outcome", "done"),))] == 1
    engine.dispose()


def get_url(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def health_of(base: str) -> tuple[int, dict[str, Any]]:
    status, body = get_url(base + "/healthz")
    return status, (json.loads(body) if status else {})


@pytest.mark.system
@pytest.mark.slow
def test_healthz_and_metrics_of_a_running_daemon(
    daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    daemon.env.update(RTT_WEB_ENABLED="true", RTT_WEB_PORT=str(port), RTT_WEB_SECURE_COOKIES="false")
    daemon.start()
    wait_until(lambda: health_of(base)[0] == 200, 60, "/healthz to say the mailbox is watched")
    status, health = health_of(base)
    (box,) = health["mailboxes"]
    assert box["connected"] and box["folder"] == "INBOX" and box["leader"] and box["problem"] is None
    assert health["database"]["reachable"] and health["workers"] == 1
    raws = [(EXAMPLES / name / "message.eml").read_bytes() for name in QUICK]
    messages = [variant(raw, 500 + n) for n, raw in enumerate(raws)]
    dovecot.append(imap_user, "INBOX", messages)
    wait_until(lambda: len(smtp.received) == len(messages), 120, "the replies")
    wait_until(lambda: health_of(base)[1]["backlog"]["messages"] == 0, 30, "the backlog to empty")
    status, health = health_of(base)
    assert status == 200 and health["backlog"]["oldest_unprocessed_age_seconds"] is None
    _, text = get_url(base + "/metrics")
    samples = parse_metrics(text)
    assert samples[("rtt_messages", (("state", "done"),))] == len(messages)
    assert samples[("rtt_replies", (("status", "sent"),))] == len(messages)
    assert samples[("rtt_messages_processed_total", (("outcome", "done"),))] == len(messages)
    assert samples[("rtt_message_processing_seconds_count", ())] == len(messages)
    assert 0 < samples[("rtt_message_processing_seconds_sum", ())] < 120
    assert samples[("rtt_queue_depth", ())] == 0 and samples[("rtt_database_up", ())] == 1
    assert [v for (name, _), v in samples.items() if name == "rtt_leader"] == [1]
    assert [v for (name, _), v in samples.items() if name == "rtt_mailbox_up"] == [1]
    assert "Year 7" not in text and "@hazelmerebrook" not in text  # no message content
    dovecot.stop()
    wait_until(lambda: health_of(base)[0] == 503, 60, "/healthz to say the mailbox is away")
    _, health = health_of(base)
    assert health["mailboxes"][0]["connected"] is False and health["mailboxes"][0]["problem"]
    dovecot.start()
    wait_until(lambda: health_of(base)[0] == 200, 60, "/healthz to say the mailbox is back")
    assert daemon.terminate() == 0
