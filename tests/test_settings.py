from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import Settings


def test_embedded_defaults_point_into_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "data"))
    s = Settings()
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'data' / 'rtt.sqlite3').resolve()}"
    assert s.resolved_maildir == tmp_path / "data" / "maildir"
    assert s.trusted_domains == ("*.oxon.sch.uk", "oxfordshire.gov.uk")


def test_plaintext_imap_is_refused_for_a_remote_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RTT_IMAP_HOST", "mail.example.org")
    monkeypatch.setenv("RTT_IMAP_TLS", "none")
    with pytest.raises(ValidationError, match="refused"):
        Settings()
    monkeypatch.setenv("RTT_IMAP_HOST", "127.0.0.1")
    assert Settings().imap_tls == "none"


def test_rtt_toml_sets_lower_case_names_and_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rtt.toml").write_text('from_address = "rtt@example.gov.uk"\nweb_port = 9001\n')
    monkeypatch.setenv("RTT_WEB_PORT", "9002")
    s = Settings()
    assert s.from_address == "rtt@example.gov.uk"
    assert s.web_port == 9002
