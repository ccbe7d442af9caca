"""Tokens (issue 11): cached until shortly before they expire, dropped when a server refuses
them, never in a repr or an error; msal's credential built from a secret or a certificate;
the SASL strings; the OAuth2 settings refused with a plain reason when incomplete."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import GRAPH_SCOPE, Settings
from mailconn.sasl import choose_mechanism, initial_response, responder
from mailconn.tokens import CachedTokens, Issued, OAuthConfig, TokenError, msal_credential


class FakeIssuer:
    def __init__(self, lifetime: float) -> None:
        self.lifetime, self.count, self.forgotten = lifetime, 0, 0

    def issue(self) -> Issued:
        self.count += 1
        return Issued(f"token-{self.count}", self.lifetime)

    def forget(self) -> None:
        self.forgotten += 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("lifetime", "still_cached_at", "renewed_at"),
    [
        (3600.0, 3299.0, 3300.0),  # an hour: renewed 5 minutes early
        (5.0, 3.9, 4.0),  # 5 seconds: renewed 1 second early (a fifth of its life)
    ],
)
def test_a_token_is_kept_until_shortly_before_it_expires(
    lifetime: float, still_cached_at: float, renewed_at: float
) -> None:
    clock, issuer = Clock(), FakeIssuer(lifetime)
    tokens = CachedTokens(issuer, clock)
    assert tokens.token() == "token-1"
    clock.now = 1000.0 + still_cached_at
    assert tokens.token() == "token-1"
    clock.now = 1000.0 + renewed_at
    assert tokens.token() == "token-2" and issuer.count == 2


def test_a_refused_token_is_dropped_with_the_issuers_own_cache() -> None:
    issuer = FakeIssuer(3600)
    tokens = CachedTokens(issuer, Clock())
    assert tokens.token() == "token-1"
    tokens.invalidate()
    assert issuer.forgotten == 1
    assert tokens.token() == "token-2"


def test_no_secret_or_token_in_a_repr() -> None:
    tokens = CachedTokens(FakeIssuer(3600), Clock())
    token = tokens.token()
    config = OAuthConfig(client_id="app", scope="s", tenant_id="t", client_secret="very-secret")
    assert token not in repr(tokens)
    assert "very-secret" not in repr(config) and "very-secret" not in str(config)
    assert "token-1" not in repr(Issued("token-1", 60))


def test_msal_gets_the_secret_a_pfx_or_a_pem_key_with_its_thumbprint(tmp_path: Path) -> None:
    assert msal_credential(OAuthConfig(client_id="a", scope="s", client_secret="x")) == "x"
    pfx = tmp_path / "app.pfx"
    assert msal_credential(OAuthConfig(client_id="a", scope="s", cert_file=pfx)) == {
        "private_key_pfx_path": str(pfx)
    }
    pem = tmp_path / "app.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----\n")
    credential = msal_credential(
        OAuthConfig(client_id="a", scope="s", cert_file=pem, cert_thumbprint="ab:cd:ef")
    )
    assert credential == {"private_key": pem.read_text(), "thumbprint": "ABCDEF"}
    with pytest.raises(TokenError, match="cannot be read"):
        msal_credential(OAuthConfig(client_id="a", scope="s", cert_file=tmp_path / "gone.pem"))


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [(["PLAIN", "XOAUTH2"], "XOAUTH2"), (["xoauth2", "oauthbearer"], "OAUTHBEARER"), (["PLAIN"], None)],
)
def test_oauthbearer_is_preferred_where_offered(offered: list[str], chosen: str | None) -> None:
    assert choose_mechanism(offered) == chosen


def test_the_sasl_strings_and_the_empty_answer_to_an_error_challenge() -> None:
    assert initial_response("XOAUTH2", "a@b", "T") == "user=a@b\x01auth=Bearer T\x01\x01"
    assert (
        initial_response("OAUTHBEARER", "a,=b", "T", "imap.example", 993)
        == "n,a=a=2C=3Db,\x01host=imap.example\x01port=993\x01auth=Bearer T\x01\x01"
    )
    answer = responder("first")
    assert answer() == "first"
    assert answer(base64.b64decode("e30=")) == ""
    assert "first" not in repr(answer)


BASE = {"RTT_IMAP_HOST": "outlook.office365.com", "RTT_IMAP_USER": "attendance@oxfordshire.gov.uk"}


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Settings:
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**BASE, "RTT_IMAP_AUTH": "oauth2"}, "RTT_IMAP_AUTH=oauth2 needs RTT_OAUTH_CLIENT_ID"),
        (
            {**BASE, "RTT_IMAP_AUTH": "oauth2", "RTT_OAUTH_CLIENT_ID": "c", "RTT_OAUTH_TENANT_ID": "t"},
            "needs RTT_OAUTH_CLIENT_SECRET or RTT_OAUTH_CLIENT_CERT_FILE",
        ),
        (
            {**BASE, "RTT_IMAP_AUTH": "oauth2", "RTT_OAUTH_CLIENT_ID": "c", "RTT_OAUTH_CLIENT_SECRET": "s"},
            "RTT_OAUTH_TENANT_ID",
        ),
        (
            {
                **BASE,
                "RTT_IMAP_AUTH": "oauth2",
                "RTT_OAUTH_CLIENT_ID": "c",
                "RTT_OAUTH_TENANT_ID": "t",
                "RTT_OAUTH_CLIENT_CERT_FILE": "/etc/rtt/app.pem",
            },
            "a PEM certificate needs RTT_OAUTH_CLIENT_CERT_THUMBPRINT",
        ),
        (
            {
                "RTT_MAIL_API": "graph",
                "RTT_OAUTH_CLIENT_ID": "c",
                "RTT_OAUTH_TENANT_ID": "t",
                "RTT_OAUTH_CLIENT_SECRET": "s",
            },
            "RTT_IMAP_USER",
        ),
    ],
)
def test_oauth2_without_what_it_needs_is_refused_plainly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _settings(monkeypatch, tmp_path, **env)


def test_complete_oauth2_settings_and_the_scope_for_graph(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    s = _settings(
        monkeypatch,
        tmp_path,
        **BASE,
        RTT_IMAP_AUTH="oauth2",
        RTT_OAUTH_CLIENT_ID="c",
        RTT_OAUTH_TENANT_ID="t",
        RTT_OAUTH_CLIENT_SECRET="very-secret",
    )
    assert s.resolved_oauth_scope == "https://outlook.office365.com/.default"
    assert s.oauth().endpoint == "https://login.microsoftonline.com/t"
    assert "very-secret" not in repr(s) and "very-secret" not in str(s.describe())
    assert s.describe()["watch"].endswith("(oauth2)")
    monkeypatch.setenv("RTT_MAIL_API", "graph")
    assert Settings().resolved_oauth_scope == GRAPH_SCOPE
    monkeypatch.setenv("RTT_OAUTH_SCOPE", "api://custom/.default")
    assert Settings().resolved_oauth_scope == "api://custom/.default"
