"""Sign-in (issue 13) in headless Chromium: OpenID Connect single sign-on against a real
provider that the test starts (tests/web/oidcprovider.py, written from OpenID Connect Core 1.0,
Discovery 1.0 and RFC 7636, ID tokens signed with joserfc), with the role from the group claim,
a user outside the allowed groups refused, and ID tokens with the wrong audience, expired, with
a bad nonce, the wrong issuer or a key not in the JWKS refused; local accounts' TOTP second
factor (enrol, code, wrong code, recovery code once, required by an admin); the idle timeout;
disabled accounts; an admin's password reset (page and `rtt user`)."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from sqlmodel import col, select

from config.settings import Settings
from rtt import cli
from store.db import session_scope
from store.models import AppUser, AuditEvent, RecoveryCode
from tests.web.conftest import (
    ADMIN,
    OFFICER,
    OFFICER2,
    Seeded,
    csrf_of,
    https_client,
    live_server,
    login,
    make_app,
    screenshot,
)
from tests.web.oidcprovider import OidcProvider, ProviderUser
from web.oidc import CALLBACK_PATH, OidcClient, OidcConfig, OidcRefused, Pending

ADMIN_GROUP = "6f1c2a9e-admins"
OFFICER_GROUP = "0b7d4e21-officers"


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def provider() -> Iterator[OidcProvider]:
    users = {
        "ada": ProviderUser("ada-idp-secret-1", "sub-ada-0001", [ADMIN_GROUP, "g-all-staff"],
                            "ada@council.example"),
        "otto": ProviderUser("otto-idp-secret-2", "sub-otto-0002", ["g-all-staff", OFFICER_GROUP],
                             "otto@council.example"),
        "nell": ProviderUser("nell-idp-secret-3", "sub-nell-0003", ["g-all-staff"], "nell@council.example"),
    }
    with OidcProvider(users=users) as running:
        yield running


def _oidc_config(provider: OidcProvider, **overrides: Any) -> OidcConfig:
    values: dict[str, Any] = {
        "issuer": provider.issuer, "client_id": provider.client_id, "client_secret": provider.client_secret,
        "admin_groups": frozenset({ADMIN_GROUP}), "officer_groups": frozenset({OFFICER_GROUP}),
        **overrides,
    }
    return OidcConfig(**values)


def _browser_page(chromium: Any) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    # Console errors other than refused requests (whose status the tests check): a CSP violation.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    return context, page, errors


def _sso(page: Any, base: str, user: str, password: str) -> Any:
    """From the app's login page through the provider's form and back; the callback's response."""
    page.goto(base + "/")
    assert "/login" in page.url
    page.click("a:has-text('Sign in with your council account')")
    page.wait_for_selector("text=Test provider")
    page.fill("input[name=login_user]", user)
    page.fill("input[name=login_password]", password)
    with page.expect_response(lambda r: CALLBACK_PATH in r.url) as answer:
        page.click("button:has-text('Sign in at provider')")
    page.wait_for_load_state()
    return answer.value


def _log_in(page: Any, base: str, user: tuple[str, str]) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user[0])
    page.fill("input[name=password]", user[1])
    page.click("button:has-text('Log in')")
    page.wait_for_load_state()


def _log_out(page: Any, base: str) -> None:
    page.click("button:has-text('Log out')")
    page.wait_for_url(base + "/login")


def _who(page: Any) -> str:
    return " ".join(page.locator("header .who").inner_text().split())


def _users(seeded: Seeded) -> dict[str, AppUser]:
    with session_scope(seeded.engine) as s:
        rows = list(s.exec(select(AppUser)))
        for row in rows:
            s.expunge(row)
    return {u.username: u for u in rows}


def _audit(seeded: Seeded, action: str) -> list[AuditEvent]:
    with session_scope(seeded.engine) as s:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        rows = list(s.exec(query))
        for row in rows:
            s.expunge(row)
    return rows


# --- OpenID Connect ----------------------------------------------------------------------------


@pytest.mark.system
@pytest.mark.slow
def test_single_sign_on_role_from_group_refusal_and_logout(
    any_store: Seeded, provider: OidcProvider, chromium: Any, tmp_path: Path
) -> None:
    app = make_app(any_store.engine, tmp_path, oidc=_oidc_config(provider))
    with live_server(app) as base:
        provider.redirect_uris = [base + CALLBACK_PATH]
        context, page, errors = _browser_page(chromium)

        answer = _sso(page, base, "ada", "ada-idp-secret-1")
        assert answer.status == 303
        page.wait_for_url(base + "/")
        assert _who(page) == "ada@council.example (admin)", "the admin group gives the admin role"
        page.goto(base + "/admin/users")
        assert page.locator("h1").inner_text() == "Users"
        assert "single sign-on" in page.locator("tr", has_text="ada@council.example").inner_text()
        screenshot(page, "signin-sso-admin")
        _log_out(page, base)
        page.goto(base + "/")
        assert "/login" in page.url, "logging out ends the session"

        _sso(page, base, "otto", "otto-idp-secret-2")
        page.wait_for_url(base + "/")
        assert _who(page) == "otto@council.example (officer)"
        assert page.goto(base + "/admin/users").status == 403
        page.goto(base + "/")
        _log_out(page, base)

        answer = _sso(page, base, "nell", "nell-idp-secret-3")
        assert answer.status == 403
        assert "not in a group that may use this service" in page.locator("[role=alert]").inner_text()
        page.goto(base + "/")
        assert "/login" in page.url, "a refused user has no session"

        provider.users["otto"].groups = ["g-all-staff", ADMIN_GROUP]
        _sso(page, base, "otto", "otto-idp-secret-2")
        page.wait_for_url(base + "/")
        assert _who(page) == "otto@council.example (admin)", "the role follows the groups at each sign-in"
        assert errors == []
        context.close()

    users = _users(any_store)
    assert "nell@council.example" not in users, "no account for a user whose groups allow none"
    assert users["ada@council.example"].oidc_subject == "sub-ada-0001"
    assert users["ada@council.example"].oidc_issuer == provider.issuer
    assert users["otto@council.example"].role == "admin"
    assert not users["ada@council.example"].password_hash.startswith("$argon2")
    vias = [e.detail.get("via") for e in _audit(any_store, "login") if e.actor.endswith("@council.example")]
    assert vias == ["oidc", "oidc", "oidc"]
    refused = [e.detail for e in _audit(any_store, "login_failed")]
    assert {"via": "oidc", "reason": "user_refused"} in refused
    added = [(e.actor, e.detail) for e in _audit(any_store, "user_add")]
    assert added == [("oidc", {"username": "ada@council.example", "role": "admin"}),
                     ("oidc", {"username": "otto@council.example", "role": "officer"})]
    changed = [e.detail for e in _audit(any_store, "user_role")]
    assert changed == [{"username": "otto@council.example", "from": "officer", "to": "admin"}]


@pytest.mark.system
@pytest.mark.slow
def test_bad_id_tokens_are_refused(
    store: Seeded, provider: OidcProvider, chromium: Any, tmp_path: Path
) -> None:
    app = make_app(store.engine, tmp_path, oidc=_oidc_config(provider))
    with live_server(app) as base:
        provider.redirect_uris = [base + CALLBACK_PATH]
        context, page, _errors = _browser_page(chromium)
        for tamper, says in (
            ("wrong_audience", "wrong audience"),
            ("expired", "expired"),
            ("bad_nonce", "bad nonce"),
            ("wrong_issuer", "wrong issuer"),
            ("foreign_key", "signature is not the provider's"),
        ):
            provider.tamper = tamper
            answer = _sso(page, base, "ada", "ada-idp-secret-1")
            assert answer.status == 403, tamper
            assert says in page.locator("[role=alert]").inner_text(), tamper
            page.goto(base + "/")
            assert "/login" in page.url, f"{tamper}: no session"
        provider.tamper = None

        # The callback without a sign-in started here (a forged or replayed redirect).
        before = provider.token_requests
        page.goto(base + CALLBACK_PATH + "?code=stolen&state=guessed")
        assert "did not start here" in page.locator("[role=alert]").inner_text()
        assert provider.token_requests == before, "no code is exchanged without the session's state"

        _sso(page, base, "ada", "ada-idp-secret-1")
        page.wait_for_url(base + "/")
        assert _who(page) == "ada@council.example (admin)", "an untampered token still signs in"
        context.close()
    assert "ada@council.example" in _users(store)
    reasons = [e.detail.get("reason") for e in _audit(store, "login_failed")]
    assert reasons == ["wrong_audience", "expired", "bad_nonce", "wrong_issuer", "bad_signature",
                       "no_pending"]


def test_the_state_must_match_and_the_code_is_single_use(provider: OidcProvider) -> None:
    """The client's own checks, without a browser: a wrong state is refused before any token
    request; the provider's form is followed by plain HTTP."""
    import httpx

    redirect = "http://127.0.0.1:9/cb"
    provider.redirect_uris = [redirect]
    client = OidcClient(_oidc_config(provider))
    url, pending = client.begin(redirect, "/")
    assert "code_challenge_method=S256" in url and "nonce=" in url and f"state={pending.state}" in url
    params = dict(httpx.URL(url).params)
    back = provider.sign_in(params, "ada", "ada-idp-secret-1")
    assert back is not None
    answer = dict(httpx.URL(back).params)
    with pytest.raises(OidcRefused) as wrong_state:
        client.finish({**answer, "state": "x" + pending.state}, pending, redirect)
    assert wrong_state.value.reason == "bad_state" and provider.token_requests == 0
    other = Pending(pending.state, pending.nonce, "a-different-verifier-" + "x" * 40, "/")
    with pytest.raises(OidcRefused) as wrong_verifier:
        client.finish(answer, other, redirect)
    assert wrong_verifier.value.reason == "token_refused", "the provider checks PKCE"
    back = provider.sign_in(params, "ada", "ada-idp-secret-1")
    assert back is not None
    answer = dict(httpx.URL(back).params)
    identity = client.finish(answer, pending, redirect)
    assert (identity.subject, identity.username) == ("sub-ada-0001", "ada@council.example")
    with pytest.raises(OidcRefused) as again:
        client.finish(answer, pending, redirect)
    assert again.value.reason == "token_refused", "a code works once"


def test_oidc_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="RTT_OIDC_CLIENT_SECRET"):
        Settings(oidc_issuer="https://login.example/t/v2.0", oidc_client_id="x", oidc_officer_groups="g")
    with pytest.raises(ValueError, match="RTT_OIDC_ADMIN_GROUPS or RTT_OIDC_OFFICER_GROUPS"):
        Settings(oidc_issuer="https://login.example/t/v2.0", oidc_client_id="x", oidc_client_secret="s")
    with pytest.raises(ValueError, match="must be https"):
        Settings(oidc_issuer="http://login.example/t", oidc_client_id="x", oidc_client_secret="s",
                 oidc_officer_groups="g")
    settings = Settings(oidc_issuer="https://login.example/t/v2.0/", oidc_client_id="x",
                        oidc_client_secret="very-secret-value", oidc_admin_groups=" a , b ")
    config = OidcConfig.from_settings(settings)
    assert config is not None and config.issuer == "https://login.example/t/v2.0"
    assert config.admin_groups == {"a", "b"} and config.role_for(("b",)) == "admin"
    assert config.role_for(("c",)) is None
    assert "very-secret-value" not in repr(config), "the secret is never shown"


# --- TOTP second factor ----------------------------------------------------------------------


def _secret_from(page: Any) -> str:
    return page.locator("#totp-secret").inner_text().strip()


@pytest.mark.system
@pytest.mark.slow
def test_totp_enrol_code_wrong_code_and_recovery_code_once(
    any_store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    app = make_app(any_store.engine, tmp_path)
    with live_server(app) as base:
        context, page, errors = _browser_page(chromium)
        _log_in(page, base, OFFICER)
        page.wait_for_url(base + "/")
        page.click("header .who a")
        page.click("a:has-text('Set up a second factor')")
        assert page.locator(".qr svg").count() == 1, "the QR code is an inline SVG (no script, no data: URL)"
        secret = _secret_from(page)
        totp = pyotp.TOTP(secret)
        screenshot(page, "signin-enrol")
        page.fill("input[name=code]", _wrong(totp))
        page.click("button:has-text('Confirm')")
        assert "wrong" in page.locator("[role=alert]").inner_text()
        assert _secret_from(page) == secret, "the waiting secret stays while the user retries"
        page.fill("input[name=code]", totp.now())
        page.click("button:has-text('Confirm')")
        codes = [c.strip() for c in page.locator(".recovery-codes code").all_inner_texts()]
        assert len(codes) == 10 and len(set(codes)) == 10
        screenshot(page, "signin-recovery-codes")
        page.click("a:has-text('Continue')")
        page.goto(base + "/")
        _log_out(page, base)

        _log_in(page, base, OFFICER)
        assert page.url == base + "/login/second-factor", "the password alone no longer signs in"
        page.goto(base + "/")
        assert "/login" in page.url and "second-factor" not in page.url, "no session before the code"
        _log_in(page, base, OFFICER)
        page.fill("input[name=code]", _wrong(totp))
        page.click("button:has-text('Continue')")
        assert "wrong" in page.locator("[role=alert]").inner_text()
        page.fill("input[name=code]", totp.at(time.time() + 30))
        page.click("button:has-text('Continue')")
        page.wait_for_url(base + "/")
        assert _who(page) == "olivia (officer)"
        _log_out(page, base)

        _log_in(page, base, OFFICER)
        page.fill("input[name=code]", codes[3].upper())
        page.click("button:has-text('Continue')")
        page.wait_for_url(base + "/")
        page.goto(base + "/account/security")
        assert page.locator("#codes-left").inner_text() == "9"
        _log_out(page, base)

        _log_in(page, base, OFFICER)
        page.fill("input[name=code]", codes[3])
        page.click("button:has-text('Continue')")
        alert = page.locator("[role=alert]").inner_text()
        assert "wrong or has been used" in alert, "a recovery code works once"
        assert errors == []
        context.close()

    with session_scope(any_store.engine) as s:
        user = s.exec(select(AppUser).where(AppUser.username == OFFICER[0])).one()
        assert user.totp_confirmed_at is not None
        assert user.totp_secret and secret not in user.totp_secret, "the TOTP secret is stored sealed"
        stored = list(s.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10 and sum(1 for r in stored if r.used_at) == 1
    assert not any(c.replace("-", "") in r.code_hash for c in codes for r in stored), "stored hashed"
    assert len(_audit(any_store, "totp_enrolled")) == 1


def _wrong(totp: pyotp.TOTP) -> str:
    now = time.time()
    near = {totp.at(now + d) for d in (-30, 0, 30)}
    return next(c for c in ("123456", "654321", "111111", "222222") if c not in near)


@pytest.mark.system
@pytest.mark.slow
def test_an_admin_requires_a_second_factor_and_it_forces_enrolment(
    store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    app = make_app(store.engine, tmp_path)
    with live_server(app) as base:
        context, page, errors = _browser_page(chromium)
        _log_in(page, base, ADMIN)
        page.goto(base + "/admin/users")
        page.locator("tr", has_text=OFFICER2[0]).locator("button:has-text('Require a code')").click()
        assert "code required" in page.locator("tr", has_text=OFFICER2[0]).inner_text()
        _log_out(page, base)

        _log_in(page, base, OFFICER2)
        assert page.url == base + "/login/enrol", "the next sign-in must enrol first"
        page.goto(base + "/")
        assert "/login" in page.url and "enrol" not in page.url, "no session until enrolled"
        _log_in(page, base, OFFICER2)
        page.fill("input[name=code]", pyotp.TOTP(_secret_from(page)).now())
        page.click("button:has-text('Confirm')")
        assert page.locator(".recovery-codes code").count() == 10
        page.click("a:has-text('Continue')")
        page.wait_for_url(base + "/")
        assert _who(page) == "omar (officer)"
        assert errors == []
        context.close()
    assert _users(store)[OFFICER2[0]].totp_required


def test_the_setting_requires_a_second_factor_of_everyone(store: Seeded, tmp_path: Path) -> None:
    client = https_client(make_app(store.engine, tmp_path, require_totp=True))
    token = csrf_of(client.get("/login").text)
    form = {"username": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
    response = client.post("/login", data=form)
    assert response.status_code == 303 and response.headers["location"] == "/login/enrol"
    assert client.get("/").status_code == 303, "not signed in yet"
    page = client.get("/login/enrol")
    assert page.status_code == 200 and "<svg" in page.text
    assert Settings(web_require_totp=True, web_idle_minutes=5).web_idle_minutes == 5


def test_an_admin_resets_a_second_factor(store: Seeded, tmp_path: Path) -> None:
    client = https_client(make_app(store.engine, tmp_path))
    token = login(client, OFFICER)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', client.get("/login/enrol").text)
    assert secret
    code = pyotp.TOTP(secret.group(1)).now()
    answer = client.post("/login/enrol", data={"code": code, "csrf_token": token})
    assert answer.status_code == 200 and "recovery-codes" in answer.text
    admin = https_client(make_app(store.engine, tmp_path))
    admin_token = login(admin, ADMIN)
    olivia = _users(store)[OFFICER[0]]
    response = admin.post(f"/admin/users/{olivia.id}/state",
                          data={"action": "reset_totp", "csrf_token": admin_token})
    assert response.status_code == 303
    after = _users(store)[OFFICER[0]]
    assert after.totp_secret is None and after.totp_confirmed_at is None
    with session_scope(store.engine) as s:
        assert s.exec(select(RecoveryCode).where(RecoveryCode.user_id == olivia.id)).first() is None
    fresh = https_client(make_app(store.engine, tmp_path))
    login(fresh, OFFICER)  # the password alone signs in again (it asserts the redirect to /)


# --- sessions, disabled accounts, password resets --------------------------------------------


@pytest.mark.system
@pytest.mark.slow
def test_a_session_ends_after_the_idle_time(store: Seeded, chromium: Any, tmp_path: Path) -> None:
    app = make_app(store.engine, tmp_path, idle_seconds=3)
    with live_server(app) as base:
        context, page, _errors = _browser_page(chromium)
        _log_in(page, base, OFFICER)
        page.wait_for_url(base + "/")
        for _ in range(3):
            time.sleep(2)
            page.goto(base + "/")
            assert page.url == base + "/", "activity keeps the session alive past the idle time"
        time.sleep(4.5)
        page.goto(base + "/")
        assert "/login" in page.url, "idle longer than the setting: signed out"
        context.close()


@pytest.mark.system
@pytest.mark.slow
def test_a_disabled_account_is_refused(store: Seeded, chromium: Any, tmp_path: Path) -> None:
    app = make_app(store.engine, tmp_path)
    with live_server(app) as base:
        officer_context, officer_page, _ = _browser_page(chromium)
        _log_in(officer_page, base, OFFICER)
        officer_page.wait_for_url(base + "/")
        admin_context, admin_page, _ = _browser_page(chromium)
        _log_in(admin_page, base, ADMIN)
        admin_page.goto(base + "/admin/users")
        admin_page.locator("tr", has_text="olivia").locator("button:has-text('Disable')").click()
        assert "disabled" in admin_page.locator("tr", has_text="olivia").inner_text()

        officer_page.goto(base + "/")
        assert "/login" in officer_page.url, "the open session ends"
        _log_in(officer_page, base, OFFICER)
        assert "/login" in officer_page.url
        assert "user name or password is wrong" in officer_page.locator("[role=alert]").inner_text()
        officer_context.close()
        admin_context.close()


def test_an_admin_resets_a_password_on_the_page(store: Seeded, tmp_path: Path) -> None:
    admin = https_client(make_app(store.engine, tmp_path))
    token = login(admin, ADMIN)
    olivia = _users(store)[OFFICER[0]]
    weak = admin.post(f"/admin/users/{olivia.id}/password",
                      data={"password": "password12", "csrf_token": token})
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    officer = https_client(make_app(store.engine, tmp_path))
    login(officer, OFFICER)
    done = admin.post(f"/admin/users/{olivia.id}/password",
                      data={"password": "lantern-quarry-velvet-42", "csrf_token": token})
    assert done.status_code == 303
    assert officer.get("/").status_code == 303, "the user's sessions end with the reset"
    fresh = https_client(make_app(store.engine, tmp_path))
    login(fresh, (OFFICER[0], "lantern-quarry-velvet-42"))
    assert [e.detail for e in _audit(store, "user_password_reset")] == [{"username": "olivia"}]


def test_rtt_user_disable_enable_reset_password_and_totp(
    store: Seeded, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("RTT_DATABASE_URL", str(store.engine.url))
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path))
    assert cli.main(["user", "disable", "olivia"]) == 0
    assert _users(store)["olivia"].disabled
    client = https_client(make_app(store.engine, tmp_path))
    token = csrf_of(client.get("/login").text)
    form = {"username": OFFICER[0], "password": OFFICER[1], "csrf_token": token}
    refused = client.post("/login", data=form)
    assert refused.status_code == 401
    assert cli.main(["user", "enable", "olivia"]) == 0
    assert not _users(store)["olivia"].disabled

    monkeypatch.setattr("sys.stdin", io.StringIO("password12\n"))
    assert cli.main(["user", "reset-password", "olivia"]) == 2
    assert "too easy to guess" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("harbour-tinsel-orchid-8\n"))
    assert cli.main(["user", "reset-password", "olivia"]) == 0
    login(https_client(make_app(store.engine, tmp_path)), (OFFICER[0], "harbour-tinsel-orchid-8"))

    assert cli.main(["user", "require-totp", "olivia"]) == 0
    assert _users(store)["olivia"].totp_required
    assert cli.main(["user", "require-totp", "olivia", "--off"]) == 0
    assert not _users(store)["olivia"].totp_required
    assert cli.main(["user", "disable", "nobody"]) == 2
    assert "there is no user 'nobody'" in capsys.readouterr().err
    actions = [(e.actor, e.action) for e in _audit(store, "user_disable")]
    assert actions == [("cli", "user_disable")]


def test_tokens_signed_with_a_shared_secret_or_unsigned_are_refused(provider: OidcProvider) -> None:
    """Only the provider's public keys sign: not HS256 with the client secret (which the client
    knows), nor `alg: none`."""
    import base64
    import json

    from joserfc import jwt
    from joserfc.jwk import OctKey

    client = OidcClient(_oidc_config(provider))
    now = int(time.time())
    claims = {"iss": provider.issuer, "sub": "s-1", "aud": provider.client_id, "exp": now + 300, "iat": now,
              "nonce": "n-1"}
    shared = jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(provider.client_secret))

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    unsigned = f"{part({'alg': 'none'})}.{part(claims)}."
    for token in (shared, unsigned):
        with pytest.raises(OidcRefused) as refused:
            client.check_id_token(token, "n-1")
        assert refused.value.reason == "bad_signature"
    good = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, provider.key)
    assert client.check_id_token(good, "n-1")["sub"] == "s-1"


def test_a_new_sso_user_never_takes_a_local_account(store: Seeded) -> None:
    from web.users import UserError, oidc_user

    with session_scope(store.engine) as s:
        with pytest.raises(UserError, match="already called 'olivia'"):
            oidc_user(s, "https://idp.example", "sub-x", "olivia", "officer")
        yara = oidc_user(s, "https://idp.example", "sub-y", "yara@council.example", "officer")
        assert oidc_user(s, "https://idp.example", "sub-y", "renamed@council.example", "admin").id == yara.id
        yara.disabled = True
        with pytest.raises(UserError, match="disabled"):
            oidc_user(s, "https://idp.example", "sub-y", "yara@council.example", "officer")
        with pytest.raises(UserError, match="not in a group"):
            oidc_user(s, "https://idp.example", "sub-z", "zed@council.example", None)
    users = _users(store)
    assert users["olivia"].oidc_subject is None and users["yara@council.example"].role == "admin"
    assert "zed@council.example" not in users


def test_too_many_groups_to_list_is_refused_plainly(provider: OidcProvider) -> None:
    client = OidcClient(_oidc_config(provider))
    claims = {"iss": provider.issuer, "sub": "s", "_claim_names": {"groups": "src1"}}
    with pytest.raises(OidcRefused) as refused:
        client._identity(claims)
    assert refused.value.reason == "group_overage" and "README" in str(refused.value)


def test_wrong_codes_are_throttled_like_wrong_passwords(store: Seeded, tmp_path: Path) -> None:
    """Five wrong codes are free; the sixth attempt waits (even with the right code), and is
    refused with the same message; after the wait the right code signs in."""
    client = https_client(make_app(store.engine, tmp_path))
    token = login(client, OFFICER)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', client.get("/login/enrol").text)
    assert secret
    totp = pyotp.TOTP(secret.group(1))
    assert client.post("/login/enrol", data={"code": totp.now(), "csrf_token": token}).status_code == 200
    client = https_client(make_app(store.engine, tmp_path))
    form = {"username": OFFICER[0], "password": OFFICER[1], "csrf_token": csrf_of(client.get("/login").text)}
    assert client.post("/login", data=form).headers["location"] == "/login/second-factor"
    token = csrf_of(client.get("/login/second-factor").text)
    for _ in range(5):
        wrong = client.post("/login/second-factor", data={"code": _wrong(totp), "csrf_token": token})
        assert wrong.status_code == 401
    right = totp.at(time.time() + 30)
    early = client.post("/login/second-factor", data={"code": right, "csrf_token": token})
    assert early.status_code == 401 and "wrong or has been used" in early.text
    time.sleep(1.1)
    late = client.post("/login/second-factor", data={"code": right, "csrf_token": token})
    assert late.status_code == 303 and late.headers["location"] == "/"
    refusals = [e.detail["refused_by"] for e in _audit(store, "login_failed")]
    assert refusals == ["second_factor"] * 5 + ["account+client"]


def test_a_sealed_secret_opens_only_with_the_web_secret_key() -> None:
    from web.totp import SecretBox

    ours, other = SecretBox("k" * 48), SecretBox("j" * 48)
    sealed = ours.seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert ours.open(sealed) == "JBSWY3DPEHPK3PXP"
    assert other.open(sealed) is None and ours.open(None) is None
