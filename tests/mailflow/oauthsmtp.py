"""aiosmtpd with SASL XOAUTH2 (and OAUTHBEARER when asked) whose tokens are checked at the
OAuth2 server's introspection endpoint (RFC 7662) over HTTP, as Dovecot checks them: a token
is accepted when it is active and its `username` is the user signing in. AUTH is required
before MAIL; PLAIN and LOGIN are not offered. A refused token gets the error challenge that
XOAUTH2 and OAUTHBEARER define, then 535."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult

from .servers import SmtpServer, _Handler

ALL_MECHANISMS = ("XOAUTH2", "OAUTHBEARER")


def parse_xoauth2(blob: bytes) -> tuple[str, str]:
    fields = dict(p.split("=", 1) for p in blob.decode().split("\x01") if "=" in p)
    return fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")


def parse_oauthbearer(blob: bytes) -> tuple[str, str]:
    gs2, *rest = blob.decode().split("\x01")
    user = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), "")
    fields = dict(p.split("=", 1) for p in rest if "=" in p)
    return user.replace("=2C", ",").replace("=3D", "="), fields.get("auth", "").removeprefix("Bearer ")


@dataclass
class _OAuthHandler(_Handler):
    introspection_url: str = ""
    credentials: tuple[str, str] = ("", "")
    logins: list[tuple[str, str]] = field(default_factory=list)
    """(mechanism, user) of each accepted AUTH."""
    refusals: int = 0

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:
        return await self._auth(server, args, "XOAUTH2", parse_xoauth2)

    async def auth_OAUTHBEARER(self, server: Any, args: list[str]) -> AuthResult:
        return await self._auth(server, args, "OAUTHBEARER", parse_oauthbearer)

    async def _auth(self, server: Any, args: list[str], mechanism: str, parse: Any) -> AuthResult:
        blob = await _initial(server, args)
        if blob is None:
            return AuthResult(success=False, handled=True)
        user, token = parse(blob)
        if user and token and await self._active_for(user, token):
            self.logins.append((mechanism, user))
            return AuthResult(success=True, auth_data=user)
        self.refusals += 1
        error = {"status": "invalid_token", "schemes": "bearer", "scope": ""}
        answer = await server.challenge_auth(json.dumps(error))
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False)  # aiosmtpd then says 535

    async def _active_for(self, user: str, token: str) -> bool:
        async with httpx.AsyncClient(timeout=10) as client:
            reply = await client.post(self.introspection_url, data={"token": token}, auth=self.credentials)
        found = reply.json() if reply.status_code == 200 else {}
        return found.get("active") is True and found.get("username") == user


async def _initial(server: Any, args: list[str]) -> bytes | None:
    """The client's initial response (SASL-IR) or its answer to an empty challenge."""
    if len(args) > 1:
        try:
            return base64.b64decode(args[1], validate=True)
        except binascii.Error:
            await server.push("501 5.5.2 Can't decode base64")
            return None
    answer = await server.challenge_auth("")
    return None if answer is MISSING else bytes(answer)


class OAuthSmtpServer(SmtpServer):
    """The SMTP listener of `SmtpServer`, signing clients in with bearer tokens only."""

    def __init__(
        self, introspection_url: str, credentials: tuple[str, str], mechanisms: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.handler = _OAuthHandler(introspection_url=introspection_url, credentials=credentials)
        self.mechanisms = mechanisms

    def start(self) -> None:
        excluded = ["LOGIN", "PLAIN", *(m for m in ALL_MECHANISMS if m not in self.mechanisms)]
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            auth_required=True,
            auth_require_tls=False,
            auth_exclude_mechanism=excluded,
        )
        self.controller.start()

    @property
    def logins(self) -> list[tuple[str, str]]:
        assert isinstance(self.handler, _OAuthHandler)
        return list(self.handler.logins)
