"""Production refuses unsafe configuration; the embedded default is safe on its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from backend.settings import SettingsError, load_settings


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("RECOUP_ENV", "production")
    monkeypatch.delenv("RECOUP_SECRET_KEY", raising=False)
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RECOUP_ALLOWED_HOSTS", "ar.example.com")
    with pytest.raises(SettingsError, match="RECOUP_SECRET_KEY"):
        load_settings().check()


def test_production_refuses_insecure_cookies(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("RECOUP_ENV", "production")
    monkeypatch.setenv("RECOUP_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("RECOUP_COOKIE_SECURE", "false")
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    with pytest.raises(SettingsError, match="RECOUP_COOKIE_SECURE"):
        load_settings().check()


def test_production_with_a_real_secret_and_secure_cookies_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("RECOUP_ENV", "production")
    monkeypatch.setenv("RECOUP_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RECOUP_ALLOWED_HOSTS", "ar.example.com")
    settings = load_settings()
    settings.check()
    assert settings.cookie_secure and not settings.seed_demo_data


def test_embedded_default_makes_and_keeps_a_random_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("RECOUP_SECRET_KEY", raising=False)
    monkeypatch.delenv("RECOUP_ENV", raising=False)
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    first, second = load_settings(), load_settings()
    assert first.secret_key == second.secret_key and len(first.secret_key) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.database_url == f"sqlite+aiosqlite:///{tmp_path / 'recoup.db'}"
    replace(first).check()


def test_production_logs_json_and_development_text_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RECOUP_SECRET_KEY", "s" * 40)
    monkeypatch.delenv("RECOUP_LOG_FORMAT", raising=False)
    monkeypatch.setenv("RECOUP_ENV", "production")
    assert load_settings().log_format == "json"
    monkeypatch.setenv("RECOUP_ENV", "development")
    assert load_settings().log_format == "text"
    monkeypatch.setenv("RECOUP_LOG_FORMAT", "JSON")
    assert load_settings().log_format == "json"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RECOUP_LOG_FORMAT", "xml"),
        ("RECOUP_LOG_LEVEL", "chatty"),
        ("RECOUP_WORKERS", "0"),
        ("RECOUP_GRACEFUL_SHUTDOWN_SECONDS", "0"),
    ],
)
def test_serving_settings_out_of_range_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, variable: str, value: str
) -> None:
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings().check()


def test_the_inbound_mailbox_needs_credentials_and_tls_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RECOUP_INBOUND_IMAP_HOST", "imap.seller.example")
    with pytest.raises(SettingsError, match="RECOUP_INBOUND_IMAP_USERNAME"):
        load_settings().check()
    monkeypatch.setenv("RECOUP_INBOUND_IMAP_USERNAME", "remittances")
    monkeypatch.setenv("RECOUP_INBOUND_IMAP_PASSWORD", "secret")
    monkeypatch.setenv("RECOUP_INBOUND_IMAP_TLS", "false")
    load_settings().check()  # development may read a test mailbox in clear
    monkeypatch.setenv("RECOUP_ENV", "production")
    monkeypatch.setenv("RECOUP_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("RECOUP_ALLOWED_HOSTS", "ar.example.com")
    with pytest.raises(SettingsError, match="RECOUP_INBOUND_IMAP_TLS"):
        load_settings().check()
    settings = load_settings()
    assert settings.inbound_mail_dir == tmp_path / "inbound-mail" and settings.inbound_mail_poll_seconds == 60
