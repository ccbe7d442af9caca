"""Officers' word on whether two cases are of one pupil (issue 14): 'same' or 'different',
stored once per pair (the lower case id first), for the pupil history's uncertain matches.

The caller owns the session (and its transaction) and audits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, or_, select

from store.models import PupilMatch, utcnow

VERDICTS = ("same", "different")


def _pair(one: int, other: int) -> tuple[int, int]:
    return (one, other) if one < other else (other, one)


def _row(session: Session, one: int, other: int) -> PupilMatch | None:
    a, b = _pair(one, other)
    query = select(PupilMatch).where(col(PupilMatch.case_a) == a, col(PupilMatch.case_b) == b)
    return session.exec(query).first()


def verdicts_for(session: Session, *, case_id: int, others: Sequence[int]) -> dict[int, PupilMatch]:
    """The officers' verdicts between this case and each of `others` that has one."""
    if not others:
        return {}
    query = select(PupilMatch).where(or_(
        (col(PupilMatch.case_a) == case_id) & col(PupilMatch.case_b).in_(others),
        (col(PupilMatch.case_b) == case_id) & col(PupilMatch.case_a).in_(others),
    ))
    return {(m.case_b if m.case_a == case_id else m.case_a): m for m in session.exec(query).all()}


def set_verdict(
    session: Session, *, case_id: int, other_id: int, verdict: str, decided_by: str
) -> str | None:
    """Record (or change) the verdict; '' clears it. Returns the verdict it replaced."""
    if verdict and verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    row = _row(session, case_id, other_id)
    before = row.verdict if row is not None else None
    if not verdict:
        if row is not None:
            session.delete(row)
    else:
        a, b = _pair(case_id, other_id)
        row = row or PupilMatch(case_a=a, case_b=b, verdict=verdict, decided_by=decided_by)
        row.verdict, row.decided_by, row.decided_at = verdict, decided_by, utcnow()
        session.add(row)
    session.flush()
    return before
