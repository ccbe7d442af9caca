"""`rtt check`: the contract's JSON for every example, validated against the shipped schema,
and the error paths a person at a terminal meets."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rtt.cli import main
from tests.conftest import EXAMPLES, require_shared


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("rtt.schema").joinpath("rtt-check-1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def run_check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["check", str(path), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def example_paths() -> list[Path]:
    return sorted(require_shared(EXAMPLES).glob("*/message.eml"))


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.parent.name)
def test_every_example_prints_a_document_the_schema_accepts(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_check(path, capsys, "--json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    errors = sorted(validator().iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors]
    expected = json.loads((path.parent / "expected.json").read_text())
    assert doc["kind"] == expected["kind"]
    assert set(doc["problems"]) == set(expected["problems"])
    assert (doc["reply"] is None) == (expected["reply"] is None)


def test_a_notification_lists_every_requirement_with_evidence_where_met(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_check(EXAMPLES / "example-01-complete-pdf" / "message.eml", capsys, "--json")
    doc = json.loads(out)
    assert code == 0 and len(doc["requirements"]) == 19
    met = [r for r in doc["requirements"] if r["status"] == "met"]
    assert met and all(r["evidence"] for r in met)
    parent = next(r for r in doc["requirements"] if r["id"] == "parent_signature")
    assert parent["where"] == "RTT Plan - Oliver Bennett.pdf#page=3"
    assert "Bennett" in parent["evidence"]


def test_the_reply_names_every_problem_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_check(EXAMPLES / "example-02-missing-items-pdf" / "message.eml", capsys, "--json")
    doc = json.loads(out)
    text = doc["reply"]["text"]
    assert doc["reply"]["to"] == ["head@millbrookfields.oxon.sch.uk"]
    assert doc["reply"]["subject"].startswith("Re: Reduced timetable")
    for phrase in (
        "review schedule",
        "new skills",
        "exit strategy",
        "sexual exploitation",
        "alternative provision",
    ):
        assert phrase in text.lower()
    assert text.count("\n1. ") == 1 and "\n5. " in text and "\n6. " not in text


def test_summary_without_json_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_check(EXAMPLES / "example-08-late-and-unsigned" / "message.eml", capsys)
    assert code == 0
    assert "Kind:     rtt_notification" in out
    assert "parent_signature" in out and "plan_sent_within_2_days" in out


def test_a_missing_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(tmp_path / "nope.eml", capsys, "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "cannot read" in err


def test_a_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_check(tmp_path, capsys)
    assert code == 2 and "directory" in err


@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02 not a message \xff\xfe", b"hello world\nthis is text\n", b""]
)
def test_a_file_that_is_not_mail_exits_2(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(content)
    code, out, err = run_check(junk, capsys, "--json")
    assert code == 2 and out == ""
    assert err.startswith("rtt check:") and "not an email message" in err and err.count("\n") == 1
