"""Who may get a reply: the hard safety rules, as pure functions.

They live with the judging, which uses them to decide whom it trusts; the renderer
(`replies.render`) uses them to decide whom it answers; and they are enforced again at the
sending edge (`sending.delivery`, `intake.process`), whatever the pipeline decided:

- never answer an auto-reply, a bounce or list/bulk mail (mail loops);
- never send to our own address or to a no-reply address;
- DMARC: only the Authentication-Results of the council's own servers count (their
  authserv-ids, RFC 8601, `RTT_TRUSTED_AUTHSERV_IDS`); with them configured a reply needs their
  `dmarc=pass` for the From domain, and anything else (fail, none, temperror, permerror, no
  result) means an officer decides. Without them, DMARC cannot be seen: a `dmarc=fail` in any
  header still holds the reply (it can only make us more careful);
- a sender that is not one plain address (`parsers.address`) is not answered: an officer decides;
- a sender outside the trusted domains gets no reply that may name a child: an officer decides,
  unless triage found the sender trusted;
- a professional outside them who reports a breach, from a domain the council acknowledges
  (`RTT_ACKNOWLEDGED_SENDER_DOMAINS`: the NHS, the police, other councils and schools), gets a
  bare acknowledgement that names no child and no case (`ReplyKind.BARE_ACK`), under the same
  DMARC rule; anyone else, an officer decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import authres

from parsers.address import AddressRefused, canonical_addr_spec

Headers = Sequence[tuple[str, str]]
"""(lower-case name, decoded value) pairs, as `ParsedMessage.headers` holds them."""

_NO_REPLY_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]daemon|postmaster|bounces?|"
    r"notifications?|listserv|majordomo)(?:[-+_.].*)?$",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help")
_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply-from")
_DMARC_FAIL = re.compile(r"\bdmarc\s*=\s*fail\b", re.IGNORECASE)


class Verdict(Enum):
    SEND = "send"
    DROP = "drop"
    """Never answered, and nothing for an officer to decide (auto-replies, bounces, lists)."""
    HOLD = "hold"
    """Not sent by itself: the reply waits for an officer."""


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str | None = None


SEND = Decision(Verdict.SEND)


def domain_of(address: str) -> str:
    """The ASCII domain of a plain address; '' for anything that is not one (`parsers.address`)."""
    try:
        return canonical_addr_spec(address.strip()).rsplit("@", 1)[1]
    except AddressRefused:
        return ""


def domain_trusted(address: str, trusted_domains: Sequence[str]) -> bool:
    """True when the address's domain is listed (a leading `*.` covers subdomains only)."""
    domain = domain_of(address)
    if not domain:
        return False
    for pattern in trusted_domains:
        pattern = pattern.strip().lower()
        if pattern.startswith("*."):
            if domain.endswith(pattern[1:]):
                return True
        elif domain == pattern:
            return True
    return False


def sender_reason(
    sender: str | None, headers: Headers, trusted_domains: Sequence[str], authserv_ids: Sequence[str]
) -> str | None:
    """Why the sender may not get a reply naming a child by itself; None when it may."""
    if sender is None:
        return "unknown sender: the From header is not one plain address"
    if not domain_trusted(sender, trusted_domains):
        return "sender outside the trusted domains"
    return dmarc_reason(headers, domain_of(sender), authserv_ids)


def acknowledgement_reason(
    sender: str | None, headers: Headers, acknowledged_domains: Sequence[str], authserv_ids: Sequence[str]
) -> str | None:
    """Why the sender may not get even a bare acknowledgement naming no child; None when it may."""
    if sender is None:
        return "unknown sender: the From header is not one plain address"
    if is_no_reply_address(sender):
        return "a no-reply address"
    if not domain_trusted(sender, acknowledged_domains):
        return "sender outside the acknowledged domains"
    return dmarc_reason(headers, domain_of(sender), authserv_ids)


def is_no_reply_address(address: str) -> bool:
    local = address.rsplit("@", 1)[0].strip().strip("<").lower()
    return bool(_NO_REPLY_LOCAL.match(local))


def _values(headers: Headers, name: str) -> list[str]:
    return [v for k, v in headers if k == name]


def automatic_reason(headers: Headers, content_type: str = "text/plain") -> str | None:
    """Why a message is an auto-reply, a bounce or bulk/list mail; None for a person's mail."""
    for value in _values(headers, "auto-submitted"):
        if value.strip().lower().split(";")[0] != "no":
            return "auto-submitted"
    if any(_values(headers, name) for name in _AUTO_HEADERS):
        return "auto-responder header"
    for value in _values(headers, "precedence"):
        if value.strip().lower() in _BULK_PRECEDENCE:
            return "precedence " + value.strip().lower()
    if any(_values(headers, name) for name in _LIST_HEADERS):
        return "mailing list"
    if content_type.lower() == "multipart/report":
        return "delivery report"
    if any(v.strip() in ("<>", "") for v in _values(headers, "return-path")):
        return "null return path (bounce)"
    return None


def dmarc_failed(headers: Headers) -> bool:
    """Any Authentication-Results header, from any server, says dmarc=fail."""
    return any(_DMARC_FAIL.search(v) for v in _values(headers, "authentication-results"))


def _dmarc_results(headers: Headers, authserv_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(result, header.from) of every dmarc result in headers added by our own servers."""
    wanted = {a.lower() for a in authserv_ids}
    found: list[tuple[str, str]] = []
    for value in _values(headers, "authentication-results"):
        try:
            parsed = authres.AuthenticationResultsHeader.parse_value(value)
        except Exception:  # authres raises its own SyntaxError and assorted others  # noqa: S112
            continue
        if str(parsed.authserv_id or "").lower() not in wanted:
            continue
        for result in parsed.results:
            if str(result.method).lower() == "dmarc":
                header_from = next(
                    (str(p.value) for p in result.properties if p.type == "header" and p.name == "from"), ""
                )
                found.append((str(result.result).lower(), header_from.lower().strip()))
    return found


def dmarc_reason(headers: Headers, from_domain: str, authserv_ids: Sequence[str]) -> str | None:
    """Why DMARC does not let us answer this sender by ourselves; None when it does."""
    if not authserv_ids:
        return "DMARC failed for the sender" if dmarc_failed(headers) else None
    results = _dmarc_results(headers, authserv_ids)
    if not results:
        return "no DMARC result from our mail servers"
    for result, header_from in results:
        if result != "pass":
            return f"DMARC {result} for the sender"
        if header_from and header_from != from_domain:
            return "DMARC passed for another domain than the sender's"
    return None


def recipient_veto(address: str, own_address: str) -> str | None:
    """Why this address must never get a reply from us; None when it may."""
    if not address or "@" not in address:
        return "no usable address"
    if address.strip().lower() == own_address.strip().lower():
        return "our own address"
    if is_no_reply_address(address):
        return "a no-reply address"
    return None


def decide(
    headers: Headers,
    content_type: str,
    recipients: Sequence[str],
    own_address: str,
    trusted_domains: Sequence[str],
    sender_trusted: bool,
    authserv_ids: Sequence[str] = (),
) -> Decision:
    """May the reply the pipeline rendered for this inbound message go out by itself?"""
    auto = automatic_reason(headers, content_type)
    if auto:
        return Decision(Verdict.DROP, f"inbound is {auto}")
    vetoes = [v for v in (recipient_veto(r, own_address) for r in recipients) if v]
    if not recipients or len(vetoes) == len(recipients):
        return Decision(Verdict.DROP, f"recipient is {vetoes[0] if vetoes else 'missing'}")
    reason = officer_reason(headers, recipients, trusted_domains, sender_trusted, authserv_ids)
    return Decision(Verdict.HOLD, reason) if reason else SEND


def officer_reason(
    headers: Headers,
    addresses: Sequence[str],
    trusted_domains: Sequence[str],
    sender_trusted: bool,
    authserv_ids: Sequence[str] = (),
) -> str | None:
    """Why a message from (or a reply to) these addresses must wait for an officer.
    `addresses` are the sender's (none when the From header was refused)."""
    if not addresses or any(not domain_of(a) for a in addresses):
        return "unknown sender: the From header is not one plain address"
    if not sender_trusted and any(not domain_trusted(a, trusted_domains) for a in addresses):
        return "sender outside the trusted domains"
    return dmarc_reason(headers, domain_of(addresses[0]), authserv_ids)


def usable_recipients(recipients: Sequence[str], own_address: str) -> list[str]:
    """The recipients left once our own and no-reply addresses are taken out."""
    return [r for r in recipients if recipient_veto(r, own_address) is None]
