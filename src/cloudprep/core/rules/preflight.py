"""CP701–CP799: what the opt-in online preflight observed (PRODUCT §13).

These are declarations only. A project never triggers them (`check` returns nothing): only
`cloudprep preflight` (the `cloudprep.preflight` package) makes their findings, from the
answers of the cloud's login host and the publisher's endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, Scope

if TYPE_CHECKING:
    from cloudprep.core.rules.context import RuleContext

# --- 1. directory and tenant ----------------------------------------------------------------

TENANT_NOT_SET = Rule(
    id="CP701",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="No usable tenant: the tenant and app checks were skipped",
    hint=(
        "enter the tenant the app is registered in (its directory id, a GUID, or a verified "
        "domain) as clouds.<id>.oauth_app.tenant_id"
    ),
    example='"tenant_id": "common" for GCC High',
)
TENANT_NOT_FOUND = Rule(
    id="CP702",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The tenant does not exist in the cloud's directory",
    hint=(
        "check the tenant id in the portal of the cloud's directory; a tenant created in "
        "another cloud does not exist here"
    ),
    example="a commercial tenant id checked on login.microsoftonline.us (AADSTS90002)",
)
TENANT_IN_OTHER_CLOUD = Rule(
    id="CP703",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The tenant lives in another cloud's directory",
    hint=(
        "register the app in a tenant of this cloud's directory and enter that tenant; an app "
        "in another directory cannot sign users in here"
    ),
    example="a GCC High tenant (cloud_instance_name microsoftonline.us) entered for GCC",
)
TENANT_CLOUD_UNKNOWN = Rule(
    id="CP704",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The tenant exists, but its cloud could not be confirmed",
    hint="nothing to do: the discovery document did not name its cloud instance",
    example="a discovery document without cloud_instance_name or tenant_region_scope",
)
TENANT_OTHER_SUB_SCOPE = Rule(
    id="CP705",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The tenant belongs to another cloud of the same directory",
    hint=(
        "fine for a multi-tenant app of this directory; otherwise register the app in a "
        "tenant of this cloud"
    ),
    example="a GCC High tenant (tenant_region_sub_scope DODCON) entered for DoD",
)

# --- 2. app and secret ----------------------------------------------------------------------

APP_NOT_IN_DIRECTORY = Rule(
    id="CP710",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The app is not registered in the cloud's directory (AADSTS700016)",
    hint=(
        "register an app for this cloud in its own directory (its own client id) and enter "
        "that client id"
    ),
    example="a commercial app's client id used for GCC High",
)
SECRET_INVALID = Rule(
    id="CP711",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The client secret is wrong (AADSTS7000215)",
    hint=(
        "store the secret's value (not its id) again: cloudprep secret set --cloud <id> "
        "--kind client-secret"
    ),
    example="the secret's id stored instead of its value",
)
SECRET_EXPIRED = Rule(
    id="CP712",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The client secret has expired (AADSTS7000222)",
    hint=(
        "create a new secret on the app, store it with cloudprep secret set, and update "
        "clouds.<id>.secret_expires"
    ),
    example="a client secret whose end date has passed",
)
CROSS_CLOUD_REQUEST = Rule(
    id="CP713",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="Cross-cloud request refused (AADSTS900432)",
    hint=(
        "the app and tenant belong to another cloud: register the app in this cloud's "
        "directory and sign in at this cloud's login host"
    ),
    example="a GCC High tenant's app asked for a token at login.microsoftonline.com",
)
TOKEN_REFUSED = Rule(
    id="CP714",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The login host refused the app's token request",
    hint="read Microsoft's description in the message; fix the app registration and run again",
    example="AADSTS7000112: the application is disabled",
)
APP_CHECK_SKIPPED = Rule(
    id="CP715",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The app and secret were not checked: the client id or the secret is missing",
    hint=(
        "enter clouds.<id>.oauth_app.client_id and store the secret: cloudprep secret set "
        "--cloud <id> --kind client-secret"
    ),
    example="an AAD connector with no client secret stored for DoD",
)

# --- the hosts ------------------------------------------------------------------------------

LOGIN_HOST_UNREACHABLE = Rule(
    id="CP720",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The sign-in host could not be reached, or its certificate is not trusted",
    hint=(
        "check the network path (proxy settings HTTPS_PROXY/NO_PROXY, firewall) and that "
        "the operating system trusts any TLS-inspecting proxy's root certificate"
    ),
    example="login.microsoftonline.us blocked by a firewall",
)

# --- 3. the endpoint ------------------------------------------------------------------------

ENDPOINT_NOT_RESOLVED = Rule(
    id="CP730",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The endpoint host does not resolve",
    hint="check the host name, and that it is published in public DNS",
    example="https://api.contoso-gov.example (no DNS record)",
)
ENDPOINT_PRIVATE_ADDRESS = Rule(
    id="CP731",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The endpoint host resolves to a private or loopback address",
    hint=(
        "Microsoft's services reach the endpoint from the internet: publish a public "
        "address (your own network may answer differently from public DNS)"
    ),
    example="api.contoso.com resolving to 10.0.0.5 on the publisher's network",
)
ENDPOINT_TLS_INVALID = Rule(
    id="CP732",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The endpoint's TLS certificate is not valid for its host",
    hint="install a certificate for this host name, issued by a public certificate authority",
    example="a certificate for www.contoso.com served on api.contoso.com",
)
ENDPOINT_CERT_EXPIRING = Rule(
    id="CP733",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The endpoint's certificate expires within 30 days",
    hint="renew the certificate before Microsoft tests the connector",
    example="a certificate valid until next week",
)
ENDPOINT_NO_ANSWER = Rule(
    id="CP734",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The endpoint did not answer within the timeout",
    hint=(
        "check that the service is up and reachable from the internet; raise --timeout for a "
        "slow first answer"
    ),
    example="a backend whose firewall drops the connection",
)
ENDPOINT_SERVER_ERROR = Rule(
    id="CP735",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The endpoint answered with a server error (5xx)",
    hint="it is reachable; check the service's health before Microsoft tests it",
    example="the base URL answers 503 Service Unavailable",
)
ENDPOINT_SKIPPED = Rule(
    id="CP736",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The endpoint was not checked",
    hint="nothing to check online: each connection supplies its own host, or decide the endpoint",
    example='"endpoint": {"mode": "per_connection"}',
)

# --- 4. the consent redirect, and the run itself --------------------------------------------

REDIRECT_NOT_PROVABLE = Rule(
    id="CP740",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The consent redirect cannot be proven without an interactive sign-in",
    hint="cloudprep check verifies the registered redirect URLs offline (CP2xx)",
    example="any OAuth connector",
)
BUDGET_EXHAUSTED = Rule(
    id="CP741",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The time budget ran out: a check was not run",
    hint="run cloudprep preflight again, for fewer clouds (--cloud) or with a longer --timeout",
    example="three clouds whose hosts each take the full timeout",
)

RULES = (
    TENANT_NOT_SET,
    TENANT_NOT_FOUND,
    TENANT_IN_OTHER_CLOUD,
    TENANT_CLOUD_UNKNOWN,
    TENANT_OTHER_SUB_SCOPE,
    APP_NOT_IN_DIRECTORY,
    SECRET_INVALID,
    SECRET_EXPIRED,
    CROSS_CLOUD_REQUEST,
    TOKEN_REFUSED,
    APP_CHECK_SKIPPED,
    LOGIN_HOST_UNREACHABLE,
    ENDPOINT_NOT_RESOLVED,
    ENDPOINT_PRIVATE_ADDRESS,
    ENDPOINT_TLS_INVALID,
    ENDPOINT_CERT_EXPIRING,
    ENDPOINT_NO_ANSWER,
    ENDPOINT_SERVER_ERROR,
    ENDPOINT_SKIPPED,
    REDIRECT_NOT_PROVABLE,
    BUDGET_EXHAUSTED,
)


def check(ctx: RuleContext) -> Iterable[Finding]:
    """A project alone never has preflight findings; `cloudprep preflight` makes them."""
    return ()
