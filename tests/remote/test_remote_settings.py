"""RemoteSettings: URLs in KubeFATE's `serviceurl` form or with a scheme, and the CLI config."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from backend.remote import RemoteConfigError, RemoteSettings


def test_serviceurl_without_scheme_is_http_and_with_safeconnect_https() -> None:
    assert RemoteSettings("example.com").base_url == "http://example.com"
    assert RemoteSettings("example.com:8080", safeconnect=True).base_url == (
        "https://example.com:8080"
    )
    assert RemoteSettings("example.com", safeconnect=False).base_url == "http://example.com"


def test_a_url_with_a_scheme_is_accepted_and_safeconnect_only_upgrades() -> None:
    assert RemoteSettings("https://kf.example/").base_url == "https://kf.example"
    assert RemoteSettings("http://kf.example/prefix/").base_url == "http://kf.example/prefix"
    assert RemoteSettings("HTTP://kf.example:81", safeconnect=True).base_url == (
        "https://kf.example:81"
    )
    assert RemoteSettings("https://kf.example", safeconnect=False).base_url == "https://kf.example"


def test_websocket_url_and_origin_follow_the_scheme() -> None:
    plain = RemoteSettings("10.0.0.5:8080")
    assert plain.websocket_base_url == "ws://10.0.0.5:8080"
    assert plain.origin == "ws://10.0.0.5:8080/"  # what the Go CLI sends
    assert (plain.host, plain.port, plain.uses_tls) == ("10.0.0.5", 8080, False)
    secure = RemoteSettings("kf.example", safeconnect=True)
    assert secure.websocket_base_url == "wss://kf.example"
    assert secure.port == 443


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("ftp://kf.example", "scheme must be http or https"),
        ("http://", "no host"),
        ("kf.example:port", "port is not a number"),
    ],
)
def test_unusable_urls_are_refused_with_the_reason(url: str, words: str) -> None:
    with pytest.raises(RemoteConfigError, match=words):
        RemoteSettings(url)


def test_the_password_is_not_in_the_repr() -> None:
    assert "s3cret" not in repr(RemoteSettings("kf.example", password="s3cret"))


def test_tls_verification_is_on_by_default_and_a_ca_bundle_must_exist(tmp_path: Path) -> None:
    assert RemoteSettings("kf.example").ssl_context().verify_mode == ssl.CERT_REQUIRED
    insecure = RemoteSettings("kf.example", verify=False).ssl_context()
    assert insecure.verify_mode == ssl.CERT_NONE
    with pytest.raises(RemoteConfigError, match="no such file"):
        RemoteSettings("kf.example", verify=tmp_path / "missing.pem")


def test_from_cli_config_reads_the_kubefate_cli_file(kubefate_files: Path) -> None:
    settings = RemoteSettings.from_cli_config(kubefate_files / "cli-config.yaml", environ={})
    assert settings.base_url == "http://example.com"
    assert (settings.username, settings.password) == ("admin", "admin")
    assert settings.safeconnect is False


def test_fatecloud_variables_override_the_file(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "user:\n  username: alice\n  password: a\nserviceurl: kf.example:8080\nsafeconnect: false\n"
    )
    environ = {
        "FATECLOUD_SERVICEURL": "kf.other:9090",
        "FATECLOUD_USER_USERNAME": "bob",
        "FATECLOUD_USER_PASSWORD": "b",
        "FATECLOUD_SAFECONNECT": "TRUE",
    }
    settings = RemoteSettings.from_cli_config(config, environ=environ, read_timeout=7.0)
    assert settings.base_url == "https://kf.other:9090"
    assert (settings.username, settings.password) == ("bob", "b")
    assert settings.read_timeout == 7.0


def test_from_cli_config_without_a_file_uses_the_cli_defaults() -> None:
    settings = RemoteSettings.from_cli_config(None, environ={})
    assert settings.base_url == "http://localhost:8080"
    assert settings.username == "admin"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        ("serviceurl: [unclosed\n", "not valid YAML"),
        ("- a list\n", "mapping"),
        ("safeconnect: maybe\n", "safeconnect: 'maybe' is not true or false"),
    ],
)
def test_a_bad_cli_config_names_the_problem(
    tmp_path: Path, content: str | None, words: str
) -> None:
    config = tmp_path / "config.yaml"
    if content is not None:
        config.write_text(content)
    with pytest.raises(RemoteConfigError, match=words):
        RemoteSettings.from_cli_config(config, environ={})
