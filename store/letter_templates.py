"""Admins' versions of the officers' letter templates (issue 14): each save is a new row; the
newest is the one used. No row: the shipped template (version 0) is.

The caller owns the session (and its transaction) and audits.
"""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from store.models import LetterTemplate


def latest(session: Session, template_id: str) -> LetterTemplate | None:
    """The version in use, or None when the shipped template is."""
    query = (
        select(LetterTemplate)
        .where(col(LetterTemplate.template_id) == template_id)
        .order_by(col(LetterTemplate.version).desc())
        .limit(1)
    )
    return session.exec(query).first()


def versions(session: Session, template_id: str) -> list[LetterTemplate]:
    """Every saved version, newest first."""
    query = (
        select(LetterTemplate)
        .where(col(LetterTemplate.template_id) == template_id)
        .order_by(col(LetterTemplate.version).desc())
    )
    return list(session.exec(query).all())


def version_of(session: Session, *, template_id: str, version: int) -> LetterTemplate | None:
    query = select(LetterTemplate).where(
        col(LetterTemplate.template_id) == template_id, col(LetterTemplate.version) == version
    )
    return session.exec(query).first()


def current_versions(session: Session) -> dict[str, LetterTemplate]:
    """The version in use of each template an admin has saved."""
    newest = (
        select(col(LetterTemplate.template_id), func.max(col(LetterTemplate.version)))
        .group_by(col(LetterTemplate.template_id))
    )
    out: dict[str, LetterTemplate] = {}
    for template_id, version in session.exec(newest).all():
        row = version_of(session, template_id=str(template_id), version=int(version))
        if row is not None:
            out[str(template_id)] = row
    return out


def save_version(
    session: Session, *, template_id: str, body: str, saved_by: str, restored_from: int | None = None
) -> LetterTemplate:
    """A new version (the one above the newest); two admins saving at once: one of them breaks
    the (template, version) unique constraint and their transaction fails."""
    current = latest(session, template_id)
    row = LetterTemplate(
        template_id=template_id, version=(current.version if current else 0) + 1, body=body,
        saved_by=saved_by, restored_from=restored_from,
    )
    session.add(row)
    session.flush()
    return row
