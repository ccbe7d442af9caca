"""The assessment of a message (or a case's messages) against the guidance: its kind, each
requirement judged (by `triage.judges`), the breach concerns, the priority, the trust."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from parsers.extract.dates import find_dates
from parsers.extract.lookup import quote
from parsers.facts import CaseFacts
from parsers.model import Document, ParsedMessage
from triage.breach import build_breach, own_text
from triage.catalogue import Guidance
from triage.classify import classify, is_bulk
from triage.judges import JUDGES, JudgeContext
from triage.model import Breach, RequirementResult, Triage
from triage.reply_policy import acknowledgement_reason, sender_reason
from triage.states import SPECIFIC_KINDS, Kind, Priority

VULNERABLE = ("looked_after", "child_protection", "court_order", "child_in_need")
_URGENT_CONCERNS = frozenset({"parent_signature", "risk_assessment_cse_cde"})
"""A breach report is urgent when the parent has not agreed in writing, or a child out of school
is at risk of exploitation that no risk assessment weighed."""


def sender_trusted(
    message: ParsedMessage, trusted: tuple[str, ...], authserv_ids: tuple[str, ...] = ()
) -> bool:
    """A sender we may answer with a reply that names a child: one plain address in a trusted
    domain, and DMARC as `reply_policy.dmarc_reason` reads it."""
    sender = message.from_.email if message.from_ else None
    return sender_reason(sender, message.headers, trusted, authserv_ids) is None


def sender_acknowledged(
    message: ParsedMessage, acknowledged: tuple[str, ...], authserv_ids: tuple[str, ...]
) -> bool:
    """A sender we may answer with a bare acknowledgement that names no child."""
    sender = message.from_.email if message.from_ else None
    return acknowledgement_reason(sender, message.headers, acknowledged, authserv_ids) is None


def evaluate(
    facts: CaseFacts, messages: Sequence[ParsedMessage], guidance: Guidance
) -> tuple[RequirementResult, ...]:
    first_with_plan = next((m for m in messages if m.attachments), messages[0])
    sent = first_with_plan.date.date() if first_with_plan.date else None
    unreadable = tuple(
        a.filename
        for m in messages
        for a in m.all_attachments()
        if a.document is not None and not a.document.readable
    )
    ctx = JudgeContext(facts, guidance, sent, unreadable)
    results = tuple(JUDGES[req.judge](ctx, req) for req in guidance.requirements)
    results = _reads_like_doubt(results, facts)
    results = _unrecorded_attendance_doubt(results, facts)
    results = _unplaced_doubt(results, facts, guidance)
    results = _sparse_reading_doubt(results, messages, guidance)
    doubt = reading_doubt(messages)
    if not doubt:
        return results
    answered = frozenset(req.id for req in guidance.requirements if req.judge == "topic")
    scanned = _scanned_places(messages)
    results = tuple(_doubted(r, doubt, r.id in answered and _read_from(r, scanned)) for r in results)
    if not scanned:
        return results
    return _professionals_asked(_yearless_date_doubt(results, facts, scanned), facts, guidance, doubt)


_YEARLESS = "the date of the return to full time on your scan has no year we could read (‘{}’)"


def _written_without_year(text: str, when: date) -> bool:
    """The date appears in the text only as day and month ('29/1'), never with its year."""
    shown = [f for f in find_dates(text, when) if (f.value.day, f.value.month) == (when.day, when.month)]
    return bool(shown) and not any(f.has_year for f in shown)


def _yearless_date_doubt(
    results: tuple[RequirementResult, ...], facts: CaseFacts, scanned: frozenset[str]
) -> tuple[RequirementResult, ...]:
    """Over six weeks by a full-time date read off a scan without its year ('29/1', the rest of
    '29/11/2027' lost on the next line): asked about, not claimed; the year was guessed."""
    found = facts.evidence.get("full_time_date")
    when = facts.full_time_date
    if found is None or when is None or found.where not in scanned:
        return results
    if not _written_without_year(found.text, when):
        return results
    return tuple(
        dataclasses.replace(r, certainty="unsure", doubt=_YEARLESS.format(quote(found.text, 60)))
        if r.id == "full_time_within_6_weeks" and r.status == "not_met"
        else r
        for r in results
    )


def _professionals_asked(
    results: tuple[RequirementResult, ...], facts: CaseFacts, guidance: Guidance, doubt: str
) -> tuple[RequirementResult, ...]:
    """On a scan where no circumstance was read as applying and some could not be read at all,
    the professionals' requirements may apply: asked ('if the pupil is Looked After, ...'), not
    passed over as not applicable."""
    circumstances = facts.circumstances.values()
    if any(circumstances) or None not in circumstances:
        return results
    asked = {req.id for req in guidance.requirements if req.ask_if_unread}
    return tuple(
        dataclasses.replace(r, status="missing", certainty="unsure", doubt=doubt)
        if r.id in asked and r.status == "not_applicable"
        else r
        for r in results
    )




_WORDED_PARTS = frozenset({"topic", "named_person"})
"""The judges that look for a part of the plan by the words schools give it."""


_READS_LIKE = "your plan has a part in words we did not expect (‘{}’)"


def _reads_like_doubt(
    results: tuple[RequirementResult, ...], facts: CaseFacts
) -> tuple[RequirementResult, ...]:
    """A part not found by its name while a passage of the plan reads like it: asked about,
    naming the passage, not claimed missing."""
    passages = {rid: quote(evidence.text, 60) for rid, evidence in facts.reads_like.items()}
    return tuple(
        dataclasses.replace(r, certainty="unsure", doubt=_READS_LIKE.format(passages[r.id]))
        if r.id in passages and r.status == "missing" and r.certainty == "sure"
        else r
        for r in results
    )


_UNRECORDED_ATTENDANCE = (
    "the professional signed the plan, but we could not find who was at the meeting; "
    "if they were there, tell us where the plan says so"
)


def _unrecorded_attendance_doubt(
    results: tuple[RequirementResult, ...], facts: CaseFacts
) -> tuple[RequirementResult, ...]:
    """A professional who signed the plan but is not found at the meeting, where the plan says
    nothing of who came or who did not: the attendance may be set out in a way we do not read (a
    sign-in sheet, a register), so it is asked about, not claimed. On the blind sets every
    professional who signed and was not there is said to be absent in so many words."""
    agreed = {r.id: r.status for r in results}.get("professional_agreement") == "met"
    if not agreed or facts.attendance_recorded:
        return results
    return tuple(
        dataclasses.replace(r, certainty="unsure", doubt=_UNRECORDED_ATTENDANCE)
        if r.id == "meeting_professionals" and r.status == "missing" and r.certainty == "sure"
        else r
        for r in results
    )


def _unplaced_doubt(
    results: tuple[RequirementResult, ...], facts: CaseFacts, guidance: Guidance
) -> tuple[RequirementResult, ...]:
    """A part of the plan not found while the plan has parts we could not place: it may be one
    of them, in words we do not know, so it is asked about, not claimed missing."""
    if not facts.unplaced:
        return results
    worded = {req.id for req in guidance.requirements if req.judge in _WORDED_PARTS}
    shown = ", ".join(f"‘{label}’" for label in facts.unplaced[:3])
    doubt = f"your plan has parts we could not match to the guidance ({shown})"
    return tuple(
        dataclasses.replace(r, certainty="unsure", doubt=doubt)
        if r.id in worded and r.status == "missing" and r.certainty == "sure"
        else r
        for r in results
    )


_FEW_PARTS = 5
"""Parts of the plan (of nine) not found in a long plan: more than a reading fault is likely."""
_LONG_PLAN = 1500
"""Characters of a plan's text that hold more than a timetable and a signature."""
_SPARSE = (
    "we found few of the parts the guidance asks for in a long plan, "
    "which may be set out in a way we do not read"
)


def _sparse_reading_doubt(
    results: tuple[RequirementResult, ...], messages: Sequence[ParsedMessage], guidance: Guidance
) -> tuple[RequirementResult, ...]:
    """A long plan in which most of its parts are not found was more likely misread than
    written without them (a layout we do not know): nothing found missing in it is claimed,
    each is asked about, as for a scan."""
    worded = {req.id for req in guidance.requirements if req.judge in _WORDED_PARTS}
    missing = [r for r in results if r.id in worded and r.status == "missing" and r.certainty == "sure"]
    if len(missing) < _FEW_PARTS or _plan_chars(messages) < _LONG_PLAN:
        return results
    return _all_missing_asked(results, _SPARSE)


def _all_missing_asked(results: tuple[RequirementResult, ...], doubt: str) -> tuple[RequirementResult, ...]:
    """Every part found missing is asked about, with why, instead of claimed."""
    return tuple(
        dataclasses.replace(r, certainty="unsure", doubt=doubt) if r.is_problem and r.status == "missing" and
        r.certainty == "sure" else r
        for r in results
    )


_ANSWERING_US = (
    "you answered our earlier reply, and we judge each message on what it holds: "
    "if this is in the plan you sent before, tell us where"
)


_SHORT_ANSWER = 1000
"""Characters of a mail's own words: fewer hold answers to our points, not a plan."""


def _answering_us(message: ParsedMessage, own_address: str, facts: CaseFacts) -> bool:
    """The school answers a reply of ours in a few lines of its own, with no plan's weeks attached
    (a signed agreement sent again is no plan): the mail it answers is ours (its In-Reply-To or
    References name our domain) or it quotes us ('... <attendance@...> wrote:'). A plan typed out
    again in the answer, or attached with its weeks, is judged as a plan."""
    own = own_address.lower().strip()
    domain = own.rpartition("@")[2]
    if not own or not domain or len(own_text(message.body)) >= _SHORT_ANSWER:
        return False
    if message.attachments and facts.timetable:
        return False
    ids = [message.in_reply_to or "", *message.references]
    replied = any(i.lower().rstrip(">").endswith("@" + domain) for i in ids)
    return replied or f"<{own}> wrote:" in message.body.lower()


def _answering_us_doubt(
    results: tuple[RequirementResult, ...], newest: ParsedMessage, own_address: str, facts: CaseFacts
) -> tuple[RequirementResult, ...]:
    """A school answering our reply often sends only the parts we asked for, the plan being in
    the mail before: what is not found in this one is asked about, never claimed."""
    answering = _answering_us(newest, own_address, facts)
    return _all_missing_asked(results, _ANSWERING_US) if answering else results


def _plan_chars(messages: Sequence[ParsedMessage]) -> int:
    """The most text any one readable attached document holds (with its form fields' values)."""
    docs = _documents(messages)
    return max((len(d.text) + sum(len(v) for _, v in d.form_fields) for d in docs if d.readable), default=0)


def reading_doubt(messages: Sequence[ParsedMessage]) -> str | None:
    """Why what we did not find may still be in what was sent: a file we could not open, a scan
    read with low confidence, scanned pages not read. None when the reading is sound."""
    docs = _documents(messages)
    if any(not d.readable for d in docs):
        return "a file you sent could not be read"
    if any(note.startswith("scanned pages not read") for d in docs for note in d.notes):
        return "some scanned pages could not be read"
    if any(p.ocr_confidence is not None for d in docs for p in d.pages):
        # Pen marks, handwriting and shadows hide words from OCR even when the rest reads well:
        # on the blind set's scans most wrong "missing" items came from pages read with high
        # confidence, so a scan is never proof that something is absent.
        return "your plan is a scan or photo, which we read by machine"
    return None


def _doubted(result: RequirementResult, doubt: str, no_read_by_machine: bool = False) -> RequirementResult:
    """A missing item is unsure when the reading is in doubt; so is a 'No' to a part of the plan
    that OCR read off a scan (a circled or ticked answer is easily misread). What was found, and
    what dates or a refusal show, stays sure."""
    if result.status == "missing" or (result.status == "not_met" and no_read_by_machine):
        return dataclasses.replace(result, certainty="unsure", doubt=doubt)
    return result


def _scanned_places(messages: Sequence[ParsedMessage]) -> frozenset[str]:
    """The `where` of every page read by OCR ('scan.pdf#page=2'), and of a one-page image."""
    places: set[str] = set()
    for doc in _documents(messages):
        for page in doc.pages:
            if page.ocr_confidence is not None:
                places |= {f"{doc.source}#page={page.number}", doc.source}
    return frozenset(places)


def _documents(messages: Sequence[ParsedMessage]) -> list[Document]:
    """Every attached file read as a document, in every message of the thread."""
    return [a.document for m in messages for a in m.all_attachments() if a.document is not None]


def _read_from(result: RequirementResult, scanned: frozenset[str]) -> bool:
    return result.where is not None and result.where in scanned


def priority(
    kind: Kind, facts: CaseFacts, results: Sequence[RequirementResult], breach: Breach | None
) -> Priority:
    vulnerable = any(facts.circumstances.get(c) for c in VULNERABLE)
    statuses = {r.id: r.status for r in results}
    if kind == Kind.BREACH_REPORT:
        urgent = vulnerable or (breach and _URGENT_CONCERNS & set(breach.concerns))
        return Priority.URGENT if urgent else Priority.HIGH
    if kind != Kind.RTT_NOTIFICATION:
        return Priority.NORMAL if kind == Kind.OTHER else Priority.LOW
    if statuses.get("parent_signature") == "not_met" or (
        vulnerable and statuses.get("risk_assessment") != "met"
    ):
        return Priority.URGENT
    if "not_met" in statuses.values() or (
        any(facts.circumstances.values()) and statuses.get("professional_agreement") in ("missing", "not_met")
    ):
        return Priority.HIGH
    return Priority.NORMAL if any(r.is_problem for r in results) else Priority.LOW


def judge(
    messages: Sequence[ParsedMessage],
    facts: CaseFacts,
    trusted_domains: tuple[str, ...],
    own_address: str,
    guidance: Guidance,
    authserv_ids: tuple[str, ...] = (),
    kind: Kind | None = None,
    acknowledged_domains: tuple[str, ...] = (),
) -> Triage:
    """`kind` is an officer's, when one gave it: then the messages are not classified."""
    newest = messages[-1]
    kind = kind or classify(messages, facts)
    results: tuple[RequirementResult, ...] = ()
    breach = None
    if kind == Kind.RTT_NOTIFICATION:
        results = _answering_us_doubt(evaluate(facts, messages, guidance), newest, own_address, facts)
    elif kind == Kind.BREACH_REPORT:
        breach = build_breach(messages, facts)
    unreadable = tuple(
        a.filename for a in newest.all_attachments() if a.document is not None and not a.document.readable
    )
    locked = tuple(
        dict.fromkeys(
            a.filename
            for m in messages
            for a in m.all_attachments()
            if a.document is not None and a.document.encrypted
        )
    )
    from_us = newest.from_ is not None and newest.from_.email.lower() == own_address.lower()
    return Triage(
        kind=kind,
        case=facts if kind in SPECIFIC_KINDS else None,
        requirements=results,
        priority=priority(kind, facts, results, breach),
        breach=breach,
        unreadable=unreadable,
        locked=locked,
        sender_trusted=sender_trusted(newest, trusted_domains, authserv_ids) and not from_us,
        sender_acknowledged=sender_acknowledged(newest, acknowledged_domains, authserv_ids) and not from_us,
        bulk=is_bulk(newest),
    )
