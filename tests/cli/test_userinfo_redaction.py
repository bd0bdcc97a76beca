"""A URL's user-info may hold a password or a token: no message, in any format, shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudprep.core.urls import display_value, redact_userinfo

from .conftest import Cli

PASSWORD = "Sup3rSecretPassw0rd"


@pytest.mark.parametrize(
    ("kind", "cloud"),
    [("endpoint", "gcc"), ("redirect", "gcch"), ("login", "dod")],
)
@pytest.mark.parametrize("output", ["text", "json"])
def test_check_url_never_echoes_userinfo(cli: Cli, kind: str, cloud: str, output: str) -> None:
    url = f"https://admin:{PASSWORD}@login.microsoftonline.us/redirect/x"
    result = cli("check-url", kind, url, "--cloud", cloud, "--connector", "x", "--format", output)
    assert result.code == 1
    assert PASSWORD not in result.out + result.err
    assert PASSWORD[:8] not in result.out + result.err
    if output == "json":
        assert any("user-info" in f["message"] for f in json.loads(result.out)["findings"])


def test_check_never_echoes_userinfo_from_the_project(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "p.json"
    cli("init", "--demo", "-o", str(project))
    document = json.loads(project.read_text())
    document["clouds"]["gcch"]["endpoint"]["url"] = (
        f"https://svc:{PASSWORD}@api.gov.contosotasks.com"
    )
    project.write_text(json.dumps(document))
    result = cli("check", str(project), "--no-keyring")
    assert "CP306" in result.out
    assert PASSWORD not in result.out + result.err


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("https://u:p@host/x", "https://***@host/x"),
        ("https://tokenonly@host", "https://***@host"),
        ("  HTTPS://a@b@host/p?q=1", "  HTTPS://***@host/p?q=1"),
        ("https://host/path@notuserinfo", "https://host/path@notuserinfo"),
        ("not a url", "not a url"),
    ],
)
def test_redact_userinfo(raw: str, shown: str) -> None:
    assert redact_userinfo(raw) == shown
    assert display_value(raw) == f"'{shown}'"
