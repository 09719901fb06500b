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
