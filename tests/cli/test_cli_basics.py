"""The headless commands through `main(argv)`: output, streams and exit codes (PRODUCT §8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudprep import __version__
from cloudprep.core.project_file import load_project

from .conftest import Cli, run_entry_point


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert __version__ in result.out


def test_unknown_command_is_a_usage_error(cli: Cli) -> None:
    result = cli("frobnicate", "x")
    assert result.code == 2
    assert result.err.startswith("cloudprep: error: unknown command")
    assert "frobnicate" not in result.err  # it could be a pasted secret: never echoed
    assert result.out == ""


def test_bad_option_value_is_one_error_line_plus_hints(cli: Cli) -> None:
    result = cli("clouds", "--format", "yaml")
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("cloudprep: error: argument --format: invalid choice (choose")
    assert "yaml" not in result.err
    assert all(line.startswith("  ") for line in lines[1:])


def test_clouds_json_lists_the_catalog_with_sources(cli: Cli) -> None:
    result = cli("clouds", "--format", "json")
    assert result.code == 0
    clouds = {c["id"]: c for c in json.loads(result.out)["clouds"]}
    assert list(clouds) == ["commercial", "gcc", "gcch", "dod", "azgov", "mooncake"]
    assert clouds["gcch"]["login_hosts"]["value"] == ["login.microsoftonline.us"]
    assert clouds["gcch"]["login_hosts"]["sources"][0]["url"].startswith("https://")
    assert clouds["mooncake"]["consent_redirect"] == {"value": None, "sources": "unverified"}


def test_clouds_text(cli: Cli) -> None:
    result = cli("clouds")
    assert result.code == 0
    assert "https://global.consent.azure-apihub.us/redirect/<connectorName>" in result.out
    assert "unverified" in result.out


def test_rules_json_has_every_field(cli: Cli) -> None:
    result = cli("rules", "--format", "json")
    assert result.code == 0
    rules = json.loads(result.out)["rules"]
    assert rules, "no rules registered"
    for rule in rules:
        assert set(rule) == {"id", "severity", "scope", "title", "hint", "example"}
        assert rule["severity"] in ("error", "warning", "info")
        assert rule["title"] and rule["hint"] and rule["example"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids)


def test_schema_project_is_generated_from_the_models(cli: Cli) -> None:
    result = cli("schema", "project")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["properties"]["schema_version"]["enum"] == [1, 2]
    assert schema["additionalProperties"] is False
    assert "clouds" in schema["properties"]
    # The attribute docstrings document the fields.
    assert "internal API name" in json.dumps(schema)


def test_schema_project_validates_the_demo(cli: Cli, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(cli("schema", "project").out)
    assert cli("init", "--demo", "-o", str(tmp_path / "p.json")).code == 0
    jsonschema.validate(json.loads((tmp_path / "p.json").read_text()), schema)


def test_init_blank_targets_all_five_clouds(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "cloudprep.json"
    result = cli("init", "-o", str(out))
    assert result.code == 0
    assert result.out == ""
    assert f"wrote {out}" in result.err
    project = load_project(out)
    assert list(project.clouds) == ["gcc", "gcch", "dod", "azgov", "mooncake"]


def test_init_refuses_to_overwrite_without_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "cloudprep.json"
    assert cli("init", "--demo", "-o", str(out)).code == 0
    before = out.read_bytes()
    result = cli("init", "-o", str(out))
    assert result.code == 2
    assert "already exists" in result.err
    assert "--force" in result.err
    assert out.read_bytes() == before
    assert cli("init", "-o", str(out), "--force").code == 0
    assert out.read_bytes() != before


def test_init_demo_gets_a_fresh_project_id(cli: Cli, tmp_path: Path) -> None:
    cli("init", "--demo", "-o", str(tmp_path / "a.json"))
    cli("init", "--demo", "-o", str(tmp_path / "b.json"))
    a = load_project(tmp_path / "a.json")
    b = load_project(tmp_path / "b.json")
    assert a.project_id != b.project_id
    assert a.connector == b.connector


def test_init_demo_and_from_connector_are_exclusive(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", "--demo", "--from-connector", str(tmp_path))
    assert result.code == 2
    assert "not allowed with" in result.err


def test_check_demo_reports_findings_and_exits_1(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "p.json"
    cli("init", "--demo", "-o", str(project))
    result = cli("check", str(project), "--no-keyring", "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert {"rule", "severity", "cloud", "path", "message", "hint"} == set(findings[0])
    rules = {f["rule"] for f in findings}
    assert "CP422" in rules  # presence not checked
    assert "CP423" in rules  # GCC High secret expires 2026-12-15, as_of 2026-11-01
    assert any(f["severity"] == "error" for f in findings)


def test_check_text_shows_findings_ga_and_checklist(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "p.json"
    cli("init", "--demo", "-o", str(project))
    result = cli("check", str(project), "--no-keyring")
    assert result.code == 1
    assert "GA:" in result.out
    assert "Checklist" in result.out
    assert "C5" in result.out and "[?]" in result.out  # keyring not checked → unverified


def test_check_fail_on_warning(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "p.json"
    cli("init", "-o", str(project))
    document = json.loads(project.read_text())
    document["clouds"] = {}
    project.write_text(json.dumps(document))
    assert cli("check", str(project), "--no-keyring").code == 0
    # A blank project is short of GA numbers: warnings, no errors.
    assert cli("check", str(project), "--no-keyring", "--fail-on", "warning").code == 1


def test_check_default_project_is_cwd_cloudprep_json(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--no-keyring")
    assert result.code == 2
    assert "./cloudprep.json does not exist" in result.err
    cli("init", "--demo")
    assert cli("check", "--no-keyring").code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"schema_version": 1, "connector": {"auth": "magic"}}', "connector.auth"),
    ],
)
def test_check_broken_project_exits_2_with_one_line(
    cli: Cli, tmp_path: Path, content: str, message: str
) -> None:
    project = tmp_path / "p.json"
    project.write_text(content)
    result = cli("check", str(project), "--no-keyring")
    assert result.code == 2
    assert result.out == ""
    first = result.err.splitlines()[0]
    assert first.startswith("cloudprep: error: ")
    assert message in first
    assert "Traceback" not in result.err


def test_source_date_epoch_garbage_is_a_usage_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p.json"
    cli("init", "--demo", "-o", str(project))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = cli("check", str(project), "--no-keyring")
    assert result.code == 2
    assert "SOURCE_DATE_EPOCH" in result.err


def test_installed_entry_point_and_module_run(tmp_path: Path) -> None:
    result = run_entry_point("init", "--demo", "-o", str(tmp_path / "p.json"))
    assert result.code == 0, result.err
    result = run_entry_point("check", str(tmp_path / "p.json"), "--no-keyring", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out)["findings"]


@pytest.mark.parametrize("name", ["TeamForms", "shared_teamforms", "team forms"])
def test_check_url_checks_the_connector_name_too(cli: Cli, name: str) -> None:
    url = f"https://global.consent.azure-apihub.us/redirect/{name}"
    result = cli("check-url", "redirect", url, "--cloud", "gcch", "--connector", name)
    assert "CP103" in result.out


def test_check_url_accepts_a_well_formed_name(cli: Cli) -> None:
    name = "highspot-5f79b88ef370762934-5f63e14e61ad877cec"
    url = f"https://global.consent.azure-apihub.us/redirect/{name}"
    result = cli("check-url", "redirect", url, "--cloud", "dod", "--connector", name)
    assert result.code == 0
    assert result.out == "no findings\n"


def test_clouds_shows_services_aliases_and_portals(cli: Cli) -> None:
    data = json.loads(cli("clouds", "--format", "json").out)
    clouds = {c["id"]: c for c in data["clouds"]}
    assert clouds["gcc"]["services"]["power_bi"]["value"] == "analysis.usgovcloudapi.net"
    assert clouds["gcc"]["services"]["arm"]["value"] == "management.azure.com"
    assert clouds["azgov"]["services"]["power_bi"]["sources"] == "unverified"
    assert clouds["gcch"]["login_aliases"]["value"] == ["login.usgovcloudapi.net"]
    assert clouds["commercial"]["issuer_hosts"]["value"] == ["sts.windows.net"]
    assert clouds["dod"]["portals"]["power_apps"]["value"] == "https://make.apps.appsplatform.us"
    text = cli("clouds").out
    for expected in ("login.microsoft.com", "*.vault.usgovcloudapi.net", "portal.azure.us"):
        assert expected in text


@pytest.mark.parametrize("kind", ["redirect", "endpoint", "login", "resource"])
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://api.contoso.com:" + "9" * 5000 + "/", id="port"),
        pytest.param("https://1." + "9" * 5000 + "/", id="host"),
    ],
)
def test_check_url_with_more_digits_than_int_converts_is_a_finding(
    cli: Cli, kind: str, url: str
) -> None:
    # Python's int() refuses a string of more than 4,300 digits with a ValueError.
    result = cli("check-url", kind, url, "--cloud", "gcch", "--format", "json")
    assert result.code == 1
    assert {f["severity"] for f in json.loads(result.out)["findings"]} == {"error"}
