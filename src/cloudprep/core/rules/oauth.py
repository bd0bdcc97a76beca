"""CP401–CP419, CP440: each target cloud's OAuth app, its login and resource hosts (C2, C4).

There are three directories (PRODUCT §6): commercial and GCC share Microsoft Entra ID
(public cloud); GCC High, DoD and Azure Government share Azure AD Government; Mooncake
has its own. An app exists in one directory only, and each cloud signs in at its own
login host and reaches Graph at its own Graph host (the catalog says which). CP420 and up
(secrets) belong to `rules/secrets.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from cloudprep.core.catalog import Cloud, CloudCatalog, load_catalog
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.requirements import CloudRequirements, equivalent_url, service_host_cloud
from cloudprep.core.rules.base import NO_DOC, Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.url_policy import (
    DISGUISES,
    FindingSink,
    UrlPolicy,
    report_url_problems,
)
from cloudprep.core.secret_needs import needs_oauth_app
from cloudprep.core.urls import (
    UrlProblemKind,
    host_of,
    inspect_url,
    is_guid,
    lookalike_of,
    microsoft_hosts,
)

if TYPE_CHECKING:  # annotations only: pydantic is not loaded for them
    from cloudprep.core.models import Connector, OAuthApp


def _rule(
    rule_id: str, severity: Severity, title: str, hint: str, example: str, doc: RuleDoc = NO_DOC
) -> Rule:
    return Rule(rule_id, severity, Scope.CLOUD, title, hint, example, doc)


_E, _W = Severity.ERROR, Severity.WARNING

CLIENT_ID_MISSING = _rule(
    "CP401", _E, "No client id for the cloud's OAuth app",
    "Create an OAuth app for this cloud, in its directory, and enter its client id.",
    "clouds.gcch.oauth_app.client_id: null",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks="the client id is null or blank.",
        why=(
            "checklist C2; the GA page asks to \"create an OAuth app for each government cloud "
            "environment\" and share its client id (PRODUCT §2)."
        ),
        fix="create the app in the cloud's directory and enter its client id.",
        example="`clouds.gcch.oauth_app.client_id: null`.",
    ),
)  # fmt: skip
CLIENT_ID_NOT_GUID = _rule(
    "CP402", _E, "AAD client id is not a GUID",
    "Copy the Application (client) ID from the app's overview page: "
    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.",
    "contoso-tasks-gcch",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "for identity provider `aad`, the trimmed value is not a GUID in the 8-4-4-4-12 "
            "form (any case); braces or parentheses around a GUID are named."
        ),
        why=(
            "an Entra ID application (client) id is a GUID; anything else is a typo or the "
            "wrong field (an object id is a GUID too, so a GUID is necessary, not "
            "sufficient)."
        ),
        fix="copy the Application (client) ID from the app's overview page.",
        example="`contoso-tasks-gcch`.",
    ),
)  # fmt: skip
CLIENT_ID_PLACEHOLDER = _rule(
    "CP403", _E, "Client id is a placeholder",
    "Enter the real client id of this cloud's app.",
    "<<Enter your client ID>>",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "a template value such as `<clientId>`, `<<Enter your client ID>>`, `[[DUMMY]]`, "
            "`{{replace_with_your_client_id}}`, the all-zero GUID or an all-`x` GUID (all "
            "seen in the corpus), for any identity provider."
        ),
        why="such a value is no app at all; C2 is not met.",
        fix="enter the real client id of this cloud's app.",
        example="`<<Enter your client ID>>`.",
    ),
)  # fmt: skip
REUSED_ACROSS_DIRECTORIES = _rule(
    "CP404", _E, "Client id reused from a cloud in another directory",
    "Create an app in this cloud's directory and enter its own client id.",
    "the commercial app's client id entered for GCC High",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "identity provider `aad`: the client id (trimmed, case-insensitive) equals the "
            "commercial app's (`connector.oauth.client_id`) or an earlier target cloud's "
            "(catalog order) in a different directory: the commercial or GCC app in GCC High, "
            "DoD, Azure Government or Mooncake; a government app in Mooncake. Placeholders "
            "are not compared. Reported once, on the later cloud. For a publisher's own OAuth "
            "server (`oauth2`, `oauth2generic`) directories do not apply: reuse is CP405."
        ),
        why=(
            "PRODUCT §6: an Entra app exists in one directory only, so reuse across "
            "directories is an error. A non-Entra identity provider has no such directories, "
            "so the claim would be false there."
        ),
        fix="create an app in this cloud's directory and enter its client id.",
        example="the commercial app's client id entered for GCC High.",
    ),
)  # fmt: skip
REUSED_WITHIN_DIRECTORY = _rule(
    "CP405", _W, "Client id shared with another cloud of the same directory",
    "Create a separate app for this cloud: the page asks for one per government cloud "
    "environment.",
    "the GCC High app's client id entered for DoD",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "the same comparison within one directory: the commercial app in GCC, the GCC "
            "High app in DoD or Azure Government; and any reuse for a publisher's own OAuth "
            "server (`oauth2`, `oauth2generic`)."
        ),
        why=(
            "PRODUCT §6 and the GA page: the app may work there, but the page asks for an "
            "OAuth app per government cloud environment, so it is a warning."
        ),
        fix="create a separate app for this cloud.",
        example="the GCC High app's client id entered for DoD.",
    ),
)  # fmt: skip
LOGIN_HOST_OTHER_CLOUD = _rule(
    "CP406", _E, "Login host belongs to another cloud",
    "Use this cloud's login host.",
    "https://login.microsoftonline.com (for GCC High)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri`",
        checks=(
            "the login URI's host signs in to (or issues tokens for) another directory: "
            "`login.microsoftonline.com`, `login.windows.net`, `login.microsoft.com` or "
            "`sts.windows.net` in GCC High, DoD, Azure Government or Mooncake; "
            "`login.microsoftonline.us` or `login.usgovcloudapi.net` in GCC or Mooncake; the "
            "China hosts elsewhere (aliases from MSAL's known instance metadata). For every "
            "identity provider: a non-AAD connector that signs in through Microsoft (N-able's "
            "authorization URL is on `login.microsoftonline.com`) has the same problem. The "
            "hint keeps the tenant path "
            "(`https://login.microsoftonline.us/common/oauth2/authorize`)."
        ),
        why=(
            "PRODUCT §1 and §7: the commercial login host hard-coded for a government tenant "
            "gives AADSTS errors at sign-in."
        ),
        fix="use the cloud's sign-in host (the catalog's `login_hosts`, or an alias).",
        example="`https://login.microsoftonline.com` for GCC High.",
    ),
)  # fmt: skip
LOGIN_HOST_UNKNOWN = _rule(
    "CP407", _E, "Login host is not a Microsoft login host of the cloud",
    "An AAD connector signs in at the cloud's Microsoft login host.",
    "https://login.contoso.com (AAD connector)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri`",
        checks=(
            "identity provider `aad`: the host is none of the cloud's sign-in hosts or "
            "aliases, no issuer host (CP440) and no look-alike (CP418). For `oauth2` and "
            "`oauth2generic` the host is the publisher's own and is not flagged, unless it is "
            "a Microsoft Graph host or lies in another cloud's sign-in domain: those are "
            "never a publisher's sign-in, whatever the identity provider."
        ),
        why="an AAD connector signs in at the cloud's Entra ID authority.",
        fix="use the cloud's login host.",
        example="`https://login.contoso.com` for an AAD connector.",
    ),
)  # fmt: skip
SERVICE_OTHER_CLOUD = _rule(
    "CP408", _E, "Resource URI is another cloud's Microsoft service (Graph, Power BI, ARM, …)",
    "Use this cloud's resource of the same service: a token for another cloud's audience is "
    "refused.",
    "https://graph.microsoft.com (for GCC High)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.resource_uri`",
        checks=(
            "the resource URI's host is a Microsoft service of another cloud, by the "
            "catalog's service families: Graph, Power BI, Resource Manager (and classic), Key "
            "Vault, Storage, SQL, Office 365 Management, SharePoint, Outlook. E.g. "
            "`graph.microsoft.com`, `analysis.windows.net/powerbi/api`, "
            "`management.azure.com` or `vault.azure.net` in GCC High; `graph.microsoft.us` in "
            "DoD (which needs `dod-graph.microsoft.us`); `analysis.windows.net/powerbi/api` "
            "in GCC, whose Power BI differs although it signs in commercially."
        ),
        why=(
            "Microsoft Graph \"National cloud deployments\", Power BI \"national clouds\", "
            "azure-cli `cloud.py` (PRODUCT §3): a token for another cloud's audience is "
            "refused, so the app cannot work."
        ),
        fix=(
            "use the cloud's resource of the same service; the hint gives it "
            "(`requirements.equivalent_url`)."
        ),
        example="`https://graph.microsoft.com` for GCC High.",
    ),
)  # fmt: skip
LOGIN_MISSING = _rule(
    "CP409", _E, "Login URI missing, and the commercial one does not work in the cloud",
    "Set the cloud's login URI.",
    "clouds.gcch.oauth_app.login_uri: null (commercial https://login.windows.net)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri`",
        checks=(
            "identity provider `aad`, the commercial baseline has a login URI, the cloud's is "
            "empty, and the commercial host is not one of the cloud's login hosts (GCC High, "
            "DoD, Azure Government, Mooncake)."
        ),
        why=(
            "left empty, the commercial value would be carried over, and it cannot sign "
            "anyone in there (CP406). An error, not a warning: C4 cannot pass and the failure "
            "is certain."
        ),
        fix=(
            "set the cloud's login URI (the hint gives it, e.g. "
            "`https://login.microsoftonline.us`)."
        ),
        example=(
            "`clouds.gcch.oauth_app.login_uri: null` with commercial "
            "`https://login.windows.net`."
        ),
    ),
)  # fmt: skip
RESOURCE_MISSING = _rule(
    "CP410", _E, "Resource URI missing, and the commercial one does not work in the cloud",
    "Set the cloud's resource URI.",
    "clouds.gcch.oauth_app.resource_uri: null (commercial https://graph.microsoft.com)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.resource_uri`",
        checks=(
            "identity provider `aad`, the commercial baseline has a resource URI, the cloud's "
            "is empty, and the commercial value is a Microsoft service whose host differs in "
            "the cloud (any family: Graph, Power BI, Resource Manager, …), or an application "
            "id (GUID) while the cloud is in another directory."
        ),
        why=(
            "the same reasoning as CP409 (PRODUCT §3: a Graph resource \"must change\" for GCC "
            "High, DoD and Azure Government; so must Power BI, also in GCC, and the Azure "
            "services; an app id exists in one directory only)."
        ),
        fix="set the cloud's resource URI (the hint gives the cloud's equivalent).",
        example=(
            "`clouds.dod.oauth_app.resource_uri: null` with commercial "
            "`https://graph.microsoft.com`."
        ),
    ),
)  # fmt: skip
URI_NOT_CONFIRMED = _rule(
    "CP411", _W, "Login or resource URI missing; the commercial value is assumed",
    "Set it explicitly for this cloud, so C4 can be confirmed.",
    "clouds.gcc.oauth_app.login_uri: null (commercial https://login.windows.net)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "identity provider `aad`, the commercial baseline has the value, the cloud's is "
            "empty, and the commercial value may work there: GCC (which uses the commercial "
            "Entra ID and Graph), or a publisher resource URI (an App ID URI such as "
            "`https://api.contoso.com`) that may be registered the same way in the cloud's "
            "directory."
        ),
        why=(
            "C4 (\"login and resource hosts belong to the cloud\") can only be confirmed for a "
            "value that is given; a warning, since the assumed value is plausible."
        ),
        fix="set the value explicitly for the cloud.",
        example=(
            "`clouds.gcc.oauth_app.login_uri: null` with commercial "
            "`https://login.windows.net`."
        ),
    ),
)  # fmt: skip
UNPARSEABLE = _rule(
    "CP412", _E, "Login or resource URI is empty or cannot be parsed",
    "Enter the full URI, starting with https://.",
    "login.microsoftonline.us",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "as CP201 (no `scheme://host`, an invalid host or port, unparseable). A resource "
            "URI that is an application id (GUID) or an App ID URI (`api://…`, `urn:…`) is an "
            "identifier and only checked for whitespace (CP413)."
        ),
        why="the value must be usable as written.",
        fix="enter the full URI, starting with `https://`.",
        example="`login.microsoftonline.us`.",
    ),
)  # fmt: skip
WHITESPACE = _rule(
    "CP413", _E, "OAuth value has whitespace or invisible characters",
    "Remove the spaces, tabs, newlines and invisible characters.",
    "https://login.microsoftonline.us\t",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri`, `….resource_uri` or `….client_id`",
        checks=(
            "leading or trailing whitespace, and whitespace, control or invisible characters "
            "inside; each is named."
        ),
        why="the values are compared and sent exactly; a pasted newline breaks sign-in.",
        fix="remove them.",
        example="`https://login.microsoftonline.us` followed by a tab.",
    ),
)  # fmt: skip
NOT_HTTPS = _rule(
    "CP414", _E, "Login or resource URI is not https",
    "Use https://.",
    "http://login.microsoftonline.us",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "any scheme but `https` (identifier schemes `api:` and `urn:` excepted for a "
            "resource)."
        ),
        why="sign-in and tokens travel over https only (PRODUCT §7).",
        fix="use `https://`.",
        example="`http://login.microsoftonline.us`.",
    ),
)  # fmt: skip
USERINFO = _rule(
    "CP415", _E, "Login or resource URI has a user-info part (user@host)",
    "Remove everything between https:// and the @; the real host is the part after it.",
    "https://login.microsoftonline.us@evil.example/common",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks="anything before an `@` in the authority; the message names the real host.",
        why="`https://login.microsoftonline.us@evil.example/` signs in at `evil.example`.",
        fix="remove everything between `https://` and the `@`.",
        example="`https://login.microsoftonline.us@evil.example/common`.",
    ),
)  # fmt: skip
NOT_EXACT = _rule(
    "CP416", _E, "Microsoft login or resource URI has extra parts",
    "Write the plain authority (https://host, optionally with the tenant path), without "
    "port, query, fragment, dot segments or trailing dot.",
    "https://login.microsoftonline.us:443/common?x=1",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "on a Microsoft login or Graph host (or any login host of an `aad` connector): a "
            "port (`:443` included), a query, a fragment, dot segments or encoded separators, "
            "a trailing dot in the host; a backslash anywhere; for a resource URI, a query or "
            "fragment on any host. A publisher's own authorization URL may carry a fragment "
            "or query (`https://go.lawvu.com/#/authorize`) and is left alone."
        ),
        why=(
            "an Entra ID authority is `https://host[/tenant[/…]]`; extra parts are pasted "
            "mistakes or tricks."
        ),
        fix=(
            "write the plain authority (`https://login.microsoftonline.us`, optionally with "
            "the tenant path)."
        ),
        example="`https://login.microsoftonline.us:443/common?x=1`.",
    ),
)  # fmt: skip
DISGUISED_HOST = _rule(
    "CP417", _E, "Login or resource host is not plain ASCII (homoglyph, punycode or %-escape)",
    "Type the host again in plain ASCII.",
    "https://lоgin.microsoftonline.us",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "as CP210: non-ASCII characters, `xn--` labels or percent-escapes in the host; "
            "the message names the characters and the Microsoft host imitated."
        ),
        why="PRODUCT §7 (homoglyphs and punycode look-alikes).",
        fix="type the host again in plain ASCII.",
        example="`https://lоgin.microsoftonline.us` (Cyrillic `о`).",
    ),
)  # fmt: skip
LOOKALIKE = _rule(
    "CP418", _E, "Login or resource host imitates a Microsoft host",
    "Use the real Microsoft host; never one that merely contains it.",
    "https://login.microsoftonline.us.evil.example",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri` or `….resource_uri`",
        checks=(
            "as CP211, for every identity provider: `login.microsoftonline.us.evil.com`, "
            "`login.microsoftonline.us-login.com`, `login.micros0ftonline.us`, "
            "`login-microsoftonline.us`, `login.microsoftonline.co`."
        ),
        why="a look-alike sign-in page collects credentials (PRODUCT §7).",
        fix="use the real Microsoft host.",
        example="`https://login.microsoftonline.us.evil.example`.",
    ),
)  # fmt: skip
RESOURCE_APP_OTHER_DIRECTORY = _rule(
    "CP419", _E, "Resource URI is the id of an app in another directory",
    "Use the application id (or App ID URI) of the resource app registered in this "
    "cloud's directory.",
    "clouds.gcch.oauth_app.resource_uri: the commercial app's id",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.resource_uri`",
        checks=(
            "for a cloud outside the public directory, the resource URI is a GUID equal to "
            "the commercial app's client id or the commercial resource URI (Luware Nimbus in "
            "the corpus uses its client id as resource)."
        ),
        why=(
            "an application id exists in one directory only (PRODUCT §6), like the client id "
            "itself."
        ),
        fix=(
            "use the id (or App ID URI) of the resource app registered in the cloud's "
            "directory."
        ),
        example=(
            "the commercial app's id `23694b6c-5a4a-45ce-9c6a-37c5f1880d4e` as the GCC High "
            "resource URI."
        ),
    ),
)  # fmt: skip

ISSUER_HOST = Rule(
    "CP440", _W, Scope.CLOUD, "Login URI is a token-issuer host, not a sign-in host",
    "Sign in at the cloud's sign-in host; sts.windows.net names who issues tokens.",
    "https://sts.windows.net/common (Commercial or GCC)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.login_uri`",
        checks=(
            "the login URI's host is the cloud's token issuer (`sts.windows.net`), listed by "
            "MSAL's known instance metadata beside the sign-in aliases."
        ),
        why=(
            "it names who issues tokens; sign-in goes to `login.microsoftonline.com` (or an "
            "alias: `login.windows.net`, `login.microsoft.com`). In another cloud it is "
            "CP406."
        ),
        fix="set the login URI to the cloud's sign-in host.",
        example="`https://sts.windows.net/common` for Commercial or GCC.",
    ),
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    ISSUER_HOST,
    CLIENT_ID_MISSING, CLIENT_ID_NOT_GUID, CLIENT_ID_PLACEHOLDER, REUSED_ACROSS_DIRECTORIES,
    REUSED_WITHIN_DIRECTORY, LOGIN_HOST_OTHER_CLOUD, LOGIN_HOST_UNKNOWN, SERVICE_OTHER_CLOUD,
    LOGIN_MISSING, RESOURCE_MISSING, URI_NOT_CONFIRMED, UNPARSEABLE, WHITESPACE, NOT_HTTPS,
    USERINFO, NOT_EXACT, DISGUISED_HOST, LOOKALIKE, RESOURCE_APP_OTHER_DIRECTORY,
)  # fmt: skip

DOC_SECTIONS: dict[str, str] = {
    "CP401": """\
## CP4xx: OAuth apps, login and resource hosts, secrets

CP401–CP419 and CP440 are cloud-level (`cloudprep.core.rules.oauth`): they look at each target
cloud's OAuth app, `clouds.<cloud>.oauth_app` (checklists C2 and C4), when the connector needs an
OAuth app per cloud (an `oauth2` auth kind, not `aadcertificate`). The per-value checks are
`check_client_id`, `check_login_uri` and `check_resource_uri`; `cloudprep check-url login`
calls `check_login_uri` without knowing the identity provider, so it flags only Microsoft
login hosts of the wrong cloud, never a publisher's own sign-in host (pass `aad=True` when the
identity provider is `aad`). The three directories come from the catalog (`Cloud.directory`):
commercial and GCC share Microsoft Entra ID (public cloud); GCC High, DoD and Azure Government
share Azure AD Government; Mooncake has Entra ID operated by 21Vianet (PRODUCT §3, §6). GCC
uses the commercial Entra ID, so `login.microsoftonline.com`, `login.windows.net` and
`graph.microsoft.com` are right there. Sign-in aliases (`login.microsoft.com`,
`login.usgovcloudapi.net`) come from MSAL's known instance metadata and are accepted where
they belong. What each cloud requires (its hosts and the equivalent of the commercial resource)
comes from `core.requirements`.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


_K = UrlProblemKind
_BASIC: dict[UrlProblemKind, Rule] = {
    _K.EMPTY: UNPARSEABLE,
    _K.TOO_LONG: UNPARSEABLE,
    _K.UNPARSEABLE: UNPARSEABLE,
    _K.NOT_ABSOLUTE: UNPARSEABLE,
    _K.INVALID_HOST: UNPARSEABLE,
    _K.INVALID_PORT: UNPARSEABLE,
    _K.SURROUNDING_WHITESPACE: WHITESPACE,
    _K.INNER_CONTROL: WHITESPACE,
    _K.NOT_HTTPS: NOT_HTTPS,
    _K.USERINFO: USERINFO,
    _K.BACKSLASH: NOT_EXACT,
    _K.NON_ASCII_HOST: DISGUISED_HOST,
    _K.PUNYCODE_HOST: DISGUISED_HOST,
    _K.ENCODED_HOST: DISGUISED_HOST,
}
# On a Microsoft host these parts make the value wrong; a publisher's own authorization
# URL may legitimately carry them (LawVu's is https://go.lawvu.com/#/authorize).
_EXACT_ON_MICROSOFT_HOSTS: dict[UrlProblemKind, Rule] = {
    _K.NON_DEFAULT_PORT: NOT_EXACT,
    _K.EXPLICIT_DEFAULT_PORT: NOT_EXACT,
    _K.QUERY: NOT_EXACT,
    _K.FRAGMENT: NOT_EXACT,
    _K.DOT_SEGMENT: NOT_EXACT,
    _K.ENCODED_SEPARATOR: NOT_EXACT,
    _K.TRAILING_DOT: NOT_EXACT,
}
LOGIN_POLICY = UrlPolicy("login", always=_BASIC, strict=_EXACT_ON_MICROSOFT_HOSTS)
"""A login URI: strict on a Microsoft host, and for an aad connector on any host."""
RESOURCE_POLICY = UrlPolicy(
    "resource",
    # A publisher's resource is an identifier: a query or fragment in it is odd everywhere.
    always={**_BASIC, _K.QUERY: NOT_EXACT, _K.FRAGMENT: NOT_EXACT},
    strict=_EXACT_ON_MICROSOFT_HOSTS,
)
"""A resource URI: strict on a Microsoft host."""
IDENTIFIER_POLICY = UrlPolicy(
    "identifier",
    always={_K.SURROUNDING_WHITESPACE: WHITESPACE, _K.INNER_CONTROL: WHITESPACE},
    names_imitation=False,
)
"""A client id, or a resource that is an application id (GUID) or App ID URI (api://…):
only stray whitespace is a URL problem."""
_DISGUISES = DISGUISES
_IDENTIFIER_SCHEMES = ("api", "urn")
"""App ID URIs that are identifiers, not locations (api://<guid>)."""
_PLACEHOLDER_ID = re.compile(
    r"[<>\[\]{}]|replace|enter your|add your|your client|"
    r"^(?:[0-]+|[x-]+|dummy|placeholder|changeme|todo|tbd|none|null|test|"
    r"client[ _-]?id|your[ _-]?client[ _-]?id)$",
    re.IGNORECASE,
)


def is_placeholder_client_id(value: str) -> bool:
    """`<clientId>`, `[[DUMMY]]`, `{{replace_with_your_client_id}}`, the nil GUID …"""
    return _PLACEHOLDER_ID.search(value.strip()) is not None


def _clouds_named(clouds: Iterable[Cloud]) -> str:
    names = [c.short_name for c in clouds]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _is_microsoft_host(host: str | None, catalog: CloudCatalog) -> bool:
    """A Microsoft sign-in, issuer or service host of any cloud (not Azure hosting)."""
    if host is None:
        return False
    owner = service_host_cloud(host, catalog=catalog)
    return owner is not None and owner.kind != "hosting"


def check_login_uri(
    url: str,
    *,
    cloud: Cloud,
    path: str,
    aad: bool = False,
    catalog: CloudCatalog | None = None,
) -> list[Finding]:
    """Check a login (authority or authorization) URI for one cloud.

    A Microsoft login host must be one of the cloud's (`cloud.login_hosts`). With
    `aad=True` (identity provider aad) every other host is an error too; otherwise
    (oauth2, oauth2generic, or unknown) another host is the publisher's own sign-in and
    is left alone. Never raises."""
    catalog = catalog or load_catalog()
    sink = FindingSink(path, cloud.id)
    findings = sink.findings
    inspected = inspect_url(url)
    host = inspected.host_ascii
    strict = aad or _is_microsoft_host(host, catalog)
    report_url_problems(inspected, LOGIN_POLICY, sink, catalog=catalog, strict=strict)
    if not inspected.usable or host is None or inspected.has(*_DISGUISES):
        return findings
    right = cloud.login_hosts.value
    if host in cloud.accepted_login_hosts:
        return findings
    fix = f"https://{cloud.canonical_login_host}{inspected.path}"
    if host in cloud.issuer_hosts.value:
        sink.emit(
            ISSUER_HOST,
            f"{host} issues {cloud.directory_name} tokens but is not a sign-in host",
            hint=f"Set {path} to {fix}.",
        )
        return findings
    owners = catalog.clouds_with_login_host(host) or catalog.clouds_with_issuer_host(host)
    if owners:
        sink.emit(
            LOGIN_HOST_OTHER_CLOUD,
            f"{host} signs in to {_clouds_named(owners)}; {cloud.short_name} signs in at "
            f"{' or '.join(right)}",
            hint=f"Set {path} to {fix}." if fix else None,
        )
        return findings
    imitated = lookalike_of(host, microsoft_hosts(catalog))
    if imitated:
        sink.emit(LOOKALIKE, f"its host {host} imitates {imitated} but belongs to someone else")
        return findings
    domain_owners = _login_domain_owners(host, cloud, catalog)
    if host in catalog.all_graph_hosts() or domain_owners:
        # Another Microsoft sign-in host (sts.windows.net in GCC High) or a Graph host:
        # never the publisher's own sign-in, so wrong whatever the identity provider.
        what = (
            f"{host} is a Microsoft Graph host, not a login host"
            if host in catalog.all_graph_hosts()
            else f"{host} is a host of {_clouds_named(domain_owners)}'s sign-in domain"
        )
        sink.emit(
            LOGIN_HOST_UNKNOWN,
            f"{what}; {cloud.name} signs in at {' or '.join(right)}",
            hint=f"Set {path} to {fix}." if fix else None,
        )
    elif aad:
        sink.emit(
            LOGIN_HOST_UNKNOWN,
            f"{host} is not a login host of {cloud.name}, which signs in at {' or '.join(right)}",
            hint=f"Set {path} to {fix}." if fix else None,
        )
    return findings


def _login_domain_owners(host: str, cloud: Cloud, catalog: CloudCatalog) -> tuple[Cloud, ...]:
    """The other clouds whose login hosts share `host`'s registrable domain
    (windows.net for sts.windows.net), when none of this cloud's login hosts does."""

    def domain(name: str) -> str:
        return ".".join(name.split(".")[-2:])

    own = {domain(h) for h in cloud.login_hosts.value}
    if domain(host) in own:
        return ()
    return tuple(
        other
        for other in catalog.clouds
        if any(domain(h) == domain(host) for h in other.login_hosts.value)
    )


def check_resource_uri(
    url: str, *, cloud: Cloud, path: str, catalog: CloudCatalog | None = None
) -> list[Finding]:
    """Check a resource URI for one cloud: a Microsoft service (Graph, Power BI, Resource
    Manager, Key Vault, …) must be the cloud's own, else CP408 names its equivalent; an
    application id (GUID) or App ID URI (api://…) is an identifier and only checked for
    stray whitespace. Never raises."""
    catalog = catalog or load_catalog()
    sink = FindingSink(path, cloud.id)
    findings = sink.findings
    inspected = inspect_url(url)
    bare = inspected.text
    if is_guid(bare) or bare.lower().startswith(tuple(s + ":" for s in _IDENTIFIER_SCHEMES)):
        report_url_problems(inspected, IDENTIFIER_POLICY, sink, catalog=catalog)
        return findings
    host = inspected.host_ascii
    strict = _is_microsoft_host(host, catalog)
    report_url_problems(inspected, RESOURCE_POLICY, sink, catalog=catalog, strict=strict)
    if not inspected.usable or host is None or inspected.has(*_DISGUISES):
        return findings
    owner = service_host_cloud(host, catalog=catalog)
    if owner is not None and owner.kind != "hosting":
        if cloud.id not in owner.clouds:
            owners = _clouds_named(catalog.get(c) for c in owner.clouds)
            name = catalog.service(owner.family).name if owner.kind else "a sign-in host"
            equivalent = equivalent_url(url, cloud.id, catalog=catalog)
            if equivalent is not None:
                right = host_of(equivalent) or equivalent
                sink.emit(
                    SERVICE_OTHER_CLOUD,
                    f"{host} is {name} in {owners}; {cloud.name} uses {right}",
                    hint=f"Set {path} to {equivalent}.",
                )
            else:
                sink.emit(
                    SERVICE_OTHER_CLOUD,
                    f"{host} is {name} in {owners}; its {cloud.name} resource is not known",
                    hint=f"Ask Microsoft for the {cloud.name} resource of {name}.",
                )
        return findings
    imitated = lookalike_of(host, microsoft_hosts(catalog))
    if imitated:
        sink.emit(LOOKALIKE, f"its host {host} imitates {imitated} but belongs to someone else")
    return findings


def check_client_id(client_id: str, *, cloud: Cloud, aad: bool, path: str) -> list[Finding]:
    """Check the format of one cloud's client id: present, no stray whitespace, not a
    placeholder and, for an AAD connector, a GUID. Reuse across clouds is in `check`."""
    findings: list[Finding] = []
    value = client_id.strip()
    if not value:
        findings.append(
            CLIENT_ID_MISSING.finding(
                f"{path} is empty: C2 needs an OAuth app of its own for {cloud.short_name}.",
                path=path,
                cloud=cloud.id,
                hint=f"Create an OAuth app for {cloud.name}"
                + (f" in {cloud.directory_name}" if aad else "")
                + f" and enter its client id in {path}.",
            )
        )
        return findings
    sink = FindingSink(path, cloud.id, findings=findings)
    if is_placeholder_client_id(value) and not (aad and is_guid(value.strip("{}()"))):
        sink.emit(CLIENT_ID_PLACEHOLDER, "it is a placeholder, not a real client id")
        return findings
    report_url_problems(inspect_url(client_id), IDENTIFIER_POLICY, sink, catalog=load_catalog())
    if aad and is_guid(value):
        if set(value) <= {"0", "-"}:
            sink.emit(CLIENT_ID_PLACEHOLDER, "it is the all-zero GUID, a placeholder")
        return findings
    if aad and is_guid(value.strip("{}()")):
        sink.emit(CLIENT_ID_NOT_GUID, "write the GUID without braces or parentheses")
    elif aad:
        sink.emit(
            CLIENT_ID_NOT_GUID,
            "an Entra ID application (client) id is a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        )
    return findings


class _AppId(NamedTuple):
    cloud: Cloud
    path: str
    value: str
    label: str
    """How a message names its owner: "the commercial app" or "the GCC High app"."""

    @property
    def key(self) -> str:
        return self.value.strip().lower()


def _app_ids(ctx: RuleContext) -> list[_AppId]:
    """Usable client ids, commercial first, then the target clouds in catalog order."""
    found: list[_AppId] = []
    connector = ctx.project.connector
    commercial = connector.oauth.client_id if connector.oauth else None
    if commercial and commercial.strip() and not is_placeholder_client_id(commercial):
        found.append(
            _AppId(
                ctx.catalog.commercial,
                "connector.oauth.client_id",
                commercial,
                "the commercial app",
            )
        )
    for cloud_id, config in ctx.project.clouds.items():
        value = config.oauth_app.client_id
        if value and value.strip() and not is_placeholder_client_id(value):
            cloud = ctx.catalog.get(cloud_id)
            found.append(
                _AppId(
                    cloud,
                    f"clouds.{cloud_id}.oauth_app.client_id",
                    value,
                    f"the {cloud.short_name} app",
                )
            )
    return found


def _reuse(ctx: RuleContext) -> list[Finding]:
    """CP404 for an Entra app reused across directories (it does not exist there); CP405
    for reuse within a directory, and for any reuse by a publisher's own OAuth server,
    where directories mean nothing but the page still asks for an app per cloud."""
    findings: list[Finding] = []
    ids = _app_ids(ctx)
    entra = ctx.project.connector.is_aad
    for index, current in enumerate(ids):
        earlier = [e for e in ids[:index] if e.key == current.key]
        if not entra:
            if earlier:
                findings.append(_reused_by_own_server(current, earlier))
            continue
        across = [e for e in earlier if e.cloud.directory != current.cloud.directory]
        within = [e for e in earlier if e.cloud.directory == current.cloud.directory]
        cloud = current.cloud
        if across:
            other = across[0].cloud
            findings.append(
                REUSED_ACROSS_DIRECTORIES.finding(
                    f"{current.path} is also "
                    + " and ".join(e.path for e in across)
                    + f"; that app is in {other.directory_name}, not in "
                    f"{cloud.short_name}'s directory.",
                    path=current.path,
                    cloud=cloud.id,
                    hint=f"Create an OAuth app for {cloud.name} in {cloud.directory_name} "
                    f"and enter its client id in {current.path}.",
                )
            )
        if within:
            findings.append(
                REUSED_WITHIN_DIRECTORY.finding(
                    f"{current.path} is also "
                    + " and ".join(e.path for e in within)
                    + "; the page asks for an OAuth app per government cloud.",
                    path=current.path,
                    cloud=cloud.id,
                    hint=f"Create a separate OAuth app for {cloud.name} and enter its "
                    f"client id in {current.path}.",
                )
            )
    return findings


def _reused_by_own_server(current: _AppId, earlier: list[_AppId]) -> Finding:
    cloud = current.cloud
    return REUSED_WITHIN_DIRECTORY.finding(
        f"{current.path} is also "
        + " and ".join(e.path for e in earlier)
        + "; the page asks for an OAuth app per government cloud.",
        path=current.path,
        cloud=cloud.id,
        hint=f"Register a separate client for {cloud.name} on your OAuth server and enter "
        f"its client id in {current.path}.",
    )


def _missing_uris(
    connector: Connector, app: OAuthApp, req: CloudRequirements, catalog: CloudCatalog
) -> list[Finding]:
    """An AAD connector whose commercial baseline has a login or resource URI needs the
    cloud's own; which severity depends on whether the commercial value works there
    (`requirements_for` says what the cloud's equivalent is)."""
    baseline = connector.oauth
    if not connector.is_aad or baseline is None:
        return []
    cloud = req.cloud
    findings: list[Finding] = []
    base = f"clouds.{cloud.id}.oauth_app"
    login = (baseline.login_uri or "").strip()
    if login and not (app.login_uri or "").strip():
        host = host_of(login)
        if host is not None and host in req.login.accepted.value:
            findings.append(
                URI_NOT_CONFIRMED.finding(
                    f"{base}.login_uri is not set; the commercial {login} would be assumed "
                    f"and {host} is right for {cloud.short_name}.",
                    path=f"{base}.login_uri",
                    cloud=cloud.id,
                    hint=f"Set {base}.login_uri to {login} to confirm C4.",
                )
            )
        else:
            fix = req.login.mapped.value or req.login.uri
            findings.append(
                LOGIN_MISSING.finding(
                    f"{base}.login_uri is not set, and the commercial {login} does not work "
                    f"in {cloud.short_name}.",
                    path=f"{base}.login_uri",
                    cloud=cloud.id,
                    hint=f"Set {base}.login_uri to {fix}.",
                )
            )
    resource = (baseline.resource_uri or "").strip()
    if resource and not (app.resource_uri or "").strip():
        path = f"{base}.resource_uri"
        mapped = req.resource.mapped.value
        family = req.resource.family
        if family is not None:
            name = catalog.service(family).name
            works = mapped == resource
            fix = mapped or f"the {cloud.short_name} resource of {name}"
        else:
            works = not req.resource.app_id_in_other_directory
            fix = f"the resource app's id in {cloud.directory_name}"
        if works:
            findings.append(
                URI_NOT_CONFIRMED.finding(
                    f"{path} is not set; the commercial {resource} would be assumed.",
                    path=path,
                    cloud=cloud.id,
                    hint=f"Confirm the resource URI for {cloud.name} and set {path}.",
                )
            )
        else:
            findings.append(
                RESOURCE_MISSING.finding(
                    f"{path} is not set, and the commercial {resource} does not work in "
                    f"{cloud.short_name}"
                    + (
                        ": it is an application id of another directory." if family is None else "."
                    ),
                    path=path,
                    cloud=cloud.id,
                    hint=f"Set {path} to {fix}.",
                )
            )
    return findings


def _resource_from_other_directory(
    connector: Connector, app: OAuthApp, cloud: Cloud, catalog: CloudCatalog
) -> list[Finding]:
    resource = (app.resource_uri or "").strip()
    baseline = connector.oauth
    if not is_guid(resource) or baseline is None:
        return []
    if cloud.directory == catalog.commercial.directory:
        return []
    commercial_ids = {
        (v or "").strip().lower() for v in (baseline.client_id, baseline.resource_uri)
    }
    if resource.lower() not in commercial_ids:
        return []
    path = f"clouds.{cloud.id}.oauth_app.resource_uri"
    return [
        RESOURCE_APP_OTHER_DIRECTORY.finding(
            f"{path} is the commercial app's id, which does not exist in "
            f"{cloud.short_name}'s directory.",
            path=path,
            cloud=cloud.id,
            hint=f"Set {path} to the id of the resource app registered in "
            f"{cloud.directory_name} for {cloud.name}.",
        )
    ]


def check(ctx: RuleContext) -> Iterable[Finding]:
    connector = ctx.project.connector
    if not needs_oauth_app(connector):
        return []
    findings: list[Finding] = []
    for cloud_id, config in ctx.project.clouds.items():
        cloud = ctx.catalog.get(cloud_id)
        app = config.oauth_app
        base = f"clouds.{cloud_id}.oauth_app"
        findings.extend(
            check_client_id(
                app.client_id or "", cloud=cloud, aad=connector.is_aad, path=f"{base}.client_id"
            )
        )
        if app.login_uri is not None and app.login_uri.strip():
            findings.extend(
                check_login_uri(
                    app.login_uri,
                    cloud=cloud,
                    path=f"{base}.login_uri",
                    aad=connector.is_aad,
                    catalog=ctx.catalog,
                )
            )
        if app.resource_uri is not None and app.resource_uri.strip():
            findings.extend(
                check_resource_uri(
                    app.resource_uri, cloud=cloud, path=f"{base}.resource_uri", catalog=ctx.catalog
                )
            )
        findings.extend(_missing_uris(connector, app, ctx.requirements(cloud_id), ctx.catalog))
        findings.extend(_resource_from_other_directory(connector, app, cloud, ctx.catalog))
    findings.extend(_reuse(ctx))
    return findings
