"""OpenID Connect single sign-on (Core 1.0, the authorization code flow) for the web queue.

The browser is sent to the provider's authorization endpoint with a fresh `state`, `nonce` and
PKCE verifier (RFC 7636, S256) kept in the signed session cookie; on its return the code is
exchanged at the token endpoint (authlib's OAuth2 client for requests, client_secret_basic) and the ID
token is checked here before anything is believed (Core 3.1.3.7): its signature against the
provider's JWKS (RS256, PS256 or ES256; never `none` nor a shared-secret algorithm), the issuer
(the configured one, which the discovery document must also name), the audience (this client,
and `azp` when there are several), the expiry and issue time (a minute's leeway), and the
nonce. The user's role comes from the group claim (RTT_OIDC_ADMIN_GROUPS,
RTT_OIDC_OFFICER_GROUPS); someone in neither is refused.

Nothing secret is logged or shown: not the client secret, the code, the tokens nor the claims.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import KeySet
from requests import RequestException

from config.settings import Settings
from parsers.errors import RttError

log = logging.getLogger(__name__)
ALGORITHMS = ["RS256", "PS256", "ES256"]
CALLBACK_PATH = "/login/oidc/callback"
NOT_STARTED_HERE = "the sign-in did not start here or has expired; try again"
NO_ANSWER = "the sign-in provider did not answer; try again later"
JWKS_REFRESH_SECONDS = 60.0
"""An unknown key id refetches the JWKS (the provider rolled its keys), at most this often."""


def _names(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    admin_groups: frozenset[str] = frozenset()
    officer_groups: frozenset[str] = frozenset()
    group_claim: str = "groups"
    username_claim: str = "preferred_username"
    scopes: str = "openid profile email"
    redirect_uri: str | None = None
    button_label: str = "Sign in with your council account"
    leeway_seconds: int = 60
    timeout_seconds: float = 10.0
    ca_file: Path | None = None
    """Extra certificate authorities for the provider's HTTPS (RTT_TLS_CA_FILE)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> OidcConfig | None:
        """None when single sign-on is not set up (the settings check the rest is there)."""
        if not settings.oidc_issuer or not settings.oidc_client_id or settings.oidc_client_secret is None:
            return None
        return cls(
            issuer=settings.oidc_issuer.rstrip("/"),
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            admin_groups=_names(settings.oidc_admin_groups),
            officer_groups=_names(settings.oidc_officer_groups),
            group_claim=settings.oidc_group_claim,
            username_claim=settings.oidc_username_claim,
            scopes=settings.oidc_scopes,
            redirect_uri=settings.oidc_redirect_uri,
            button_label=settings.oidc_button_label,
            ca_file=settings.tls_ca_file,
        )

    def role_for(self, groups: tuple[str, ...]) -> str | None:
        """admin, officer, or None when none of the user's groups may sign in."""
        if self.admin_groups.intersection(groups):
            return "admin"
        if self.officer_groups.intersection(groups):
            return "officer"
        return None


class OidcRefused(RttError):
    """The sign-in is refused; `reason` is a short code for the audit, the message is safe to show."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    username: str
    groups: tuple[str, ...]
    email: str | None = None
    """The ID token's `email` claim (unless `email_verified` is false): where the officer's
    alerts go when an admin has set no address (issue 12)."""


@dataclass(frozen=True)
class Pending:
    """What the session keeps between leaving for the provider and coming back."""

    state: str
    nonce: str
    verifier: str
    next: str

    def to_dict(self) -> dict[str, str]:
        return {"s": self.state, "n": self.nonce, "v": self.verifier, "x": self.next}

    @classmethod
    def from_dict(cls, raw: Any) -> Pending | None:
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in "snvx"):
            return None
        return cls(raw["s"], raw["n"], raw["v"], raw["x"])


class OidcClient:
    """One provider: its discovery document and keys are fetched when first needed and kept."""

    def __init__(self, config: OidcConfig) -> None:
        self.config = config
        self._verify: Any = str(config.ca_file) if config.ca_file else True
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._keys_at = 0.0

    def _oauth(self) -> OAuth2Session:
        """authlib's OAuth2 client on requests (as mailconn.tokens; authlib's httpx client is
        deprecated there)."""
        return OAuth2Session(
            client_id=self.config.client_id, client_secret=self.config.client_secret,
            scope=self.config.scopes, code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106  (a method's name)
        )

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            with self._oauth() as http:
                response = http.get(url, timeout=self.config.timeout_seconds, verify=self._verify,
                                    withhold_token=True)
                response.raise_for_status()
                data = response.json()
        except (RequestException, OSError, ValueError) as exc:
            log.warning("single sign-on: could not read %s: %s", url, type(exc).__name__)
            raise OidcRefused("provider_unreachable", NO_ANSWER) from exc
        if not isinstance(data, dict):
            raise OidcRefused("provider_bad_answer", "the sign-in provider's answer was not understood")
        return data

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                data = self._get_json(self.config.issuer + "/.well-known/openid-configuration")
                if str(data.get("issuer", "")).rstrip("/") != self.config.issuer:
                    raise OidcRefused("issuer_mismatch",
                                      "the provider's discovery document names another issuer")
                for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(data.get(key), str):
                        raise OidcRefused("provider_bad_answer", f"the discovery document has no {key}")
                self._metadata = data
            return self._metadata

    def _key_set(self, refresh: bool) -> KeySet:
        metadata = self.metadata()
        with self._lock:
            stale = refresh and time.monotonic() - self._keys_at > JWKS_REFRESH_SECONDS
            if self._keys is None or stale:
                try:
                    self._keys = KeySet.import_key_set(cast(Any, self._get_json(metadata["jwks_uri"])))
                except (JoseError, ValueError, TypeError) as exc:
                    raise OidcRefused("provider_bad_answer", "the provider keys are unreadable") from exc
                self._keys_at = time.monotonic()
            return self._keys

    def begin(self, redirect_uri: str, next_path: str) -> tuple[str, Pending]:
        """The provider's URL to send the browser to, and what to keep in the session."""
        pending = Pending(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64),
                          next_path)
        with self._oauth() as oauth:
            url, _state = oauth.create_authorization_url(
                self.metadata()["authorization_endpoint"], redirect_uri=redirect_uri,
                state=pending.state, nonce=pending.nonce, code_verifier=pending.verifier,
            )
        return str(url), pending

    def finish(self, params: Mapping[str, str], pending: Pending, redirect_uri: str) -> Identity:
        """The signed-in identity from the provider's answer, or OidcRefused."""
        if params.get("error"):
            raise OidcRefused("provider_error", f"the provider refused: {params['error'][:64]}")
        if not hmac.compare_digest(params.get("state", "").encode(), pending.state.encode()):
            raise OidcRefused("bad_state", NOT_STARTED_HERE)
        code = params.get("code", "")
        if not code:
            raise OidcRefused("no_code", "the sign-in provider sent no authorization code")
        id_token = self._exchange(code, pending, redirect_uri)
        claims = self.check_id_token(id_token, pending.nonce)
        return self._identity(claims)

    def _exchange(self, code: str, pending: Pending, redirect_uri: str) -> str:
        try:
            with self._oauth() as oauth:
                token = oauth.fetch_token(
                    self.metadata()["token_endpoint"], grant_type="authorization_code", code=code,
                    redirect_uri=redirect_uri, code_verifier=pending.verifier,
                    timeout=self.config.timeout_seconds, verify=self._verify,
                )
        except OAuthError as exc:
            log.warning("single sign-on: the token endpoint refused the code: %s", exc.error)
            raise OidcRefused("token_refused", "the provider refused to complete the sign-in") from exc
        except (RequestException, OSError, ValueError) as exc:
            log.warning("single sign-on: the token endpoint failed: %s", type(exc).__name__)
            raise OidcRefused("provider_unreachable", NO_ANSWER) from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise OidcRefused("no_id_token", "the sign-in provider sent no ID token")
        return id_token

    def check_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
        try:
            token = self._decode(id_token)
        except JoseError as exc:
            raise OidcRefused("bad_signature", "the ID token's signature is not the provider's") from exc
        claims = dict(token.claims)
        registry = jwt.JWTClaimsRegistry(
            leeway=self.config.leeway_seconds,
            iss={"essential": True, "value": self.config.issuer},
            aud={"essential": True, "value": self.config.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except JoseError as exc:
            reason = _claim_reason(exc)
            raise OidcRefused(reason, f"the ID token was refused ({reason.replace('_', ' ')})") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.config.client_id:
            raise OidcRefused("wrong_audience", "the ID token was refused (wrong audience)")
        return claims

    def _decode(self, id_token: str) -> jwt.Token:
        try:
            return jwt.decode(id_token, self._key_set(refresh=False), algorithms=ALGORITHMS)
        except JoseError:
            return jwt.decode(id_token, self._key_set(refresh=True), algorithms=ALGORITHMS)

    def _identity(self, claims: dict[str, Any]) -> Identity:
        if self.config.group_claim not in claims and "_claim_names" in claims:
            raise OidcRefused("group_overage", "the provider sent too many groups to list: assign the "
                                               "sign-in groups to the application (see the README)")
        raw_groups = claims.get(self.config.group_claim, [])
        groups = tuple(str(g) for g in raw_groups) if isinstance(raw_groups, list) else (str(raw_groups),)
        username = claims.get(self.config.username_claim) or claims.get("email") or claims["sub"]
        email = claims.get("email")
        verified = claims.get("email_verified") is not False
        return Identity(str(claims["iss"]), str(claims["sub"]), str(username), groups,
                        str(email) if isinstance(email, str) and email and verified else None)


def _claim_reason(exc: JoseError) -> str:
    """A short, safe name for a refused claim (joserfc's error names the claim)."""
    if isinstance(exc, ExpiredTokenError):
        return "expired"
    claim = exc.claim if isinstance(exc, ClaimError) else ""
    return {"nonce": "bad_nonce", "aud": "wrong_audience", "iss": "wrong_issuer", "exp": "expired",
            "iat": "bad_issue_time", "nbf": "not_yet_valid", "sub": "no_subject"}.get(claim, "bad_claims")
