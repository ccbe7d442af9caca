"""A real OAuth2 authorization server for the tests, built with authlib's server classes on
127.0.0.1: the client-credentials grant (RFC 6749 section 4.4, client_secret_basic) at
`/token`, and token introspection (RFC 7662) at `/introspect` for the resource servers
(Dovecot's oauth2 passdb, the SMTP listener's XOAUTH2 handler, the Graph stand-in).

A client is allowed one mailbox, as Exchange's application access policy or RBAC for
Applications allows an app registration one mailbox: introspection names it as `username`,
and Dovecot refuses a token whose `username` is not the user signing in. A client can be
revoked (its tokens become inactive and it gets no new ones) and restored.
"""

from __future__ import annotations

import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Request, TokenMixin
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from .servers import free_port


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    secret: str
    mailbox: str
    """The one mailbox this app may use (empty for a resource server)."""
    resource_server: bool = False
    revoked: bool = False
    public_key: str = ""
    """PEM: the client signs in with a certificate (RFC 7523 client assertion) instead."""

    def get_client_id(self) -> str:
        return self.client_id

    def get_allowed_scope(self, scope: str | None) -> str:
        return scope or ""

    def check_client_secret(self, client_secret: str) -> bool:
        return not self.revoked and secrets.compare_digest(client_secret, self.secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.public_key:
            return method == JWTBearerClientAssertion.CLIENT_AUTH_METHOD and not self.revoked
        return method == "client_secret_basic"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials" and not self.resource_server


@dataclass
class Token(TokenMixin):  # type: ignore[misc]
    access_token: str
    client: Client
    scope: str
    issued_at: float
    expires_in: int
    revoked: bool = False

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked or self.client.revoked

    def get_client(self) -> Client:
        return self.client


class _Grant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", JWTBearerClientAssertion.CLIENT_AUTH_METHOD]  # noqa: RUF012


class _Assertion(JWTBearerClientAssertion):  # type: ignore[misc]
    """A client's certificate sign-in: a JWT it signed, for this server's token endpoints."""

    def __init__(self, server: OAuthServer) -> None:
        super().__init__()
        self.owner = server
        self.seen: set[str] = set()

    def get_audiences(self) -> list[str]:
        return [self.owner.token_url, self.owner.entra_token_url]

    def resolve_client_public_key(self, client: Client) -> str:
        return client.public_key

    def validate_jti(self, claims: Any, jti: str) -> bool:
        fresh = jti not in self.seen
        self.seen.add(jti)
        return fresh


class _Introspection(IntrospectionEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ["client_secret_basic"]  # noqa: RUF012

    def __init__(self, server: OAuthServer) -> None:
        super().__init__(server.authlib)
        self.owner = server

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return self.owner.tokens.get(token_string)

    def check_permission(self, token: Token, client: Client, request: Any) -> bool:
        return client.resource_server

    def introspect_token(self, token: Token) -> dict[str, Any]:
        return {
            "active": True,
            "client_id": token.client.client_id,
            "username": token.client.mailbox,
            "scope": token.scope,
            "token_type": "Bearer",
            "exp": int(token.issued_at + token.expires_in),
            "iat": int(token.issued_at),
        }


class _Request(OAuth2Request):  # type: ignore[misc]
    def __init__(self, method: str, uri: str, headers: Any, form: dict[str, str]) -> None:
        super().__init__(method, uri, headers=headers)
        self._form = form
        self.payload = BasicOAuth2Payload(form)

    @property
    def args(self) -> dict[str, str]:
        return {}

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass
class _Reply:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


class _Authlib(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, owner: OAuthServer) -> None:
        super().__init__(scopes_supported=None)
        self.owner = owner

    def query_client(self, client_id: str) -> Client | None:
        return self.owner.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        self.owner.save(token, request.client)

    def create_oauth2_request(self, request: Any) -> Any:
        return request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> _Reply:
        payload = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
        return _Reply(status, payload, list(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None


class OAuthServer:
    """authlib's AuthorizationServer behind a small threaded HTTP server on 127.0.0.1."""

    def __init__(self, token_seconds: int = 3600, tls: tuple[Path, Path] | None = None) -> None:
        self.token_seconds = token_seconds
        self.tls = tls
        self.tenant = "contoso-tenant"
        self.port = free_port()
        self.clients: dict[str, Client] = {}
        self.tokens: dict[str, Token] = {}
        self.issued: list[str] = []
        """client_id of each token issued, in order."""
        self.introspections = 0
        self.token_requests = 0
        self.lock = threading.Lock()
        self.authlib = _Authlib(self)
        self.authlib.register_grant(_Grant)
        assertion = JWTBearerClientAssertion.CLIENT_AUTH_METHOD
        self.authlib.register_client_auth_method(assertion, _Assertion(self))
        self.authlib.register_token_generator(
            "default",
            BearerTokenGenerator(
                access_token_generator=lambda **_: secrets.token_urlsafe(32),
                expires_generator=lambda client, grant_type: self.token_seconds,
            ),
        )
        self.authlib.register_endpoint(_Introspection(self))
        self._http: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def entra_token_url(self) -> str:
        """Where an Entra-style authority (`base_url`/tenant) issues tokens."""
        return f"{self.base_url}/{self.tenant}/oauth2/v2.0/token"

    def discovery(self) -> dict[str, str]:
        """The tenant's OpenID configuration, as msal reads it before asking for a token."""
        return {
            "issuer": f"{self.base_url}/{self.tenant}/v2.0",
            "authorization_endpoint": f"{self.base_url}/{self.tenant}/oauth2/v2.0/authorize",
            "token_endpoint": self.entra_token_url,
        }

    def add_certificate_client(self, client_id: str, mailbox: str, public_key: str) -> Client:
        client = Client(client_id, secrets.token_urlsafe(16), mailbox, public_key=public_key)
        self.clients[client_id] = client
        return client

    def introspection_url(self, client: Client) -> str:
        return f"http://{client.client_id}:{client.secret}@127.0.0.1:{self.port}/introspect"

    def add_client(self, client_id: str, mailbox: str = "", resource_server: bool = False) -> Client:
        client = Client(client_id, secrets.token_urlsafe(16), mailbox, resource_server)
        self.clients[client_id] = client
        return client

    def revoke_tokens(self) -> None:
        """Every token issued so far stops working (the clients may get new ones)."""
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True

    def save(self, token: dict[str, Any], client: Client) -> None:
        with self.lock:
            self.tokens[token["access_token"]] = Token(
                token["access_token"], client, token.get("scope", ""), time.time(), int(token["expires_in"])
            )
            self.issued.append(client.client_id)

    def introspect(self, access_token: str, resource_server: Client) -> dict[str, Any]:
        """What the introspection endpoint says of a token (for in-process resource servers)."""
        reply = self.handle("/introspect", {"token": access_token}, _basic(resource_server))
        result: dict[str, Any] = json.loads(reply.body)
        return result

    def handle(self, path: str, form: dict[str, str], headers: Any) -> _Reply:
        request = _Request("POST", f"{self.base_url}{path}", headers, form)
        if path in ("/token", f"/{self.tenant}/oauth2/v2.0/token"):
            with self.lock:
                self.token_requests += 1
            reply: _Reply = self.authlib.create_token_response(request)
            return reply
        if path == "/introspect":
            with self.lock:
                self.introspections += 1
            reply = self.authlib.create_endpoint_response("introspection", request)
            return reply
        return _Reply(404, b"{}")

    def start(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                reply = owner.handle(self.path.split("?")[0], form, self.headers)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def do_GET(self) -> None:
                found = self.path.split("?")[0] == f"/{owner.tenant}/v2.0/.well-known/openid-configuration"
                body = json.dumps(owner.discovery() if found else {}).encode()
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._http = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._http.daemon_threads = True
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._http.socket = context.wrap_socket(self._http.socket, server_side=True)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None


def _basic(client: Client) -> dict[str, str]:
    import base64

    raw = f"{client.client_id}:{client.secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
