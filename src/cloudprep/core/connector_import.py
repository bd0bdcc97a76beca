"""Import a connector folder (PowerPlatformConnectors layout) into the project's `connector`
section (PRODUCT §5, §11).

A folder holds `apiProperties.json` (the connection parameters, OAuth settings and policies)
and `apiDefinition.swagger.json` (the API: title, host, securityDefinitions). Real folders
break every rule, so the import is tolerant and reports each problem as a finding:

- Files are found case-insensitively and by a tolerant pattern (`apiDefinition.Swagger.json`,
  `apidefinition.swagger.json`, `apiDefinitions.swagger.json`, `swagger.json`, …), with a
  CP112 finding naming the actual file; with several candidates the best named one is used
  (CP113).
- A BOM is skipped (CP114); invalid UTF-8 (CP115), broken JSON with its line and column
  (CP116), a huge or too deeply nested file (CP117), a YAML swagger (CP118) and a file of the
  wrong shape (CP119) make that one file unreadable, never the import.
- **One readable file is enough.** With a broken `apiProperties.json` and a readable swagger,
  the display name, endpoint and auth kind (from `securityDefinitions`) still come from the
  swagger, and the identity provider and OAuth settings stay empty. With a broken swagger,
  the auth and OAuth settings still come from `apiProperties.json`, and the endpoint stays
  empty (CP331).

`import_connector` raises `ConnectorImportError` only when the folder itself cannot be used:
it does not exist, is not a folder, cannot be listed, or holds neither an apiProperties-like
nor a swagger-like file.

How the auth kind is decided (PRODUCT §11), in this order:
1. a connection parameter of type oauthSetting (any case) → oauth2, with its identity provider;
2. the swagger's securityDefinitions (the first one of a known type): basic → basic,
   apiKey → api_key, oauth2 → oauth2;
3. securestring parameters named like a user name plus a password → basic; any other
   securestring → api_key;
4. nothing → none.
Multi-auth (`connectionParameterSets`): each set's kind comes from that set's own
parameters by steps 1, 3 and 4. The swagger has one `securityDefinitions` for the whole
connector, so it cannot say which set it describes; the sets are what a user chooses between
in Power Platform, so they win (AvePoint's swagger says basic, its first set is OAuth: auth is
oauth2, auth_options [oauth2, basic]). `auth` is the first set's kind; `auth_options` lists
every set's kind, distinct, in order, and is filled for every multi-auth connector (even when
all sets share one kind) and empty otherwise. When the swagger names a kind the parameters do
not offer, CP125 says so.

OAuth settings (`connector.oauth`) come from the first oauthSetting parameter (of the first
OAuth set, for multi-auth); the identity provider is lowercased when it is one of aad,
aadcertificate, oauth2 and oauth2generic, and kept as written otherwise (e.g. "DocuSign").
- `login_uri`: `customParameters.loginUri`; for non-AAD providers, failing that, the
  `authorizationUrl` (or `authorizationUrlTemplate`): it is where users sign in, and it is how
  a generic OAuth connector hard-codes `login.microsoftonline.com` (CP430).
- `resource_uri`: `customParameters.resourceUri`, else `properties.AzureActiveDirectoryResourceId`;
  `tenant_id`: `customParameters.tenantId`. Keys match in any case.
- Placeholder values (`<resource-id>`, `<<Enter your client ID>>`, `[[DUMMY]]`,
  `{{replace_with_your_client_id}}`, an all-zero GUID, …) are not real values: the field
  stays null, with a CP124 info finding naming the placeholder. An empty string is null too,
  without a finding.
- `redirect_urls`: `redirectUrl`, and a `customParameters.redirectUrl` (RamQuest keeps it
  there). `redirect_mode`: `redirectMode` in any case; an unknown value is null with CP123;
  when absent and a per-connector redirect URL is present, GlobalPerConnector (the URL proves
  it); otherwise null.

`connector.name` is taken only from a commercial per-connector redirect URL
(`https://<…>consent.azure-apim.net/redirect/<name>`) in any OAuth parameter of the file,
lowercased. It is never derived from the display name or the folder name. When the files name
different connectors, it stays null (CP127). A null name gives CP101/CP102, which say where
to find it.

The endpoint is `https://{host}{basePath}` from the swagger (`http` only when the swagger
offers http alone, so the endpoint rules flag it; a basePath of `/` adds nothing). `host_mode`
is per_connection when the host is a placeholder, when `x-ms-parameterized-host` is present,
or when a `dynamichosturl` policy template is present; fixed otherwise.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudprep.core.bounded_read import read_at_most
from cloudprep.core.catalog import CloudCatalog, load_catalog
from cloudprep.core.connector_section import ConnectorSection, EndpointSection, OAuthSection
from cloudprep.core.findings import Finding, Severity, sort_findings
from cloudprep.core.model_kinds import (
    AAD_PROVIDERS,
    IDENTITY_PROVIDERS,
    AuthKind,
    HostMode,
    RedirectMode,
)
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.rules import connector as rules
from cloudprep.core.rules.base import Rule, RuleDoc, Scope
from cloudprep.core.urls import display_value
from cloudprep.errors import ConnectorImportError

if TYPE_CHECKING:  # the pydantic models load only when a caller asks for `connector`
    from cloudprep.core.models import Connector

# ---------------------------------------------------------------- CP110–CP128: import rules
# Only the import sees these (a BOM, a parse error, a misnamed file), so they are declared
# here, where they are raised; the rule registry lists them with the others.
PROPERTIES_MISSING = Rule(
    id="CP110",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="apiProperties.json not found",
    hint=(
        "add the connector's apiProperties.json (download it with paconn or from the "
        "PowerPlatformConnectors repository); without it the auth settings are unknown"
    ),
    example="a folder holding only apiDefinition.swagger.json",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the folder has a swagger file but no `apiProperties.json` (looked for in any "
            "case and as `apiProperty.json`, `api-properties.json`, …)."
        ),
        why=(
            "the connection parameters, the identity provider and the OAuth settings live in "
            "`apiProperties.json`; without it the auth kind comes from the swagger alone."
        ),
        fix="add the connector's `apiProperties.json`.",
        example="a folder holding only `apiDefinition.swagger.json`.",
        scope_note="import",
    ),
)
SWAGGER_MISSING = Rule(
    id="CP111",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Swagger file not found",
    hint="add the connector's apiDefinition.swagger.json next to apiProperties.json",
    example="a folder holding only apiProperties.json",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the folder has `apiProperties.json` but no swagger-like file "
            "(`apiDefinition*.json|yaml`, `*swagger*`, `*openapi*`)."
        ),
        why="the display name and the commercial endpoint come from the swagger.",
        fix="add `apiDefinition.swagger.json`.",
        example="a folder holding only `apiProperties.json`.",
        scope_note="import",
    ),
)
FILE_MISNAMED = Rule(
    id="CP112",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Connector file has a non-standard name",
    hint=(
        "rename it to apiProperties.json / apiDefinition.swagger.json exactly: tools on "
        "case-sensitive file systems look for those names"
    ),
    example="apiDefinition.Swagger.json",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the file used is not named exactly `apiProperties.json` / "
            "`apiDefinition.swagger.json`; the message names the actual file, which was read "
            "anyway."
        ),
        why=(
            "real folders have mis-cased and misspelt names (PRODUCT §11); tools on "
            "case-sensitive file systems look for the exact names."
        ),
        fix="rename the file.",
        example=(
            "`apiDefinition.Swagger.json`, `apidefinition.swagger.json`, "
            "`apiDefinitions.swagger.json`."
        ),
        scope_note="import",
    ),
)
SWAGGER_AMBIGUOUS = Rule(
    id="CP113",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Several swagger files: one was used",
    hint="keep one swagger file, named apiDefinition.swagger.json",
    example="apiDefinition.swagger.json and apiDefinitions.swagger.json in one folder",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "more than one swagger-like file. The exact name wins, then the name in another "
            "case, then other JSON files, then YAML; the message names the one used and the "
            "ones ignored."
        ),
        why="the import must not guess silently which definition is the connector's.",
        fix="keep one swagger file, named `apiDefinition.swagger.json`.",
        example="`apiDefinition.swagger.json` and `apiDefinitions.swagger.json` in one folder.",
        scope_note="import",
    ),
)
FILE_HAS_BOM = Rule(
    id="CP114",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connector file starts with a UTF-8 BOM",
    hint="save the file as UTF-8 without a BOM: some JSON tools reject it",
    example="apiDefinition.swagger.json starting with the bytes EF BB BF",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the file starts with the bytes `EF BB BF`. The BOM is skipped and the file is read."
        ),
        why=(
            "real files have BOMs (PRODUCT §11; AvePoint Cloud Governance and InEight in the "
            "corpus); Power Platform accepts them, but some JSON tools (Python's `json.loads` "
            "among them) reject them."
        ),
        fix="save the file as UTF-8 without a BOM.",
        example="`apiDefinition.swagger.json` starting with `EF BB BF`.",
        scope_note="import",
    ),
)
FILE_NOT_UTF8 = Rule(
    id="CP115",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is not UTF-8 text",
    hint="save the file as UTF-8",
    example="apiProperties.json saved as UTF-16 or Windows-1252",
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the file is UTF-16 (by its BOM) or has a byte that is not valid UTF-8 (the "
            "message gives its offset). The file is not read."
        ),
        why="connector files are UTF-8 JSON.",
        fix="save the file as UTF-8.",
        example='`apiProperties.json` saved in Windows-1252 with `"Café"`.',
        scope_note="import",
    ),
)
FILE_NOT_JSON = Rule(
    id="CP116",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is not valid JSON",
    hint="fix the JSON syntax at the line and column given; what could be read was imported",
    example='{"properties": {"publisher": "Contoso" "stackOwner": "Contoso"}}',
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "the file is empty or does not parse; the message names the file, the line and "
            "the column. The file is not read; the other file still is."
        ),
        why=(
            "real files in PowerPlatformConnectors are broken (a missing comma in "
            "SigningHub's `apiProperties.json`, a trailing comma in PUG Gamified Engagement's "
            "swagger)."
        ),
        fix="fix the syntax at the place given.",
        example='`{"properties": {"publisher": "Contoso" "stackOwner": "Contoso"}}`.',
        scope_note="import",
    ),
)
FILE_TOO_BIG = Rule(
    id="CP117",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is too large or nested too deeply",
    hint="check that this is the connector's real file; it was not read",
    example="an apiProperties.json of 100 MB, or JSON nested 100,000 levels deep",
    doc=RuleDoc(
        location="`connector`",
        checks="the file is larger than 32 MB, or its JSON nesting exhausts the parser.",
        why="such a file is not a real connector file, and reading it would stall `scan`.",
        fix="check that this is the connector's real file.",
        example="an `apiProperties.json` of 100 MB, or `[[[[…]]]]` 200,000 levels deep.",
        scope_note="import",
    ),
)
SWAGGER_IS_YAML = Rule(
    id="CP118",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Swagger file is YAML, not JSON",
    hint="convert it to JSON (apiDefinition.swagger.json): Power Platform connectors use JSON",
    example='apiDefinition.swagger.yaml starting with swagger: "2.0"',
    doc=RuleDoc(
        location="`connector`",
        checks="the swagger file ends in `.yaml`/`.yml`, or starts with `swagger:` / `openapi:`.",
        why=(
            "Power Platform connector folders hold a JSON swagger; cloudprep does not parse YAML."
        ),
        fix="convert it to `apiDefinition.swagger.json`.",
        example='`apiDefinition.swagger.yaml` starting with `swagger: "2.0"`.',
        scope_note="import",
    ),
)
FILE_SHAPE = Rule(
    id="CP119",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file does not have the expected shape",
    hint=(
        "apiProperties.json must be an object with a `properties` object; the swagger must "
        "be an object"
    ),
    example='apiProperties.json holding [{"properties": {}}]',
    doc=RuleDoc(
        location="`connector`",
        checks=(
            "`apiProperties.json` is not an object, or has no `properties` object; the "
            "swagger is not an object. The file is not read."
        ),
        why="every value the import reads is under `properties` (or the swagger's top level).",
        fix="restore the file's structure.",
        example='`apiProperties.json` holding `[{"properties": {}}]`.',
        scope_note="import",
    ),
)
PART_IGNORED = Rule(
    id="CP120",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Part of a connector file has an unexpected type and was ignored",
    hint="fix the value's type as the message says",
    example='"connectionParameters": []',
    doc=RuleDoc(
        location="the field it would have filled",
        checks=(
            "`connectionParameters`, `connectionParameterSets.values`, `oAuthSettings`, "
            "`scopes`, the swagger's `securityDefinitions` or `host` has the wrong JSON type; "
            "or the swagger `host` includes a scheme (it is cut off)."
        ),
        why="the rest of the file is still useful; the message says what was ignored.",
        fix="correct the value's type.",
        example='`"connectionParameters": []`.',
        scope_note="import",
    ),
)
NOT_SWAGGER_2 = Rule(
    id="CP121",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Swagger file is not Swagger (OpenAPI) 2.0",
    hint='Power Platform connectors use "swagger": "2.0"; convert the definition',
    example='"openapi": "3.0.1"',
    doc=RuleDoc(
        location="`connector`",
        checks=(
            'the swagger\'s `swagger` is not `"2.0"` (e.g. an OpenAPI 3 `openapi` file). It is '
            "read as far as possible (title, host)."
        ),
        why="Power Platform custom and certified connectors use Swagger 2.0.",
        fix="convert the definition to Swagger 2.0.",
        example='`"openapi": "3.0.1"`.',
        scope_note="import",
    ),
)
OAUTH_TYPE_SPELLING = Rule(
    id="CP122",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connection parameter type `oauthSetting` is spelled differently",
    hint='write "type": "oauthSetting" (it was read as oauthSetting)',
    example='"type": "oAuthSetting"',
    doc=RuleDoc(
        location="`connector.auth`",
        checks=(
            "a connection parameter's type is `oauthSetting` in another case; it is read as "
            "`oauthSetting`."
        ),
        why="real files spell it `oAuthSetting` (RamQuest Actions - UAT, PRODUCT §11).",
        fix='write `"type": "oauthSetting"`.',
        example='`"type": "oAuthSetting"`.',
        scope_note="import",
    ),
)
REDIRECT_MODE_UNKNOWN = Rule(
    id="CP123",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Unknown redirectMode value",
    hint='use "redirectMode": "GlobalPerConnector"',
    example='"redirectMode": "PerConnector"',
    doc=RuleDoc(
        location="`connector.oauth.redirect_mode`",
        checks=(
            "`redirectMode` is not `Global`, `GlobalPerConnector` or `Direct` (in any case). "
            "The mode is left empty."
        ),
        why="only those modes exist; an unknown one is a typo for one of them.",
        fix='use `"redirectMode": "GlobalPerConnector"`.',
        example='`"redirectMode": "PerConnector"`.',
        scope_note="import",
    ),
)
PLACEHOLDER_VALUE = Rule(
    id="CP124",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Placeholder value in the connector files (left empty)",
    hint=(
        "the files hold a placeholder, not the real value; enter the real value in the "
        "project if the request needs it"
    ),
    example='"clientId": "<<Enter your client ID>>"',
    doc=RuleDoc(
        location="the field, e.g. `connector.oauth.client_id`",
        checks=(
            "`clientId`, `loginUri`, `resourceUri`, `AzureActiveDirectoryResourceId`, "
            "`tenantId` or the authorization URL holds a placeholder: `<…>`, `<<…>>`, "
            '`[[…]]`, `{{…}}`, `${…}`, an all-zero GUID, `YOUR_…`, "Enter your …", `dummy`. '
            "The field stays null; an empty string is null without a finding."
        ),
        why=(
            "published connector files carry placeholders instead of the real client id "
            "(AvePoint's `<resource-id>`, InEight's `[[DUMMY]]`, Team Forms' all-zero GUID); "
            "a placeholder must never be taken for a value."
        ),
        fix="enter the real value in the project if the request needs it.",
        example='`"clientId": "<<Enter your client ID>>"`.',
        scope_note="import",
    ),
)
AUTH_DISAGREES = Rule(
    id="CP125",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Swagger securityDefinitions and connection parameters disagree",
    hint=(
        "make the swagger's securityDefinitions match apiProperties.json's connection "
        "parameters, and check connector.auth"
    ),
    example='an oauthSetting connection parameter with securityDefinitions of type "basic"',
    doc=RuleDoc(
        location="`connector.auth`",
        checks=(
            "the connection parameters give an auth kind (an oauthSetting or securestring "
            "parameter, or the multi-auth sets) and the swagger's `securityDefinitions` name "
            "none of the kinds they offer."
        ),
        why=(
            "the auth kind is decided in PRODUCT §11's order (oauthSetting parameter, then "
            "securityDefinitions, then securestring names), so a disagreement decides "
            "silently; the user should see it. Multi-auth sets are decided by their own "
            "parameters, since one `securityDefinitions` cannot describe several sets."
        ),
        fix="make the two files agree and check `connector.auth`.",
        example="an `oauthSetting` parameter with `securityDefinitions` of type `basic`.",
        scope_note="import",
    ),
)
FILE_UNREADABLE = Rule(
    id="CP126",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file cannot be read",
    hint="check the file's permissions",
    example="apiProperties.json without read permission",
    doc=RuleDoc(
        location="`connector`",
        checks="opening or reading the file fails (permissions, I/O error).",
        why="the other file is still imported; this one is reported.",
        fix="check the file's permissions.",
        example="`apiProperties.json` without read permission.",
        scope_note="import",
    ),
)
NAMES_CONFLICT = Rule(
    id="CP127",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Redirect URLs in the files name different connectors",
    hint="keep one per-connector redirect, …/redirect/<name>, and enter the name yourself",
    example="one set with …/redirect/contoso and another with …/redirect/contoso-test",
    doc=RuleDoc(
        location="`connector.name`",
        checks=(
            "the per-connector redirect URLs of the file's OAuth parameters (all sets) name "
            "more than one connector. The name is left empty (and CP101 says where to find "
            "it)."
        ),
        why="one connector has one internal name; cloudprep will not pick one.",
        fix="keep one per-connector redirect, and enter the name yourself.",
        example="sets with `…/redirect/contoso` and `…/redirect/contoso-test`.",
        scope_note="import",
    ),
)
SECRET_IN_FILES = Rule(
    id="CP128",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="A client secret is written in apiProperties.json",
    hint=(
        "remove it from the file (and from version control history), and rotate it; "
        "secrets go to the keyring and the secure channel only"
    ),
    example='"clientSecret": "s3cr3t-value" in oAuthSettings',
    doc=RuleDoc(
        location="`connector.oauth`",
        checks=(
            "`oAuthSettings.clientSecret` (or `customParameters.clientSecret`) holds a value "
            "that is not a placeholder. The value is never imported nor shown."
        ),
        why=(
            "secrets go to the OS keyring and the secure channel only (PRODUCT §6); a secret "
            "in the connector files is a leak."
        ),
        fix="remove it from the file and its history, and rotate it.",
        example='`"clientSecret": "s3cr3t-value"` in `oAuthSettings`.',
        scope_note="import",
    ),
)

RULES: tuple[Rule, ...] = (
    PROPERTIES_MISSING,
    SWAGGER_MISSING,
    FILE_MISNAMED,
    SWAGGER_AMBIGUOUS,
    FILE_HAS_BOM,
    FILE_NOT_UTF8,
    FILE_NOT_JSON,
    FILE_TOO_BIG,
    SWAGGER_IS_YAML,
    FILE_SHAPE,
    PART_IGNORED,
    NOT_SWAGGER_2,
    OAUTH_TYPE_SPELLING,
    REDIRECT_MODE_UNKNOWN,
    PLACEHOLDER_VALUE,
    AUTH_DISAGREES,
    FILE_UNREADABLE,
    NAMES_CONFLICT,
    SECRET_IN_FILES,
)

CANONICAL_PROPERTIES = "apiProperties.json"
CANONICAL_SWAGGER = "apiDefinition.swagger.json"
MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are not read (CP117). The largest swagger in PowerPlatformConnectors is a
few MB."""

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_PROPERTIES_NAME = re.compile(r"api[-_ .]?propert(?:y|ies)\.json", re.IGNORECASE)
_SWAGGER_NAME = re.compile(
    r"(?:api[-_ .]?definitions?(?:[-_ .]?swagger)?|.*(?:swagger|openapi).*)\.(?:json|ya?ml)",
    re.IGNORECASE,
)
_YAML_START = re.compile(r"\A\s*(?:---\s*\n\s*)?[\"']?(?:swagger|openapi)[\"']?\s*:", re.IGNORECASE)
_PLACEHOLDER_VALUE = re.compile(
    r"""\A\s*(?:
        <.*>                      # <resource-id>, <<Enter your client ID>>
      | \[\[.*\]\]                # [[DUMMY]]
      | \{\{.*\}\}                # {{replace_with_your_client_id}}
      | \$\{.*\}                  # ${CLIENT_ID}
      | [0-]*0[0-]*               # 00000000-0000-0000-0000-000000000000
      | .*\b(?:dummy|placeholder|changeme)\b.*
      | (?:enter|add|insert|put|replace)\b.*\byour\b.*
      | your[-_ ].*
      | x{4,}(?:-x+)*
    )\s*\Z""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_MAX_PLACEHOLDER_LENGTH = 256
_USER_WORDS = ("username", "userid", "login", "email")
_USER_EXACT = frozenset({"user", "account", "accountname", "accountid", "uid"})
_PASSWORD_WORDS = ("password", "passwd", "passphrase")
_PASSWORD_EXACT = frozenset({"pwd", "pass", "passcode"})
_SWAGGER_KINDS = {"basic": AuthKind.BASIC, "apikey": AuthKind.API_KEY, "oauth2": AuthKind.OAUTH2}


@dataclass(frozen=True)
class ConnectorFiles:
    """Which files the import found and read."""

    folder: Path
    api_properties: Path | None
    """The file used as apiProperties.json (whatever its actual name), or None."""
    swagger: Path | None
    """The file used as the swagger, or None."""
    ignored_swaggers: tuple[Path, ...] = ()
    """Other swagger-like files in the folder that were not used (CP113)."""
    api_properties_read: bool = False
    """True when apiProperties.json was parsed and had the expected shape."""
    swagger_read: bool = False
    """True when the swagger was parsed and had the expected shape."""


@dataclass(frozen=True)
class ImportResult:
    section: ConnectorSection
    """The `connector` section, filled as far as the files allow, as plain data."""
    findings: tuple[Finding, ...]
    """Import problems (CP11x/CP12x) plus the connector-level rule findings of
    `check_connector`, in `sort_findings` order."""
    redirect_mode: RedirectMode | None
    """The commercial redirect mode (the same as `connector.oauth.redirect_mode`)."""
    files: ConnectorFiles

    @cached_property
    def connector(self) -> Connector:
        """The section as the pydantic model a project holds."""
        return self.section.to_model()


def import_connector(
    folder: Path, *, catalog: CloudCatalog | None = None, build_model: bool = True
) -> ImportResult:
    """Import the connector folder `folder`. Never raises for bad file content (each problem
    is a finding); raises `ConnectorImportError` only when the folder cannot be used.

    With `build_model` (the default) the result's pydantic `connector` is built before
    returning; without it (`scan`, which only reads the section) it is built when first
    asked for, and pydantic need not be imported at all. Either way the section has passed
    the model's checks (`ConnectorSection.check_model_limits`)."""
    catalog = catalog or load_catalog()
    if not isinstance(folder, Path):  # a Path is not parsed again (`scan` imports thousands)
        folder = Path(folder)
    found = _find_files(folder)
    importer = _Importer(catalog)
    result = importer.run(found)
    if build_model:
        _ = result.connector
    return result


# ---------------------------------------------------------------- finding the files
@dataclass(frozen=True)
class _Found:
    folder: Path
    properties: Path | None
    properties_others: tuple[Path, ...]
    swagger: Path | None
    swagger_others: tuple[Path, ...]


def _find_files(folder: Path) -> _Found:
    shown = str(folder)
    properties: list[str] = []
    swaggers: list[str] = []
    try:
        # One listing, no stat per entry where the file system tells the type, and a Path
        # only for the files chosen (a scan imports a thousand folders).
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if _PROPERTIES_NAME.fullmatch(name):
                    kind = properties
                elif _SWAGGER_NAME.fullmatch(name):
                    kind = swaggers
                else:
                    continue
                if _is_regular_file(entry):
                    kind.append(name)
    except FileNotFoundError:
        raise ConnectorImportError(f"{shown}: no such folder") from None
    except NotADirectoryError:
        raise ConnectorImportError(
            f"{shown}: is not a folder",
            hints=["pass the connector folder that holds apiProperties.json"],
        ) from None
    except OSError as exc:
        raise ConnectorImportError(
            f"{shown}: cannot read the folder ({exc.strerror or type(exc).__name__})"
        ) from None
    if not properties and not swaggers:
        raise ConnectorImportError(
            f"{shown}: holds neither {CANONICAL_PROPERTIES} nor a swagger file "
            f"({CANONICAL_SWAGGER})",
            hints=["pass a connector folder in the PowerPlatformConnectors layout"],
        )
    # The ranks end with the name, so the order is total whatever the listing's order.
    chosen_properties = [folder / name for name in sorted(properties, key=_properties_rank)]
    chosen_swaggers = [folder / name for name in sorted(swaggers, key=_swagger_rank)]
    return _Found(
        folder=folder,
        properties=chosen_properties[0] if chosen_properties else None,
        properties_others=tuple(chosen_properties[1:]),
        swagger=chosen_swaggers[0] if chosen_swaggers else None,
        swagger_others=tuple(chosen_swaggers[1:]),
    )


def is_connector_file_name(name: str) -> bool:
    """True for a file name the import reads as apiProperties.json or as a swagger (in any
    case, and misspelt as real folders have it). `scan` uses it to find connector folders."""
    return bool(_PROPERTIES_NAME.fullmatch(name) or _SWAGGER_NAME.fullmatch(name))


def _shown_name(path: Path) -> str:
    """A file name quoted for a message, printable even when it is not valid UTF-8."""
    return display_value(path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _label(path: Path) -> str:
    """A file name opening a message: as it is when plainly printable, else quoted."""
    name = path.name
    if name.isprintable() and name.isascii() and len(name) <= 100:
        return name
    return _shown_name(path)


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # follows a symlink, as Path.is_file does
    except OSError:
        return False


def _properties_rank(name: str) -> tuple[int, str]:
    if name == CANONICAL_PROPERTIES:
        return (0, name)
    if name.lower() == CANONICAL_PROPERTIES.lower():
        return (1, name)
    return (2, name)


def _swagger_rank(name: str) -> tuple[int, str]:
    lower = name.lower()
    if name == CANONICAL_SWAGGER:
        return (0, name)
    if lower == CANONICAL_SWAGGER.lower():
        return (1, name)
    if lower.endswith(".json"):
        return (2 if lower.startswith("apidefinition") else 3, name)
    return (4, name)


# ---------------------------------------------------------------- reading JSON safely
def _read_json(path: Path, role: str, findings: list[Finding]) -> Any:
    """The parsed content of `path`, or None after adding the finding that says why not."""
    label = _label(path)
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, MAX_FILE_BYTES + 1)
    except OSError as exc:
        findings.append(
            FILE_UNREADABLE.finding(
                f"{label}: cannot be read ({exc.strerror or type(exc).__name__})",
                path="connector",
            )
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        findings.append(
            FILE_TOO_BIG.finding(
                f"{label}: is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB and was not read",
                path="connector",
            )
        )
        return None
    if data.startswith(_BOM):
        findings.append(
            FILE_HAS_BOM.finding(
                f"{label}: starts with a UTF-8 byte order mark (BOM); it was skipped",
                path="connector",
            )
        )
        data = data[len(_BOM) :]
    if data.startswith(_UTF16_BOMS):
        findings.append(
            FILE_NOT_UTF8.finding(
                f"{label}: is UTF-16 text, not UTF-8; it was not read", path="connector"
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(
            FILE_NOT_UTF8.finding(
                f"{label}: is not UTF-8 text (invalid byte at offset {exc.start}); it was not read",
                path="connector",
            )
        )
        return None
    if role == "swagger" and (path.suffix.lower() in (".yaml", ".yml") or _YAML_START.match(text)):
        findings.append(
            SWAGGER_IS_YAML.finding(
                f"{label}: is YAML; cloudprep reads JSON swagger files only, so the swagger "
                "was not read",
                path="connector",
            )
        )
        return None
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        findings.append(FILE_NOT_JSON.finding(f"{label}: is empty", path="connector"))
        return None
    from cloudprep.core.json_limits import NotJsonNumber, json_shape_problem, reject_json_constant

    problem = json_shape_problem(text)
    if problem is not None:
        findings.append(FILE_TOO_BIG.finding(f"{label}: {problem}", path="connector"))
        return None
    try:
        return json.loads(text, parse_constant=reject_json_constant)
    except json.JSONDecodeError as exc:
        findings.append(
            FILE_NOT_JSON.finding(
                f"{label}: is not valid JSON: {exc.msg} at line {exc.lineno}, "
                f"column {exc.colno}; it was not read",
                path="connector",
            )
        )
    except RecursionError:
        findings.append(
            FILE_TOO_BIG.finding(
                f"{label}: is nested too deeply to read; it was not read", path="connector"
            )
        )
    except NotJsonNumber as exc:
        findings.append(
            FILE_NOT_JSON.finding(
                f"{label}: is not valid JSON: {exc}; it was not read", path="connector"
            )
        )
    except ValueError as exc:
        # e.g. an integer literal longer than Python's int conversion limit
        findings.append(
            FILE_NOT_JSON.finding(
                f"{label}: cannot be read as JSON ({str(exc).split(':')[0]})",
                path="connector",
            )
        )
    return None


# ---------------------------------------------------------------- small typed accessors
def _get_ci(mapping: Mapping[str, Any], key: str) -> Any:
    """`mapping[key]`, else the value of the first key equal to `key` in any case."""
    if key in mapping:
        return mapping[key]
    wanted = key.casefold()
    for name, value in mapping.items():
        if isinstance(name, str) and name.casefold() == wanted:
            return value
    return None


def _text(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _custom_value(custom: Mapping[str, Any], key: str) -> Any:
    """A `customParameters` entry is `{"value": …}`; a bare value is accepted too."""
    entry = _get_ci(custom, key)
    if isinstance(entry, Mapping):
        return _get_ci(entry, "value")
    return entry


def is_placeholder_value(value: str) -> bool:
    """True for a value that stands in for the real one: `<resource-id>`,
    `<<Enter your client ID>>`, `[[DUMMY]]`, `{{replace_with_your_client_id}}`, an all-zero
    GUID, `your-client-id`, …"""
    if len(value) > _MAX_PLACEHOLDER_LENGTH:
        return False
    return bool(_PLACEHOLDER_VALUE.match(value))


def _normalise_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _looks_like_user(name: str) -> bool:
    key = _normalise_key(name.rsplit(":", 1)[-1])
    return key in _USER_EXACT or any(word in key for word in _USER_WORDS)


def _looks_like_password(name: str) -> bool:
    key = _normalise_key(name.rsplit(":", 1)[-1])
    return key in _PASSWORD_EXACT or any(word in key for word in _PASSWORD_WORDS)


# ---------------------------------------------------------------- connection parameters
@dataclass
class _ParamSet:
    """What one group of connection parameters says about auth."""

    label: str
    """Where it is, for messages: `connectionParameters` or `connectionParameterSets "oauth"`."""
    path: str
    """The JSON path, for messages."""
    oauth: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    """(parameter name, oAuthSettings) for each oauthSetting parameter."""
    secure: list[str] = field(default_factory=list)
    """Names of securestring parameters."""
    plain: list[str] = field(default_factory=list)
    """Names of string parameters (a basic-auth user name may be one)."""

    def kind(self) -> AuthKind | None:
        """Steps 1 and 3 of the auth decision; None when the parameters say nothing."""
        if self.oauth:
            return AuthKind.OAUTH2
        if self.secure:
            has_password = any(_looks_like_password(n) for n in self.secure)
            has_user = any(
                _looks_like_user(n) and not _looks_like_password(n)
                for n in (*self.secure, *self.plain)
            )
            return AuthKind.BASIC if has_password and has_user else AuthKind.API_KEY
        return None


class _Importer:
    def __init__(self, catalog: CloudCatalog) -> None:
        self.catalog = catalog
        self.findings: list[Finding] = []

    def add(self, rule: Rule, message: str, *, path: str = "connector") -> None:
        self.findings.append(rule.finding(message, path=path))

    # -------------------------------------------------------------- orchestration
    def run(self, found: _Found) -> ImportResult:
        self._file_findings(found)
        properties = self._load_properties(found.properties)
        swagger = self._load_swagger(found.swagger)

        display_name, endpoint, swagger_kinds = self._from_swagger(swagger)
        fields = self._from_properties(properties, swagger_kinds)
        host_mode = endpoint.host_mode
        if fields.dynamic_host:
            host_mode = HostMode.PER_CONNECTION
        connector = ConnectorSection(
            name=fields.name,
            display_name=display_name,
            publisher=fields.publisher,
            auth=fields.auth,
            auth_options=fields.auth_options,
            identity_provider=fields.identity_provider,
            oauth=fields.oauth,
            endpoint=EndpointSection(url=endpoint.url, host_mode=host_mode),
        )
        connector.check_model_limits()
        self.findings.extend(rules.check_connector(connector, catalog=self.catalog))
        files = ConnectorFiles(
            folder=found.folder,
            api_properties=found.properties,
            swagger=found.swagger,
            ignored_swaggers=found.swagger_others,
            api_properties_read=properties is not None,
            swagger_read=swagger is not None,
        )
        return ImportResult(
            section=connector,
            findings=tuple(sort_findings(self.findings)),
            redirect_mode=connector.oauth.redirect_mode if connector.oauth else None,
            files=files,
        )

    def _file_findings(self, found: _Found) -> None:
        if found.properties is None:
            self.add(
                PROPERTIES_MISSING,
                f"no {CANONICAL_PROPERTIES} in the folder: the auth kind comes from the "
                "swagger alone, and the OAuth settings are unknown",
            )
        elif found.properties.name != CANONICAL_PROPERTIES:
            self.add(
                FILE_MISNAMED,
                "the connector properties file is named "
                f"{_shown_name(found.properties)}, not "
                f"{display_value(CANONICAL_PROPERTIES)}; it was read anyway",
            )
        if found.properties_others:
            names = ", ".join(_shown_name(p) for p in found.properties_others)
            self.add(
                FILE_MISNAMED,
                f"other properties-like files were ignored: {names} "
                f"({_shown_name(found.properties) if found.properties else ''} was read)",
            )
        if found.swagger is None:
            self.add(
                SWAGGER_MISSING,
                f"no swagger file ({CANONICAL_SWAGGER}) in the folder: the display name and "
                "the endpoint are unknown",
            )
            return
        if found.swagger.name != CANONICAL_SWAGGER:
            self.add(
                FILE_MISNAMED,
                f"the swagger file is named {_shown_name(found.swagger)}, not "
                f"{display_value(CANONICAL_SWAGGER)}; it was read anyway",
            )
        if found.swagger_others:
            names = ", ".join(_shown_name(p) for p in found.swagger_others)
            self.add(
                SWAGGER_AMBIGUOUS,
                f"several swagger files: {_shown_name(found.swagger)} was read; ignored: {names}",
            )

    # -------------------------------------------------------------- loading
    def _load_properties(self, path: Path | None) -> Mapping[str, Any] | None:
        if path is None:
            return None
        data = _read_json(path, CANONICAL_PROPERTIES, self.findings)
        if data is None:
            return None
        if not isinstance(data, dict):
            self.add(
                FILE_SHAPE,
                f"{_label(path)}: holds {_a_json_type(data)}, not an object; it was not read",
            )
            return None
        properties = _get_ci(data, "properties")
        if not isinstance(properties, dict):
            what = "has no" if properties is None else f"has {_a_json_type(properties)} as its"
            self.add(
                FILE_SHAPE,
                f"{_label(path)}: {what} `properties` object; it was not read",
            )
            return None
        return properties

    def _load_swagger(self, path: Path | None) -> Mapping[str, Any] | None:
        if path is None:
            return None
        data = _read_json(path, "swagger", self.findings)
        if data is None:
            return None
        if not isinstance(data, dict):
            self.add(
                FILE_SHAPE,
                f"{_label(path)}: holds {_a_json_type(data)}, not an object; it was not read",
            )
            return None
        version = data.get("swagger")
        if version != "2.0":
            found = (
                f"openapi {display_value(data['openapi'])}"
                if isinstance(data.get("openapi"), str)
                else f"swagger {_show(version)}"
                if version is not None
                else "no swagger version"
            )
            self.add(
                NOT_SWAGGER_2,
                f'{_label(path)}: has {found}, not "swagger": "2.0"; read as far as possible',
            )
        return data

    # -------------------------------------------------------------- the swagger
    def _from_swagger(
        self, swagger: Mapping[str, Any] | None
    ) -> tuple[str, EndpointSection, list[AuthKind]]:
        if swagger is None:
            return "", EndpointSection(), []
        info = swagger.get("info")
        title = _text(info.get("title")) if isinstance(info, Mapping) else None
        kinds = self._security_kinds(swagger.get("securityDefinitions"))
        url, host = self._endpoint_url(swagger)
        per_connection = (host is not None and is_placeholder_host(host)) or (
            "x-ms-parameterized-host" in swagger
        )
        mode = HostMode.PER_CONNECTION if per_connection else HostMode.FIXED
        return title or "", EndpointSection(url=url, host_mode=mode), kinds

    def _security_kinds(self, definitions: Any) -> list[AuthKind]:
        if definitions is None:
            return []
        if not isinstance(definitions, Mapping):
            self.add(
                PART_IGNORED,
                f"swagger securityDefinitions is {_a_json_type(definitions)}, not an object; "
                "it was ignored",
            )
            return []
        kinds: list[AuthKind] = []
        for definition in definitions.values():
            if isinstance(definition, Mapping) and isinstance(definition.get("type"), str):
                kind = _SWAGGER_KINDS.get(definition["type"].strip().lower())
                if kind is not None and kind not in kinds:
                    kinds.append(kind)
        return kinds

    def _endpoint_url(self, swagger: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """(`scheme://host basePath`, host) from the swagger, or (None, None) without a host."""
        raw_host = swagger.get("host")
        if raw_host is not None and not isinstance(raw_host, str):
            self.add(
                PART_IGNORED,
                f"swagger host is {_a_json_type(raw_host)}, not a string; it was ignored",
                path="connector.endpoint.url",
            )
        host = _text(raw_host)
        if host is None:
            return None, None
        scheme = self._scheme(swagger.get("schemes"))
        if "://" in host:
            given, host = host.split("://", 1)
            self.add(
                PART_IGNORED,
                f"swagger host {_show(raw_host)} includes a scheme; the host is "
                f"{display_value(host)}",
                path="connector.endpoint.url",
            )
            if given.lower() in ("http", "https") and not swagger.get("schemes"):
                scheme = given.lower()
        base = swagger.get("basePath")
        base_path = base.strip() if isinstance(base, str) else ""
        if base_path == "/":
            base_path = ""
        elif base_path and not base_path.startswith("/"):
            base_path = "/" + base_path
        return f"{scheme}://{host}{base_path}", host

    @staticmethod
    def _scheme(schemes: Any) -> str:
        """https when offered (or nothing is said); http only when it is the only one."""
        if not isinstance(schemes, list):
            return "https"
        offered = {s.strip().lower() for s in schemes if isinstance(s, str)}
        if "https" in offered or "http" not in offered:
            return "https"
        return "http"

    # -------------------------------------------------------------- apiProperties
    def _from_properties(
        self, properties: Mapping[str, Any] | None, swagger_kinds: list[AuthKind]
    ) -> _PropertiesFields:
        fields = _PropertiesFields()
        swagger_kind = swagger_kinds[0] if swagger_kinds else None
        if properties is None:
            fields.auth = swagger_kind or AuthKind.NONE
            return fields
        fields.publisher = (
            _text(_get_ci(properties, "publisher"))
            or _text(_get_ci(properties, "stackOwner"))
            or ""
        )
        fields.dynamic_host = self._has_dynamic_host(_get_ci(properties, "policyTemplateInstances"))

        top = self._param_set(
            _get_ci(properties, "connectionParameters"),
            "connectionParameters",
            "connectionParameters",
        )
        sets = self._param_sets(_get_ci(properties, "connectionParameterSets"))

        if sets:
            kinds = [s.kind() or AuthKind.NONE for s in sets]
            fields.auth = kinds[0]
            fields.auth_options = list(dict.fromkeys(kinds))
            oauth_source = next((s for s in sets if s.oauth), None)
            offered = set(fields.auth_options)
            evidence = True
        else:
            param_kind = top.kind()
            if param_kind is AuthKind.OAUTH2:
                fields.auth = AuthKind.OAUTH2
            elif swagger_kind is not None:
                fields.auth = swagger_kind
            else:
                fields.auth = param_kind or AuthKind.NONE
            oauth_source = top if top.oauth else None
            offered = {param_kind} if param_kind else set()
            evidence = param_kind is not None
        if evidence and swagger_kinds and not offered.intersection(swagger_kinds):
            said = ", ".join(k.value for k in swagger_kinds)
            have = ", ".join(k.value for k in (fields.auth_options or [fields.auth]))
            self.add(
                AUTH_DISAGREES,
                f"the swagger's securityDefinitions say {said}, but the connection parameters "
                f"say {have}; auth is {fields.auth.value}",
                path="connector.auth",
            )

        if oauth_source is not None:
            param_name, settings = oauth_source.oauth[0]
            fields.identity_provider, fields.oauth = self._oauth(
                settings, f"{oauth_source.path}.{param_name}.oAuthSettings"
            )
        fields.name = self._connector_name([top, *sets])
        if fields.oauth is not None and fields.oauth.redirect_mode is None:
            names = {
                rules.redirect_connector_name(u, self.catalog) for u in fields.oauth.redirect_urls
            }
            if names - {None}:
                fields.oauth.redirect_mode = RedirectMode.GLOBAL_PER_CONNECTOR
        return fields

    def _param_set(self, params: Any, label: str, path: str) -> _ParamSet:
        result = _ParamSet(label=label, path=path)
        if params is None:
            return result
        if not isinstance(params, Mapping):
            self.add(
                PART_IGNORED,
                f"apiProperties.json {path} is {_a_json_type(params)}, not an object; "
                "it was ignored",
                path="connector.auth",
            )
            return result
        for name, param in params.items():
            if not isinstance(param, Mapping):
                continue
            raw_type = (
                param.get("type") if isinstance(param.get("type"), str) else _get_ci(param, "type")
            )
            kind = raw_type.strip() if isinstance(raw_type, str) else ""
            if kind.lower() == "oauthsetting":
                if kind != "oauthSetting":
                    self.add(
                        OAUTH_TYPE_SPELLING,
                        f"apiProperties.json {path}.{name} has type {display_value(kind)}; "
                        "read as oauthSetting",
                        path="connector.auth",
                    )
                settings = _get_ci(param, "oAuthSettings")
                if not isinstance(settings, Mapping):
                    if settings is not None:
                        self.add(
                            PART_IGNORED,
                            f"apiProperties.json {path}.{name}.oAuthSettings is "
                            f"{_a_json_type(settings)}, not an object; it was ignored",
                            path="connector.oauth",
                        )
                    settings = {}
                result.oauth.append((str(name), settings))
            elif kind.lower() == "securestring":
                result.secure.append(str(name))
            elif kind.lower() == "string":
                result.plain.append(str(name))
        return result

    def _param_sets(self, raw: Any) -> list[_ParamSet]:
        if raw is None:
            return []
        values = _get_ci(raw, "values") if isinstance(raw, Mapping) else None
        if not isinstance(values, list):
            self.add(
                PART_IGNORED,
                "apiProperties.json connectionParameterSets has no `values` list; it was "
                "ignored, and connectionParameters decide the auth",
                path="connector.auth_options",
            )
            return []
        sets: list[_ParamSet] = []
        for index, value in enumerate(values):
            if not isinstance(value, Mapping):
                self.add(
                    PART_IGNORED,
                    f"apiProperties.json connectionParameterSets.values[{index}] is "
                    f"{_a_json_type(value)}, not an object; it was ignored",
                    path="connector.auth_options",
                )
                continue
            set_name = _text(value.get("name")) or str(index)
            path = f"connectionParameterSets.values[{index}].parameters"
            sets.append(
                self._param_set(
                    _get_ci(value, "parameters"),
                    f"connectionParameterSets {display_value(set_name)}",
                    path,
                )
            )
        return sets

    @staticmethod
    def _has_dynamic_host(policies: Any) -> bool:
        if not isinstance(policies, list):
            return False
        return any(
            isinstance(p, Mapping)
            and isinstance(p.get("templateId"), str)
            and p["templateId"].strip().lower() == "dynamichosturl"
            for p in policies
        )

    # -------------------------------------------------------------- OAuth settings
    def _value(self, raw: Any, field_path: str, source: str) -> str | None:
        """A usable string value, or None (with CP124 for a placeholder)."""
        value = _text(raw)
        if value is None:
            return None
        if is_placeholder_value(value):
            key = source.rpartition(".")[2]
            self.findings.append(
                PLACEHOLDER_VALUE.finding(
                    f"{field_path} was left empty: {key} in apiProperties.json is the "
                    f"placeholder {display_value(value)}",
                    path=field_path,
                    hint=f"{PLACEHOLDER_VALUE.hint} (apiProperties.json {source})",
                )
            )
            return None
        return value

    def _oauth(self, settings: Mapping[str, Any], source: str) -> tuple[str | None, OAuthSection]:
        provider_raw = _text(_get_ci(settings, "identityProvider"))
        provider = None
        if provider_raw is not None:
            provider = (
                provider_raw.lower() if provider_raw.lower() in IDENTITY_PROVIDERS else provider_raw
            )
        custom_raw = _get_ci(settings, "customParameters")
        custom: Mapping[str, Any] = custom_raw if isinstance(custom_raw, Mapping) else {}
        props_raw = _get_ci(settings, "properties")
        props: Mapping[str, Any] = props_raw if isinstance(props_raw, Mapping) else {}

        login = self._value(
            _custom_value(custom, "loginUri"),
            "connector.oauth.login_uri",
            f"{source}.customParameters.loginUri",
        )
        if login is None and (provider or "").lower() not in AAD_PROVIDERS:
            for key in ("authorizationUrl", "authorizationUrlTemplate"):
                login = self._value(
                    _custom_value(custom, key),
                    "connector.oauth.login_uri",
                    f"{source}.customParameters.{key}",
                )
                if login is not None:
                    break
        resource = self._value(
            _custom_value(custom, "resourceUri"),
            "connector.oauth.resource_uri",
            f"{source}.customParameters.resourceUri",
        )
        if resource is None:
            resource = self._value(
                _get_ci(props, "AzureActiveDirectoryResourceId"),
                "connector.oauth.resource_uri",
                f"{source}.properties.AzureActiveDirectoryResourceId",
            )
        tenant = self._value(
            _custom_value(custom, "tenantId"),
            "connector.oauth.tenant_id",
            f"{source}.customParameters.tenantId",
        )
        client_id = self._value(
            _get_ci(settings, "clientId"), "connector.oauth.client_id", f"{source}.clientId"
        )
        for where, value in (
            (f"{source}.clientSecret", _get_ci(settings, "clientSecret")),
            (f"{source}.customParameters.clientSecret", _custom_value(custom, "clientSecret")),
        ):
            secret = _text(value)
            if secret is not None and not is_placeholder_value(secret):
                self.add(
                    SECRET_IN_FILES,
                    f"apiProperties.json {where} holds a value (not shown); it was not imported",
                    path="connector.oauth",
                )
        return provider, OAuthSection(
            login_uri=login,
            resource_uri=resource,
            tenant_id=tenant,
            scopes=self._scopes(_get_ci(settings, "scopes"), source),
            redirect_mode=self._redirect_mode(_get_ci(settings, "redirectMode"), source),
            redirect_urls=self._redirect_urls(settings, custom),
            client_id=client_id,
        )

    def _scopes(self, raw: Any, source: str) -> list[str]:
        if raw is None:
            return []
        if isinstance(raw, str):
            return [raw] if raw.strip() else []
        if not isinstance(raw, list):
            self.add(
                PART_IGNORED,
                f"apiProperties.json {source}.scopes is {_a_json_type(raw)}, not a list; it "
                "was ignored",
                path="connector.oauth.scopes",
            )
            return []
        scopes = [s for s in raw if isinstance(s, str) and s.strip()]
        if any(not isinstance(s, str) for s in raw):
            self.add(
                PART_IGNORED,
                f"apiProperties.json {source}.scopes holds values that are not strings; "
                "they were ignored",
                path="connector.oauth.scopes",
            )
        return scopes

    def _redirect_mode(self, raw: Any, source: str) -> RedirectMode | None:
        if raw is None:
            return None
        text = _text(raw)
        for mode in RedirectMode:
            if text is not None and text.lower() == mode.value.lower():
                return mode
        shown = _show(raw)
        self.add(
            REDIRECT_MODE_UNKNOWN,
            f"apiProperties.json {source}.redirectMode is {shown}; known modes are "
            + ", ".join(m.value for m in RedirectMode),
            path="connector.oauth.redirect_mode",
        )
        return None

    @staticmethod
    def _redirect_urls(settings: Mapping[str, Any], custom: Mapping[str, Any]) -> list[str]:
        urls = [
            _get_ci(settings, "redirectUrl"),
            _custom_value(custom, "redirectUrl"),
        ]
        return list(dict.fromkeys(u for u in urls if isinstance(u, str) and u.strip()))

    def _connector_name(self, groups: list[_ParamSet]) -> str | None:
        names: dict[str, str] = {}
        for group in groups:
            for _, settings in group.oauth:
                custom_raw = _get_ci(settings, "customParameters")
                custom = custom_raw if isinstance(custom_raw, Mapping) else {}
                for url in self._redirect_urls(settings, custom):
                    name = rules.redirect_connector_name(url, self.catalog)
                    if name is not None:
                        names.setdefault(name.lower(), url.strip())
        if len(names) > 1:
            listed = ", ".join(names.values())
            self.add(
                NAMES_CONFLICT,
                f"the redirect URLs name {len(names)} different connectors ({listed}); "
                "connector.name was left empty",
                path="connector.name",
            )
            return None
        return next(iter(names), None)


@dataclass
class _PropertiesFields:
    publisher: str = ""
    auth: AuthKind = AuthKind.NONE
    auth_options: list[AuthKind] = field(default_factory=list)
    identity_provider: str | None = None
    oauth: OAuthSection | None = None
    name: str | None = None
    dynamic_host: bool = False


def _show(value: Any) -> str:
    """A JSON value for a message: a string quoted and cut (`display_value`), else its type."""
    return display_value(value) if isinstance(value, str) else _a_json_type(value)


def _a_json_type(value: Any) -> str:
    """'an array', 'a string', … for messages."""
    kind = _json_type(value)
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__
