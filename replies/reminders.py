"""Render a reminder to a school (issue 12): its subject (with the case reference) and text,
from `templates/reminder_<kind>.txt.j2`, whose first line is `Subject: ...`. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from replies.model import tagged_subject
from replies.render import council_words, environment
from triage.catalogue import Guidance
from triage.deadlines import KINDS

SUBJECT_PREFIX = "Subject: "


@dataclass(frozen=True)
class ReminderText:
    subject: str
    text: str


@dataclass(frozen=True)
class ReminderContext:
    """What a reminder says of its case (the school's own words where they gave them)."""

    kind: str
    reference: str
    about: date | None
    pupil: str | None = None
    school: str | None = None
    start: date | None = None
    missing: Sequence[str] = ()
    """The labels of what is still missing."""
    professionals: str | None = None
    """Who must agree in writing ('their Social Worker'), when the plan's circumstances say."""


def long_date(day: date | None) -> str:
    return day.strftime("%A %d %B %Y").replace(" 0", " ") if day else "the date in the plan"


def render_reminder(
    ctx: ReminderContext, guidance: Guidance, from_address: str, chase_days: int
) -> ReminderText:
    if ctx.kind not in KINDS:
        raise ValueError(f"no reminder of kind {ctx.kind!r}")
    env = environment()
    words = council_words(guidance)
    footer = env.get_template("reminder_footer.txt.j2").render(
        reference=ctx.reference, from_address=from_address, **words
    )
    rendered = env.get_template(f"reminder_{ctx.kind}.txt.j2").render(
        **words,
        footer=footer.strip(),
        pupil_line=ctx.pupil or "the pupil",
        school=ctx.school,
        about=long_date(ctx.about),
        start=long_date(ctx.start),
        missing=list(ctx.missing),
        professionals=ctx.professionals,
        chase_days=chase_days,
    )
    return split_subject(rendered, f"reminder_{ctx.kind}.txt.j2", ctx.reference)


def split_subject(rendered: str, template: str, reference: str | None) -> ReminderText:
    """A rendered template's `Subject: ` first line and its text; the reference (when given)
    ends the subject in brackets."""
    first, _, body = rendered.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise ValueError(f"{template} must begin with a 'Subject: ' line")
    subject = tagged_subject(first[len(SUBJECT_PREFIX):].strip(), reference)
    return ReminderText(subject=subject, text=body.strip() + "\n")


def professionals_for(circumstances: dict[str, bool], guidance: Guidance) -> str | None:
    """Who must agree, from the plan's circumstances ('their Social Worker and the Virtual School')."""
    known = {c.id for c in guidance.circumstances}
    applying = [c for c, applies in circumstances.items() if applies and c in known]
    names = [guidance.circumstance(c).professional for c in applying]
    return " and ".join(dict.fromkeys(names)) or None
