"""The connector import (PRODUCT §11) against the real corpus and hand-written edge cases.

Every expected value here and in `corpus_expectations.py` was written by hand from reading
the files, never produced by running the import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.connector_import import (
    CANONICAL_PROPERTIES,
    CANONICAL_SWAGGER,
    ImportResult,
    import_connector,
    is_connector_file_name,
    is_placeholder_value,
)
from cloudprep.core.findings import Severity
from cloudprep.core.models import AuthKind, HostMode, RedirectMode
from cloudprep.core.rules.connector import check_connector
from cloudprep.errors import ConnectorImportError
from tests.unit.corpus_expectations import EXPECTED, is_owned_rule

DATA = Path(__file__).resolve().parents[1] / "data" / "connectors"


def owned_rules(result: ImportResult) -> set[str]:
    return {f.rule for f in result.findings if is_owned_rule(f.rule)}


def rules_of(result: ImportResult) -> set[str]:
    return {f.rule for f in result.findings}


# ---------------------------------------------------------------- the real corpus
def test_the_table_covers_every_corpus_folder(corpus_dir: Path) -> None:
    folders = {p.name for p in corpus_dir.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED)


@pytest.mark.corpus
@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_corpus_folder_imports_as_expected(corpus_dir: Path, folder: str) -> None:
    expected = EXPECTED[folder]
    result = import_connector(corpus_dir / folder)
    connector = result.connector
    assert connector.auth.value == expected.auth
    assert tuple(k.value for k in connector.auth_options) == expected.auth_options
    assert connector.identity_provider == expected.identity_provider
    assert connector.name == expected.name
    assert connector.endpoint.host_mode.value == expected.host_mode
    mode = result.redirect_mode.value if result.redirect_mode else None
    assert mode == expected.redirect_mode
    assert connector.display_name == expected.display_name
    assert connector.publisher == expected.publisher
    assert connector.endpoint.url == expected.endpoint
    assert owned_rules(result) == expected.rules


@pytest.mark.corpus
def test_corpus_findings_are_connector_level_and_name_the_broken_file(corpus_dir: Path) -> None:
    result = import_connector(corpus_dir / "SigningHub")
    assert all(f.cloud is None for f in result.findings)
    [parse] = [f for f in result.findings if f.rule == "CP116"]
    assert parse.severity is Severity.ERROR
    assert "apiProperties.json" in parse.message
    # the comma is missing after line 23; the parser stops at the next key, line 24 col 13
    assert "line 24, column 13" in parse.message


@pytest.mark.corpus
def test_corpus_import_is_deterministic(corpus_dir: Path) -> None:
    first = import_connector(corpus_dir / "AvePoint Cloud Governance")
    second = import_connector(corpus_dir / "AvePoint Cloud Governance")
    assert first == second


@pytest.mark.corpus
def test_corpus_oauth_baseline_team_forms(corpus_dir: Path) -> None:
    oauth = import_connector(corpus_dir / "Team Forms").connector.oauth
    assert oauth is not None
    assert oauth.login_uri == "https://login.microsoftonline.com"
    assert oauth.resource_uri == "https://graph.microsoft.com"
    assert oauth.tenant_id == "common"
    assert oauth.client_id is None  # 00000000-0000-0000-0000-00000000000 is a placeholder
    assert oauth.redirect_urls == ["https://global.consent.azure-apim.net/redirect/teamforms"]


@pytest.mark.corpus
def test_corpus_placeholder_resource_is_null_with_a_finding(corpus_dir: Path) -> None:
    result = import_connector(corpus_dir / "AvePoint Cloud Governance")
    oauth = result.connector.oauth
    assert oauth is not None
    assert oauth.resource_uri is None
    assert oauth.client_id is None
    assert oauth.login_uri == "https://login.windows.net"
    assert oauth.scopes == ["User.Read"]
    paths = {f.path for f in result.findings if f.rule == "CP124"}
    assert paths == {"connector.oauth.client_id", "connector.oauth.resource_uri"}
    assert any("<resource-id>" in f.message for f in result.findings if f.rule == "CP124")


@pytest.mark.corpus
def test_corpus_generic_oauth_login_uri_is_the_authorization_url(corpus_dir: Path) -> None:
    oauth = import_connector(corpus_dir / "InEight").connector.oauth
    assert oauth is not None
    assert oauth.login_uri == "https://login.windows.net/common/oauth2/authorize"


# ---------------------------------------------------------------- hand-written folders
def imp(folder: str) -> ImportResult:
    return import_connector(DATA / folder)


def messages(result: ImportResult, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


@pytest.mark.parametrize(
    "folder, actual",
    [
        ("swagger-mixed-case", "apiDefinition.Swagger.json"),
        ("swagger-lowercase", "apidefinition.swagger.json"),
        ("swagger-plural", "apiDefinitions.swagger.json"),
    ],
)
def test_misnamed_swagger_is_read_with_a_finding_naming_it(folder: str, actual: str) -> None:
    result = imp(folder)
    assert result.files.swagger is not None
    assert result.files.swagger.name == actual
    assert result.connector.display_name == "Contoso"
    assert result.connector.endpoint.url == "https://api.contoso.com/v1"
    [message] = messages(result, "CP112")
    assert repr(actual) in message
    assert "CP113" not in rules_of(result)


def test_misnamed_properties_file_is_read() -> None:
    result = imp("properties-lowercase")
    assert result.connector.publisher == "Contoso"
    assert result.connector.auth is AuthKind.API_KEY
    assert any("'apiproperties.json'" in m for m in messages(result, "CP112"))


def test_canonical_swagger_wins_over_a_second_one() -> None:
    result = imp("two-swaggers")
    assert result.connector.display_name == "Used"
    assert [p.name for p in result.files.ignored_swaggers] == ["apiDefinitions.swagger.json"]
    [message] = messages(result, "CP113")
    assert "apiDefinitions.swagger.json" in message
    assert "CP112" not in rules_of(result)


def test_only_properties_gives_missing_swagger() -> None:
    result = imp("only-properties")
    assert "CP111" in rules_of(result)
    assert result.connector.auth is AuthKind.API_KEY
    assert result.connector.endpoint.url is None
    assert result.files.swagger is None


def test_only_swagger_gives_missing_properties_and_auth_from_swagger() -> None:
    result = imp("only-swagger")
    assert "CP110" in rules_of(result)
    assert result.connector.auth is AuthKind.API_KEY
    assert result.connector.display_name == "Contoso"
    assert result.files.api_properties is None


def test_folder_without_connector_files_is_an_import_error() -> None:
    with pytest.raises(ConnectorImportError, match=r"neither apiProperties\.json nor a swagger"):
        imp("no-connector-files")


def test_missing_folder_and_a_file_are_import_errors(tmp_path: Path) -> None:
    with pytest.raises(ConnectorImportError, match="no such folder"):
        import_connector(tmp_path / "absent")
    with pytest.raises(ConnectorImportError, match="is not a folder"):
        import_connector(DATA / "only-swagger" / CANONICAL_SWAGGER)


@pytest.mark.parametrize("folder", ["swagger-yaml", "swagger-yaml-content"])
def test_yaml_swagger_is_reported_not_parsed(folder: str) -> None:
    result = imp(folder)
    assert "CP118" in rules_of(result)
    assert "CP116" not in rules_of(result)
    assert result.connector.endpoint.url is None
    assert result.connector.auth is AuthKind.API_KEY


def test_bom_in_both_files_is_skipped_with_info() -> None:
    result = imp("bom-both")
    boms = [f for f in result.findings if f.rule == "CP114"]
    assert len(boms) == 2
    assert all(f.severity is Severity.INFO for f in boms)
    assert result.connector.publisher == "Contoso"
    assert result.connector.display_name == "Contoso"


def test_broken_properties_still_imports_the_swagger() -> None:
    result = imp("properties-broken")
    [message] = messages(result, "CP116")
    assert message.startswith("apiProperties.json:")
    assert "line 4, column 5" in message  # "stackOwner" after the missing comma
    connector = result.connector
    assert connector.display_name == "Broken Props"
    assert connector.endpoint.url == "https://api.contoso.com/v1"
    assert connector.auth is AuthKind.OAUTH2  # the swagger's oauth2 securityDefinition
    assert connector.identity_provider is None
    assert connector.oauth is None
    assert connector.publisher == ""
    assert not result.files.api_properties_read
    assert result.files.swagger_read


def test_broken_swagger_still_imports_the_properties() -> None:
    result = imp("swagger-broken")
    [message] = messages(result, "CP116")
    assert message.startswith(f"{CANONICAL_SWAGGER}:")
    assert "line 6, column 1" in message  # the "}" after the trailing comma
    assert result.connector.auth is AuthKind.BASIC
    assert result.connector.endpoint.url is None
    assert "CP331" in rules_of(result)


def test_invalid_utf8_names_the_offset() -> None:
    result = imp("not-utf8")
    [message] = messages(result, "CP115")
    assert "offset 33" in message  # the 0xE9 of "Café": 15 + 14 + 4 bytes before it
    assert result.connector.display_name == "Contoso"


def test_utf16_is_reported_as_not_utf8() -> None:
    result = imp("utf16")
    [message] = messages(result, "CP115")
    assert "UTF-16" in message


def test_empty_properties_file() -> None:
    result = imp("empty-properties-file")
    assert any("is empty" in m for m in messages(result, "CP116"))
    assert result.connector.auth is AuthKind.API_KEY


@pytest.mark.parametrize(
    "folder, fragment",
    [
        ("properties-array", "array, not an object"),
        ("properties-not-object", "has a string as its `properties`"),
        ("properties-missing", "has no `properties`"),
        ("swagger-array", "array, not an object"),
    ],
)
def test_wrong_top_level_shape(folder: str, fragment: str) -> None:
    result = imp(folder)
    assert any(fragment in m for m in messages(result, "CP119"))


def test_openapi3_is_flagged_and_read_as_far_as_possible() -> None:
    result = imp("openapi3")
    assert any("'3.0.1'" in m for m in messages(result, "CP121"))
    assert result.connector.display_name == "Contoso v3"
    assert result.connector.endpoint.url is None


def test_wrong_types_are_ignored_with_warnings() -> None:
    result = imp("wrong-types")
    ignored = messages(result, "CP120")
    assert any("connectionParameters is an array" in m for m in ignored)
    assert any("connectionParameterSets" in m for m in ignored)
    assert any("securityDefinitions" in m for m in ignored)
    assert any("host" in m for m in ignored)
    connector = result.connector
    assert connector.publisher == "Contoso Ltd"  # publisher 42 is not text: stackOwner
    assert connector.display_name == ""
    assert connector.auth is AuthKind.NONE
    assert connector.endpoint.host_mode is HostMode.FIXED  # policies not a list: ignored


def test_host_with_a_scheme_is_cut() -> None:
    result = imp("host-with-scheme")
    assert result.connector.endpoint.url == "https://api.contoso.com"
    assert any("includes a scheme" in m for m in messages(result, "CP120"))


def test_http_only_keeps_http() -> None:
    assert imp("http-only").connector.endpoint.url == "http://api.contoso.com/v1"


def test_no_host_means_endpoint_missing() -> None:
    result = imp("no-host")
    assert result.connector.endpoint.url is None
    assert "CP331" in rules_of(result)


def test_huge_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cloudprep.core.connector_import as module

    monkeypatch.setattr(module, "MAX_FILE_BYTES", 1024)
    (tmp_path / CANONICAL_PROPERTIES).write_text(
        json.dumps({"properties": {"publisher": "x" * 2000}}), encoding="utf-8"
    )
    (tmp_path / CANONICAL_SWAGGER).write_text('{"swagger": "2.0", "host": "a.b"}', "utf-8")
    result = import_connector(tmp_path)
    assert any("larger than" in m for m in messages(result, "CP117"))
    assert result.connector.endpoint.url == "https://a.b"


def test_deeply_nested_json_is_reported(tmp_path: Path) -> None:
    depth = 200_000
    (tmp_path / CANONICAL_PROPERTIES).write_text("[" * depth + "]" * depth, encoding="utf-8")
    (tmp_path / CANONICAL_SWAGGER).write_text(
        '{"swagger": "2.0", "info": ' + '{"a": ' * depth + "1" + "}" * depth + "}", "utf-8"
    )
    result = import_connector(tmp_path)
    assert len(messages(result, "CP117")) == 2


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path: Path, constant: str) -> None:
    # Python's json module reads them; JSON (and `definition`, which edits the file) does not.
    (tmp_path / CANONICAL_PROPERTIES).write_text(
        '{"properties": {"publisher": "Contoso", "n": ' + constant + "}}", encoding="utf-8"
    )
    (tmp_path / CANONICAL_SWAGGER).write_text('{"swagger": "2.0", "host": "a.b"}', "utf-8")
    result = import_connector(tmp_path)
    [message] = messages(result, "CP116")
    assert message == (
        f"apiProperties.json: is not valid JSON: {constant} is not a JSON number; it was not read"
    )
    assert not result.files.api_properties_read and result.connector.publisher == ""


def test_overlong_integer_is_reported(tmp_path: Path) -> None:
    (tmp_path / CANONICAL_PROPERTIES).write_text(
        '{"properties": {"n": ' + "9" * 10_000 + "}}", encoding="utf-8"
    )
    result = import_connector(tmp_path)
    assert any("integer" in m for m in messages(result, "CP116"))


def test_unreadable_file_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod cannot make a file unreadable for root, so the refusal is simulated
    target = tmp_path / CANONICAL_PROPERTIES
    target.write_text('{"properties": {}}', encoding="utf-8")
    (tmp_path / CANONICAL_SWAGGER).write_text('{"swagger": "2.0", "host": "a.b"}', "utf-8")
    real_open = Path.open

    def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == CANONICAL_PROPERTIES:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    result = import_connector(tmp_path)
    assert any("Permission denied" in m for m in messages(result, "CP126"))
    assert result.connector.endpoint.url == "https://a.b"


# ---------------------------------------------------------------- auth decisions
def test_oauth_setting_spelled_with_capitals() -> None:
    result = imp("oauth-capital-s")
    assert result.connector.auth is AuthKind.OAUTH2
    assert result.connector.identity_provider == "oauth2"
    assert any("'OAuthSetting'" in m for m in messages(result, "CP122"))


def test_oauth_parameter_beats_the_swagger_and_the_disagreement_is_reported() -> None:
    result = imp("auth-disagree")
    assert result.connector.auth is AuthKind.OAUTH2
    [message] = messages(result, "CP125")
    assert "basic" in message


def test_swagger_beats_securestring_names() -> None:
    # PRODUCT §11 order: securityDefinitions (step 2) before securestring parameters (step 3)
    result = imp("swagger-beats-securestring")
    assert result.connector.auth is AuthKind.BASIC
    assert "CP125" in rules_of(result)


def test_user_name_and_password_securestrings_mean_basic() -> None:
    assert imp("basic-by-names").connector.auth is AuthKind.BASIC


def test_other_securestring_means_api_key() -> None:
    assert imp("apikey-by-securestring").connector.auth is AuthKind.API_KEY


def test_nothing_means_none() -> None:
    result = imp("no-auth")
    assert result.connector.auth is AuthKind.NONE
    assert result.connector.oauth is None
    assert result.redirect_mode is None


def test_multi_auth_sets_fill_auth_options_in_order() -> None:
    result = imp("multi-auth-mixed")
    connector = result.connector
    assert connector.auth is AuthKind.API_KEY
    assert connector.auth_options == [AuthKind.API_KEY, AuthKind.OAUTH2, AuthKind.BASIC]
    assert connector.identity_provider == "aad"  # "AAD" lowercased
    assert connector.name == "contoso-5f1"
    oauth = connector.oauth
    assert oauth is not None
    assert oauth.login_uri == "https://login.microsoftonline.com"
    assert oauth.resource_uri == "api://contoso"
    assert oauth.tenant_id == "common"
    assert result.redirect_mode is RedirectMode.GLOBAL_PER_CONNECTOR


def test_redirect_urls_naming_two_connectors_leave_the_name_empty() -> None:
    result = imp("names-conflict")
    assert result.connector.name is None
    [message] = messages(result, "CP127")
    assert "contoso-test" in message
    assert "CP101" in rules_of(result)


# ---------------------------------------------------------------- OAuth settings
def test_client_secret_in_files_is_reported_never_copied() -> None:
    result = imp("client-secret")
    assert "CP128" in rules_of(result)
    dumped = result.connector.model_dump_json() + "".join(
        f.message + f.hint for f in result.findings
    )
    assert "Sup3r-Secret-Value-123" not in dumped


def test_unknown_redirect_mode() -> None:
    result = imp("redirect-mode-unknown")
    assert result.redirect_mode is None
    assert any("'PerConnector'" in m for m in messages(result, "CP123"))
    assert "CP230" in rules_of(result)


def test_redirect_mode_inferred_from_a_per_connector_url() -> None:
    result = imp("redirect-mode-inferred")
    assert result.redirect_mode is RedirectMode.GLOBAL_PER_CONNECTOR
    assert result.connector.name == "contoso"
    assert "CP230" not in rules_of(result)


def test_redirect_name_with_capitals_is_lowercased_and_flagged() -> None:
    result = imp("redirect-name-capitals")
    assert result.connector.name == "contosocrm"
    assert any("'ContosoCRM'" in m for m in messages(result, "CP232"))


def test_look_alike_consent_host_gives_no_name() -> None:
    result = imp("redirect-lookalike")
    assert result.connector.name is None
    assert "CP101" in rules_of(result)


def test_aad_graph_scope_and_specific_tenant() -> None:
    result = imp("aad-graph-tenant")
    oauth = result.connector.oauth
    assert oauth is not None
    assert oauth.login_uri == "https://login.windows.net"  # "LoginURI" read in any case
    assert oauth.resource_uri == "https://graph.microsoft.com"
    assert oauth.tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    paths = {f.path for f in result.findings if f.rule == "CP431"}
    assert paths == {"connector.oauth.resource_uri", "connector.oauth.scopes[0]"}
    assert {"CP430", "CP433"} <= rules_of(result)


def test_aad_placeholders_are_null_with_findings() -> None:
    result = imp("aad-placeholders")
    oauth = result.connector.oauth
    assert oauth is not None
    assert (oauth.client_id, oauth.resource_uri, oauth.tenant_id) == (None, None, None)
    assert oauth.login_uri == "https://login.microsoftonline.us"
    paths = sorted(f.path for f in result.findings if f.rule == "CP124")
    assert paths == [
        "connector.oauth.client_id",
        "connector.oauth.resource_uri",
        "connector.oauth.resource_uri",
        "connector.oauth.tenant_id",
    ]
    assert "CP430" not in rules_of(result)  # a US government login host is not commercial


@pytest.mark.parametrize(
    "value",
    [
        "<resource-id>",
        "<<Enter your client ID>>",
        "[[DUMMY]]",
        "{{replace_with_your_client_id}}",
        "00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-00000000000",
        "YOUR_CLIENT_ID",
        "Enter your client id",
        "dummy",
    ],
)
def test_placeholder_values(value: str) -> None:
    assert is_placeholder_value(value)


@pytest.mark.parametrize(
    "value",
    [
        "common",
        "bc448462-34a5-4c24-9963-4060a4e573ef",
        "FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD",
        "https://graph.microsoft.com",
        "power-platform-integration",
        "flow",
        "https://accounts.zoho{CustomHost}/oauth/v2/auth",
        "https://login.yourcompany.com",
    ],
)
def test_real_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder_value(value)


# ---------------------------------------------------------------- hosts
@pytest.mark.parametrize("folder", ["placeholder-host", "parameterized-host", "dynamichosturl"])
def test_per_connection_hosts(folder: str) -> None:
    result = imp(folder)
    assert result.connector.endpoint.host_mode is HostMode.PER_CONNECTION
    assert [f.severity for f in result.findings if f.rule == "CP330"] == [Severity.INFO]


def test_placeholder_host_url_keeps_the_file_value() -> None:
    url = imp("placeholder-host").connector.endpoint.url
    assert url == "https://{{your_instance}}.contoso.com/v1"


# ---------------------------------------------------------------- one source of rules
def test_import_findings_include_exactly_the_model_rules() -> None:
    result = imp("aad-graph-tenant")
    model = check_connector(result.connector, catalog=load_catalog())
    assert set(model) <= set(result.findings)


def test_every_folder_imports_without_raising() -> None:
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        if folder.name == "no-connector-files":
            continue
        result = import_connector(folder)
        assert all(f.cloud is None for f in result.findings)


def test_canonical_names() -> None:
    assert CANONICAL_PROPERTIES == "apiProperties.json"
    assert CANONICAL_SWAGGER == "apiDefinition.swagger.json"


def test_a_file_name_that_is_not_utf8_gives_printable_messages(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"apiDefinition\xff.swagger.json")
    (tmp_path / name).write_text('{"swagger": "2.0", "host": "api.contoso.com"}', "utf-8")
    result = import_connector(tmp_path)
    assert result.connector.endpoint.url == "https://api.contoso.com"
    assert "CP112" in rules_of(result)
    text = json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate reaches a message


@pytest.mark.parametrize(
    "name, expected",
    [
        ("apiProperties.json", True),
        ("apiproperties.json", True),
        ("apiDefinition.swagger.json", True),
        ("apiDefinition.Swagger.json", True),
        ("apiDefinitions.swagger.json", True),
        ("apiDefinition.swagger.yaml", True),
        ("settings.json", False),
        ("script.csx", False),
        ("icon.png", False),
        ("README.md", False),
    ],
)
def test_is_connector_file_name(name: str, expected: bool) -> None:
    assert is_connector_file_name(name) is expected


def test_a_client_secret_among_the_custom_parameters_is_reported_not_imported(
    tmp_path: Path,
) -> None:
    settings = {
        "identityProvider": "oauth2",
        "clientId": "contoso",
        "customParameters": {
            "authorizationUrl": {"value": "https://auth.contoso.com/authorize"},
            "ClientSecret": {"value": "Cust0m-Secret-Value-123"},
        },
    }
    properties = {
        "properties": {
            "connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": settings}}
        }
    }
    (tmp_path / CANONICAL_PROPERTIES).write_text(json.dumps(properties), encoding="utf-8")
    result = import_connector(tmp_path)
    assert messages(result, "CP128") == [
        "apiProperties.json connectionParameters.token.oAuthSettings.customParameters."
        "clientSecret holds a value (not shown); it was not imported"
    ]
    assert "Cust0m" not in result.connector.model_dump_json()
