"""Connector-level rules: the connector's identity, its import, and what in its own files
every government cloud must change (CP101–CP149, CP230–CP239, CP330–CP339, CP430–CP439).

Two kinds of rule live here:
- model rules, run by `check_connector` over the `connector` section of a project. `check`
  (so `cloudprep check`) and `import_connector` (so `init --from-connector`, the wizard's
  import and `cloudprep scan`) both call `check_connector`: one source;
- import rules (CP110–CP128), which only the import can see (a BOM, a parse error, a
  misnamed file): declared and raised in `cloudprep.core.connector_import`.

Every finding here has `cloud=None`: it is about the connector's files, the same for every
target cloud (PRODUCT §12).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from cloudprep.core.catalog import Cloud, CloudCatalog
from cloudprep.core.connector_name import (
    ALLOWED_CHARACTERS,
    SHARED_PREFIX,
    is_internal_name,
    is_name_in_any_case,
)
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.model_kinds import MAX_CONNECTOR_NAME, HostMode, RedirectMode
from cloudprep.core.requirements import equivalent_url, service_host_cloud
from cloudprep.core.rules.base import Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.endpoint import check_endpoint_url, placeholder_host_in
from cloudprep.core.secret_needs import needs_oauth_app
from cloudprep.core.urls import display_value

TYPE_CHECKING = False  # annotations only: pydantic is not loaded for them
if TYPE_CHECKING:
    from cloudprep.core.connector_section import ConnectorSection, EndpointSection
    from cloudprep.core.models import CloudConfig, Connector, ConnectorEndpoint

    # A project's connector (the model) or an import's (`scan` reads it without pydantic).
    AnyConnector = Connector | ConnectorSection

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
    doc=RuleDoc(
        location="`connector.name`",
        checks=(
            "`connector.name` is empty for a connector that needs an OAuth app (an `oauth2` "
            "auth kind, not `aadcertificate`)."
        ),
        why=(
            "the government redirect is "
            "`https://global.consent.azure-apihub.us/redirect/<connectorName>` (PRODUCT §2), "
            "and `<connectorName>` is the internal API name Microsoft assigned. It cannot be "
            'derived from the display name ("N-able Cloud Commander" is '
            "`n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f`, PRODUCT §3), "
            "so the import takes it only from a per-connector `redirectUrl` "
            "(`…consent.azure-apim.net/redirect/<name>`)."
        ),
        fix=(
            "find the name in the connector's URL in the maker portal (or ask your Microsoft "
            "contact: ISV Studio was retired) and enter it as `connector.name` (lowercase, "
            "without the `shared_` prefix)."
        ),
        example=(
            "an OAuth connector whose `redirectUrl` is "
            "`https://global.consent.azure-apim.net/redirect`."
        ),
    ),
)
NAME_UNKNOWN = Rule(
    id="CP102",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Connector name unknown",
    hint=_WHERE_NAME,
    example="an api_key connector: its files never hold the internal name",
    doc=RuleDoc(
        location="`connector.name`",
        checks=(
            "`connector.name` is empty for any other connector (API key, basic, none, "
            "certificate auth)."
        ),
        why=(
            "the request should name the connector, but no redirect depends on it, and these "
            "connectors' files never hold the internal name."
        ),
        fix="as CP101.",
        example="an `api_key` connector imported from its folder.",
    ),
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
    doc=RuleDoc(
        location="`connector.name`",
        checks=(
            "the name has spaces, capital letters, the `shared_` prefix, or characters other "
            "than lowercase letters, digits, dots, dashes and underscores."
        ),
        why=(
            "`<connectorName>` is lowercase and without the `shared_` prefix (PRODUCT §3); "
            "redirects match exactly, so a display name or a differently cased name gives a "
            "wrong redirect."
        ),
        fix="enter the internal name Microsoft assigned (e.g. `teamforms`).",
        example='`"name": "Team Forms"`.',
    ),
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
    doc=RuleDoc(
        location="`connector.oauth.redirect_mode`",
        checks=(
            "a connector that needs an OAuth app (an `oauth2` auth kind, not "
            "`aadcertificate`) has a `redirectMode` other than `GlobalPerConnector` "
            "(`Global`, `Direct`, or none). The message also names a shared legacy "
            "(`https://global.consent.azure-apim.net/redirect`) or regional "
            "(`europe-001.consent.azure-apim.net`, `msmanaged-na.consent.azure-apim.net`) "
            "redirect URL. When `redirectMode` is absent but the redirect URL is "
            "per-connector, the import records `GlobalPerConnector` (the URL proves it), and "
            "this rule stays quiet."
        ),
        why=(
            "since February 2024, OAuth 2.0 connectors must use the per-connector redirect "
            '`https://global.consent.azure-apim.net/redirect/<connectorName>` (Learn, "Custom '
            'connectors overview"; PRODUCT §3); the government clouds use the per-connector '
            "form too."
        ),
        fix=(
            'set `"redirectMode": "GlobalPerConnector"`, register the per-connector redirect '
            "on the commercial app, and update the connector."
        ),
        example=(
            '`"redirectMode": "Global", "redirectUrl": '
            '"https://global.consent.azure-apim.net/redirect"`.'
        ),
    ),
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
    doc=RuleDoc(
        location="`connector.oauth.redirect_urls[i]`",
        checks=(
            "`redirectMode` is `GlobalPerConnector` but a redirect URL is the shared or "
            "regional form without a name."
        ),
        why=(
            "the file's `redirectUrl` is a template leftover (Fitbit in the corpus); the "
            "redirect in use is `…/redirect/<name>`, and the name cannot be taken from the "
            "file."
        ),
        fix=(
            "check that the per-connector redirect is registered on the commercial app, and "
            "write it into `redirectUrl`."
        ),
        example=(
            '`"redirectMode": "GlobalPerConnector", "redirectUrl": '
            '"https://global.consent.azure-apim.net/redirect"`.'
        ),
    ),
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
    doc=RuleDoc(
        location="`connector.oauth.redirect_urls[i]`",
        checks=(
            "a commercial per-connector redirect URL "
            "(`https://…consent.azure-apim.net/redirect/<n>`, no look-alike host) names a "
            "connector other than `connector.name`, case included."
        ),
        why=(
            "redirects match exactly; a redirect for another (or differently cased) name "
            "fails at sign-in, and the same mistake would be copied to the government "
            "redirect."
        ),
        fix="correct the name or the URL.",
        example=(
            '`"name": "teamforms"` with `https://global.consent.azure-apim.net/redirect/TeamForms`.'
        ),
    ),
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
    doc=RuleDoc(
        location="`connector.endpoint.host_mode`",
        checks=(
            "`connector.endpoint.host_mode` is `per_connection`, or the endpoint's host is a "
            "placeholder (`{{…}}`, `DefinedInConnectionParameters`, `dynamichostURL`). The "
            "import sets `per_connection` for a placeholder host, an "
            "`x-ms-parameterized-host`, or a `dynamichosturl` policy template."
        ),
        why=(
            "PRODUCT §7: placeholder hosts mean `per_connection` mode and give an info "
            "finding, not an error; each target cloud's endpoint is then decided per "
            "connection too."
        ),
        fix=(
            "nothing is wrong; for each target cloud choose `per_connection` and tell "
            "Microsoft which hosts that cloud's users will enter."
        ),
        example='swagger `"host": "{{replace_with_your_domain}}"`, or a `dynamichosturl` policy.',
    ),
)
ENDPOINT_MICROSOFT_SERVICE = Rule(
    id="CP332",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="The backend is a commercial Microsoft service",
    hint=(
        "each cloud that uses another host of this service needs its own endpoint: set "
        "clouds.<id>.endpoint to mode specific with that cloud's host"
    ),
    example='swagger "host": "graph.microsoft.com"',
    doc=RuleDoc(
        location="`connector.endpoint.url`",
        checks=(
            "the commercial backend's host is a commercial Microsoft service (Graph, "
            "SharePoint, …) whose host differs in some target clouds."
        ),
        why="those clouds need an endpoint of their own (CP319 otherwise).",
        fix=(
            "set `clouds.<id>.endpoint` to mode `specific` with that cloud's host, given in "
            "the hint."
        ),
        example='swagger `"host": "graph.microsoft.com"`.',
    ),
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
    doc=RuleDoc(
        location="`connector.endpoint.url`",
        checks=(
            "the host is fixed and `connector.endpoint.url` is empty (the swagger has no "
            "`host`, or could not be read)."
        ),
        why=(
            "every target cloud's endpoint is decided against the commercial one (checklist "
            'C1 and the "same as commercial" mode).'
        ),
        fix=("enter the backend base URL (`https://host/basePath`), or give the swagger a host."),
        example="a swagger without `host`.",
    ),
)

# ---------------------------------------------------------------- CP43x: OAuth hosts (model)
COMMERCIAL_LOGIN_HOST = Rule(
    id="CP430",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Commercial login host hard-coded",
    hint="give Microsoft each cloud's own login URI in that cloud's OAuth app settings",
    example='"loginUri": {"value": "https://login.windows.net"}',
    doc=RuleDoc(
        location="`connector.oauth.login_uri`",
        checks=(
            "a connector that needs an OAuth app signs in at a commercial sign-in or issuer "
            "host (`login.microsoftonline.com`, `login.windows.net`, `login.microsoft.com`, "
            "`sts.windows.net`). For generic `oauth2` connectors the login URI is their "
            "authorization URL, so InEight's "
            "`https://login.windows.net/common/oauth2/authorize` is caught too. Certificate "
            "auth is left to CP432."
        ),
        why=(
            "GCC uses the commercial Entra ID, but GCC High, DoD and Azure Government sign in "
            "at `login.microsoftonline.us` and Mooncake at `login.chinacloudapi.cn` (PRODUCT "
            "§3, §4); a hard-coded commercial host fails there with AADSTS errors (PRODUCT "
            "§1)."
        ),
        fix="give each cloud's own login URI in that cloud's OAuth app settings.",
        example='`"loginUri": {"value": "https://login.windows.net"}`.',
    ),
)
COMMERCIAL_GRAPH_RESOURCE = Rule(
    id="CP431",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="Commercial Microsoft resource hard-coded (Graph, Power BI, ARM, …)",
    hint="give Microsoft each cloud's own resource URI in that cloud's OAuth app settings",
    example='"resourceUri": {"value": "https://graph.microsoft.com"}',
    doc=RuleDoc(
        location="`connector.oauth.resource_uri` or `connector.oauth.scopes[i]`",
        checks=(
            "the resource URI, or a scope URL, is a commercial Microsoft service whose host "
            "differs in some target cloud (every catalog family: Graph, Power BI, Resource "
            "Manager, Key Vault, …). Graph's app id (`00000003-0000-0000-c000-000000000000`) "
            "is the same in every cloud and does not fire. The hint gives each cloud's "
            "equivalent."
        ),
        why=(
            '"an AAD connector whose `resourceUri` is `https://graph.microsoft.com` must '
            'change it for GCC High, DoD and Azure Government" (PRODUCT §3); the same holds '
            "for Power BI (which differs in GCC too) and the Azure services (azure-cli "
            "`cloud.py`)."
        ),
        fix="give each cloud's own resource in that cloud's OAuth app settings.",
        example='`"resourceUri": {"value": "https://graph.microsoft.com"}`.',
    ),
)
CERTIFICATE_AUTH = Rule(
    id="CP432",
    severity=Severity.INFO,
    scope=Scope.CONNECTOR,
    title="Certificate auth (aadcertificate) is first-party only",
    hint="nothing is asked for this connector's OAuth app: Microsoft handles certificate auth",
    example='"identityProvider": "aadcertificate"',
    doc=RuleDoc(
        location="`connector.identity_provider`",
        checks="the identity provider is `aadcertificate`.",
        why=(
            "certificate auth is first-party only (PRODUCT §6): no OAuth app, client secret, "
            "test account or redirect is asked for any cloud, so CP101, CP230, CP430, CP431 "
            "and CP433 stay quiet."
        ),
        fix="nothing to do.",
        example='`"identityProvider": "aadcertificate"`.',
    ),
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
    doc=RuleDoc(
        location="`connector.oauth.tenant_id`",
        checks=(
            "an `aad` connector's tenant id is neither `common`, `organizations` nor "
            "`consumers`, and a target cloud (all of them without a project) uses another "
            "directory than commercial."
        ),
        why=(
            "a commercial tenant does not exist in the Azure AD Government or 21Vianet "
            "directories (PRODUCT §6: three directories). It is info, not a warning: a "
            "single-tenant app can be right, and the project has no per-cloud tenant field to "
            "clear it; say which tenant to use in the cloud's notes."
        ),
        fix="use `common`, or each cloud's own tenant, in that cloud's settings.",
        example='`"tenantId": {"value": "72f988bf-86f1-41af-91ab-2d7cd011db47"}`.',
    ),
)
DEFAULT_LOGIN_HOST = Rule(
    id="CP434",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="No login URI: the commercial default sign-in host applies",
    hint="give Microsoft each cloud's own login URI in that cloud's OAuth app settings",
    example='an "aad" oAuthSettings without customParameters.loginUri',
    doc=RuleDoc(
        location="`connector.oauth.login_uri`",
        checks=(
            "an `aad` connector whose OAuth settings name no login URI. Entra ID then signs "
            "users in at the commercial host, which GCC High, DoD, Azure Government and "
            "Mooncake cannot use (their directories have their own sign-in hosts; PRODUCT "
            "§3). As with CP430, in a project only the target clouds that have no login URI "
            "of their own are named."
        ),
        fix=(
            "give Microsoft each cloud's own login URI (`https://login.microsoftonline.us` "
            "for the US government directory, `https://login.chinacloudapi.cn` for Mooncake) "
            "in that cloud's OAuth app settings."
        ),
        example=(
            'an `"identityProvider": "aad"` oAuthSettings without `customParameters.loginUri`.'
        ),
    ),
)

RULES: tuple[Rule, ...] = (
    NAME_UNKNOWN_OAUTH,
    NAME_UNKNOWN,
    NAME_MALFORMED,
    REDIRECT_NOT_PER_CONNECTOR,
    REDIRECT_URL_WITHOUT_NAME,
    REDIRECT_NAME_MISMATCH,
    HOST_PER_CONNECTION,
    ENDPOINT_MISSING,
    ENDPOINT_MICROSOFT_SERVICE,
    COMMERCIAL_LOGIN_HOST,
    COMMERCIAL_GRAPH_RESOURCE,
    CERTIFICATE_AUTH,
    SPECIFIC_TENANT,
    DEFAULT_LOGIN_HOST,
)

DOC_SECTIONS: dict[str, str] = {
    "CP101": """\
## CP1xx: connector identity and import

CP101–CP103 come from `cloudprep.core.rules.connector`: they look at the `connector`
section, so `cloudprep check`, `init --from-connector`, the wizard's import and
`cloudprep scan` all report them. CP110–CP128 are declared and raised by
`cloudprep.core.connector_import`: they are import problems, and only the import of a
connector folder (`apiProperties.json` + `apiDefinition.swagger.json`, PRODUCT §11) can see
them, so `init --from-connector`, the wizard's import and `scan` report them, and `check` does
not. Their location is `connector` (the file is named in the message) or the field the value
would have filled. An import never stops at a bad file: each problem is one finding, and what
could be read is imported. Only a folder that cannot be used at all (missing, not a folder,
unreadable, or holding neither file) is an error of the command (exit 2; in `scan`, a row with
its error).
""",
    "CP230": """\
CP230–CP232 are connector-level (`cloudprep.core.rules.connector`): they look at the commercial
OAuth baseline in `connector.oauth`, and `check`, the import and `scan` all report them.
""",
    "CP330": """\
CP330–CP332 are connector-level (`cloudprep.core.rules.connector`): they look at the commercial
endpoint in `connector.endpoint`, and `check`, the import and `scan` all report them. The
commercial URL also gets the generic URL checks of this section (https, user-info, IP literals,
local names, look-alikes) at `connector.endpoint.url`, through the same `check_endpoint_url`
the target clouds use, unless its host is a placeholder.
""",
    "CP430": """\
CP430–CP434 are connector-level (`cloudprep.core.rules.connector`): they look at the commercial
OAuth baseline in `connector.oauth`, and `check`, the import and `scan` all report them. The
clouds named in each message and hint come from the cloud catalog. Without a project (import,
`scan`) they name every cloud that must change the value. In a project (`check`) they name only
the project's target clouds that must change it and have no value of their own yet
(`clouds.<id>.oauth_app.login_uri` or `resource_uri`, which the cloud-level rules judge), so a
commercial baseline that is right for commercial stops warning once each cloud has its own.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


# The last path segment of a per-connector redirect, before it is judged as a name.
_REDIRECT_PATH = re.compile(r"/redirect/([^/]+)/?", re.IGNORECASE)
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
        or not is_name_in_any_case(match.group(1))
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
    connector: AnyConnector,
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


def _name_findings(connector: AnyConnector, catalog: CloudCatalog) -> Iterable[Finding]:
    name = connector.name
    if name is None or not name.strip():
        if needs_oauth_app(connector):
            yield NAME_UNKNOWN_OAUTH.finding(
                "connector.name is unknown: the files have no per-connector redirect URL "
                "(…/redirect/<name>), and the government redirect needs the name",
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
    if is_internal_name(name):
        return []
    problems = []
    if name != name.strip() or any(ch.isspace() for ch in name):
        problems.append("it contains spaces")
    if any(ch.isupper() for ch in name):
        problems.append("it has capital letters")
    if name.strip().lower().startswith(SHARED_PREFIX):
        problems.append(f"it has the {SHARED_PREFIX} prefix")
    if not problems:
        problems.append(f"it has characters other than {ALLOWED_CHARACTERS}")
    return [
        NAME_MALFORMED.finding(
            f"connector name {display_value(name)} is not an internal API name: "
            f"{'; '.join(problems)}",
            path=path,
        )
    ]


def _redirect_findings(connector: AnyConnector, catalog: CloudCatalog) -> Iterable[Finding]:
    oauth = connector.oauth
    if oauth is None:
        return
    if needs_oauth_app(connector):
        nameless = [u for u in oauth.redirect_urls if is_nameless_consent_redirect(u, catalog)]
        if oauth.redirect_mode is not RedirectMode.GLOBAL_PER_CONNECTOR:
            mode = (
                f"redirect_mode is {display_value(oauth.redirect_mode.value)}"
                if oauth.redirect_mode is not None
                else "redirect_mode is not set"
            )
            shared = (
                " and the redirect URL is shared"
                f" ({'regional' if _is_regional(nameless[0]) else 'legacy'})"
                if nameless
                else ""
            )
            yield REDIRECT_NOT_PER_CONNECTOR.finding(
                f"connector.oauth.{mode}{shared}: OAuth 2.0 connectors need the per-connector "
                "redirect since February 2024",
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


def _endpoint_findings(
    endpoint: ConnectorEndpoint | EndpointSection, catalog: CloudCatalog
) -> Iterable[Finding]:
    """CP330/CP331, then the generic URL checks of `check_endpoint_url` (https, user-info,
    IP literals, local names, look-alikes) on the commercial URL, unless its host is a
    placeholder (CP330 says so; a placeholder is no URL to judge)."""
    url = endpoint.url or ""
    placeholder = placeholder_host_in(url) if url.strip() else None
    if endpoint.host_mode is HostMode.PER_CONNECTION or placeholder is not None:
        if placeholder is not None:
            what = f"the swagger host {display_value(placeholder)} is a placeholder"
        else:
            what = "connector.endpoint.host_mode is per_connection"
        yield HOST_PER_CONNECTION.finding(
            f"{what}: each connection supplies its own backend host",
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
        if endpoint.host_mode is HostMode.FIXED:
            yield from _microsoft_service_backend(url, catalog)


def _microsoft_service_backend(url: str, catalog: CloudCatalog) -> Iterable[Finding]:
    """CP332: the commercial backend is a Microsoft service (Graph, SharePoint …) whose host
    differs in some target clouds; each of those needs an endpoint of its own."""
    owner = service_host_cloud(url_host(url) or "", catalog=catalog)
    if owner is None or owner.kind != "service" or "commercial" not in owner.clouds:
        return
    changes = {c.id: equivalent_url(url.strip(), c.id, catalog=catalog) for c in catalog.targets}
    must_change = tuple(c for c in catalog.targets if changes[c.id] != url.strip())
    if not must_change:
        return
    family = catalog.service(owner.family).name
    known: dict[str, str] = {c.id: url_host(v) or "" for c in must_change if (v := changes[c.id])}
    hint = (
        _replacement_hint(tuple(c for c in must_change if c.id in known), known, "endpoint")
        if known
        else ENDPOINT_MICROSOFT_SERVICE.hint
    )
    yield ENDPOINT_MICROSOFT_SERVICE.finding(
        f"connector.endpoint.url is {family} ({url_host(url)}), which "
        f"{_cloud_list(must_change)} reach at another host",
        path="connector.endpoint.url",
        hint=hint,
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


def _microsoft_service(url: str, catalog: CloudCatalog) -> str | None:
    """The name of the commercial Microsoft service family of `url` (Graph, Power BI …)."""
    owner = service_host_cloud(url_host(url) or "", catalog=catalog)
    if owner is None or owner.kind != "service" or "commercial" not in owner.clouds:
        return None
    return catalog.service(owner.family).name


def _commercial_resource(
    url: str,
    what: str,
    path: str,
    catalog: CloudCatalog,
    clouds: Mapping[str, CloudConfig] | None,
) -> Iterable[Finding]:
    """CP431: a commercial Microsoft resource (or scope) that some target clouds must
    change; the hint gives each cloud's equivalent (`requirements.equivalent_url`)."""
    family = _microsoft_service(url, catalog)
    if family is None:
        return
    equivalents = {c.id: equivalent_url(url, c.id, catalog=catalog) for c in catalog.targets}
    candidates = (c for c in catalog.targets if equivalents[c.id] != url)
    must_change = _still_to_change(candidates, clouds, "resource_uri")
    if not must_change:
        return
    known = {c.id: equivalents[c.id] for c in must_change if equivalents[c.id] is not None}
    hint = (
        _replacement_urls_hint(
            tuple(c for c in must_change if c.id in known),
            {k: v for k, v in known.items() if v is not None},
        )
        if known
        else COMMERCIAL_GRAPH_RESOURCE.hint
    )
    yield COMMERCIAL_GRAPH_RESOURCE.finding(
        f"{what} {display_value(url)} is the commercial {family}, which "
        f"{_cloud_list(must_change)} must change",
        path=path,
        hint=hint,
    )


def _replacement_urls_hint(clouds: tuple[Cloud, ...], urls: dict[str, str]) -> str:
    """'in each cloud's OAuth app settings use: https://graph.microsoft.us for GCC High …'"""
    by_url: dict[str, list[Cloud]] = {}
    for cloud in clouds:
        by_url.setdefault(urls[cloud.id], []).append(cloud)
    parts = [f"{url} for {_cloud_list(group)}" for url, group in by_url.items()]
    return "in each cloud's OAuth app settings use: " + "; ".join(parts)


def _oauth_host_findings(
    connector: AnyConnector, catalog: CloudCatalog, clouds: Mapping[str, CloudConfig] | None
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
        commercial_hosts = (*commercial.accepted_login_hosts, *commercial.issuer_hosts.value)
        if host is not None and host in commercial_hosts:
            must_change = _still_to_change(
                (c for c in targets if host not in c.accepted_login_hosts), clouds, "login_uri"
            )
            if must_change:
                yield COMMERCIAL_LOGIN_HOST.finding(
                    f"connector.oauth.login_uri uses the commercial sign-in host {host}, which "
                    f"{_cloud_list(must_change)} must change",
                    path="connector.oauth.login_uri",
                    hint=_replacement_hint(
                        must_change,
                        {c.id: c.login_hosts.value[0] for c in must_change},
                        "login host",
                    ),
                )
    resource = (oauth.resource_uri or "").strip()
    if resource:
        yield from _commercial_resource(
            resource, "the resource URI", "connector.oauth.resource_uri", catalog, clouds
        )
    for index, scope in enumerate(oauth.scopes):
        scoped = [s for s in scope.split() if "://" in s and _microsoft_service(s, catalog)]
        if scoped:
            yield from _commercial_resource(
                scoped[0], "the scope", f"connector.oauth.scopes[{index}]", catalog, clouds
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
