"""The officers' letter templates as admins edit them in the browser (issue 14).

A template is Jinja text rendered in a sandboxed environment (no loader: no include or extends;
no unsafe attribute). A version is saved only when it parses, uses no variable the letters are
not given (`variables`), and renders for the sample case (`sample_context`). The shipped file is version 0,
used while no version is saved (`store.letter_templates`).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from jinja2.sandbox import SandboxedEnvironment
from sqlmodel import Session

from parsers.errors import RttError
from store.letter_templates import latest
from store.models import Case
from triage.catalogue import Guidance
from web.followups import FOLLOWUP_DIR, LETTERS, followup_context, render_followup, tidy_letter

log = logging.getLogger(__name__)
DESCRIPTIONS: dict[str, str] = {
    "reference": "the case's reference, e.g. RTT-2026-000042",
    "pupil_name": "the pupil's name (or 'the pupil')",
    "school_name": "the school's name (may be empty)",
    "start_date": "the timetable's start (dd/mm/yyyy; may be empty)",
    "full_time_date": "the return to full time (dd/mm/yyyy; may be empty)",
    "problems": "what is missing: a list of items, each with .label and .ask",
    "professionals": "the professionals whose agreement is needed (a list of names)",
    "officer": "the officer's user name",
    "extra": "the officer's extra words (may be empty)",
    "from_address": "the team's address",
    "greeting": "whom the letter greets ('colleague')",
}
"""What the variables hold (shown beside the editor); a template may use every variable the
letters are given (`variables`), described here or not."""
MAX_CHARS = 20_000
_SANDBOX = SandboxedEnvironment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # plain-text email, never HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


class TemplateRefused(RttError, ValueError):
    """The template cannot be saved; the message says why (safe to show)."""


def shipped(template_id: str) -> str:
    """The template as shipped (version 0)."""
    return (FOLLOWUP_DIR / f"{template_id}.txt.j2").read_text(encoding="utf-8")


def render_source(source: str, context: dict[str, Any]) -> str:
    """An admin's template rendered in the sandbox; TemplateRefused when it cannot be."""
    try:
        template = _SANDBOX.from_string(source)
        return tidy_letter(template.render({"greeting": "colleague", **context}))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRefused(f"the template does not read, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateRefused(f"the template does not render: {exc}") from exc
    except Exception as exc:  # the sandbox's own errors, or a template that divides by zero
        raise TemplateRefused(f"the template does not render: {type(exc).__name__}: {exc}") from exc


def check_source(source: str, guidance: Guidance) -> str:
    """The sample case's letter when the template may be saved; else TemplateRefused naming
    the unknown variable or the syntax error."""
    if not source.strip():
        raise TemplateRefused("the template is empty")
    if len(source) > MAX_CHARS:
        raise TemplateRefused(f"the template is longer than {MAX_CHARS} characters")
    try:
        parsed = _SANDBOX.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRefused(f"the template does not read, line {exc.lineno}: {exc.message}") from exc
    if any(parsed.find_all((jinja2.nodes.Include, jinja2.nodes.Extends, jinja2.nodes.Import,
                            jinja2.nodes.FromImport))):
        raise TemplateRefused("a template may not include, import or extend another")
    sample = sample_context(guidance)
    unknown = sorted(jinja2.meta.find_undeclared_variables(parsed) - set(sample))
    if unknown:
        names = ", ".join(unknown)
        raise TemplateRefused(f"unknown variable{'s' if len(unknown) > 1 else ''}: {names} "
                              f"(a template may use {', '.join(sample)})")
    return render_source(source, sample)


def variables(guidance: Guidance) -> dict[str, str]:
    """Every variable a template may use, with what it holds (or its sample value)."""
    return {name: DESCRIPTIONS.get(name, f"e.g. {value}") for name, value in sample_context(guidance).items()}


def sample_context(guidance: Guidance, officer: str = "a.officer", from_address: str = "") -> dict[str, Any]:
    """The preview's sample case: a made-up pupil with two things missing (every variable the
    letters are given, `greeting` first)."""
    case = Case(
        reference="RTT-2026-000000", kind="rtt_notification", pupil_name="Sam Sample",
        school_name="Example Academy", start_date=date(2026, 9, 7), full_time_date=date(2026, 11, 2),
        facts={"case": {"circumstances": {c.id: True for c in guidance.circumstances[:1]}}},
    )
    problems = [r.id for r in guidance.requirements[:2]]
    address = from_address or "attendance@example.org"
    context = followup_context(case, guidance, problems, officer, "", address)
    return {"greeting": "colleague", **context}


def current_source(session: Session, template_id: str) -> tuple[int, str]:
    """The version in use and its text."""
    row = latest(session, template_id)
    return (row.version, row.body) if row is not None else (0, shipped(template_id))


def render_letter(session: Session, template_id: str, context: dict[str, Any]) -> str:
    """The letter from the template in use: the admins' newest version, else the shipped one."""
    if template_id not in LETTERS:
        return render_followup(template_id, context)  # refused there
    row = latest(session, template_id)
    if row is None:
        return render_followup(template_id, context)
    try:
        return render_source(row.body, context)
    except TemplateRefused as exc:  # checked on the sample case, yet this case breaks it
        log.warning("letter template %s version %d failed (%s): the shipped one is used",
                    template_id, row.version, type(exc.__cause__).__name__)
        return render_followup(template_id, context)
