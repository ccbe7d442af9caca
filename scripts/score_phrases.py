#!/usr/bin/env python3
"""Score the reading of breach reports on a blind phrase bank (issue 9): sentences a professional
might write, each labelled with the concerns it implies, and whole reports in prose.

usage: scripts/score_phrases.py [--split tune|sealed] [--verbose] BANK_DIR

BANK_DIR holds `breach_sentences.jsonl` ({"id", "text", "concerns", "reporter_role"}) and
`breach_reports/rNN.txt` (a `From:` line, a blank line, the body) with `rNN.json`
({"concerns", "urgent", ...}). Sentences are read by `triage.breach.breach_concerns` inside a
plain report whose child has a circumstance (so every concern applies); reports go through the
whole pipeline (`checking.pipeline.check_message`), kind, concerns and priority compared.
--split as scripts/score_cases.py: a third by a hash of the id is sealed, scored once at the end.
Prints a table; exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from score_cases import is_sealed  # noqa: E402

from checking.options import CheckOptions  # noqa: E402
from checking.pipeline import check_message  # noqa: E402
from parsers.facts import CaseFacts  # noqa: E402
from parsers.limits import Limits  # noqa: E402
from parsers.mail import parse_message  # noqa: E402
from triage.breach import breach_concerns  # noqa: E402
from triage.catalogue import load_guidance  # noqa: E402

SUBJECTS = (
    "Concern about a pupil's part-time timetable",
    "Reduced timetable - concern",
    "Part time timetable",
    "Worried about a young person's school hours",
)


def _email(sender: str, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "attendance@oxfordshire.gov.uk"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    msg["Message-ID"] = f"<{abs(hash(body))}@bank.example>"
    msg.set_content(body)
    return bytes(msg)


def _sentence_report(text: str, role: str) -> bytes:
    body = (
        f"Dear Attendance Team,\n\nI am writing as the {role} working with a pupil at "
        f"Cherwell Vale School.\n\n{text}\n\nKind regards\n\nSam Okafor\n{role.title()}\n"
    )
    return _email("Sam Okafor <sam.okafor@oxfordshire.gov.uk>", SUBJECTS[0], body)


def _rows(path: Path, split: str | None) -> list[dict[str, Any]]:
    """The JSON lines of a bank file, the tuning or sealed part only when a split is given."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if split is None or is_sealed(r["id"]) == (split == "sealed")]


def _print_counts(per: dict[str, Counter[str]]) -> None:
    """One line per requirement id (F1, precision, recall and the counts), then all of them."""
    total = Counter[str]()
    for rid in sorted(per):
        c = per[rid]
        total.update(c)
        counted = " ".join(f"{k} {c[k]}" for k in ("tp", "fp", "fn", "tn") if k in c or k != "tn")
        print(f"  {rid:34} {_prf(c['tp'], c['fp'], c['fn'])}  {counted}")
    print(f"  {'all':34} {_prf(total['tp'], total['fp'], total['fn'])}")


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{f:.2f} (P {p:.2f} / R {r:.2f})"


def score_sentences(bank: Path, split: str | None, verbose: bool) -> None:
    rows = _rows(bank / "breach_sentences.jsonl", split)
    limits = Limits()
    facts = CaseFacts(circumstances={"child_protection": True})
    per: dict[str, Counter[str]] = {}
    exact = 0
    for row in rows:
        role = row.get("reporter_role") or "social worker"
        parsed = parse_message(_sentence_report(row["text"], role), limits)
        found = set(breach_concerns([parsed], facts)[0])
        want = set(row["concerns"])
        exact += found == want
        for rid in found | want:
            c = per.setdefault(rid, Counter())
            c["tp" if rid in found and rid in want else "fp" if rid in found else "fn"] += 1
        if verbose and found != want:
            print(f"{row['id']}: +{sorted(found - want)} -{sorted(want - found)}  {row['text']}")
    print(f"\nsentences: {len(rows)}, exact {exact}/{len(rows)} ({100 * exact / max(1, len(rows)):.0f} %)")
    _print_counts(per)


def _report_outcome(raw: bytes, options: CheckOptions) -> tuple[str, set[str], str]:
    outcome = check_message(raw, options)
    t = outcome.triage
    return t.kind, set(t.breach.concerns if t.breach else ()), t.priority


def score_reports(bank: Path, split: str | None, verbose: bool) -> None:
    options = CheckOptions(Limits(), ("oxon.sch.uk",), "attendance@oxfordshire.gov.uk", load_guidance())
    folder = bank / "breach_reports"
    names = sorted(p.stem for p in folder.glob("*.txt"))
    names = [n for n in names if split is None or is_sealed(n) == (split == "sealed")]
    counts: Counter[str] = Counter()
    for i, name in enumerate(names):
        head, _, body = (folder / f"{name}.txt").read_text().partition("\n\n")
        sender = head.removeprefix("From:").strip()
        want: dict[str, Any] = json.loads((folder / f"{name}.json").read_text())
        kind, found, prio = _report_outcome(_email(sender, SUBJECTS[i % len(SUBJECTS)], body), options)
        wanted = set(want["concerns"])
        counts["kind"] += kind == "breach_report"
        counts["exact"] += found == wanted
        counts["tp"] += len(found & wanted)
        counts["fp"] += len(found - wanted)
        counts["fn"] += len(wanted - found)
        urgent_right = (prio == "urgent") == bool(want.get("urgent"))
        counts["urgent"] += urgent_right
        if verbose and (found != wanted or kind != "breach_report" or not urgent_right):
            extra, missed = sorted(found - wanted), sorted(wanted - found)
            print(f"{name}: kind {kind} {prio} (urgent wanted {want.get('urgent')}) +{extra} -{missed}")
    n = len(names)
    print(f"\nreports: {n}, kind right {counts['kind']}/{n}, exact concerns {counts['exact']}/{n}"
          f" ({100 * counts['exact'] / max(1, n):.0f} %), urgency right {counts['urgent']}/{n}")
    print(f"  concerns {_prf(counts['tp'], counts['fp'], counts['fn'])}")


def _plan_with(section: str) -> bytes:
    body = (
        "Dear Attendance Team,\n\nPlease find below the reintegration timetable plan for Maya Nowak "
        "(Year 8), starting 9 November 2026.\n\n" + section.replace(" | ", ": ") + "\n\nKind regards\n\n"
        "Ruth Ellis\nDeputy Headteacher\n"
    )
    return _email("Ruth Ellis <r.ellis@cherwell-vale.oxon.sch.uk>", "Reduced timetable plan", body)


def score_topics(bank: Path, split: str | None, verbose: bool) -> None:
    from parsers.extract import extract_facts

    rows = _rows(bank / "topic_sections.jsonl", split)
    limits = Limits()
    per: dict[str, Counter[str]] = {}
    for row in rows:
        facts = extract_facts([parse_message(_plan_with(row["text"]), limits)])
        for rid, present in row["topics"].items():
            topic = facts.topics.get(rid)
            read = topic is not None and topic.found and not topic.negative
            if rid == "named_person":
                read = facts.named_person is not None
            c = per.setdefault(rid, Counter())
            c[("tp" if read else "fn") if present else ("fp" if read else "tn")] += 1
            if verbose and read != present:
                print(f"{row['id']} {rid}: read {read}, wanted {present}  {row['text'][:160]!r}")
    print(f"\ntopic sections: {len(rows)} (a topic read as present where it is, and not where it is not)")
    _print_counts(per)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", type=Path)
    ap.add_argument("--split", choices=("tune", "sealed"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", choices=("sentences", "reports", "topics"))
    args = ap.parse_args()
    if args.only in (None, "sentences"):
        score_sentences(args.bank, args.split, args.verbose)
    if args.only in (None, "reports"):
        score_reports(args.bank, args.split, args.verbose)
    if args.only in (None, "topics"):
        score_topics(args.bank, args.split, args.verbose)


if __name__ == "__main__":
    main()
