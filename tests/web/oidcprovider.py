"""A real OpenID Connect provider for the tests, on 127.0.0.1, written from OpenID Connect Core
1.0 (the authorization code flow, sections 3.1.2 to 3.1.3), OpenID Connect Discovery 1.0
(section 4) and RFC 7636 (PKCE), with ID tokens signed by joserfc (RS256) and published as a
JWKS (RFC 7517).

- `GET /.well-known/openid-configuration`: the discovery document.
- `GET /jwks`: the public keys.
- `GET /authorize`: checks the client, the registered redirect URI, `response_type=code`, the
  `openid` scope and an S256 code challenge, then shows a sign-in form (user name, password).
- `POST /authorize`: a right password answers with a one-time code (valid 60 s) back to the
  client's redirect URI with its `state`; a wrong one shows the form again.
- `POST /token`: client_secret_basic, the code once, the same redirect URI, the PKCE
  verifier; answers with an access token and the signed ID token (iss, sub, aud, exp, iat,
  auth_time, nonce, preferred_username, groups).

`tamper` makes the next ID tokens wrong in one way, for the tests of the client's checks:
`wrong_audience`, `expired`, `bad_nonce`, `wrong_issuer`, `foreign_key` (signed by a key that
is not in the JWKS).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from tests.web.conftest import free_port


@dataclass
class ProviderUser:
    password: str
    subject: str
    groups: list[str]
    username: str


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    user: ProviderUser
    nonce: str
    challenge: str
    issued: float
    used: bool = False


@dataclass
class OidcProvider:
    client_id: str = "rtt-web"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redirect_uris: list[str] = field(default_factory=list)
    users: dict[str, ProviderUser] = field(default_factory=dict)
    tamper: str | None = None
    token_requests: int = 0
    _codes: dict[str, _Code] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.foreign_key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OidcProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    # --- what the endpoints answer ----------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "groups"],
        }

    def jwks(self) -> dict[str, Any]:
        return KeySet([self.key]).as_dict(private=False)

    def check_authorize(self, params: dict[str, str]) -> str | None:
        """Why an authorization request is refused (None: show the form)."""
        if params.get("client_id") != self.client_id:
            return "unknown client"
        if params.get("redirect_uri") not in self.redirect_uris:
            return "redirect_uri not registered"
        if params.get("response_type") != "code":
            return "unsupported response_type"
        if "openid" not in params.get("scope", "").split():
            return "no openid scope"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "PKCE (S256) required"
        return None

    def sign_in(self, params: dict[str, str], username: str, password: str) -> str | None:
        """The redirect back to the client with a code, or None when the password is wrong."""
        user = self.users.get(username)
        if user is None or not secrets.compare_digest(user.password, password):
            return None
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Code(self.client_id, params["redirect_uri"], user, params.get("nonce", ""),
                                      params["code_challenge"], time.time())
        back = {"code": code}
        if "state" in params:
            back["state"] = params["state"]
        return params["redirect_uri"] + "?" + urlencode(back)

    def token(self, authorization: str | None, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        if not self._client_ok(authorization):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self._lock:
            grant = self._codes.get(form.get("code", ""))
            if grant is None or grant.used or time.time() - grant.issued > 60:
                return 400, {"error": "invalid_grant"}
            grant.used = True
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not secrets.compare_digest(digest, grant.challenge):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier wrong"}
        return 200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                     "id_token": self.id_token(grant)}

    def _client_ok(self, authorization: str | None) -> bool:
        if not authorization or not authorization.startswith("Basic "):
            return False
        client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def id_token(self, grant: _Code) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "sub": grant.user.subject, "aud": grant.client_id,
            "exp": now + 300, "iat": now, "auth_time": now, "nonce": grant.nonce,
            "preferred_username": grant.user.username, "groups": grant.user.groups,
            "email": grant.user.username, "email_verified": True,
        }
        key = self.key
        if self.tamper == "wrong_audience":
            claims["aud"] = "some-other-app"
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif self.tamper == "bad_nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif self.tamper == "wrong_issuer":
            claims["iss"] = "https://login.example.invalid/other"
        elif self.tamper == "foreign_key":
            key = self.foreign_key
        return jwt.encode({"alg": "RS256", "kid": "test-key-1", "typ": "JWT"}, claims, key)


def _form_page(params: dict[str, str], error: str = "") -> bytes:
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in params.items())
    notice = f'<p role="alert">{html.escape(error)}</p>' if error else ""
    return (f"<!doctype html><html><head><title>Test provider sign-in</title></head><body>"
            f"<h1>Test provider</h1>{notice}<form method='post' action='/authorize'>{hidden}"
            f"<label>User <input name='login_user'></label><label>Password "
            f"<input type='password' name='login_password'></label>"
            f"<button type='submit'>Sign in at provider</button></form></body></html>").encode()


def _handler(provider: OidcProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            return dict(parse_qsl(self.rfile.read(length).decode()))

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                problem = provider.check_authorize(params)
                if problem:
                    self._send(400, problem.encode(), "text/plain")
                else:
                    self._send(200, _form_page(params), "text/html; charset=utf-8")
            else:
                self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:
            form = self._form()
            if self.path == "/token":
                status, data = provider.token(self.headers.get("Authorization"), form)
                self._json(status, data)
            elif self.path == "/authorize":
                user, password = form.pop("login_user", ""), form.pop("login_password", "")
                problem = provider.check_authorize(form)
                if problem:
                    self._send(400, problem.encode(), "text/plain")
                    return
                target = provider.sign_in(form, user, password)
                if target is None:
                    self._send(200, _form_page(form, "Wrong user or password."), "text/html; charset=utf-8")
                else:
                    self._send(302, b"", "text/plain", {"Location": target})
            else:
                self._send(404, b"not found", "text/plain")

    return Handler
