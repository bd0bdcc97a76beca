"""What `definition` changes, and what it keeps, on small hand-made connectors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.definitions.conftest import Cli, ImportProject, made_up_cloud

DATA = Path(__file__).resolve().parents[1] / "data" / "connectors"
SETTINGS = "apiProperties.json#/properties/connectionParameters/token/oAuthSettings"


def _generate(
    cli: Cli, project: Path, cloud: str, out: Path, *more: str
) -> tuple[int, dict[str, Any]]:
    result = cli(
        "definition", str(project), "--cloud", cloud, "-o", str(out), "--format", "json", *more
    )
    assert result.out, result.err
    report: dict[str, Any] = json.loads(result.out)
    return result.code, report


def _rules(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule"], f["path"]) for f in report["findings"]}


def test_an_aad_connector_moves_to_gcc_high_and_a_commercial_tenant_is_flagged_not_guessed(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us/v2")

    project = import_project(DATA / "aad-graph-tenant", values)
    code, report = _generate(cli, project, "gcch", tmp_path / "out")

    written = json.loads((tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8"))
    settings = written["properties"]["connectionParameters"]["token"]["oAuthSettings"]
    assert settings["clientId"] == "11111111-2222-4333-8444-555555555555"
    assert settings["scopes"] == ["https://graph.microsoft.us/.default offline_access"]
    assert settings["redirectUrl"] == "https://global.consent.azure-apihub.us/redirect/contosograph"
    assert settings["properties"]["AzureActiveDirectoryResourceId"] == "https://graph.microsoft.us"
    assert settings["customParameters"]["LoginURI"] == {"value": "https://login.microsoftonline.us"}
    # The tenant is the commercial directory's: kept, and said (CP806).
    assert settings["customParameters"]["TenantId"] == {
        "value": "72f988bf-86f1-41af-91ab-2d7cd011db47"
    }
    assert ("CP806", f"{SETTINGS}/customParameters/TenantId/value") in _rules(report)
    assert code == 0  # CP806 is a warning
    swagger = json.loads((tmp_path / "out" / "apiDefinition.swagger.json").read_text("utf-8"))
    assert (swagger["host"], swagger["basePath"], swagger["schemes"]) == (
        "api.gov.contoso.us",
        "/v2",
        ["https"],
    )


def test_the_clouds_own_tenant_replaces_a_pinned_one(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us")
        data["clouds"]["gcch"]["oauth_app"]["tenant_id"] = "contoso.onmicrosoft.us"

    project = import_project(DATA / "aad-graph-tenant", values)
    _, report = _generate(cli, project, "gcch", tmp_path / "out")
    assert "CP806" not in {rule for rule, _ in _rules(report)}
    assert '"value": "contoso.onmicrosoft.us"' in (
        tmp_path / "out" / "apiProperties.json"
    ).read_text(encoding="utf-8")


def test_a_bom_and_crlf_line_endings_are_kept_and_only_values_change(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = tmp_path / "crlf"
    folder.mkdir()
    for name in ("apiProperties.json", "apiDefinition.swagger.json"):
        text = (DATA / "aad-graph-tenant" / name).read_text(encoding="utf-8")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())

    def values(data: dict[str, Any]) -> None:
        data["clouds"]["dod"] = made_up_cloud("dod", specific="https://api.gov.contoso.us")

    project = import_project(folder, values)
    _generate(cli, project, "dod", tmp_path / "out")

    before = (folder / "apiProperties.json").read_bytes()
    after = (tmp_path / "out" / "apiProperties.json").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf{\r\n")
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old_lines) == len(new_lines) and b"\n" not in after.replace(b"\r\n", b"")
    changed = [(o, n) for o, n in zip(old_lines, new_lines, strict=True) if o != n]
    assert [n.strip() for _, n in changed] == [
        b'"clientId": "11112111-2222-4333-8444-555555555555",',
        b'"https://dod-graph.microsoft.us/.default offline_access"',
        b'"redirectUrl": "https://global.consent.azure-apihub.us/redirect/contosograph",',
        b'"AzureActiveDirectoryResourceId": "https://dod-graph.microsoft.us"',
        b'"value": "https://login.microsoftonline.us"',
    ]


def test_a_client_secret_is_left_out_and_never_written(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcc"] = made_up_cloud("gcc", specific="https://api.contoso.com")

    project = import_project(DATA / "client-secret", values)
    code, report = _generate(cli, project, "gcc", tmp_path / "out", "--diff")

    text = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    assert "Sup3r-Secret-Value-123" not in text and "clientSecret" not in text
    # The diff shows the line going, not its value.
    assert '-          "clientSecret": "(a secret: not shown)"\n' in report["diff"]
    assert json.loads(text)["properties"]["connectionParameters"]["token"]["oAuthSettings"][
        "customParameters"
    ] == {
        "authorizationUrl": {"value": "https://auth.contoso.com/authorize"},
        "tokenUrl": {"value": "https://auth.contoso.com/token"},
    }
    assert ("CP808", f"{SETTINGS}/clientSecret") in _rules(report)
    assert "Sup3r" not in json.dumps(report)
    assert code == 0


def test_missing_values_are_errors_and_the_commercial_redirect_is_left_out(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    def values(data: dict[str, Any]) -> None:
        data["connector"]["name"] = None
        data["clouds"]["gcch"] = {"endpoint": {}}

    project = import_project(DATA / "aad-graph-tenant", values)
    code, report = _generate(cli, project, "gcch", tmp_path / "out")

    assert code == 1
    found = _rules(report)
    assert ("CP805", f"{SETTINGS}/clientId") in found
    assert ("CP805", f"{SETTINGS}/redirectUrl") in found
    assert ("CP807", "apiDefinition.swagger.json#/host") in found
    text = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    assert "redirectUrl" not in text and "azure-apim.net" not in text
    assert "CP801" not in {rule for rule, _ in found}


def test_an_absent_redirect_is_added_in_the_files_layout(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    properties = folder / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    properties.write_text(
        text.replace(
            '          "redirectMode": "GlobalPerConnector",\n'
            '          "redirectUrl": "https://global.consent.azure-apim.net/redirect/contosograph",\n',
            "",
        ),
        encoding="utf-8",
    )

    def values(data: dict[str, Any]) -> None:
        data["connector"]["name"] = "contosograph"
        data["clouds"]["mooncake"] = made_up_cloud("mooncake", specific="https://api.contoso.cn")

    project = import_project(folder, values)
    _, report = _generate(cli, project, "mooncake", tmp_path / "out")

    written = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    assert written.endswith(
        '              "value": "72f988bf-86f1-41af-91ab-2d7cd011db47"\n'
        "            }\n"
        "          },\n"
        '          "redirectMode": "GlobalPerConnector",\n'
        '          "redirectUrl": "https://global.consent.azure-apim.cn/redirect/madeup"\n'
        "        }\n"
        "      }\n"
        "    },\n"
        '    "publisher": "Contoso",\n'
        '    "stackOwner": "Contoso Ltd"\n'
        "  }\n"
        "}\n"
    )
    # Mooncake's redirect is the project's, not a published one.
    assert ("CP809", f"{SETTINGS}/redirectUrl") in _rules(report)


def test_diff_and_check_together_are_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    assert cli("init", "-o", str(project)).code == 0
    result = cli("definition", str(project), "--cloud", "gcc", "--check", str(tmp_path), "--diff")
    assert result.code == 2


def test_a_specific_endpoint_moves_host_base_path_schemes_and_policies(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "client-secret", tmp_path / "contoso")
    properties = json.loads((folder / "apiProperties.json").read_text(encoding="utf-8"))
    del properties["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"]
    properties["properties"]["policyTemplateInstances"] = [
        {
            "templateId": "setheader",
            "title": "Origin",
            "parameters": {
                "x-ms-apimTemplateParameter.name": "Origin",
                "x-ms-apimTemplateParameter.value": "https://api.contoso.com/v1/hooks",
            },
        }
    ]
    (folder / "apiProperties.json").write_text(json.dumps(properties, indent=2), "utf-8")
    swagger = (folder / "apiDefinition.swagger.json").read_text(encoding="utf-8")
    assert '"host": "api.contoso.com"' in swagger
    (folder / "apiDefinition.swagger.json").write_text(
        swagger.replace(
            '"schemes": [\n    "https"\n  ]', '"schemes": [\n    "http",\n    "https"\n  ]'
        ),
        "utf-8",
    )

    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us/gov/v1")

    project = import_project(folder, values)
    _generate(cli, project, "gcch", tmp_path / "out")

    written = json.loads((tmp_path / "out" / "apiDefinition.swagger.json").read_text("utf-8"))
    assert (written["host"], written["basePath"], written["schemes"]) == (
        "api.gov.contoso.us",
        "/gov/v1",
        ["https"],
    )
    policy = json.loads((tmp_path / "out" / "apiProperties.json").read_text("utf-8"))
    assert policy["properties"]["policyTemplateInstances"][0]["parameters"] == {
        "x-ms-apimTemplateParameter.name": "Origin",
        "x-ms-apimTemplateParameter.value": "https://api.gov.contoso.us/gov/v1/hooks",
    }


def test_file_text_in_the_diff_cannot_drive_the_terminal(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    properties = folder / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    properties.write_text(
        text.replace('"IsFirstParty": "False"', '"IsFirstParty": "False\u202e\u2028x"'), "utf-8"
    )

    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us")

    project = import_project(folder, values)
    result = cli("definition", str(project), "--cloud", "gcch", "-o", str(tmp_path / "o"), "--diff")

    assert '"IsFirstParty": "False\\u202e\\u2028x",' in result.out
    assert "\u202e" not in result.out and "\u2028" not in result.out
    # The file itself keeps them: byte-for-byte.
    assert "\u202e" in (tmp_path / "o" / "apiProperties.json").read_text(encoding="utf-8")


def test_a_secret_the_project_would_put_in_a_file_refuses_and_writes_nothing(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcc"] = made_up_cloud("gcc", specific="https://api.contoso.com")
        data["clouds"]["gcc"]["oauth_app"]["client_id"] = "client_secret=Zx81Kq2LmP0vR7tYb4Nw"

    project = import_project(DATA / "client-secret", values)
    result = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))

    assert result.code == 4
    assert "nothing was written" in result.err and "Zx81Kq2LmP0vR7tYb4Nw" not in result.err
    assert not (tmp_path / "out").exists()


def test_a_policy_moves_only_the_commercial_host_not_a_longer_one_that_starts_with_it(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "client-secret", tmp_path / "contoso")
    properties = json.loads((folder / "apiProperties.json").read_text(encoding="utf-8"))
    del properties["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"]
    kept = [
        "https://api.contoso.com.au/v1/hooks",  # another region's host
        "api.contoso.com.evil.net",
    ]
    moved = {
        # Another path on the host: the host moves, the path is not the base path's.
        "https://api.contoso.com/v10/hooks": "https://api.gov.contoso.us/v10/hooks",
        "https://api.contoso.com/v1beta": "https://api.gov.contoso.us/v1beta",
        "https://api.contoso.com/v1": "https://api.gov.contoso.us/gov",
        "https://api.contoso.com/v1/hooks?x=1": "https://api.gov.contoso.us/gov/hooks?x=1",
        "see api.contoso.com.": "see api.gov.contoso.us.",
    }
    properties["properties"]["policyTemplateInstances"] = [
        {"templateId": "setheader", "title": str(i), "parameters": {"value": text}}
        for i, text in enumerate([*kept, *moved])
    ]
    (folder / "apiProperties.json").write_text(json.dumps(properties, indent=2), "utf-8")

    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us/gov")

    project = import_project(folder, values)
    _generate(cli, project, "gcch", tmp_path / "out")

    written = json.loads((tmp_path / "out" / "apiProperties.json").read_text("utf-8"))
    values_written = [
        p["parameters"]["value"] for p in written["properties"]["policyTemplateInstances"]
    ]
    assert values_written == [*kept, *moved.values()]


def client_secret_connector(tmp_path: Path, old: str, new: str) -> Path:
    """The client-secret connector, copied, with `old` replaced by `new` in its
    apiProperties.json."""
    folder = shutil.copytree(DATA / "client-secret", tmp_path / "contoso")
    properties = folder / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    assert old in text
    properties.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def gcc_on_the_commercial_host(data: dict[str, Any]) -> None:
    data["clouds"]["gcc"] = made_up_cloud("gcc", specific="https://api.contoso.com")


def test_a_client_secret_given_twice_is_left_out_every_time(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    # JSON readers use the last of two equal keys: leaving out only the first wrote the
    # second, the one in use, to the file and to the diff.
    folder = client_secret_connector(
        tmp_path,
        '"clientSecret": "Sup3r-Secret-Value-123"',
        '"clientSecret": "Sup3r-Secret-Value-123",\n'
        '          "ClientSecret": "An0ther-Secret-Value-456",\n'
        '          "clientSecret": "Th1rd-Secret-Value-789"',
    )
    project = import_project(folder, gcc_on_the_commercial_host)
    code, report = _generate(cli, project, "gcc", tmp_path / "out", "--diff")

    text = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    settings = json.loads(text)["properties"]["connectionParameters"]["token"]["oAuthSettings"]
    assert "Secret-Value" not in text and "secret" not in text.lower()
    assert list(settings)[-1] == "customParameters"  # the layout before them is kept
    assert "Secret-Value" not in json.dumps(report)
    assert code == 0


def test_a_value_given_twice_is_changed_in_both_places(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "client-secret", tmp_path / "contoso")
    for name, old, twice in (
        ("apiProperties.json", '"clientId": "contoso-client",', '"clientId": "old-client",'),
        ("apiDefinition.swagger.json", '"host": "api.contoso.com",', '"host": "old.contoso.com",'),
    ):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, f"{twice}\n{old}"), encoding="utf-8")

    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://api.gov.contoso.us")

    project = import_project(folder, values)
    _generate(cli, project, "gcch", tmp_path / "out")

    properties = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    swagger = (tmp_path / "out" / "apiDefinition.swagger.json").read_text(encoding="utf-8")
    assert properties.count('"clientId": "11111111-2222-4333-8444-555555555555"') == 2
    assert swagger.count('"host": "api.gov.contoso.us"') == 2
    assert "old-client" not in properties and "contoso-client" not in properties
    assert "old.contoso.com" not in swagger and '"api.contoso.com"' not in swagger


def test_a_client_secret_among_the_custom_parameters_is_left_out_too(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    folder = client_secret_connector(
        tmp_path,
        '"tokenUrl": {',
        '"clientSecret": {\n              "value": "Cust0m-Secret-Value-123"\n            },\n'
        '            "tokenUrl": {',
    )
    project = import_project(folder, gcc_on_the_commercial_host)
    code, report = _generate(cli, project, "gcc", tmp_path / "out", "--diff")

    text = (tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8")
    custom = json.loads(text)["properties"]["connectionParameters"]["token"]["oAuthSettings"][
        "customParameters"
    ]
    assert custom == {
        "authorizationUrl": {"value": "https://auth.contoso.com/authorize"},
        "tokenUrl": {"value": "https://auth.contoso.com/token"},
    }
    assert "Secret-Value" not in text and "Secret-Value" not in json.dumps(report)
    assert ("CP808", f"{SETTINGS}/customParameters/clientSecret") in _rules(report)
    assert code == 0


def test_user_info_in_the_endpoint_never_reaches_the_swagger_host(
    cli: Cli, import_project: ImportProject, tmp_path: Path
) -> None:
    # `check` flags the user-info (an endpoint rule); a swagger host cannot hold it.
    def values(data: dict[str, Any]) -> None:
        data["clouds"]["gcch"] = made_up_cloud(
            "gcch", specific="https://svc@api.gov.contoso.us:8443/gov?x=1"
        )

    project = import_project(DATA / "client-secret", values)
    _generate(cli, project, "gcch", tmp_path / "out")

    written = json.loads((tmp_path / "out" / "apiDefinition.swagger.json").read_text("utf-8"))
    assert (written["host"], written["basePath"]) == ("api.gov.contoso.us:8443", "/gov")
