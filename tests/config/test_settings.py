from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import Settings
from replies.render import council_words


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


def test_the_guidance_is_chosen_by_name_or_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """RTT_GUIDANCE: the council's words, limits and mailbox come from its file, not the templates."""
    monkeypatch.chdir(tmp_path)
    s = Settings()
    assert s.loaded_guidance.council == "Oxfordshire County Council"
    assert s.from_address == "attendance@oxfordshire.gov.uk"
    oxfordshire = resources.files("triage.guidance").joinpath("oxfordshire.toml").read_text("utf-8")
    other = (
        oxfordshire.replace("Oxfordshire County Council", "Wessex County Council")
        .replace("County Attendance Team", "Attendance Service")
        .replace("attendance@oxfordshire.gov.uk", "attendance@wessex.gov.uk")
        .replace("max_reduced_days = 42", "max_reduced_days = 28")
        .replace("max_days_to_notify = 2", "max_days_to_notify = 3")
    )
    (tmp_path / "wessex.toml").write_text(other, "utf-8")
    monkeypatch.setenv("RTT_GUIDANCE", str(tmp_path / "wessex.toml"))
    s = Settings()
    assert s.from_address == "attendance@wessex.gov.uk"
    assert s.check_options().guidance.max_reduced_weeks == 4
    words = council_words(s.loaded_guidance)
    assert words["council"] == "Wessex County Council" and words["team"] == "Attendance Service"
    assert (words["reduced_weeks"], words["notify_days"]) == ("four", 3)
    monkeypatch.setenv("RTT_GUIDANCE", "no-such-council")
    with pytest.raises(ValidationError, match="guidance"):
        Settings()
