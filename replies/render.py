"""Render the reply a message gets. Pure: no sending here.

Who gets a reply (CONTRACT.md section 2): a notification always, to its sender; a breach
report an acknowledgement to the reporter, never the school; other mail a short
acknowledgement unless it is bulk or list mail; an automatic reply nothing. Nobody gets a
reply unless the product has reason to trust them (a trusted domain, DMARC not failed),
and never our own address or a no-reply address.

The council's words and numbers (its name, its team, the guidance's title, the six weeks and
the two days) come from the guidance given, not from the templates' text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from parsers.model import ParsedMessage
from replies.model import Reply, ReplyKind, tagged_subject
from triage.catalogue import Guidance
from triage.model import RequirementResult, Triage
from triage.reply_policy import is_no_reply_address
from triage.states import Kind

_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw)\s*:\s*)+", re.I)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TEMPLATES: dict[str, str] = {
    Kind.RTT_NOTIFICATION: "notification.txt.j2",
    Kind.BREACH_REPORT: "breach_ack.txt.j2",
    Kind.OTHER: "other_ack.txt.j2",
}


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("replies", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


@dataclass(frozen=True)
class ProblemLine:
    label: str
    ask: str
    found: str | None
    unsure: bool = False
    """Not found, but the reading is in doubt: the reply asks where it is instead of saying it is missing."""


def should_reply(message: ParsedMessage, triage: Triage, own_address: str) -> bool:
    if triage.kind == Kind.AUTO_REPLY or message.from_ is None or not triage.sender_trusted:
        return False
    sender = message.from_.email.lower()
    if sender == own_address.lower() or is_no_reply_address(sender):
        return False
    return not (triage.kind == Kind.OTHER and triage.bulk)


def reply_subject(subject: str, reference: str | None, team: str) -> str:
    base = _SUBJECT_PREFIX.sub("", subject).strip() or f"Your email to the {team}"
    return tagged_subject(f"Re: {base}", reference)


def problem_lines(
    results: tuple[RequirementResult, ...], triage: Triage, guidance: Guidance
) -> list[ProblemLine]:
    lines = []
    for r in results:
        if not r.is_problem:
            continue
        req = guidance.requirement(r.id)
        unread = req.ask_if_unread and r.certainty == "unsure" and not _any_applies(triage)
        ask = req.ask_if_unread if unread else _fill_professionals(req.ask, triage, guidance)
        found = (
            r.evidence
            if r.status == "not_met" or (r.evidence and r.id == "risk_assessment_cse_cde")
            else None
        )
        lines.append(ProblemLine(req.label, ask, found, unsure=r.certainty == "unsure"))
    return lines


def _any_applies(triage: Triage) -> bool:
    return bool(triage.case and any(triage.case.circumstances.values()))


def _fill_professionals(ask: str, triage: Triage, guidance: Guidance) -> str:
    if "{" not in ask:
        return ask
    facts = triage.case
    applicable = [guidance.circumstance(c) for c, v in (facts.circumstances.items() if facts else ()) if v]
    describes = " and ".join(c.describes for c in applicable) or "of the pupil's circumstances"
    professionals = (
        " and ".join(dict.fromkeys(c.professional for c in applicable)) or "the relevant professional"
    )
    return ask.format(circumstances=describes, professionals=professionals)


def _greeting(message: ParsedMessage) -> str:
    name = message.from_.name if message.from_ else ""
    return name.split(",")[0].strip() if name and "@" not in name else "colleague"


def render_reply(
    message: ParsedMessage, triage: Triage, own_address: str, case_reference: str | None, guidance: Guidance
) -> Reply | None:
    """The reply this message gets, or None. A breach report from a professional outside the
    trusted domains whom the council acknowledges gets the bare acknowledgement (no child)."""
    if message.from_ is None:
        return None
    if not should_reply(message, triage, own_address):
        if _bare_acknowledgement_due(triage):
            return _bare_breach_acknowledgement(message, own_address, case_reference, guidance)
        return None
    context = _context(message, triage, guidance, own_address, case_reference)
    text = environment().get_template(_TEMPLATES[triage.kind]).render(**context)
    kind = ReplyKind.AUTO if triage.kind == Kind.RTT_NOTIFICATION else ReplyKind.ACK
    subject = reply_subject(message.subject, case_reference, guidance.team)
    return _reply_to_sender(message, subject, text, kind)


def render_acknowledgement(
    message: ParsedMessage, triage: Triage, own_address: str, case_reference: str | None, guidance: Guidance
) -> Reply | None:
    """A short acknowledgement that names no child and no case but its own reference."""
    if not should_reply(message, triage, own_address) or message.from_ is None:
        return None
    env = environment()
    words = council_words(guidance)
    other = env.get_template(_TEMPLATES[Kind.OTHER])
    text = other.render(greeting=_greeting(message), signoff=_signoff(own_address, guidance), **words)
    subject = reply_subject(message.subject, case_reference, guidance.team)
    return _reply_to_sender(message, subject, text, ReplyKind.ACK)


def _bare_acknowledgement_due(triage: Triage) -> bool:
    return triage.kind == Kind.BREACH_REPORT and triage.sender_acknowledged and not triage.sender_trusted


def _bare_breach_acknowledgement(
    message: ParsedMessage, own_address: str, case_reference: str | None, guidance: Guidance
) -> Reply:
    """Thanks for a concern, naming no child, no school and no concern; its subject is ours, not
    the sender's (which may name the child)."""
    words = council_words(guidance)
    text = (
        environment()
        .get_template(_TEMPLATES[Kind.BREACH_REPORT])
        .render(greeting=_greeting(message), signoff=_signoff(own_address, guidance),
                pupil=None, school=None, concerns=[], **words)
    )
    subject = tagged_subject(f"Re: your email to the {guidance.team}", case_reference)
    return _reply_to_sender(message, subject, text, ReplyKind.BARE_ACK)


def _signoff(own_address: str, guidance: Guidance) -> str:
    words = council_words(guidance)
    return environment().get_template("signoff.txt.j2").render(from_address=own_address, **words).strip()


def _reply_to_sender(message: ParsedMessage, subject: str, text: str, kind: ReplyKind) -> Reply:
    assert message.from_ is not None
    references = (*message.references, message.message_id) if message.message_id else message.references
    return Reply(
        to=(message.from_.email,),
        subject=subject,
        text=tidy(text),
        in_reply_to=message.message_id,
        references=tuple(references),
        kind=kind,
    )


def _plan_locked(triage: Triage) -> bool:
    """The plan is in a password-protected file we could not open: nothing else can be judged."""
    plan = next((r for r in triage.requirements if r.id == "plan_attached"), None)
    return bool(triage.locked) and plan is not None and plan.is_problem


def _context(
    message: ParsedMessage, triage: Triage, guidance: Guidance, own: str, ref: str | None
) -> dict[str, object]:
    facts = triage.case
    words = council_words(guidance)
    signoff = _signoff(own, guidance)
    concerns = [guidance.requirement(c).label for c in triage.breach.concerns] if triage.breach else []
    lines = problem_lines(triage.requirements, triage, guidance)
    return {
        **words,
        "greeting": _greeting(message),
        "pupil": facts.pupil.name if facts else None,
        "school": facts.school.name if facts else None,
        "problems": [p for p in lines if not p.unsure],
        "unsure_problems": [p for p in lines if p.unsure],
        "doubt": next((r.doubt for r in triage.requirements if r.doubt), None),
        "unreadable": list(triage.unreadable),
        "locked_plan": list(triage.locked) if _plan_locked(triage) else [],
        "reference": ref,
        "full_time_date": facts.full_time_date.strftime("%A %d %B %Y")
        if facts and facts.full_time_date
        else None,
        "concerns": concerns,
        "signoff": signoff,
    }


def council_words(guidance: Guidance) -> dict[str, object]:
    """What every template says of the council: its name, its team, its guidance, its limits."""
    weeks = guidance.max_reduced_weeks
    return {
        "council": guidance.council,
        "team": guidance.team,
        "guidance_title": guidance.title,
        "reduced_weeks": _NUMBER_WORDS[weeks] if weeks < len(_NUMBER_WORDS) else str(weeks),
        "notify_days": guidance.max_days_to_notify,
    }


def tidy(text: str) -> str:
    """No more than one blank line in a row; one newline at the end."""
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render_html(reply: Reply) -> str:
    """The reply as escaped HTML paragraphs, for the text/html alternative."""
    paragraphs = [p.splitlines() for p in reply.text.split("\n\n") if p.strip()]
    return environment().get_template("reply.html.j2").render(subject=reply.subject, paragraphs=paragraphs)
