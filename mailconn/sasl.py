"""The SASL strings that carry a bearer token to IMAP and SMTP servers.

XOAUTH2 is Google's and Microsoft's (Exchange Online offers only it); OAUTHBEARER is the
standard (RFC 7628) and is preferred where a server offers it. A server that refuses sends
an error challenge, which the client answers with an empty response.
"""

from __future__ import annotations

from collections.abc import Iterable

OAUTHBEARER = "OAUTHBEARER"
XOAUTH2 = "XOAUTH2"
PREFERENCE = (OAUTHBEARER, XOAUTH2)


def choose_mechanism(offered: Iterable[str]) -> str | None:
    """The mechanism to use among those the server offers (None: it offers neither)."""
    names = {m.upper() for m in offered}
    return next((m for m in PREFERENCE if m in names), None)


def initial_response(mechanism: str, user: str, token: str, host: str = "", port: int = 0) -> str:
    if mechanism == XOAUTH2:
        return f"user={user}\x01auth=Bearer {token}\x01\x01"
    if mechanism == OAUTHBEARER:
        authzid = user.replace("=", "=3D").replace(",", "=2C")
        where = (f"host={host}\x01" if host else "") + (f"port={port}\x01" if port else "")
        return f"n,a={authzid},\x01{where}auth=Bearer {token}\x01\x01"
    raise ValueError(f"not a bearer-token mechanism: {mechanism}")


class Responder:
    """An answer to each server challenge: the token string first, then empty responses (the
    server's error challenge must be answered with an empty line before it says no)."""

    def __init__(self, first: str) -> None:
        self._first: str | None = first

    def __repr__(self) -> str:
        return "Responder(...)"

    def __call__(self, challenge: bytes | None = None) -> str:
        first, self._first = self._first, None
        return first or ""


def responder(first: str) -> Responder:
    return Responder(first)
