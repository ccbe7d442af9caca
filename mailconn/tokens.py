"""OAuth2 access tokens by the client-credentials grant, cached and refreshed.

Two issuers: Microsoft's msal for Entra ID (client secret, or a certificate), and authlib's
standard OAuth2 client for any other token endpoint (`token_url`). Either way a token is kept
until shortly before it expires, and dropped at once when a server refused it (`invalidate`),
so the next `token()` asks for a new one.

A token is never logged, and never part of an error message or a repr.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

ENTRA_AUTHORITY = "https://login.microsoftonline.com"
EXCHANGE_SCOPE = "https://outlook.office365.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
REFRESH_MARGIN_SECONDS = 300.0
"""A token is renewed this long before it expires (less for short-lived tokens)."""
REFRESH_MARGIN_SHARE = 0.2
"""... at most this share of its lifetime: a 5-second token is renewed 1 second early."""
PFX_SUFFIXES = (".pfx", ".p12")


class TokenError(Exception):
    """No token could be had. `refused`: the token endpoint answered and said no (a wrong or
    revoked client, a missing consent); else it could not be reached. The message is safe to
    log: it names the endpoint's error code, never a secret."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


@dataclass(frozen=True)
class OAuthConfig:
    """What the client-credentials grant needs. `token_url` set: a standard OAuth2 endpoint;
    else Entra ID for `tenant_id` through msal."""

    client_id: str
    scope: str
    tenant_id: str | None = None
    token_url: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    cert_file: Path | None = None
    cert_thumbprint: str | None = None
    ca_file: Path | None = None
    """Extra certificate authorities for the token endpoint's TLS."""
    timeout_seconds: float = 30.0
    authority_host: str = ENTRA_AUTHORITY
    """Entra ID's sign-in host (another for a national cloud, or a test's own server)."""

    @property
    def endpoint(self) -> str:
        """Where tokens come from, for messages (no secrets in it)."""
        return self.token_url or f"{self.authority_host}/{self.tenant_id}"


@dataclass(frozen=True)
class Issued:
    access_token: str = field(repr=False)
    expires_in: float


class Issuer(Protocol):
    def issue(self) -> Issued: ...

    def forget(self) -> None:
        """Drop whatever the issuer itself cached (msal keeps its own cache)."""
        ...


class TokenSource(Protocol):
    """What a connection needs: a current token, and a way to say the server refused it."""

    def token(self) -> str: ...

    def invalidate(self) -> None: ...

    @property
    def renew_at(self) -> float:
        """When (time.monotonic) the current token is renewed: a session signed in with it
        should sign in again by then (Exchange Online ends IMAP sessions whose token expired)."""
        ...


class CachedTokens:
    """One token at a time, renewed before it expires; thread-safe."""

    def __init__(self, issuer: Issuer, clock: Callable[[], float] = time.monotonic) -> None:
        self._issuer, self._clock = issuer, clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self.issued_count = 0
        """How many tokens were fetched (for tests and `rtt doctor`)."""

    def __repr__(self) -> str:
        return f"CachedTokens(issued={self.issued_count}, cached={self._token is not None})"

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._renew()
            assert self._token is not None
            return self._token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
            self._issuer.forget()

    @property
    def renew_at(self) -> float:
        return self._renew_at

    def _renew(self) -> None:
        issued = self._issuer.issue()
        lifetime = max(0.0, issued.expires_in)
        margin = min(REFRESH_MARGIN_SECONDS, lifetime * REFRESH_MARGIN_SHARE)
        self._token, self._renew_at = issued.access_token, self._clock() + lifetime - margin
        self.issued_count += 1
        log.debug("OAuth2 token issued: valid %.0fs, renewed after %.0fs", lifetime, lifetime - margin)


class StandardIssuer:
    """Any RFC 6749 token endpoint, through authlib's OAuth2 client for requests (the HTTP
    library msal uses too), authenticating with client_secret_basic."""

    def __init__(self, config: OAuthConfig) -> None:
        assert config.token_url is not None
        self.config = config

    def issue(self) -> Issued:
        from authlib.integrations.base_client import OAuthError
        from authlib.integrations.requests_client import OAuth2Session
        from requests import RequestException

        c = self.config
        verify: Any = str(c.ca_file) if c.ca_file else True
        try:
            with OAuth2Session(c.client_id, c.client_secret, scope=c.scope) as session:
                token = session.fetch_token(
                    c.token_url, grant_type="client_credentials", timeout=c.timeout_seconds, verify=verify
                )
        except OAuthError as exc:
            raise TokenError(f"the token endpoint refused the client: {exc.error}", refused=True) from None
        except (RequestException, OSError, ValueError) as exc:
            reason = f"the token endpoint could not be reached: {type(exc).__name__}"
            raise TokenError(reason, refused=False) from None
        return _issued(token)

    def forget(self) -> None:
        return None


class MsalIssuer:
    """Entra ID, through msal's confidential client (a secret, or a certificate)."""

    def __init__(self, config: OAuthConfig) -> None:
        self.config = config
        self._app: Any = None

    def _application(self) -> Any:
        if self._app is None:
            import msal

            c = self.config
            self._app = msal.ConfidentialClientApplication(
                c.client_id,
                client_credential=msal_credential(c),
                authority=c.endpoint,
                token_cache=msal.TokenCache(),
                http_client=_msal_http(c),
                # Microsoft's own hosts are known to msal; any other is not looked up there.
                instance_discovery=None if c.authority_host == ENTRA_AUTHORITY else False,
            )
        return self._app

    def issue(self) -> Issued:
        from requests import RequestException

        try:
            result = self._application().acquire_token_for_client(scopes=[self.config.scope])
        except (RequestException, OSError) as exc:
            raise TokenError(f"Entra ID could not be reached: {type(exc).__name__}", refused=False) from None
        except ValueError as exc:  # msal's refusal of a malformed authority or credential
            raise TokenError(f"msal refused the configuration: {exc}", refused=True) from None
        if "access_token" not in result:
            raise TokenError(f"Entra ID refused the client: {_msal_reason(result)}", refused=True)
        return _issued(result)

    def forget(self) -> None:
        if self._app is not None:
            self._app.remove_tokens_for_client()


def _msal_http(config: OAuthConfig) -> Any:
    """msal's HTTP session, with our timeout and CA file on every request: requests lets
    REQUESTS_CA_BUNDLE override a session's own `verify`, so it is given per request."""
    import requests

    class Session(requests.Session):
        def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            kwargs.setdefault("timeout", config.timeout_seconds)
            if config.ca_file:
                kwargs["verify"] = str(config.ca_file)
            return super().request(method, url, *args, **kwargs)

    session = Session()
    adapter = requests.adapters.HTTPAdapter(max_retries=1)
    session.mount("https://", adapter)
    return session


def msal_credential(config: OAuthConfig) -> str | dict[str, str]:
    """msal's `client_credential`: the secret, a .pfx/.p12 file, or a PEM key with its thumbprint."""
    if config.client_secret:
        return config.client_secret
    if config.cert_file is None:
        raise TokenError("neither a client secret nor a certificate is configured", refused=True)
    if config.cert_file.suffix.lower() in PFX_SUFFIXES:
        return {"private_key_pfx_path": str(config.cert_file)}
    try:
        pem = config.cert_file.read_text()
    except OSError as exc:
        raise TokenError(f"the certificate file cannot be read: {type(exc).__name__}", refused=True) from None
    credential = {"private_key": pem}
    if config.cert_thumbprint:
        credential["thumbprint"] = config.cert_thumbprint.replace(":", "").upper()
    elif "BEGIN CERTIFICATE" in pem:
        credential["public_certificate"] = pem
    return credential


def _msal_reason(result: dict[str, Any]) -> str:
    """The error code and the AADSTS line (it names the cause, never a secret)."""
    description = str(result.get("error_description") or "").strip().splitlines()
    first = description[0][:200] if description else ""
    return f"{result.get('error', 'unknown_error')}" + (f" ({first})" if first else "")


def _issued(token: dict[str, Any]) -> Issued:
    access = token.get("access_token")
    if not isinstance(access, str) or not access:
        raise TokenError("the token endpoint answered without an access token", refused=True)
    try:
        expires_in = float(token.get("expires_in") or 3600)
    except (TypeError, ValueError):
        expires_in = 3600.0
    return Issued(access, expires_in)


def make_token_source(config: OAuthConfig) -> CachedTokens:
    issuer: Issuer = StandardIssuer(config) if config.token_url else MsalIssuer(config)
    return CachedTokens(issuer)
