"""KubeFATE's configuration keys and FATECLOUD_* variables configure us unchanged (§7.1)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from backend.service_settings import SettingsError, load_settings, parse_duration


def test_defaults_are_kubefates() -> None:
    settings = load_settings({})
    # KubeFATE's admin, but no default password: an unset one changes no existing account.
    assert (settings.admin_username, settings.admin_password) == ("admin", None)
    assert settings.get("server.port") == "8080"
    assert settings.get("repo.url") == "https://federatedai.github.io/KubeFATE"
    assert settings.token_lifetime == timedelta(minutes=30)
    assert settings.origin("user.username") == "default"


def test_kubefates_own_config_file_is_read(kubefate_files: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    shutil.copy(kubefate_files / "cli-config.yaml", config)
    settings = load_settings({}, config)
    assert settings.get("log.level") == "info"
    assert settings.get("serviceurl") == "example.com"
    assert settings.origin("user.username") == str(config)


def test_environment_wins_over_the_file_as_in_the_kubefate_manifest(
    kubefate_files: Path,
) -> None:
    environ = {
        "FATECLOUD_USER_USERNAME": "ops",
        "FATECLOUD_USER_PASSWORD": "from-the-secret",
        "FATECLOUD_SERVER_PORT": "9090",
        "FATECLOUD_AUTH_TOKENLIFETIME": "1h30m",
    }
    settings = load_settings(environ, kubefate_files / "cli-config.yaml")
    assert (settings.admin_username, settings.admin_password) == ("ops", "from-the-secret")
    assert settings.get("server.port") == "9090"
    assert settings.origin("user.password") == "FATECLOUD_USER_PASSWORD"
    assert settings.token_lifetime == timedelta(hours=1, minutes=30)


def test_a_password_set_in_the_file_or_even_empty_counts_as_configured(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user:\n  password: from-the-file\n")
    assert load_settings({}, config).admin_password == "from-the-file"
    assert load_settings({"FATECLOUD_USER_PASSWORD": ""}).admin_password == ""  # refused later


def test_keys_are_case_insensitive_like_viper(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("User:\n  UserName: root\nauth:\n  tokenLifetime: 45m\n")
    settings = load_settings({}, config)
    assert settings.admin_username == "root"
    assert settings.token_lifetime == timedelta(minutes=45)


def test_a_broken_config_file_names_the_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user:\n  username: admin\n   password: x\n")
    with pytest.raises(SettingsError, match=r"config.yaml:3:\d+: not valid YAML"):
        load_settings({}, config)


def test_a_bad_lifetime_names_the_variable() -> None:
    settings = load_settings({"FATECLOUD_AUTH_TOKENLIFETIME": "forever"})
    with pytest.raises(SettingsError, match="FATECLOUD_AUTH_TOKENLIFETIME"):
        _ = settings.token_lifetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("1h30m", timedelta(minutes=90)),
        ("90s", timedelta(seconds=90)),
        ("1800", timedelta(seconds=1800)),
        ("500ms", timedelta(milliseconds=500)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "m", "10x", "1h 30m", "-5m"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_the_job_timeout_is_ours_to_set() -> None:
    assert load_settings({}).job_timeout == timedelta(hours=1)
    assert load_settings({"FATECLOUD_JOB_TIMEOUT": "20m"}).job_timeout == timedelta(minutes=20)
    with pytest.raises(SettingsError, match="job.timeout \\(FATECLOUD_JOB_TIMEOUT\\)"):
        _ = load_settings({"FATECLOUD_JOB_TIMEOUT": "soon"}).job_timeout
