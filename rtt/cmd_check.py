"""`rtt check PATH.eml [--json]`: one message in, one JSON document (or a summary) out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from checking.contract import outcome_json
from checking.pipeline import check_message
from config.settings import Settings
from parsers.errors import MessageUnreadable

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="check one .eml file against the guidance; writes nothing")
    p.add_argument("path", type=Path, help="an RFC 5322 message file")
    p.add_argument("--json", action="store_true", help="print the rtt-check/1 JSON document")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.path
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        return _fail(f"{path}: is a directory, not a message file")
    except OSError as exc:
        return _fail(f"{path}: cannot read: {exc.strerror or exc}")
    try:
        outcome = check_message(raw, settings.check_options())
    except MessageUnreadable as exc:
        return _fail(f"{path}: {exc}")
    doc = outcome_json(outcome)
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary(doc))
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"rtt check: {message}", file=sys.stderr)
    return EXIT_USAGE


def summary(doc: dict[str, Any]) -> str:
    """A short, readable account for a person at a terminal."""
    msg = doc["message"]
    lines = [
        f"From:     {msg['from']}",
        f"Subject:  {msg['subject']}",
        f"Kind:     {doc['kind']}    Priority: {doc['priority']}",
    ]
    for a in msg["attachments"]:
        state = "read" if a["readable"] else f"NOT READ: {a['error']}"
        lines.append(f"Attached: {a['filename']} ({a['content_type']}, {a['size']} bytes) {state}")
    case = doc.get("case")
    if case:
        weeks = ", ".join(f"w{w['week']} {w['hours']:g}h" for w in case["timetable"]) or "none found"
        lines += [
            f"Pupil:    {case['pupil']['name'] or '?'}   School: {case['school']['name'] or '?'}",
            f"Dates:    start {case['start_date'] or '?'}, full time {case['full_time_date'] or '?'}",
            f"Hours:    {weeks}",
        ]
    if doc["requirements"]:
        lines.append("Requirements:")
        for r in doc["requirements"]:
            mark = {"met": "ok ", "not_applicable": "n/a"}.get(r["status"], "!! ")
            lines.append(f"  {mark} {r['id']:<34} {r['status']}")
    if doc.get("breach"):
        lines.append("Concerns: " + ", ".join(doc["breach"]["concerns"]))
    reply = doc["reply"]
    lines.append("Reply:    none" if reply is None else f"Reply to {', '.join(reply['to'])}:")
    if reply:
        lines += ["    " + ln for ln in reply["text"].splitlines()]
    return "\n".join(lines) + "\n"
