"""The school directory: the national register's CSV (Get Information about Schools: URN,
EstablishmentName, PhaseOfEducation (name), LA (name), EstablishmentStatus (name)), or a plain
file with the columns URN, Name, Phase, LA, Status; an optional EmailDomains column (domains
separated by spaces, commas or semicolons) gives the domains each school writes from.

`read_register` is pure and refuses a file with any bad row (line numbers given), so an import
is all or nothing; `import_register` upserts by URN in the caller's session.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from parsers.errors import RttError
from store.models import Case, SchoolRecord, utcnow

COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("urn",),
    "name": ("establishmentname", "name", "school name"),
    "phase": ("phaseofeducation (name)", "phase"),
    "local_authority": ("la (name)", "la", "local authority"),
    "status": ("establishmentstatus (name)", "status"),
    "email_domains": ("emaildomains", "email domains"),
}
REQUIRED = ("urn", "name")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?=.{{3,253}}$){_LABEL}(?:\.{_LABEL})+$")
MAX_ERRORS = 20


class RegisterError(RttError, ValueError):
    """The file cannot be imported; the message says where and why."""


@dataclass(frozen=True)
class School:
    urn: str
    name: str
    phase: str | None
    local_authority: str | None
    status: str | None
    email_domains: tuple[str, ...]


def _text(data: bytes) -> str:
    """The register's CSV is often Windows-1252; UTF-8 (with or without a BOM) is read first."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _columns(header: Sequence[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise RegisterError(f"the file has no {' or '.join(COLUMNS[m][0] for m in missing)} column "
                            "(expected the register's URN and EstablishmentName, or URN and Name)")
    return found


def _domains(text: str, line: int) -> tuple[str, ...]:
    out: list[str] = []
    for part in re.split(r"[\s,;]+", text.strip().lower()):
        domain = part.removeprefix("@")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise RegisterError(f"line {line}: '{part[:60]}' is not an email domain")
        out.append(domain)
    return tuple(dict.fromkeys(out))


def read_register(data: bytes) -> list[School]:
    """Every school in the file; RegisterError naming the bad lines when any row is bad."""
    rows = list(csv.reader(io.StringIO(_text(data))))
    if not rows:
        raise RegisterError("the file is empty")
    cols = _columns(rows[0])
    schools: dict[str, School] = {}
    errors: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}
        try:
            schools[cell["urn"]] = _school(cell, line, schools)
        except RegisterError as exc:
            errors.append(str(exc))
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise RegisterError("; ".join(errors[:MAX_ERRORS]) + more)
    return list(schools.values())


def _school(cell: dict[str, str], line: int, seen: dict[str, School]) -> School:
    urn = cell["urn"]
    if not re.fullmatch(r"\d{6,7}", urn):
        raise RegisterError(f"line {line}: URN '{urn[:20]}' is not 6 or 7 digits")
    if urn in seen:
        raise RegisterError(f"line {line}: URN {urn} is in the file twice")
    if not cell["name"]:
        raise RegisterError(f"line {line}: URN {urn} has no name")
    return School(
        urn=urn, name=cell["name"][:255], phase=cell.get("phase") or None,
        local_authority=cell.get("local_authority") or None, status=cell.get("status") or None,
        email_domains=_domains(cell.get("email_domains", ""), line),
    )


@dataclass(frozen=True)
class Imported:
    added: int
    updated: int


def import_register(session: Session, schools: Sequence[School]) -> Imported:
    """Add the schools not known, update those known by URN (domains given are kept)."""
    known = {s.urn: s for s in session.exec(select(SchoolRecord)).all()}
    added = updated = 0
    for school in schools:
        record = known.get(school.urn)
        if record is None:
            record = SchoolRecord(urn=school.urn, name=school.name)
            added += 1
        else:
            updated += 1
        record.name, record.phase = school.name, school.phase
        record.local_authority, record.status = school.local_authority, school.status
        if school.email_domains:
            record.email_domains = list(school.email_domains)
        record.updated_at = utcnow()
        session.add(record)
    session.flush()
    return Imported(added, updated)


def school_of(session: Session, *, urn: str | None, name: str | None,
              domain: str | None) -> SchoolRecord | None:
    """The case's school in the directory: by URN, else by the domain it wrote from, else by
    its name where exactly one school has it."""
    if urn:
        found = session.exec(select(SchoolRecord).where(SchoolRecord.urn == urn)).first()
        if found is not None:
            return found
    if domain:
        quoted = f'%"{domain.lower()}"%'
        query = select(SchoolRecord).where(cast(col(SchoolRecord.email_domains), String).like(quoted))
        by_domain = [r for r in session.exec(query.limit(2)).all() if domain.lower() in r.email_domains]
        if len(by_domain) == 1:
            return by_domain[0]
    if not name or not name.strip():
        return None
    query = select(SchoolRecord).where(func.lower(SchoolRecord.name) == name.strip().lower())
    by_name = session.exec(query.limit(2)).all()
    return by_name[0] if len(by_name) == 1 else None


SYSTEM = "system"
"""`Case.school_urn_set_by` when the link was matched, not set by an officer."""


def school_by_urn(session: Session, urn: str | None) -> SchoolRecord | None:
    if not urn:
        return None
    return session.exec(select(SchoolRecord).where(SchoolRecord.urn == urn)).first()


def link_case_school(session: Session, *, case: Case, urn_read: str | None) -> SchoolRecord | None:
    """Store the case's school URN when the directory has it (by the URN its documents give,
    the sender's domain, or the school's name); an officer's link is kept as they left it."""
    if case.school_urn_set_by not in (None, SYSTEM):
        return school_by_urn(session, case.school_urn)
    found = school_of(session, urn=urn_read, name=case.school_name, domain=case.school_domain)
    if found is not None:
        case.school_urn, case.school_urn_set_by = found.urn, SYSTEM
    return found
