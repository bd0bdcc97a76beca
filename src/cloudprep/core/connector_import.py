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
from pathlib import Path
from typing import Any

from cloudprep.core.catalog import CloudCatalog, load_catalog
from cloudprep.core.findings import Finding, sort_findings
from cloudprep.core.models import (
    AAD_PROVIDERS,
    IDENTITY_PROVIDERS,
    AuthKind,
    Connector,
    ConnectorEndpoint,
    ConnectorOAuth,
    HostMode,
    RedirectMode,
)
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.rules import connector as rules
from cloudprep.core.rules.base import Rule
from cloudprep.core.urls import display_value
from cloudprep.errors import ConnectorImportError

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
    connector: Connector
    """The `connector` section, filled as far as the files allow."""
    findings: tuple[Finding, ...]
    """Import problems (CP11x/CP12x) plus the connector-level rule findings of
    `check_connector`, in `sort_findings` order."""
    redirect_mode: RedirectMode | None
    """The commercial redirect mode (the same as `connector.oauth.redirect_mode`)."""
    files: ConnectorFiles


def import_connector(folder: Path, *, catalog: CloudCatalog | None = None) -> ImportResult:
    """Import the connector folder `folder`. Never raises for bad file content (each problem
    is a finding); raises `ConnectorImportError` only when the folder cannot be used."""
    catalog = catalog or load_catalog()
    folder = Path(folder)
    found = _find_files(folder)
    importer = _Importer(catalog)
    return importer.run(found)


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
    try:
        # One listing, no stat per entry where the file system tells the type (a scan
        # imports a thousand folders).
        with os.scandir(folder) as listing:
            entries = sorted(Path(e.path) for e in listing if _is_regular_file(e))
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
    properties = sorted(
        (p for p in entries if _PROPERTIES_NAME.fullmatch(p.name)), key=_properties_rank
    )
    swaggers = sorted(
        (p for p in entries if _SWAGGER_NAME.fullmatch(p.name) and p not in properties),
        key=_swagger_rank,
    )
    if not properties and not swaggers:
        raise ConnectorImportError(
            f"{shown}: holds neither {CANONICAL_PROPERTIES} nor a swagger file "
            f"({CANONICAL_SWAGGER})",
            hints=["pass a connector folder in the PowerPlatformConnectors layout"],
        )
    return _Found(
        folder=folder,
        properties=properties[0] if properties else None,
        properties_others=tuple(properties[1:]),
        swagger=swaggers[0] if swaggers else None,
        swagger_others=tuple(swaggers[1:]),
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


def _properties_rank(path: Path) -> tuple[int, str]:
    if path.name == CANONICAL_PROPERTIES:
        return (0, path.name)
    if path.name.lower() == CANONICAL_PROPERTIES.lower():
        return (1, path.name)
    return (2, path.name)


def _swagger_rank(path: Path) -> tuple[int, str]:
    name = path.name
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
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        findings.append(
            rules.FILE_UNREADABLE.finding(
                f"{label}: cannot be read ({exc.strerror or type(exc).__name__})",
                path="connector",
            )
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        findings.append(
            rules.FILE_TOO_BIG.finding(
                f"{label}: is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB and was not read",
                path="connector",
            )
        )
        return None
    if data.startswith(_BOM):
        findings.append(
            rules.FILE_HAS_BOM.finding(
                f"{label}: starts with a UTF-8 byte order mark (BOM); it was skipped",
                path="connector",
            )
        )
        data = data[len(_BOM) :]
    if data.startswith(_UTF16_BOMS):
        findings.append(
            rules.FILE_NOT_UTF8.finding(
                f"{label}: is UTF-16 text, not UTF-8; it was not read", path="connector"
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(
            rules.FILE_NOT_UTF8.finding(
                f"{label}: is not UTF-8 text (invalid byte at offset {exc.start}); it was not read",
                path="connector",
            )
        )
        return None
    if role == "swagger" and (path.suffix.lower() in (".yaml", ".yml") or _YAML_START.match(text)):
        findings.append(
            rules.SWAGGER_IS_YAML.finding(
                f"{label}: is YAML; cloudprep reads JSON swagger files only, so the swagger "
                "was not read",
                path="connector",
            )
        )
        return None
    if not text.strip():
        findings.append(rules.FILE_NOT_JSON.finding(f"{label}: is empty", path="connector"))
        return None
    from cloudprep.core.json_limits import json_shape_problem

    problem = json_shape_problem(text)
    if problem is not None:
        findings.append(rules.FILE_TOO_BIG.finding(f"{label}: {problem}", path="connector"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        findings.append(
            rules.FILE_NOT_JSON.finding(
                f"{label}: is not valid JSON: {exc.msg} at line {exc.lineno}, "
                f"column {exc.colno}; it was not read",
                path="connector",
            )
        )
    except RecursionError:
        findings.append(
            rules.FILE_TOO_BIG.finding(
                f"{label}: is nested too deeply to read; it was not read", path="connector"
            )
        )
    except ValueError as exc:
        # e.g. an integer literal longer than Python's int conversion limit
        findings.append(
            rules.FILE_NOT_JSON.finding(
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
        connector = Connector(
            name=fields.name,
            display_name=display_name,
            publisher=fields.publisher,
            auth=fields.auth,
            auth_options=fields.auth_options,
            identity_provider=fields.identity_provider,
            oauth=fields.oauth,
            endpoint=ConnectorEndpoint(url=endpoint.url, host_mode=host_mode),
        )
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
            connector=connector,
            findings=tuple(sort_findings(self.findings)),
            redirect_mode=connector.oauth.redirect_mode if connector.oauth else None,
            files=files,
        )

    def _file_findings(self, found: _Found) -> None:
        if found.properties is None:
            self.add(
                rules.PROPERTIES_MISSING,
                f"no {CANONICAL_PROPERTIES} in the folder: the auth kind comes from the "
                "swagger alone, and the OAuth settings are unknown",
            )
        elif found.properties.name != CANONICAL_PROPERTIES:
            self.add(
                rules.FILE_MISNAMED,
                "the connector properties file is named "
                f"{_shown_name(found.properties)}, not "
                f"{display_value(CANONICAL_PROPERTIES)}; it was read anyway",
            )
        if found.properties_others:
            names = ", ".join(_shown_name(p) for p in found.properties_others)
            self.add(
                rules.FILE_MISNAMED,
                f"other properties-like files were ignored: {names} "
                f"({_shown_name(found.properties) if found.properties else ''} was read)",
            )
        if found.swagger is None:
            self.add(
                rules.SWAGGER_MISSING,
                f"no swagger file ({CANONICAL_SWAGGER}) in the folder: the display name and "
                "the endpoint are unknown",
            )
            return
        if found.swagger.name != CANONICAL_SWAGGER:
            self.add(
                rules.FILE_MISNAMED,
                f"the swagger file is named {_shown_name(found.swagger)}, not "
                f"{display_value(CANONICAL_SWAGGER)}; it was read anyway",
            )
        if found.swagger_others:
            names = ", ".join(_shown_name(p) for p in found.swagger_others)
            self.add(
                rules.SWAGGER_AMBIGUOUS,
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
                rules.FILE_SHAPE,
                f"{_label(path)}: holds {_a_json_type(data)}, not an object; it was not read",
            )
            return None
        properties = _get_ci(data, "properties")
        if not isinstance(properties, dict):
            what = "has no" if properties is None else f"has {_a_json_type(properties)} as its"
            self.add(
                rules.FILE_SHAPE,
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
                rules.FILE_SHAPE,
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
                rules.NOT_SWAGGER_2,
                f'{_label(path)}: has {found}, not "swagger": "2.0"; read as far as possible',
            )
        return data

    # -------------------------------------------------------------- the swagger
    def _from_swagger(
        self, swagger: Mapping[str, Any] | None
    ) -> tuple[str, ConnectorEndpoint, list[AuthKind]]:
        if swagger is None:
            return "", ConnectorEndpoint(), []
        info = swagger.get("info")
        title = _text(info.get("title")) if isinstance(info, Mapping) else None
        kinds = self._security_kinds(swagger.get("securityDefinitions"))
        url, host = self._endpoint_url(swagger)
        per_connection = (host is not None and is_placeholder_host(host)) or (
            "x-ms-parameterized-host" in swagger
        )
        mode = HostMode.PER_CONNECTION if per_connection else HostMode.FIXED
        return title or "", ConnectorEndpoint(url=url, host_mode=mode), kinds

    def _security_kinds(self, definitions: Any) -> list[AuthKind]:
        if definitions is None:
            return []
        if not isinstance(definitions, Mapping):
            self.add(
                rules.PART_IGNORED,
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
                rules.PART_IGNORED,
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
                rules.PART_IGNORED,
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
                rules.AUTH_DISAGREES,
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
                rules.PART_IGNORED,
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
                        rules.OAUTH_TYPE_SPELLING,
                        f"apiProperties.json {path}.{name} has type {display_value(kind)}; "
                        "read as oauthSetting",
                        path="connector.auth",
                    )
                settings = _get_ci(param, "oAuthSettings")
                if not isinstance(settings, Mapping):
                    if settings is not None:
                        self.add(
                            rules.PART_IGNORED,
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
                rules.PART_IGNORED,
                "apiProperties.json connectionParameterSets has no `values` list; it was "
                "ignored, and connectionParameters decide the auth",
                path="connector.auth_options",
            )
            return []
        sets: list[_ParamSet] = []
        for index, value in enumerate(values):
            if not isinstance(value, Mapping):
                self.add(
                    rules.PART_IGNORED,
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
                rules.PLACEHOLDER_VALUE.finding(
                    f"{field_path} was left empty: {key} in apiProperties.json is the "
                    f"placeholder {display_value(value)}",
                    path=field_path,
                    hint=f"{rules.PLACEHOLDER_VALUE.hint} (apiProperties.json {source})",
                )
            )
            return None
        return value

    def _oauth(self, settings: Mapping[str, Any], source: str) -> tuple[str | None, ConnectorOAuth]:
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
        secret = _text(_get_ci(settings, "clientSecret"))
        if secret is not None and not is_placeholder_value(secret):
            self.add(
                rules.SECRET_IN_FILES,
                f"apiProperties.json {source}.clientSecret holds a value (not shown); it was "
                "not imported",
                path="connector.oauth",
            )
        return provider, ConnectorOAuth(
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
                rules.PART_IGNORED,
                f"apiProperties.json {source}.scopes is {_a_json_type(raw)}, not a list; it "
                "was ignored",
                path="connector.oauth.scopes",
            )
            return []
        scopes = [s for s in raw if isinstance(s, str) and s.strip()]
        if any(not isinstance(s, str) for s in raw):
            self.add(
                rules.PART_IGNORED,
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
            rules.REDIRECT_MODE_UNKNOWN,
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
                rules.NAMES_CONFLICT,
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
    oauth: ConnectorOAuth | None = None
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
