"""What the pipeline is given: the limits files are read under, whom to trust, our own address,
the guidance to judge by."""

from __future__ import annotations

from dataclasses import dataclass

from parsers.limits import Limits
from triage.catalogue import Guidance


@dataclass(frozen=True)
class CheckOptions:
    limits: Limits
    trusted_domains: tuple[str, ...]
    from_address: str
    guidance: Guidance
    """The council's guidance (`RTT_GUIDANCE`), loaded once by the command that checks."""
    case_reference: str | None = None
    """Put in the reply's subject so a school's answer finds its case."""
    authserv_ids: tuple[str, ...] = ()
    """Our own mail servers' authserv-ids: only their Authentication-Results count."""
    acknowledged_domains: tuple[str, ...] = ()
    """Outside the trusted domains, whose breach reports get a bare acknowledgement (no child)."""
