"""What the web app needs from the settings, resolved once (the secret key above all)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from config.settings import Settings
from web.clientaddr import Network, parse_networks
from web.oidc import OidcConfig
from web.throttle import ThrottlePolicy

SECRET_FILE = "web-secret-key"  # noqa: S105  (a file name, not a secret)


@dataclass(frozen=True)
class WebConfig:
    secret_key: str
    secure_cookies: bool
    session_max_age_seconds: int = 8 * 3600
    trusted_proxies: tuple[Network, ...] = ()
    """Reverse proxies whose X-Forwarded-For is believed (RTT_WEB_TRUSTED_PROXIES)."""
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    """How failed logins slow further attempts (web.throttle)."""
    known_device_days: int = 90
    """How long a browser that logged in to an account skips that account's own throttle."""
    page_size: int = 50
    chase_after_days: int = 5
    """A school told what is missing and silent this many school days is chased (RTT_CHASE_AFTER_DAYS;
    the reminders send the chase, `triage.deadlines`)."""
    idle_seconds: int = 30 * 60
    """A signed-in session with no page seen for this long ends (RTT_WEB_IDLE_MINUTES)."""
    require_totp: bool = False
    """Every local account needs a second factor (RTT_WEB_REQUIRE_TOTP)."""
    oidc: OidcConfig | None = None
    """OpenID Connect single sign-on (RTT_OIDC_*); None: local accounts only."""

    @classmethod
    def from_settings(cls, settings: Settings) -> WebConfig:
        return cls(
            secret_key=resolve_secret_key(settings),
            secure_cookies=settings.web_secure_cookies,
            trusted_proxies=parse_networks(settings.trusted_proxies),
            idle_seconds=settings.web_idle_minutes * 60,
            require_totp=settings.web_require_totp,
            oidc=OidcConfig.from_settings(settings),
            chase_after_days=settings.chase_after_days,
        )


def resolve_secret_key(settings: Settings) -> str:
    """RTT_WEB_SECRET_KEY, else a random key kept (mode 0600) in the data dir."""
    if settings.web_secret_key is not None:
        return settings.web_secret_key.get_secret_value()
    path = Path(settings.data_dir) / SECRET_FILE
    if path.exists():
        return path.read_text("utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
