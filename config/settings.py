"""The one settings object: every `RTT_` environment variable (CONTRACT.md section 3).

Built once at the entry point (`rtt.cli`) and passed down, with the typed configs it makes
(`check_options`, `limits`, `oauth`, `graph`); nothing else reads the environment. A
`rtt.toml` in the working directory may set the same names in lower case without the prefix;
the environment wins over the file.
"""

from __future__ import annotations

import ipaddress
from datetime import date, time
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from checking.options import CheckOptions
from mailconn.graph import GraphConfig
from mailconn.tokens import OAuthConfig
from parsers.limits import Limits
from retention.schedule import SUFFIX as RETENTION_SUFFIX
from retention.schedule import Schedule, ScheduleMissing, load_schedule
from triage.calendar import SchoolCalendar, load_calendar
from triage.catalogue import DEFAULT_GUIDANCE, Guidance, load_guidance
from triage.deadlines import Limits as ReminderLimits

TlsMode = Literal["ssl", "starttls", "none"]
AuthMode = Literal["password", "oauth2"]
EXCHANGE_SCOPE = "https://outlook.office365.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
PFX_SUFFIXES = (".pfx", ".p12")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    """True for a host name or address on this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listed(text: str) -> tuple[str, ...]:
    """A comma-separated setting as its items, lower case, blanks left out."""
    parts = (item.strip().lower() for item in text.split(","))
    return tuple(p for p in parts if p)


class Settings(BaseSettings):
    """Every operator-facing setting, with the embedded defaults."""

    model_config = SettingsConfigDict(
        env_prefix="RTT_", toml_file="rtt.toml", extra="ignore", case_sensitive=False
    )

    data_dir: Path = Path("./var")
    database_url: str | None = None
    maildir: Path | None = None

    imap_host: str | None = None
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_tls: TlsMode = "ssl"
    imap_auth: AuthMode = "password"
    """`oauth2`: SASL OAUTHBEARER or XOAUTH2 with a client-credentials token (RTT_OAUTH_*)."""
    imap_folder: str = "INBOX"
    imap_done_folder: str = "Processed"
    imap_sent_folder: str = ""
    """Where the SMTP server files a copy of what it sends (Microsoft 365's SMTP AUTH: `Sent
    Items`; Gmail: `[Gmail]/Sent Mail`). When set, a reply whose sender died mid-try is looked
    for there (by Message-ID) before it is sent again; when empty, it is sent again."""
    imap_idle_seconds: int = Field(default=600, ge=5, le=1500)
    imap_poll_seconds: int = Field(default=60, ge=1)
    imap_recheck_seconds: float = Field(default=5.0, gt=0)
    """While idle, a NOOP this often: the server may miss telling of a message (Dovecot does)."""
    imap_reconnect_max_seconds: float = Field(default=60.0, gt=0)
    """The longest wait between two attempts to reach the IMAP server (the backoff's cap)."""
    imap_batch_size: int = Field(default=25, ge=1)
    """Messages fetched per round trip: bounds the daemon's memory on a large backlog."""
    maildir_poll_seconds: float = Field(default=0.5, gt=0)

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: TlsMode = "ssl"
    smtp_auth: AuthMode = "password"
    """`oauth2`: AUTH XOAUTH2 (or OAUTHBEARER) as RTT_SMTP_USER, else as RTT_FROM_ADDRESS."""

    oauth_tenant_id: str | None = None
    oauth_client_id: str | None = None
    oauth_client_secret: SecretStr | None = None
    oauth_client_cert_file: Path | None = None
    """The app's certificate with its private key: PEM (needs the thumbprint) or .pfx/.p12."""
    oauth_client_cert_thumbprint: str | None = None
    oauth_scope: str = EXCHANGE_SCOPE
    """For Graph the default is Graph's scope (https://graph.microsoft.com/.default)."""
    oauth_token_url: str | None = None
    """A standard OAuth2 token endpoint; unset: Entra ID for RTT_OAUTH_TENANT_ID (through msal)."""

    mail_api: Literal["graph"] | None = None
    """`graph`: read and send through Microsoft Graph (RTT_IMAP_USER is the mailbox) instead of
    IMAP/Maildir and SMTP/outbox."""
    graph_url: str = "https://graph.microsoft.com/v1.0"
    graph_poll_seconds: float = Field(default=10.0, gt=0)
    """How often the delta query looks for new mail."""
    graph_retry_max_seconds: float = Field(default=60.0, gt=0)
    """The longest wait between two tries of one Graph request (429 Retry-After is capped to it)."""

    tls_ca_file: Path | None = None
    """Extra certificate authorities (PEM) to trust for IMAP and SMTP, e.g. an internal CA."""

    guidance: str = DEFAULT_GUIDANCE
    """The council's guidance: a name (a file in triage/guidance/, `oxfordshire`) or the path of
    a .toml file of the same shape. Read once, when the settings are built."""
    retention: str = ""
    """The retention schedule (issue 13): a name (`<name>.retention.toml` in triage/guidance/) or
    the path of a .toml file. Empty: the schedule beside the guidance, when there is one (else
    nothing is removed, and `rtt run` says so)."""
    from_address: str = ""
    """The team's address replies come from; empty: the guidance's mailbox."""
    trusted_sender_domains: str = "*.oxon.sch.uk,oxfordshire.gov.uk"
    acknowledged_sender_domains: str = "nhs.net,*.nhs.uk,*.police.uk,*.gov.uk,*.sch.uk"
    """Outside the trusted domains, the professionals whose breach reports get a bare
    acknowledgement by themselves: it names no child, no school and no concern."""
    reply_rate_limit_per_hour: int = Field(default=20, ge=1)
    reply_global_limit_per_hour: int = Field(default=200, ge=1)
    """Automatic replies an hour to everyone together: past it, replies wait (a flood or a loop)."""
    sender_flood_threshold: int = Field(default=10, ge=2)
    """Messages from one sender within `sender_flood_window_minutes` past which they are grouped
    on one case for an officer instead of each being answered."""
    sender_flood_window_minutes: int = Field(default=60, ge=1)
    trusted_authserv_ids: str = ""
    """Comma-separated authserv-ids (RFC 8601) of the council's own mail servers: only their
    Authentication-Results count, and a reply naming a child then needs their dmarc=pass."""
    max_message_mb: int = Field(default=50, ge=1)
    """A larger message is stored as it came and refused before it is parsed."""
    reply_max_attempts: int = Field(default=12, ge=1)
    """Tries to hand a reply to the SMTP server before it is marked failed."""
    smtp_retry_max_seconds: float = Field(default=300.0, gt=0)
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    message_max_attempts: int = Field(default=3, ge=1)
    """Tries to process a message before it waits for an officer (state needs_officer)."""
    message_retry_seconds: float = Field(default=30.0, ge=0)
    # --- workers (issue 15): several `rtt run` on one PostgreSQL
    worker_lease_seconds: float = Field(default=10.0, ge=2)
    """A worker silent this long is taken for dead: its messages, replies and mailbox lapse to others."""
    worker_heartbeat_seconds: float = Field(default=2.0, gt=0)
    """How often a worker beats (and tries to take the mailbox's lease); well under the lease."""
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    """How often a worker that does not watch the mailbox looks for messages and replies in the store."""
    # --- end workers

    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_secret_key: SecretStr | None = None
    web_secure_cookies: bool = True
    web_enabled: bool = True
    web_trusted_proxies: str = ""
    """Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed."""
    """`rtt run` serves the web queue in the same process (when the web app is there)."""
    web_idle_minutes: int = Field(default=30, ge=1)
    """A web session with no page viewed for this long ends (the user signs in again)."""
    web_require_totp: bool = False
    """Every local account must use a second factor (TOTP); an admin can also require it per user."""

    oidc_issuer: str | None = None
    """OpenID Connect single sign-on: the provider's issuer URL (its discovery document is at
    ISSUER/.well-known/openid-configuration); unset, only local accounts sign in."""
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid profile email"
    oidc_group_claim: str = "groups"
    """The ID token's claim listing the user's groups (Entra ID: `groups`, object ids)."""
    oidc_admin_groups: str = ""
    """Comma-separated groups whose members sign in as admin."""
    oidc_officer_groups: str = ""
    """Comma-separated groups whose members sign in as officer; anyone else is refused."""
    oidc_username_claim: str = "preferred_username"
    oidc_redirect_uri: str | None = None
    """The callback URL registered with the provider (https://HOST/login/oidc/callback); unset:
    made from the request (right only when no proxy rewrites the host or scheme)."""
    oidc_button_label: str = "Sign in with your council account"

    parse_timeout_seconds: float = Field(default=30.0, gt=0)
    parse_memory_mb: int = Field(default=768, ge=64)
    max_attachment_mb: int = Field(default=25, ge=1)
    max_pages: int = Field(default=200, ge=1)
    ocr_enabled: bool = True

    # --- reminders (issue 12)
    reminders_enabled: bool = True
    """`rtt run` sends the reminders that are due (`rtt reminders` shows them)."""
    reminder_review_days: int = Field(default=2, ge=0)
    """A review the plan sets is announced this many school days ahead."""
    chase_after_days: int = Field(default=5, ge=1)
    """School days after a reply listing missing items (or a full-time question) with no answer
    before the school is chased."""
    reminders_send_time: time = time(8, 0)
    """The time of day (Europe/London) from which the day's reminders go."""
    reminders_check_seconds: float = Field(default=300.0, gt=0)
    """How often `rtt run` works out what is due."""
    reminders_today: date | None = None
    """For tests only: the day the scheduler takes as today (its send time counts as passed)."""
    # --- end reminders
    # --- officer alerts (issue 12)
    officer_alerts_enabled: bool = True
    """`rtt run` emails officers: an urgent breach report, a case assigned, the daily digest."""
    team_address: str = ""
    """The attendance team's own address: urgent breach reports and the digest of unassigned
    cases go there (empty: they go to no team address)."""
    web_base_url: str = ""
    """The web queue's address as officers reach it (https://rtt.example.gov.uk): alerts link to
    the case page there (empty: no link)."""
    digest_send_time: time = time(7, 30)
    """The time of day (Europe/London) from which the daily digest goes, on school days."""
    # --- end officer alerts

    log_level: str = "INFO"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @model_validator(mode="after")
    def _read_guidance(self) -> Settings:
        try:
            guidance = load_guidance(self.guidance)
        except ValueError as exc:
            raise ValueError(f"RTT_GUIDANCE: {exc}") from exc
        if not self.from_address:
            self.from_address = guidance.mailbox
        return self

    @model_validator(mode="after")
    def _read_retention(self) -> Settings:
        try:
            self.retention_schedule()
        except ValueError as exc:
            raise ValueError(f"RTT_RETENTION: {exc}") from exc
        return self

    def retention_schedule(self) -> Schedule | None:
        """The schedule RTT_RETENTION names; unset, the one beside the guidance (None: there is
        none, and nothing is removed)."""
        if self.retention:
            return load_schedule(self.retention)
        beside = self.guidance
        if beside.endswith(".toml") or "/" in beside:
            beside = str(Path(beside).with_suffix("")) + RETENTION_SUFFIX
        try:
            return load_schedule(beside)
        except ScheduleMissing:
            return None

    @model_validator(mode="after")
    def _refuse_plaintext_to_remote_hosts(self) -> Settings:
        for name, host, tls in (
            ("RTT_IMAP_TLS", self.imap_host, self.imap_tls),
            ("RTT_SMTP_TLS", self.smtp_host, self.smtp_tls),
        ):
            if host and tls == "none" and not is_loopback(host):
                raise ValueError(f"{name}=none is refused for the non-loopback host {host!r}")
        return self

    @model_validator(mode="after")
    def _heartbeat_inside_lease(self) -> Settings:
        if self.worker_heartbeat_seconds * 2 > self.worker_lease_seconds:
            raise ValueError(
                "RTT_WORKER_HEARTBEAT_SECONDS must be at most half of RTT_WORKER_LEASE_SECONDS "
                f"({self.worker_heartbeat_seconds} > {self.worker_lease_seconds} / 2)"
            )
        return self

    @model_validator(mode="after")
    def _oauth_settings_complete(self) -> Settings:
        users = self.oauth_users()
        if not users:
            return self
        who = ", ".join(users)
        missing = [name for name, value in (("RTT_OAUTH_CLIENT_ID", self.oauth_client_id),) if not value]
        if not self.oauth_token_url and not self.oauth_tenant_id:
            missing.append("RTT_OAUTH_TENANT_ID (or RTT_OAUTH_TOKEN_URL)")
        if not self.oauth_client_secret and not self.oauth_client_cert_file:
            missing.append("RTT_OAUTH_CLIENT_SECRET or RTT_OAUTH_CLIENT_CERT_FILE")
        needs_mailbox = (self.imap_auth == "oauth2" and bool(self.imap_host)) or self.mail_api == "graph"
        if needs_mailbox and not self.imap_user:
            missing.append("RTT_IMAP_USER (the mailbox's address)")
        if missing:
            raise ValueError(f"{who} needs {', '.join(missing)}")
        self._check_certificate(who)
        return self

    @model_validator(mode="after")
    def _oidc_settings_complete(self) -> Settings:
        if not self.oidc_issuer:
            return self
        missing = [name for name, value in (("RTT_OIDC_CLIENT_ID", self.oidc_client_id),
                                            ("RTT_OIDC_CLIENT_SECRET", self.oidc_client_secret)) if not value]
        if not (self.oidc_admin_groups.strip() or self.oidc_officer_groups.strip()):
            missing.append("RTT_OIDC_ADMIN_GROUPS or RTT_OIDC_OFFICER_GROUPS")
        if missing:
            raise ValueError(f"RTT_OIDC_ISSUER needs {', '.join(missing)}")
        host = urlsplit(self.oidc_issuer).hostname or ""
        if urlsplit(self.oidc_issuer).scheme != "https" and not is_loopback(host):
            raise ValueError(
                f"RTT_OIDC_ISSUER must be https:// (http only on this machine): {self.oidc_issuer!r}"
            )
        return self

    def _check_certificate(self, who: str) -> None:
        cert = self.oauth_client_cert_file
        if cert is None or self.oauth_client_secret:
            return
        if self.oauth_token_url:
            raise ValueError(f"{who}: a client certificate needs Entra ID (RTT_OAUTH_TOKEN_URL is set)")
        if cert.suffix.lower() not in PFX_SUFFIXES and not self.oauth_client_cert_thumbprint:
            raise ValueError(f"{who}: a PEM certificate needs RTT_OAUTH_CLIENT_CERT_THUMBPRINT")

    def oauth_users(self) -> list[str]:
        """What is configured to sign in with OAuth2 (empty: nothing)."""
        users = []
        if self.mail_api == "graph":
            users.append("RTT_MAIL_API=graph")
        if self.imap_auth == "oauth2" and self.imap_host and self.mail_api != "graph":
            users.append("RTT_IMAP_AUTH=oauth2")
        if self.smtp_auth == "oauth2" and self.smtp_host and self.mail_api != "graph":
            users.append("RTT_SMTP_AUTH=oauth2")
        return users

    @property
    def resolved_oauth_scope(self) -> str:
        """RTT_OAUTH_SCOPE when set; else Exchange Online's, or Graph's with RTT_MAIL_API=graph."""
        if "oauth_scope" in self.model_fields_set or self.mail_api != "graph":
            return self.oauth_scope
        return GRAPH_SCOPE

    def oauth(self, scope: str | None = None) -> OAuthConfig:
        """The client-credentials grant's config, for `scope` (default: RTT_OAUTH_SCOPE's)."""
        secret = self.oauth_client_secret
        return OAuthConfig(
            client_id=self.oauth_client_id or "",
            scope=scope or self.resolved_oauth_scope,
            tenant_id=self.oauth_tenant_id,
            token_url=self.oauth_token_url,
            client_secret=secret.get_secret_value() if secret else None,
            cert_file=self.oauth_client_cert_file,
            cert_thumbprint=self.oauth_client_cert_thumbprint,
            ca_file=self.tls_ca_file,
        )

    def graph(self) -> GraphConfig:
        return GraphConfig(
            mailbox=self.imap_user or "",
            base_url=self.graph_url.rstrip("/"),
            retry_max_seconds=self.graph_retry_max_seconds,
            ca_file=self.tls_ca_file,
        )

    def limits(self) -> Limits:
        """The limits every untrusted file is read under."""
        return Limits(
            timeout_seconds=self.parse_timeout_seconds,
            memory_mb=self.parse_memory_mb,
            max_attachment_bytes=self.max_attachment_mb * 1024 * 1024,
            max_pages=self.max_pages,
            ocr_enabled=self.ocr_enabled,
            max_message_bytes=self.max_message_mb * 1024 * 1024,
        )

    @property
    def loaded_guidance(self) -> Guidance:
        """The guidance RTT_GUIDANCE names, as read when the settings were built."""
        return load_guidance(self.guidance)

    def check_options(self, case_reference: str | None = None) -> CheckOptions:
        """What the pipeline is given (`checking.pipeline`)."""
        return CheckOptions(
            limits=self.limits(),
            trusted_domains=self.trusted_domains,
            from_address=self.from_address.lower(),
            guidance=self.loaded_guidance,
            case_reference=case_reference,
            authserv_ids=self.authserv_ids,
            acknowledged_domains=self.acknowledged_domains,
        )

    def reminder_limits(self) -> ReminderLimits:
        """The reminders' limits: the settings' school days, the guidance's six weeks."""
        return ReminderLimits(
            review_notice_days=self.reminder_review_days,
            chase_after_days=self.chase_after_days,
            max_reduced_days=self.loaded_guidance.max_reduced_days,
        )

    def school_calendar(self) -> SchoolCalendar:
        """The council's school days (the term dates beside its guidance). Raises
        triage.calendar.CalendarError when they cannot be read."""
        return load_calendar(self.loaded_guidance.term_dates)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'rtt.sqlite3').resolve()}"

    @property
    def resolved_maildir(self) -> Path:
        return self.maildir if self.maildir is not None else self.data_dir / "maildir"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def trusted_domains(self) -> tuple[str, ...]:
        return _listed(self.trusted_sender_domains)

    @property
    def acknowledged_domains(self) -> tuple[str, ...]:
        return _listed(self.acknowledged_sender_domains)

    def with_trusted_domains(self, domains: list[str]) -> Settings:
        """These settings trusting `domains` too (those admins keep: `store.trusted_domains`)."""
        extra = [d for d in domains if d not in self.trusted_domains]
        if not extra:
            return self
        return self.model_copy(update={"trusted_sender_domains": ",".join([*self.trusted_domains, *extra])})

    @property
    def authserv_ids(self) -> tuple[str, ...]:
        return _listed(self.trusted_authserv_ids)

    @property
    def trusted_proxies(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.web_trusted_proxies.split(",") if p.strip())

    def describe(self) -> dict[str, str]:
        """What the health line says: where it watches, sends and stores (no secrets)."""
        watch = (
            f"imap://{self.imap_user or ''}@{self.imap_host}:{self.imap_port or ''}/{self.imap_folder}"
            if self.imap_host
            else f"maildir:{self.resolved_maildir}"
        )
        send = (
            f"smtp://{self.smtp_host}:{self.smtp_port or ''}"
            if self.smtp_host
            else (f"outbox:{self.outbox_dir}")
        )
        if self.mail_api == "graph":
            watch = f"graph:{self.graph_url}/users/{self.imap_user}/{self.imap_folder}"
            send = f"graph:{self.graph_url}/users/{self.imap_user}/sendMail"
        elif self.imap_host and self.imap_auth == "oauth2":
            watch += " (oauth2)"
        if self.smtp_host and self.smtp_auth == "oauth2" and self.mail_api != "graph":
            send += " (oauth2)"
        store = (
            self.resolved_database_url.split("@")[-1]
            if "@" in self.resolved_database_url
            else (self.resolved_database_url)
        )
        return {"watch": watch, "send": send, "store": store}
