"""`scan` and `init --from-connector` judge every Microsoft resource family alike (issue 10,
item 8): an aad connector whose resourceUri is Power BI or Resource Manager gets the per-cloud
CP431 finding a Graph resource gets, with each cloud's equivalent in the hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudprep.cli.main import main

SWAGGER = {"swagger": "2.0", "host": "api.contoso.com", "basePath": "/v1", "paths": {}}


def _aad_connector(folder: Path, resource: str) -> None:
    folder.mkdir(parents=True)
    properties = {
        "properties": {
            "connectionParameters": {
                "token": {
                    "type": "oauthSetting",
                    "oAuthSettings": {
                        "identityProvider": "aad",
                        "clientId": "6f1b3c2e-8a4d-4b7e-9c1a-2d3e4f5a6b7c",
                        "scopes": [],
                        "redirectMode": "GlobalPerConnector",
                        "redirectUrl": "https://global.consent.azure-apim.net/redirect/contoso",
                        "customParameters": {
                            "loginUri": {"value": "https://login.microsoftonline.us"},
                            "tenantId": {"value": "common"},
                            "resourceUri": {"value": resource},
                        },
                    },
                }
            }
        }
    }
    (folder / "apiProperties.json").write_text(json.dumps(properties), "utf-8")
    (folder / "apiDefinition.swagger.json").write_text(json.dumps(SWAGGER), "utf-8")


# (resource, clouds that must change it, one expected replacement; the source)
CASES = [
    (
        "https://analysis.windows.net/powerbi/api",
        "GCC, GCC High, DoD, Azure Gov and Mooncake",
        "https://analysis.usgovcloudapi.net/powerbi/api for GCC",
        "Power BI national clouds (GCC has its own host)",
    ),
    (
        "https://management.azure.com",
        "GCC High, DoD, Azure Gov and Mooncake",
        "https://management.chinacloudapi.cn for Mooncake",
        "azure-cli cloud.py",
    ),
    (
        "https://graph.microsoft.com",
        "GCC High, DoD, Azure Gov and Mooncake",
        "https://dod-graph.microsoft.us for DoD",
        "Graph national cloud deployments",
    ),
]


@pytest.mark.parametrize(("resource", "clouds", "fix", "source"), CASES)
def test_scan_reports_every_resource_family(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    resource: str,
    clouds: str,
    fix: str,
    source: str,
) -> None:
    _aad_connector(tmp_path / "fleet" / "contoso", resource)
    main(["scan", str(tmp_path / "fleet"), "--format", "json", "--jobs", "1"])
    [row] = json.loads(capsys.readouterr().out)["connectors"]
    [finding] = [f for f in row["findings"] if f["rule"] == "CP431"]
    assert f"{clouds} must change" in finding["message"], source
    assert fix in finding["hint"], source


def test_init_from_connector_reports_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _aad_connector(tmp_path / "contoso", "https://analysis.windows.net/powerbi/api")
    code = main(
        ["init", "-o", str(tmp_path / "p.json"), "--from-connector", str(tmp_path / "contoso")]
    )
    assert code in (0, 1)
    assert "CP431" in capsys.readouterr().out
