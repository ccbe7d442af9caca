"""Every file in ../shared/corpora goes through the pipeline `rtt check` runs: none crashes or hangs.

Mail-like files are checked as messages; PDFs, Word files, Outlook .msg and winmail.dat streams,
images and zips are attached to a generated message and checked with it. Two processes share
the files (two cores); each file must finish within 30 s. The report lists, per source, how
many files were read, how many refused and why; it is printed and written to
tests/artifacts/corpora-report.txt.
"""

from __future__ import annotations

import collections
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest

from tests.conftest import CORPORA, ROOT, require_shared

pytestmark = [pytest.mark.corpora, pytest.mark.slow]

PER_FILE_SECONDS = 30.0
_ATTACHMENT_SUFFIXES = {".pdf", ".fuzz", ".docx", ".doc", ".odt", ".rtf", ".tnef", ".dat", ".zip",
                        ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class Outcome:
    source: str
    path: str
    how: str
    """'message' or 'attachment'."""
    status: str
    """'read', 'refused' (with a reason), 'not mail' (rtt check exits 2), or 'CRASH'/'HANG'."""
    reason: str
    seconds: float


def corpus_files() -> list[Path]:
    root = require_shared(CORPORA)
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.parent != root and not (p.name == "SOURCE.md" and p.parent.parent == root)
    )


def _is_attachment(path: Path, data: bytes) -> bool:
    from parsers import sniff

    if path.suffix.lower() in _ATTACHMENT_SUFFIXES:
        return True
    kind = sniff.sniff_type(data, "", path.name)
    return kind not in ("", sniff.OCTET, sniff.EML, "text/plain", "text/html")


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError


def check_file(path_text: str) -> Outcome:
    """One file through the pipeline; runs in a pool process."""
    path = Path(path_text)
    source = path.relative_to(CORPORA).parts[0]
    data = path.read_bytes()
    how = "attachment" if _is_attachment(path, data) else "message"
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(PER_FILE_SECONDS * 3))  # a hang in the parent itself ends as HANG, not a stuck run
    started = time.monotonic()
    try:
        status, reason = _check_attachment(path, data) if how == "attachment" else _check_message(data)
    except TimeoutError:
        status, reason = "HANG", "no result"
    except Exception as exc:  # the point of the test: report it, with the file
        status, reason = "CRASH", f"{type(exc).__name__}: {exc}"[:200]
    finally:
        signal.alarm(0)
    return Outcome(source, str(path.relative_to(CORPORA)), how, status, reason, time.monotonic() - started)


def _options() -> object:
    from checking.options import CheckOptions
    from parsers.limits import Limits
    from triage.catalogue import load_guidance

    limits = Limits(timeout_seconds=PER_FILE_SECONDS - 5, workers=1)
    return CheckOptions(limits, ("oxon.sch.uk",), "attendance@oxfordshire.gov.uk", load_guidance())


def _check_message(data: bytes) -> tuple[str, str]:
    from checking.contract import outcome_json
    from checking.pipeline import check_message
    from parsers.errors import MessageUnreadable

    try:
        outcome = check_message(data, _options())  # type: ignore[arg-type]
    except MessageUnreadable as exc:
        return "not mail", str(exc)
    outcome_json(outcome)
    bad = [a["error"] for a in outcome_json(outcome)["message"]["attachments"] if not a["readable"]]
    return ("refused", f"an attachment: {bad[0]}") if bad else ("read", "")


def _check_attachment(path: Path, data: bytes) -> tuple[str, str]:
    from checking.contract import outcome_json
    from checking.pipeline import check_message
    from tests.filemakers import message_with

    raw = message_with([(path.name, "application/octet-stream", data)])
    doc = outcome_json(check_message(raw, _options()))  # type: ignore[arg-type]
    first = doc["message"]["attachments"][0]
    if first["readable"]:
        return "read", ""
    return "refused", str(first["error"])


def _general(reason: str) -> str:
    """Reasons without the varying parts (exception names stay: they say what broke)."""
    for cut in (" pages, over", ": ", " (", " files, over"):
        if cut in reason and not reason.startswith("files of type"):
            head = reason.split(cut, 1)[0]
            return head + (" (...)" if cut == " (" else " ...")
    return reason


def report(outcomes: list[Outcome]) -> str:
    by_source: dict[str, list[Outcome]] = collections.defaultdict(list)
    for o in outcomes:
        by_source[o.source].append(o)
    lines = [f"{'source':24} {'files':>5} {'read':>5} {'refused':>7} {'not mail':>8} {'slowest':>8}"
             f" {'total':>7}  reasons"]
    for source in sorted(by_source):
        items = by_source[source]
        counts = collections.Counter(o.status for o in items)
        reasons = collections.Counter(_general(o.reason) for o in items if o.status != "read")
        slowest = max(o.seconds for o in items)
        total_s = sum(o.seconds for o in items)
        lines.append(
            f"{source:24} {len(items):5} {counts['read']:5} {counts['refused']:7} {counts['not mail']:8}"
            f" {slowest:7.1f}s {total_s:6.0f}s  " + "; ".join(f"{n} x {r}" for r, n in reasons.most_common())
        )
    total = collections.Counter(o.status for o in outcomes)
    lines.append(
        f"{'TOTAL':24} {len(outcomes):5} {total['read']:5} {total['refused']:7} {total['not mail']:8}"
    )
    worst = sorted(outcomes, key=lambda o: -o.seconds)[:5]
    lines.append("slowest files: " + ", ".join(f"{o.path} {o.seconds:.1f}s" for o in worst))
    return "\n".join(lines) + "\n"


def test_every_corpus_file_gets_a_clear_result_within_30_s() -> None:
    files = corpus_files()
    assert len(files) > 1000, f"expected the whole corpora in {CORPORA}, found {len(files)} files"
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(check_file, [str(p) for p in files], chunksize=1))
    text = report(outcomes)
    print("\n" + text)
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "corpora-report.txt").write_text(text)
    failures = [o for o in outcomes if o.status in ("CRASH", "HANG") or o.seconds > PER_FILE_SECONDS]
    assert not failures, "\n".join(f"{o.path}: {o.status} {o.reason} ({o.seconds:.1f}s)" for o in failures)
