"""Which address a request comes from, for throttling logins.

The direct peer (the TCP connection) is the client, unless it is one of the reverse proxies
named in `RTT_WEB_TRUSTED_PROXIES` (addresses or networks; none by default). Only then is
`X-Forwarded-For` read: each proxy appends the address it was talking to, so the list is read
from the right, skipping the trusted proxies, and the first address that is not one of them is
the client. Anything to its left was written by that client and is never believed. A hop that
is not an address ends the walk at the last proxy trusted (a misconfigured proxy then shares
one throttle among its clients rather than letting them pick their own).

The throttle's key is the address itself for IPv4 and the /64 network for IPv6 (one household
or host usually owns a whole /64, and could otherwise take a fresh address for each guess).
The web server must hand the app the real peer: uvicorn must not rewrite it from the headers
itself (`proxy_headers=False`), since this module applies the one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
IPV6_CLIENT_PREFIX = 64


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks ('10.0.0.5' is 10.0.0.5/32); a bad entry is an error."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"RTT_WEB_TRUSTED_PROXIES: {entry!r} is not an address or network") from exc
    return tuple(networks)


def parse_address(text: str) -> Address | None:
    """An address from a peer or a forwarded hop ('1.2.3.4', '1.2.3.4:80', '[::1]:80'), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def _forwarded_hops(headers: Sequence[str]) -> list[str]:
    """Every hop of every X-Forwarded-For header, in order (several headers make one list)."""
    return [hop for header in headers for hop in header.split(",")]


def resolve_client(peer: str | None, forwarded_for: Sequence[str], proxies: Sequence[Network]) -> str:
    """The client's throttle key: the peer, or the right-most untrusted hop behind trusted proxies."""
    current = parse_address(peer or "")
    if current is None:
        return peer or "unknown"
    if not _trusted(current, proxies):
        return client_key(current)
    for hop in reversed(_forwarded_hops(forwarded_for)):
        address = parse_address(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, proxies):
            break
    return client_key(current)


def client_key(address: Address) -> str:
    if isinstance(address, IPv6Address):
        return str(IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False))
    return str(address)
