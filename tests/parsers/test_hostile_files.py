"""Hostile files end as clear refusals within the limits, and the next message is still read.

Also the worker sandbox itself: a job that hangs, eats memory, crashes or leaves a child
behind is stopped, reported, and the next job gets a fresh worker.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from parsers import jobs, sandbox
from parsers.errors import MessageTooLarge, ReadFailure
from parsers.limits import Limits
from parsers.mail import parse_message
from parsers.model import Attachment
from tests.filemakers import (
    ENTITY_BOMB,
    docx_bytes,
    message_with,
    pdf_deflate_bomb,
    pdf_object_loop,
    pdf_page_bomb,
    signature_table_pdf,
    with_replaced_part,
    zip_bomb,
)

LIMITS = Limits(timeout_seconds=10, memory_mb=512)


def _next_message_is_read() -> None:
    raw = message_with([("plan.pdf", "application/pdf", signature_table_pdf(["Parent/carer"]))])
    message = parse_message(raw, LIMITS)
    doc = message.attachments[0].document
    assert doc is not None and doc.readable and "Sam Doe" in doc.text
    assert doc.signature_marks == ("Parent/carer",)


def _only_attachment(raw: bytes) -> tuple[Attachment, float]:
    started = time.monotonic()
    message = parse_message(raw, LIMITS)
    elapsed = time.monotonic() - started
    assert message.subject == "RTT plan", "the message itself is still read"
    return message.attachments[0], elapsed


HOSTILE = {
    "pdf-deflate-bomb": (
        lambda: ("plan.pdf", "application/pdf", pdf_deflate_bomb(1500)),
        ("reading needed more memory than the limit of 512 MB", "reading took longer than 10 s")),
    "pdf-page-bomb": (lambda: ("plan.pdf", "application/pdf", pdf_page_bomb(30_000)),
                      ("the PDF has more than 200 pages (the limit)",)),
    "pdf-object-loop": (lambda: ("plan.pdf", "application/pdf", pdf_object_loop()),
                        ("the PDF has no text to read (its pages are empty, or it is damaged)",)),
    "zip-bomb": (lambda: ("plans.zip", "application/zip", zip_bomb(300)),
                 ("the zip expands to more than 100 MB",)),
    "docx-entity-bomb": (
        lambda: ("plan.docx", "application/octet-stream",
                 with_replaced_part(docx_bytes(["x"]), "word/document.xml", ENTITY_BOMB)),
        ('the Word file contains XML entity declarations (an "XML bomb"?) and was not read',)),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_attachment_is_refused_and_the_next_message_read(kind: str) -> None:
    make, reasons = HOSTILE[kind]
    name, ctype, data = make()
    attachment, elapsed = _only_attachment(message_with([(name, ctype, data)]))
    doc = attachment.document
    assert doc is not None and not doc.readable
    assert doc.error in reasons
    assert elapsed < LIMITS.timeout_seconds + 5
    _next_message_is_read()


@pytest.mark.slow
def test_100_mb_attachment_is_refused_by_size() -> None:
    """With the message limit raised (RTT_MAX_MESSAGE_MB), the attachment's own limit still holds."""
    big = b"%PDF-1.4\n" + os.urandom(100 * 1024 * 1024)
    started = time.monotonic()
    raw = message_with([("scan.pdf", "application/pdf", big)])
    message = parse_message(raw, dataclasses.replace(LIMITS, max_message_bytes=len(raw) + 1))
    attachment, elapsed = message.attachments[0], time.monotonic() - started
    assert attachment.document is not None
    assert attachment.document.error == "the file is larger than 25 MB"
    assert attachment.size == len(big) and len(attachment.sha256) == 64
    assert elapsed < 30
    _next_message_is_read()


def test_a_message_over_the_size_limit_is_refused_before_it_is_read() -> None:
    raw = message_with([("scan.pdf", "application/pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))])
    started = time.monotonic()
    with pytest.raises(MessageTooLarge, match="over the limit of 2 MB"):
        parse_message(raw, dataclasses.replace(LIMITS, max_message_bytes=2 * 1024 * 1024))
    assert time.monotonic() - started < 1
    _next_message_is_read()


# -- the sandbox itself -------------------------------------------------------------------------


def _sleep_forever() -> None:
    time.sleep(3600)


def _eat_memory() -> bytes:
    return b"x" * (4 * 1024**3)


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _orphan_sleeper() -> None:
    proc = subprocess.Popen(["sleep", "3600"])
    with open("/tmp/rtt-test-orphan.pid", "w") as fh:
        fh.write(str(proc.pid))
    time.sleep(3600)


@pytest.fixture
def test_jobs() -> Iterator[None]:
    if sandbox._context().get_start_method() != "fork":
        pytest.skip("test jobs reach the worker only when it is forked from this process")
    sandbox.shutdown()
    extra = {"sleep": _sleep_forever, "eat": _eat_memory, "segv": _segfault, "orphan": _orphan_sleeper}
    jobs.JOBS.update(extra)
    yield
    for name in extra:
        jobs.JOBS.pop(name)
    sandbox.shutdown()


@pytest.mark.parametrize(
    ("job", "reason", "cause"),
    [
        ("sleep", "reading took longer than 2 s", ReadFailure.TIMEOUT),
        ("eat", "reading needed more memory than the limit of 256 MB", ReadFailure.MEMORY),
        ("segv", sandbox.CRASH_REASON, ReadFailure.CRASH),
    ],
)
def test_worker_limits(test_jobs: None, job: str, reason: str, cause: ReadFailure) -> None:
    limits = Limits(timeout_seconds=2, memory_mb=256)
    started = time.monotonic()
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run_job(job, (), limits)
    assert str(refused.value) == reason
    assert refused.value.cause is cause
    assert time.monotonic() - started < 6
    assert sandbox.run_job("text", ("a.txt", b"still here", limits), limits).text == "still here"


def test_a_job_cut_short_by_the_messages_time_says_so(test_jobs: None) -> None:
    limits = Limits(timeout_seconds=30, memory_mb=256, message_seconds=2, deadline=time.monotonic() + 2)
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run_job("sleep", (), limits)
    assert str(refused.value) == "not read: the 2 s for reading this message's files ran out"
    assert refused.value.cause is ReadFailure.BUDGET
    with pytest.raises(sandbox.Refused) as spent:
        sandbox.run_job("text", ("a.txt", b"late", limits), limits)
    assert spent.value.cause is ReadFailure.BUDGET


def test_timeout_kills_the_workers_children_too(test_jobs: None) -> None:
    limits = Limits(timeout_seconds=2)
    with pytest.raises(sandbox.Refused):
        sandbox.run_job("orphan", (), limits)
    with open("/tmp/rtt-test-orphan.pid") as fh:
        pid = int(fh.read())
    time.sleep(0.2)
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        state = "gone"
    assert state in ("gone", "Z"), "the worker's child (a stuck tesseract, say) is killed with it"


def test_in_process_reading_when_the_sandbox_is_off() -> None:
    limits = Limits(sandbox=False)
    assert sandbox.run_job("text", ("a.txt", b"inline", limits), limits).text == "inline"
