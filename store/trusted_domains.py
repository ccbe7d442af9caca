"""Trusted sender domains that admins keep in the browser (issue 14), on top of the setting
RTT_TRUSTED_SENDER_DOMAINS: 'school.org.uk' (that domain) or '*.school.org.uk' (its
subdomains), as the setting takes them (`triage.reply_policy.domain_trusted`).

The caller owns the session (and its transaction) and audits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlmodel import Session, col, select

from parsers.errors import RttError
from store.models import SchoolRecord, TrustedDomain
from triage.reply_policy import domain_trusted

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PATTERN = re.compile(rf"^(?=.{{3,253}}$)(?:\*\.)?{_LABEL}(?:\.{_LABEL})+$")


class DomainRefused(RttError, ValueError):
    """Not a domain that can be trusted (the message is safe to show)."""


def normalised(text: str) -> str:
    """The domain as stored: lower case, no '@' or trailing dot; DomainRefused when it is not
    one domain (or '*.' and one domain)."""
    domain = text.strip().lower().removeprefix("@").rstrip(".")
    if not _PATTERN.match(domain):
        raise DomainRefused(f"'{text.strip()[:80]}' is not a domain (like school.org.uk or *.school.org.uk)")
    return domain


def stored_domains(session: Session) -> list[str]:
    """The domains admins added, in order."""
    query = select(col(TrustedDomain.domain)).order_by(col(TrustedDomain.domain))
    return [str(d) for d in session.exec(query)]


def stored_rows(session: Session) -> list[TrustedDomain]:
    return list(session.exec(select(TrustedDomain).order_by(col(TrustedDomain.domain))).all())


def effective_domains(session: Session, configured: Sequence[str]) -> tuple[str, ...]:
    """The setting's domains and the admins', without repeats: what trust is decided by."""
    return tuple(dict.fromkeys([*configured, *stored_domains(session)]))


def add_domain(session: Session, *, domain: str, added_by: str) -> bool:
    """Trust a domain (already `normalised`); False when it is already stored."""
    if session.exec(select(TrustedDomain).where(col(TrustedDomain.domain) == domain)).first():
        return False
    session.add(TrustedDomain(domain=domain, added_by=added_by))
    session.flush()
    return True


def remove_domain(session: Session, *, domain: str) -> bool:
    """Stop trusting a stored domain; False when it was not stored."""
    row = session.exec(select(TrustedDomain).where(col(TrustedDomain.domain) == domain)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def is_open(status: str | None) -> bool:
    """The register's status of a school still open ('Open', 'Open, but proposed to close')."""
    return bool(status) and str(status).strip().lower().startswith("open")


def directory_domains(session: Session) -> list[str]:
    """The email domains of the directory's open schools, each once, in order."""
    found: list[str] = []
    for school in session.exec(select(SchoolRecord)).all():
        if is_open(school.status):
            found.extend(d.lower() for d in school.email_domains)
    return sorted(dict.fromkeys(found))


def untrusted_directory_domains(session: Session, configured: Sequence[str]) -> list[str]:
    """The open schools' domains that neither the setting nor the admins trust yet."""
    trusted = effective_domains(session, configured)
    return [d for d in directory_domains(session) if not domain_trusted(f"x@{d}", trusted)]
