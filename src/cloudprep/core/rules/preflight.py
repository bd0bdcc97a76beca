"""CP701–CP799: what the opt-in online preflight observed (PRODUCT §13).

These are declarations only. A project never triggers them (`check` returns nothing): only
`cloudprep preflight` (the `cloudprep.preflight` package) makes their findings, from the
answers of the cloud's login host and the publisher's endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, RuleDoc, Scope

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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.tenant_id`",
        checks=(
            "the tenant is empty, `common`, `organizations` or `consumers`, or neither a "
            "GUID nor a domain name."
        ),
        why=(
            "discovery and a client-credentials token need the app's own directory; "
            "falling back to `organizations` would prove nothing about this cloud."
        ),
        fix="enter the tenant the app is registered in (a GUID or a verified domain).",
        example='`"tenant_id": "common"` for GCC High.',
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.tenant_id`",
        checks=(
            "the cloud's login host answers the tenant's OpenID discovery with 400 or "
            "404, or a token request with AADSTS90002. Microsoft's description follows, "
            "without its trace and correlation ids."
        ),
        why=(
            "a tenant lives in one directory only; a commercial tenant does not exist at "
            "login.microsoftonline.us."
        ),
        fix="check the tenant id in the portal of this cloud's directory.",
        example="a commercial tenant id checked for Azure Government.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.tenant_id`",
        checks=(
            "the discovery document's `cloud_instance_name` (or its "
            "`tenant_region_scope`) names another directory than the cloud's; the message"
            " names where the tenant lives (with `tenant_region_sub_scope`: GCC, DODCON "
            "for GCC High, DOD)."
        ),
        why="an app in another directory fails at sign-in (AADSTS900432 or AADSTS700016).",
        fix=("register the app in a tenant of this cloud's directory and enter that tenant."),
        example="a GCC High tenant entered for GCC.",
    ),
)
TENANT_CLOUD_UNKNOWN = Rule(
    id="CP704",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The tenant exists, but its cloud could not be confirmed",
    hint="nothing to do: the discovery document did not name its cloud instance",
    example="a discovery document without cloud_instance_name or tenant_region_scope",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.tenant_id`",
        checks=("discovery succeeded, but the document has none of the fields that name a cloud."),
        why=(
            'the fields are not a documented contract; their absence is "unknown", not a failure.'
        ),
        fix="nothing to do.",
        example="a discovery document without `cloud_instance_name`.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.tenant_id`",
        checks="`tenant_region_sub_scope` names another cloud of the same directory.",
        why=(
            "GCC High, DoD and Azure Government share Azure AD Government; a multi-tenant"
            " app there can serve all three, but the page asks for an app per government "
            "cloud."
        ),
        fix=("fine for a multi-tenant app; otherwise register the app in a tenant of this cloud."),
        example="a GCC High tenant (`DODCON`) entered for DoD.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "the client-credentials token request (for the cloud's Microsoft Graph "
            "`/.default`) is refused with AADSTS700016."
        ),
        why=(
            "an app exists in one directory only; a commercial app's client id does not "
            "exist in Azure AD Government."
        ),
        fix="register an app for this cloud in its own directory and enter its client id.",
        example="a commercial app's client id used for GCC High.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.secrets.client-secret`",
        checks="the token request is refused with AADSTS7000215.",
        why="the secret Microsoft would be handed does not work.",
        fix="store the secret's value (not its id) again with `cloudprep secret set`.",
        example="the secret's id stored instead of its value.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.secrets.client-secret`",
        checks="the token request is refused with AADSTS7000222.",
        why="an expired secret fails Microsoft's test at once.",
        fix="create a new secret, store it, and update `clouds.<cloud>.secret_expires`.",
        example="a secret whose end date has passed.",
    ),
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
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            'the token request is refused with AADSTS900432 ("Confidential Client is not '
            'supported in Cross Cloud request").'
        ),
        why="the app or tenant belongs to another cloud than the login host asked.",
        fix=("register the app in this cloud's directory and sign in at this cloud's login host."),
        example="a GCC High tenant's app asked for a token at login.microsoftonline.com.",
    ),
)
TOKEN_REFUSED = Rule(
    id="CP714",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The login host refused the app's token request",
    hint="read Microsoft's description in the message; fix the app registration and run again",
    example="AADSTS7000112: the application is disabled",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.client_id`",
        checks=(
            "any other refusal; the message carries Microsoft's own description (controls"
            " removed, trace and correlation ids removed, at most 200 characters)."
        ),
        why="the app cannot get a token, so the connector cannot either.",
        fix="read the description, fix the app registration, run again.",
        example="AADSTS7000112, the application is disabled.",
    ),
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
    doc=RuleDoc(
        location=("`clouds.<cloud>.oauth_app.client_id` or `clouds.<cloud>.secrets.client-secret`"),
        checks=(
            "an Entra connector's cloud with a tenant but no client id, or no client "
            "secret in the keyring. (A keyring that cannot be used at all stops the "
            "command with exit 3.)"
        ),
        why="nothing can be proven about the app without both.",
        fix=("enter the client id; `cloudprep secret set --cloud <cloud> --kind client-secret`."),
        example="no client secret stored for DoD.",
    ),
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
    doc=RuleDoc(
        location="the tenant, client id or login URI field",
        checks=(
            "a request to the cloud's login host (or a generic OAuth provider's sign-in "
            "host, where only reachability and TLS are checked) timed out, failed, was "
            "refused by the proxy, answered a 5xx, a redirect (never followed) or something "
            "that is not Entra's JSON (a discovery document, a token or a refusal), or its "
            "certificate is not trusted by the operating system."
        ),
        why=(
            "nothing else about the app can be proven then; a TLS-inspecting proxy whose "
            "root the OS does not trust is a common cause."
        ),
        fix=(
            "check HTTPS_PROXY/NO_PROXY and the firewall, and that the OS trusts the proxy's root."
        ),
        example="login.microsoftonline.us blocked by a firewall.",
    ),
)

# --- 3. the endpoint ------------------------------------------------------------------------

ENDPOINT_NOT_RESOLVED = Rule(
    id="CP730",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The endpoint host does not resolve",
    hint="check the host name, and that it is published in public DNS",
    example="https://api.contoso-gov.example (no DNS record)",
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks=(
            "DNS gives no address for the host (not reported when a proxy carries the "
            "request: the proxy resolves it then)."
        ),
        why="Microsoft cannot reach a name that does not resolve.",
        fix="check the name and its public DNS record.",
        example="`https://api.contoso-gov.example`.",
    ),
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
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks=(
            "any address the host resolves to is loopback, private, link-local, CGNAT or "
            "otherwise not public."
        ),
        why=(
            "the publisher's own network may answer differently from public DNS, and "
            "Microsoft cannot reach such an address."
        ),
        fix="publish a public address.",
        example="api.contoso.com resolving to 10.0.0.5.",
    ),
)
ENDPOINT_TLS_INVALID = Rule(
    id="CP732",
    severity=Severity.ERROR,
    scope=Scope.PREFLIGHT,
    title="The endpoint's TLS certificate is not valid for its host",
    hint="install a certificate for this host name, issued by a public certificate authority",
    example="a certificate for www.contoso.com served on api.contoso.com",
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks=(
            "the TLS handshake fails verification: a certificate for another name, "
            "expired, or not from a trusted authority (the message has the TLS layer's "
            "reason)."
        ),
        why="Microsoft's connector runtime refuses such a certificate.",
        fix="install a certificate for this host from a public authority.",
        example="a certificate for www.contoso.com served on api.contoso.com.",
    ),
)
ENDPOINT_CERT_EXPIRING = Rule(
    id="CP733",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The endpoint's certificate expires within 30 days",
    hint="renew the certificate before Microsoft tests the connector",
    example="a certificate valid until next week",
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks="the certificate's end date is 30 days or less after the check.",
        why="a review takes days to weeks.",
        fix="renew the certificate.",
        example="a certificate valid until next week.",
    ),
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
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks=(
            "one GET to the base URL (redirects not followed, no credentials) got no "
            "answer within `--timeout`, or the connection was refused or dropped."
        ),
        why="an endpoint that does not answer cannot be tested.",
        fix=("check the service is up and reachable; raise `--timeout` for a slow first answer."),
        example="a backend whose firewall drops the connection.",
    ),
)
ENDPOINT_SERVER_ERROR = Rule(
    id="CP735",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The endpoint answered with a server error (5xx)",
    hint="it is reachable; check the service's health before Microsoft tests it",
    example="the base URL answers 503 Service Unavailable",
    doc=RuleDoc(
        location="the endpoint URL's field",
        checks="the base URL answered 500–599. Any other status counts as reachable.",
        why="reachable, but unhealthy at the time of the check.",
        fix="check the service's health.",
        example="503 Service Unavailable.",
    ),
)
ENDPOINT_SKIPPED = Rule(
    id="CP736",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The endpoint was not checked",
    hint="nothing to check online: each connection supplies its own host, or decide the endpoint",
    example='"endpoint": {"mode": "per_connection"}',
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.mode` or the URL field",
        checks=(
            "the endpoint is per connection, not decided, has no URL, or its URL is not a"
            " usable https URL (the offline rules CP3xx say why)."
        ),
        why="there is no one host to check.",
        fix="nothing for per-connection hosts; otherwise decide the endpoint.",
        example='`"endpoint": {"mode": "per_connection"}`.',
    ),
)

# --- 4. the consent redirect, and the run itself --------------------------------------------

REDIRECT_NOT_PROVABLE = Rule(
    id="CP740",
    severity=Severity.INFO,
    scope=Scope.PREFLIGHT,
    title="The consent redirect cannot be proven without an interactive sign-in",
    hint="cloudprep check verifies the registered redirect URLs offline (CP2xx)",
    example="any OAuth connector",
    doc=RuleDoc(
        location="`clouds`",
        checks="reported once per run of an OAuth connector.",
        why="only a user's sign-in through the consent service exercises the redirect.",
        fix="`cloudprep check` verifies the registered redirect URLs offline (CP2xx).",
        example="any OAuth connector.",
    ),
)
BUDGET_EXHAUSTED = Rule(
    id="CP741",
    severity=Severity.WARNING,
    scope=Scope.PREFLIGHT,
    title="The time budget ran out: a check was not run",
    hint="run cloudprep preflight again, for fewer clouds (--cloud) or with a longer --timeout",
    example="three clouds whose hosts each take the full timeout",
    doc=RuleDoc(
        location="the check's field",
        checks=("the run's total budget (6 × `--timeout`) was spent before this check started."),
        why="every request has a timeout, and so has the whole run.",
        fix="run again for fewer clouds (`--cloud`) or with a longer `--timeout`.",
        example="three clouds whose hosts each take the full timeout.",
    ),
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


DOC_SECTIONS: dict[str, str] = {
    "CP701": """\
## CP7xx: online preflight

These rules come from `cloudprep.core.rules.preflight`; only `cloudprep preflight` (and the
wizard's preflight action) reports them, never `check`. They say what the cloud's login host
and the endpoint answered, from the publisher's own network, at the UTC time each finding
carries (`checked_at` in JSON). The result is kept in a per-user state file (never in the
project) and embedded in a bundle while the checked inputs are unchanged (PRODUCT §13). The
OpenID discovery fields used to place a tenant (`cloud_instance_name`, `tenant_region_scope`,
`tenant_region_sub_scope`) are in Entra's discovery documents but are not a documented
contract: a missing field makes the tenant's cloud unknown (CP704), never a failure.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""
