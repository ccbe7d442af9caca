"""Did a change to the readers change what `rtt check --json` says? (issue 15, the fast path)

`save OUT`: runs the check (what `rtt check --json` prints, in-process) on every case (the shared
examples and every message.eml under tests/fixtures: cases, blind3 ... blind7) and writes one
JSON line per case to OUT, named by its path from the checkout (or from the shared folder), so
two checkouts' files compare: the document (timing fields dropped, if any) and the pages of
each attached document as read (text, tables, headings).
`compare A B`: prints each case whose check document differs, marks those whose `problems`,
`kind` or `case` differ, counts cases whose read pages differ, and the totals.

OCR is as the settings say: `RTT_OCR_ENABLED=false` leaves scans unread on both sides.

usage: .venv/bin/python bench/readers_diff.py save OUT.jsonl
       .venv/bin/python bench/readers_diff.py compare BEFORE.jsonl AFTER.jsonl [--pages]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
PATTERNS = (
    (SHARED / "examples", "*/message.eml"),
    (ROOT / "tests" / "fixtures", "**/message.eml"),
)
TIMING_KEYS = frozenset({"elapsed_ms", "timing", "seconds", "duration_ms"})
JUDGED = ("problems", "kind", "case")


def case_paths() -> list[Path]:
    return [p for base, pattern in PATTERNS for p in sorted(base.glob(pattern))]


def _case_name(path: Path) -> str:
    folder = path.parent
    return str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder.relative_to(SHARED.parent))


def _drop_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_drop_timing(v) for v in value]
    return value


def save(out: Path) -> int:
    from checking.contract import outcome_json
    from checking.pipeline import check_message
    from config.settings import Settings
    from parsers.snapshot import to_dict

    options = Settings().check_options()
    with out.open("w", encoding="utf-8") as fh:
        for path in case_paths():
            name = _case_name(path)
            try:
                outcome = check_message(path.read_bytes(), options)
            except Exception as exc:  # a case that cannot be checked is itself a result
                fh.write(json.dumps({"case": name, "error": repr(exc)}) + "\n")
                continue
            pages = _pages(to_dict(outcome.message))
            fh.write(json.dumps({"case": name, "doc": _drop_timing(outcome_json(outcome)), "pages": pages},
                                sort_keys=True, default=str) + "\n")
    print(f"{len(case_paths())} cases written to {out}")
    return 0


def _pages(message: dict[str, Any]) -> list[Any]:
    out: list[Any] = []

    def walk(attachments: list[dict[str, Any]]) -> None:
        for a in attachments:
            if a["document"] is not None:
                out.append([a["filename"], a["document"]])
            walk(a["children"])
            if a["message"] is not None:
                walk(a["message"]["attachments"])

    walk(message["attachments"])
    for f in message["forwarded"]:
        out.extend(_pages(f))
    return out


def _load(path: Path) -> dict[str, dict[str, Any]]:
    return {row["case"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def compare(before: Path, after: Path, show_pages: bool) -> int:
    a, b = _load(before), _load(after)
    differ = judged = pages = 0
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name, {}), b.get(name, {})
        if x.get("pages") != y.get("pages"):
            pages += 1
            if show_pages:
                print(f"pages differ: {name}")
        if x.get("doc") == y.get("doc") and x.get("error") == y.get("error"):
            continue
        differ += 1
        dx, dy = x.get("doc") or {}, y.get("doc") or {}
        keys = sorted(k for k in set(dx) | set(dy) if dx.get(k) != dy.get(k))
        hard = [k for k in keys if k in JUDGED] or (["error"] if x.get("error") != y.get("error") else [])
        judged += bool(hard)
        print(f"{'JUDGED ' if hard else ''}differs: {name}: {', '.join(keys) or 'error'}")
    print(f"\n{len(set(a) | set(b))} cases; {differ} differ in the check document "
          f"({judged} in problems, kind or case); {pages} differ in the pages read")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--pages", action="store_true", help="name each case whose read pages differ")
    args = parser.parse_args()
    if args.cmd == "save":
        return save(args.out)
    return compare(args.before, args.after, args.pages)


if __name__ == "__main__":
    sys.exit(main())
