"""Connector-level rules: the connector's identity, its import, and what in its own files
every government cloud must change (CP101–CP149, CP230–CP239, CP330–CP339, CP430–CP439).

Two kinds of rule live here:
- model rules, run by `check_connector` over the `connector` section of a project. `check`
  (so `cloudprep check`) and `import_connector` (so `init --from-connector`, the wizard's
  import and `cloudprep scan`) both call `check_connector`: one source;
- import rules (CP110–CP128), which only the import can see (a BOM, a parse error, a
  misnamed file). `cloudprep.core.connector_import` reports them with the `Rule` objects
  declared here, so `cloudprep rules` lists every id.

Every finding here has `cloud=None`: it is about the connector's files, the same for every
target cloud (PRODUCT §12).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from cloudprep.core.catalog import Cloud, CloudCatalog
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import (
    MAX_CONNECTOR_NAME,
    CloudConfig,
    Connector,
    ConnectorEndpoint,
    HostMode,
    RedirectMode,
)
from cloudprep.core.rules.base import Rule, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.endpoint import check_endpoint_url, placeholder_host_in
from cloudprep.core.secret_needs import needs_oauth_app
from cloudprep.core.urls import display_value

_WHERE_NAME = (
    "find the internal name in the connector's URL in the maker portal "
    "(make.powerapps.com, Custom connectors: …/connections/available/custom/<name>) or ask "
    "your Microsoft contact (ISV Studio was retired), and enter it as connector.name "
    "(lowercase, without the shared_ prefix)"
)

# ---------------------------------------------------------------- CP1xx: identity (model)
NAME_UNKNOWN_OAUTH = Rule(
    id="CP101",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Connector name unknown (the government redirect needs it)",
    hint=_WHERE_NAME,
    example='an OAuth connector whose redirectUrl is "https://global.consent.azure-apim.net/redirect"',
)
NAME_UNKNOWN = Rule(
    id="CP102",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connector name unknown",
    hint=_WHERE_NAME,
    example="an api_key connector: its files never hold the internal name",
)
NAME_MALFORMED = Rule(
    id="CP103",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Connector name is not an internal API name",
    hint=(
        "use the internal name Microsoft assigned: lowercase letters, digits and dashes, "
        "without the shared_ prefix (e.g. teamforms); it is never the display name"
    ),
    example='"name": "Team Forms"',
)

# ---------------------------------------------------------------- CP1xx: import only
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
)
SWAGGER_MISSING = Rule(
    id="CP111",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Swagger file not found",
    hint="add the connector's apiDefinition.swagger.json next to apiProperties.json",
    example="a folder holding only apiProperties.json",
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
)
SWAGGER_AMBIGUOUS = Rule(
    id="CP113",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Several swagger files: one was used",
    hint="keep one swagger file, named apiDefinition.swagger.json",
    example="apiDefinition.swagger.json and apiDefinitions.swagger.json in one folder",
)
FILE_HAS_BOM = Rule(
    id="CP114",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connector file starts with a UTF-8 BOM",
    hint="save the file as UTF-8 without a BOM: some JSON tools reject it",
    example="apiDefinition.swagger.json starting with the bytes EF BB BF",
)
FILE_NOT_UTF8 = Rule(
    id="CP115",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is not UTF-8 text",
    hint="save the file as UTF-8",
    example="apiProperties.json saved as UTF-16 or Windows-1252",
)
FILE_NOT_JSON = Rule(
    id="CP116",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is not valid JSON",
    hint="fix the JSON syntax at the line and column given; what could be read was imported",
    example='{"properties": {"publisher": "Contoso" "stackOwner": "Contoso"}}',
)
FILE_TOO_BIG = Rule(
    id="CP117",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file is too large or nested too deeply",
    hint="check that this is the connector's real file; it was not read",
    example="an apiProperties.json of 100 MB, or JSON nested 100,000 levels deep",
)
SWAGGER_IS_YAML = Rule(
    id="CP118",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Swagger file is YAML, not JSON",
    hint="convert it to JSON (apiDefinition.swagger.json): Power Platform connectors use JSON",
    example='apiDefinition.swagger.yaml starting with swagger: "2.0"',
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
)
PART_IGNORED = Rule(
    id="CP120",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Part of a connector file has an unexpected type and was ignored",
    hint="fix the value's type as the message says",
    example='"connectionParameters": []',
)
NOT_SWAGGER_2 = Rule(
    id="CP121",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Swagger file is not Swagger (OpenAPI) 2.0",
    hint='Power Platform connectors use "swagger": "2.0"; convert the definition',
    example='"openapi": "3.0.1"',
)
OAUTH_TYPE_SPELLING = Rule(
    id="CP122",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connection parameter type `oauthSetting` is spelled differently",
    hint='write "type": "oauthSetting" (it was read as oauthSetting)',
    example='"type": "oAuthSetting"',
)
REDIRECT_MODE_UNKNOWN = Rule(
    id="CP123",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Unknown redirectMode value",
    hint='use "redirectMode": "GlobalPerConnector"',
    example='"redirectMode": "PerConnector"',
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
)
FILE_UNREADABLE = Rule(
    id="CP126",
    severity=Severity.ERROR,
    scope=Scope.CONNECTOR,
    title="Connector file cannot be read",
    hint="check the file's permissions",
    example="apiProperties.json without read permission",
)
NAMES_CONFLICT = Rule(
    id="CP127",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Redirect URLs in the files name different connectors",
    hint="keep one per-connector redirect, …/redirect/<name>, and enter the name yourself",
    example="one set with …/redirect/contoso and another with …/redirect/contoso-test",
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
)

# ---------------------------------------------------------------- CP23x: redirect (model)
REDIRECT_NOT_PER_CONNECTOR = Rule(
    id="CP230",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="OAuth connector does not use the per-connector redirect",
    hint=(
        'set "redirectMode": "GlobalPerConnector", register '
        "https://global.consent.azure-apim.net/redirect/<name> on the commercial app, and "
        "update the connector (required for OAuth 2.0 connectors since February 2024)"
    ),
    example='"redirectMode": "Global", "redirectUrl": "https://global.consent.azure-apim.net/redirect"',
)
REDIRECT_URL_WITHOUT_NAME = Rule(
    id="CP231",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Per-connector mode, but the redirect URL in the files has no connector name",
    hint=(
        "the redirect actually used is https://global.consent.azure-apim.net/redirect/<name>: "
        "make sure that is the one registered on the commercial app, and put it in "
        "redirectUrl"
    ),
    example='"redirectMode": "GlobalPerConnector", "redirectUrl": "https://global.consent.azure-apim.net/redirect"',
)
REDIRECT_NAME_MISMATCH = Rule(
    id="CP232",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Redirect URL names another connector",
    hint=(
        "the per-connector redirect must end in /redirect/<connector.name> exactly "
        "(redirects match exactly, case included): fix the name or the URL"
    ),
    example='"name": "teamforms" with redirect URL https://global.consent.azure-apim.net/redirect/TeamForms',
)

# ---------------------------------------------------------------- CP33x: endpoint (model)
HOST_PER_CONNECTION = Rule(
    id="CP330",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="The backend host is supplied per connection",
    hint=(
        "each connection gives its own host: for each target cloud choose the endpoint mode "
        "per_connection, and tell Microsoft which hosts users of that cloud will enter"
    ),
    example='swagger "host": "{{replace_with_your_domain}}" or a dynamichosturl policy',
)
ENDPOINT_MISSING = Rule(
    id="CP331",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Commercial endpoint missing",
    hint=(
        "enter the backend base URL (https://host/basePath) as connector.endpoint.url, or "
        "give the swagger a host"
    ),
    example="a swagger without `host`, or one that could not be read",
)

# ---------------------------------------------------------------- CP43x: OAuth hosts (model)
COMMERCIAL_LOGIN_HOST = Rule(
    id="CP430",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Commercial login host hard-coded",
    hint="give Microsoft each cloud's own login URI in that cloud's OAuth app settings",
    example='"loginUri": {"value": "https://login.windows.net"}',
)
COMMERCIAL_GRAPH_RESOURCE = Rule(
    id="CP431",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Commercial Microsoft Graph resource hard-coded",
    hint="give Microsoft each cloud's own Graph resource URI in that cloud's OAuth app settings",
    example='"resourceUri": {"value": "https://graph.microsoft.com"}',
)
CERTIFICATE_AUTH = Rule(
    id="CP432",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Certificate auth (aadcertificate) is first-party only",
    hint="nothing is asked for this connector's OAuth app: Microsoft handles certificate auth",
    example='"identityProvider": "aadcertificate"',
)
SPECIFIC_TENANT = Rule(
    id="CP433",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="A specific commercial tenant is hard-coded",
    hint=(
        "use \"common\" (or the cloud's own tenant) in each cloud's settings: a commercial "
        "tenant does not exist in the other directories"
    ),
    example='"tenantId": {"value": "72f988bf-86f1-41af-91ab-2d7cd011db47"}',
)
DEFAULT_LOGIN_HOST = Rule(
    id="CP434",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="No login URI: the commercial default sign-in host applies",
    hint="give Microsoft each cloud's own login URI in that cloud's OAuth app settings",
    example='an "aad" oAuthSettings without customParameters.loginUri',
)

RULES: tuple[Rule, ...] = (
    NAME_UNKNOWN_OAUTH,
    NAME_UNKNOWN,
    NAME_MALFORMED,
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
    REDIRECT_NOT_PER_CONNECTOR,
    REDIRECT_URL_WITHOUT_NAME,
    REDIRECT_NAME_MISMATCH,
    HOST_PER_CONNECTION,
    ENDPOINT_MISSING,
    COMMERCIAL_LOGIN_HOST,
    COMMERCIAL_GRAPH_RESOURCE,
    CERTIFICATE_AUTH,
    SPECIFIC_TENANT,
    DEFAULT_LOGIN_HOST,
)

# An internal API name: lowercase letters, digits, dots, dashes and underscores, starting and
# ending with a letter or digit (`teamforms`, `n-2dable-20cloud-20commander-5f3a…`).
_INTERNAL_NAME = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")
# The last path segment of a per-connector redirect, before it is judged as a name.
_REDIRECT_PATH = re.compile(r"/redirect/([^/]+)/?", re.IGNORECASE)
_NAME_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_MULTI_TENANT = frozenset({"common", "organizations", "consumers"})


# ---------------------------------------------------------------- shared URL helpers
def url_host(value: str) -> str | None:
    """The lowercased host of `value` (a URL, or a bare host), or None when there is none.
    Never raises."""
    text = value.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.rstrip(".").lower() if host else None


def _is_commercial_consent_host(host: str, catalog: CloudCatalog) -> bool:
    suffix = catalog.commercial.consent_host_suffix.value
    if not suffix:
        return False
    return host == suffix or host.endswith("." + suffix)


def redirect_connector_name(url: str, catalog: CloudCatalog) -> str | None:
    """The connector name in a commercial per-connector redirect
    (`https://global.consent.azure-apim.net/redirect/<name>`), exactly as written, or None
    when `url` is not one: another host (look-alikes such as `…azure-apim.net.evil.com`
    included), userinfo, a port, a query or fragment, or a segment that is no name."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    if (
        parts.scheme.lower() != "https"
        or not host
        or not _is_commercial_consent_host(host, catalog)
        or "@" in parts.netloc
        or port is not None
        or parts.query
        or parts.fragment
    ):
        return None
    match = _REDIRECT_PATH.fullmatch(parts.path)
    if (
        match is None
        or len(match.group(1)) > MAX_CONNECTOR_NAME
        or not _NAME_SEGMENT.fullmatch(match.group(1))
    ):
        return None
    return match.group(1)


def is_nameless_consent_redirect(url: str, catalog: CloudCatalog) -> bool:
    """True for a shared legacy or regional commercial redirect without a connector name
    (`https://global.consent.azure-apim.net/redirect`,
    `https://europe-001.consent.azure-apim.net/redirect`, …)."""
    host = url_host(url)
    if host is None or not _is_commercial_consent_host(host, catalog):
        return False
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return False
    return path.rstrip("/").lower() in ("", "/redirect")


def _cloud_list(clouds: Iterable[Cloud]) -> str:
    names = [c.short_name for c in clouds]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _replacement_hint(clouds: tuple[Cloud, ...], hosts_of: dict[str, str], what: str) -> str:
    """'use https://login.microsoftonline.us for GCC High, DoD and Azure Gov; …'"""
    by_host: dict[str, list[Cloud]] = {}
    for cloud in clouds:
        by_host.setdefault(hosts_of[cloud.id], []).append(cloud)
    parts = [f"https://{host} for {_cloud_list(group)}" for host, group in by_host.items()]
    return f"in each cloud's OAuth app settings use the cloud's own {what}: " + "; ".join(parts)


# ---------------------------------------------------------------- the model rules
def check_connector(
    connector: Connector,
    *,
    catalog: CloudCatalog,
    clouds: Mapping[str, CloudConfig] | None = None,
) -> list[Finding]:
    """Every connector-level finding for `connector` (the project's `connector` section).

    Used by `check` (so `cloudprep check`) and by `import_connector` (so `init
    --from-connector`, the wizard and `scan`): both report the same findings for the same
    connector. Pure; never raises for any value the model accepts.

    `clouds` is the project's target clouds, when there is a project. Without it (import,
    scan) CP430/CP431/CP433 name every catalog cloud that must change the commercial value.
    With it they name only the project's targets that must change it and have not been given
    their own value yet (`clouds.<id>.oauth_app.login_uri` / `resource_uri`; the cloud-level
    rules judge those), so a commercial baseline that is right for commercial does not warn
    forever once each cloud has its own.
    """
    findings: list[Finding] = []
    findings.extend(_name_findings(connector, catalog))
    findings.extend(_redirect_findings(connector, catalog))
    findings.extend(_endpoint_findings(connector.endpoint, catalog))
    findings.extend(_oauth_host_findings(connector, catalog, clouds))
    return findings


def check(ctx: RuleContext) -> Iterable[Finding]:
    return check_connector(
        ctx.project.connector,
        catalog=ctx.catalog,
        clouds={str(cid): config for cid, config in ctx.project.clouds.items()},
    )


def _name_findings(connector: Connector, catalog: CloudCatalog) -> Iterable[Finding]:
    name = connector.name
    if name is None or not name.strip():
        if needs_oauth_app(connector):
            yield NAME_UNKNOWN_OAUTH.finding(
                "the connector's internal name is unknown: the files have no per-connector "
                "redirect URL (…/redirect/<name>), and the government redirect "
                "https://global.consent.azure-apihub.us/redirect/<name> needs it",
                path="connector.name",
            )
        else:
            yield NAME_UNKNOWN.finding(
                "the connector's internal name is unknown (connector files only hold it in "
                "a per-connector OAuth redirect URL); the request should name it",
                path="connector.name",
            )
        return
    yield from check_connector_name(name, path="connector.name")


def check_connector_name(name: str, *, path: str) -> list[Finding]:
    """CP103 when `name` is not shaped like an internal API name (lowercase, no spaces, no
    shared_ prefix). `check-url --connector` and the project's connector.name share it."""
    if _INTERNAL_NAME.fullmatch(name) and not name.startswith("shared_"):
        return []
    problems = []
    if name != name.strip() or any(ch.isspace() for ch in name):
        problems.append("it contains spaces")
    if any(ch.isupper() for ch in name):
        problems.append("it has capital letters")
    if name.strip().lower().startswith("shared_"):
        problems.append("it has the shared_ prefix")
    if not problems:
        problems.append(
            "it has characters other than lowercase letters, digits, dots, dashes and underscores"
        )
    return [
        NAME_MALFORMED.finding(
            f"connector name {display_value(name)} is not an internal API name: "
            f"{'; '.join(problems)}",
            path=path,
        )
    ]


def _redirect_findings(connector: Connector, catalog: CloudCatalog) -> Iterable[Finding]:
    oauth = connector.oauth
    if oauth is None:
        return
    if needs_oauth_app(connector):
        nameless = [u for u in oauth.redirect_urls if is_nameless_consent_redirect(u, catalog)]
        if oauth.redirect_mode is not RedirectMode.GLOBAL_PER_CONNECTOR:
            mode = (
                f"redirectMode is {display_value(oauth.redirect_mode.value)}"
                if oauth.redirect_mode is not None
                else "redirectMode is not set"
            )
            shared = (
                f", and the redirect URL {display_value(nameless[0])} is a shared"
                f"{' regional' if _is_regional(nameless[0]) else ' legacy'} redirect"
                if nameless
                else ""
            )
            yield REDIRECT_NOT_PER_CONNECTOR.finding(
                f"{mode}{shared}: OAuth 2.0 connectors must use the per-connector redirect "
                "https://global.consent.azure-apim.net/redirect/<name> since February 2024",
                path="connector.oauth.redirect_mode",
            )
        else:
            for index, url in enumerate(oauth.redirect_urls):
                if url in nameless:
                    yield REDIRECT_URL_WITHOUT_NAME.finding(
                        "redirectMode is GlobalPerConnector, but the redirect URL "
                        f"{display_value(url)} has no connector name (a template leftover)",
                        path=f"connector.oauth.redirect_urls[{index}]",
                    )
    name = connector.name
    if name:
        for index, url in enumerate(oauth.redirect_urls):
            in_url = redirect_connector_name(url, catalog)
            if in_url is not None and in_url != name:
                yield REDIRECT_NAME_MISMATCH.finding(
                    f"the redirect URL {display_value(url.strip())} names the connector "
                    f"{display_value(in_url)}, but "
                    f"connector.name is {display_value(name)}",
                    path=f"connector.oauth.redirect_urls[{index}]",
                )


def _is_regional(url: str) -> bool:
    host = url_host(url) or ""
    return not host.startswith("global.")


def _endpoint_findings(endpoint: ConnectorEndpoint, catalog: CloudCatalog) -> Iterable[Finding]:
    """CP330/CP331, then the generic URL checks of `check_endpoint_url` (https, user-info,
    IP literals, local names, look-alikes) on the commercial URL, unless its host is a
    placeholder (CP330 says so; a placeholder is no URL to judge)."""
    url = endpoint.url or ""
    placeholder = placeholder_host_in(url) if url.strip() else None
    if endpoint.host_mode is HostMode.PER_CONNECTION or placeholder is not None:
        if placeholder is not None:
            what = f"the swagger host {display_value(placeholder)} is a placeholder"
        else:
            what = "the host is set per connection"
        shown = f" (commercial endpoint {display_value(url.strip())})" if url.strip() else ""
        yield HOST_PER_CONNECTION.finding(
            f"{what}{shown}: each connection supplies its own backend host",
            path="connector.endpoint.host_mode",
        )
    elif not url.strip():
        yield ENDPOINT_MISSING.finding(
            "the commercial backend URL is unknown (no swagger host was read)",
            path="connector.endpoint.url",
        )
    if url.strip() and placeholder is None:
        yield from check_endpoint_url(
            url, cloud=None, path="connector.endpoint.url", catalog=catalog
        )


def _still_to_change(
    candidates: Iterable[Cloud], clouds: Mapping[str, CloudConfig] | None, field: str
) -> tuple[Cloud, ...]:
    """The clouds among `candidates` that must still get their own `field` (all of them
    without a project; else the project's targets whose oauth_app has no `field` yet)."""
    if clouds is None:
        return tuple(candidates)
    return tuple(
        c for c in candidates if c.id in clouds and not getattr(clouds[c.id].oauth_app, field)
    )


def _oauth_host_findings(
    connector: Connector, catalog: CloudCatalog, clouds: Mapping[str, CloudConfig] | None
) -> Iterable[Finding]:
    if connector.is_aad_certificate:
        yield CERTIFICATE_AUTH.finding(
            "identity provider aadcertificate: certificate auth is first-party only, so no "
            "OAuth app, client secret or test account is asked for any cloud",
            path="connector.identity_provider",
        )
        return
    oauth = connector.oauth
    if oauth is None or not needs_oauth_app(connector):
        return
    commercial = catalog.commercial
    targets = catalog.targets
    if connector.is_aad and not (oauth.login_uri or "").strip():
        # Entra ID's sign-in defaults to the commercial host when the connector names none.
        default = commercial.login_hosts.value[0]
        must_change = _still_to_change(
            (c for c in targets if default not in c.login_hosts.value), clouds, "login_uri"
        )
        if must_change:
            yield DEFAULT_LOGIN_HOST.finding(
                f"the aad connector names no login URI, so the commercial default {default} "
                f"applies, which {_cloud_list(must_change)} must change",
                path="connector.oauth.login_uri",
                hint=_replacement_hint(
                    must_change,
                    {c.id: c.login_hosts.value[0] for c in must_change},
                    "login host",
                ),
            )
    if oauth.login_uri:
        host = url_host(oauth.login_uri)
        if host is not None and host in commercial.login_hosts.value:
            must_change = _still_to_change(
                (c for c in targets if host not in c.login_hosts.value), clouds, "login_uri"
            )
            if must_change:
                yield COMMERCIAL_LOGIN_HOST.finding(
                    f"the login URI {display_value(oauth.login_uri.strip())} uses the commercial "
                    f"login host {host}, which {_cloud_list(must_change)} must change "
                    "(their directories have their own sign-in hosts)",
                    path="connector.oauth.login_uri",
                    hint=_replacement_hint(
                        must_change,
                        {c.id: c.login_hosts.value[0] for c in must_change},
                        "login host",
                    ),
                )
    graph = commercial.graph_host.value
    graph_changes = _still_to_change(
        (c for c in targets if c.graph_host.value != graph), clouds, "resource_uri"
    )
    graph_hint = _replacement_hint(
        graph_changes, {c.id: c.graph_host.value for c in graph_changes}, "Graph host"
    )
    if graph_changes and oauth.resource_uri and url_host(oauth.resource_uri) == graph:
        yield COMMERCIAL_GRAPH_RESOURCE.finding(
            f"the resource URI {display_value(oauth.resource_uri.strip())} is the commercial "
            f"Microsoft Graph, which {_cloud_list(graph_changes)} must change",
            path="connector.oauth.resource_uri",
            hint=graph_hint,
        )
    for index, scope in enumerate(oauth.scopes):
        graph_scopes = [s for s in scope.split() if "://" in s and url_host(s) == graph]
        if graph_changes and graph_scopes:
            yield COMMERCIAL_GRAPH_RESOURCE.finding(
                f"the scope {display_value(graph_scopes[0])} names the commercial Microsoft "
                f"Graph, which {_cloud_list(graph_changes)} must change",
                path=f"connector.oauth.scopes[{index}]",
                hint=graph_hint,
            )
    tenant = (oauth.tenant_id or "").strip()
    other_directories = tuple(
        c
        for c in targets
        if c.directory != commercial.directory and (clouds is None or c.id in clouds)
    )
    if connector.is_aad and tenant and tenant.lower() not in _MULTI_TENANT and other_directories:
        names = sorted({c.directory_name for c in other_directories})
        yield SPECIFIC_TENANT.finding(
            f"the tenant id {display_value(tenant)} is one commercial tenant; it does not "
            f"exist in {' or '.join(names)}, which {_cloud_list(other_directories)} use",
            path="connector.oauth.tenant_id",
        )
