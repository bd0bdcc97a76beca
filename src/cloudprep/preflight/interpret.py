"""Answers from the network → check records and CP7xx findings. Pure.

The OpenID discovery fields that name a tenant's cloud (`cloud_instance_name`,
`tenant_region_scope`, `tenant_region_sub_scope`) appear in Microsoft Entra's discovery
documents, but they are not a documented contract: a missing field is "unknown" (CP704),
never a failure.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cloudprep.core.catalog import CloudCatalog
from cloudprep.core.findings import Finding
from cloudprep.core.rules import preflight as rules
from cloudprep.core.rules.secrets import secret_path
from cloudprep.core.secret_needs import SecretKind
from cloudprep.core.urls import address_category, display_value
from cloudprep.preflight.answers import HttpAnswer, ProblemKind, Resolution, server_text
from cloudprep.preflight.plan import CloudPlan
from cloudprep.preflight.record import CheckName, CheckRecord, Outcome

CERT_WARNING_DAYS = 30
_SHOWN_DESCRIPTION = 200
_SHOWN_FIELD = 40

# cloud_instance_name → the catalog's directory id.
_INSTANCE_DIRECTORY = {
    "microsoftonline.com": "entra-public",
    "microsoftonline.us": "entra-usgov",
    "partner.microsoftonline.cn": "entra-china",
}
# tenant_region_scope values that mean Azure AD Government.
_USGOV_SCOPES = frozenset({"usgov", "usg"})
# tenant_region_sub_scope → the cloud it names.
_SUB_SCOPE_CLOUD = {"GCC": "gcc", "DODCON": "gcch", "DOD": "dod"}

# Known AADSTS codes of a client-credentials request, and the rule each becomes.
_TOKEN_CODES = {
    700016: rules.APP_NOT_IN_DIRECTORY,
    7000215: rules.SECRET_INVALID,
    7000222: rules.SECRET_EXPIRED,
    90002: rules.TENANT_NOT_FOUND,
    900432: rules.CROSS_CLOUD_REQUEST,
}
# An AADSTS code has at most 7 digits; a longer one is not Entra's (and a run of thousands of
# digits is more than int() converts).
_MAX_CODE = 10**9
_AADSTS = re.compile(r"AADSTS(\d{1,9})(?!\d)")
# Lines Entra appends to every description; they identify one request and help no one here.
_REQUEST_IDS = re.compile(r"\s*(Trace ID|Correlation ID|Timestamp)\s*:\s*[^\r\n]*", re.IGNORECASE)


@dataclass(frozen=True)
class Interpreted:
    record: CheckRecord
    findings: tuple[Finding, ...] = ()


def _record(
    check: CheckName, outcome: Outcome, summary: str, at: datetime, **extra: Any
) -> CheckRecord:
    return CheckRecord(check=check, outcome=outcome, summary=summary, checked_at=at, **extra)


def _outcome(findings: list[Finding]) -> Outcome:
    severities = {f.severity.value for f in findings}
    if "error" in severities:
        return Outcome.FAILED
    if "warning" in severities:
        return Outcome.WARNING
    return Outcome.PASSED


def microsoft_description(body: Mapping[str, Any] | None) -> str:
    """Microsoft's own error description (else its error code), without its trace and
    correlation ids, made inert and short: whichever field it comes from, it is server text."""
    if not body:
        return ""
    text = body.get("error_description")
    if not isinstance(text, str) or not text:
        text = body.get("error")
        if not isinstance(text, str):
            return ""
    return server_text(_REQUEST_IDS.sub("", text), _SHOWN_DESCRIPTION)


def error_codes(body: Mapping[str, Any] | None) -> tuple[int, ...]:
    if not body:
        return ()
    codes = body.get("error_codes")
    if isinstance(codes, list) and codes:
        return tuple(
            c
            for c in codes
            if isinstance(c, int) and not isinstance(c, bool) and 0 <= c < _MAX_CODE
        )
    text = body.get("error_description")
    if isinstance(text, str):
        return tuple(int(m) for m in _AADSTS.findall(text)[:1])
    return ()


def _problem_text(answer: HttpAnswer) -> str:
    problem = answer.problem
    if problem is None:
        status = answer.status or 0
        if 300 <= status < 400:
            return f"HTTP {status}, a redirect (not followed)"
        if answer.body is None and status < 500:
            # Entra answers JSON, errors included: a proxy or a captive portal answered.
            return f"HTTP {status}, not a JSON answer"
        return f"HTTP {status}"
    if problem.kind is ProblemKind.TIMEOUT:
        return "no answer within the timeout"
    if problem.kind is ProblemKind.TLS:
        return f"its TLS certificate was refused ({problem.detail})"
    return f"{problem.kind.value} failure ({problem.detail})"


def _directory_names(catalog: CloudCatalog, directory: str) -> tuple[str, str]:
    """(directory name, its clouds' names) for messages."""
    clouds = [c for c in catalog.targets if c.directory == directory]
    name = clouds[0].directory_name if clouds else directory
    return name, ", ".join(c.name for c in clouds)


def unreachable(
    plan: CloudPlan, check: CheckName, host: str, answer: HttpAnswer, at: datetime
) -> Interpreted:
    path = {
        CheckName.TENANT: f"clouds.{plan.cloud_id}.oauth_app.tenant_id",
        CheckName.APP: f"clouds.{plan.cloud_id}.oauth_app.client_id",
        CheckName.SIGNIN: f"clouds.{plan.cloud_id}.oauth_app.login_uri",
        CheckName.ENDPOINT: plan.endpoint_path,
    }[check]
    finding = rules.LOGIN_HOST_UNREACHABLE.finding(
        f"{host} could not be checked from this network: {_problem_text(answer)}",
        path=path,
        cloud=plan.cloud_id,
    )
    return Interpreted(
        _record(check, Outcome.FAILED, f"{host}: {_problem_text(answer)}", at, host=host),
        (finding,),
    )


# --- 1. tenant ------------------------------------------------------------------------------


def tenant_skipped(plan: CloudPlan, at: datetime) -> Interpreted:
    finding = rules.TENANT_NOT_SET.finding(
        f"the tenant and app checks for {plan.cloud_name} were skipped: {plan.tenant_skip}",
        path=f"clouds.{plan.cloud_id}.oauth_app.tenant_id",
        cloud=plan.cloud_id,
    )
    return Interpreted(
        _record(CheckName.TENANT, Outcome.SKIPPED, "no tenant entered", at), (finding,)
    )


def interpret_discovery(
    plan: CloudPlan, answer: HttpAnswer, at: datetime, catalog: CloudCatalog
) -> Interpreted:
    host = plan.facts.login_host
    path = f"clouds.{plan.cloud_id}.oauth_app.tenant_id"
    here_name, _ = _directory_names(catalog, plan.facts.directory)
    if answer.problem is not None or answer.status is None:
        return unreachable(plan, CheckName.TENANT, host, answer, at)
    if answer.status in (400, 404) and answer.body is not None:
        said = microsoft_description(answer.body)
        finding = rules.TENANT_NOT_FOUND.finding(
            f"the tenant {plan.tenant} was not found in {here_name} ({host})"
            + (f": {said}" if said else ""),
            path=path,
            cloud=plan.cloud_id,
        )
        return Interpreted(
            _record(
                CheckName.TENANT, Outcome.FAILED, f"tenant not found in {here_name}", at, host=host
            ),
            (finding,),
        )
    if answer.status != 200 or answer.body is None:
        return unreachable(plan, CheckName.TENANT, host, answer, at)
    return _tenant_cloud(plan, answer.body, at, catalog)


def _text_field(body: Mapping[str, Any], key: str) -> str | None:
    """A discovery field's value as findings quote it (a real one is a short word)."""
    value = body.get(key)
    text = server_text(value, _SHOWN_FIELD) if isinstance(value, str) else ""
    return text or None


def _tenant_cloud(
    plan: CloudPlan, body: Mapping[str, Any], at: datetime, catalog: CloudCatalog
) -> Interpreted:
    host = plan.facts.login_host
    path = f"clouds.{plan.cloud_id}.oauth_app.tenant_id"
    instance = _text_field(body, "cloud_instance_name")
    scope = _text_field(body, "tenant_region_scope")
    sub_scope = _text_field(body, "tenant_region_sub_scope")
    directory: str | None = _INSTANCE_DIRECTORY.get(instance.lower()) if instance else None
    if directory is None and scope is not None:
        directory = "entra-usgov" if scope.lower() in _USGOV_SCOPES else None
        if directory is None and plan.facts.directory == "entra-usgov":
            # A scope such as NA or EU is a public-cloud tenant's.
            directory = "entra-public"
    sub_cloud = _SUB_SCOPE_CLOUD.get(sub_scope.upper()) if sub_scope else None
    here_name, _ = _directory_names(catalog, plan.facts.directory)
    seen = ", ".join(
        f"{k} {v}"
        for k, v in (
            ("cloud_instance_name", instance),
            ("tenant_region_scope", scope),
            ("tenant_region_sub_scope", sub_scope),
        )
        if v
    )
    if directory is None:
        finding = rules.TENANT_CLOUD_UNKNOWN.finding(
            f"the tenant {plan.tenant} exists at {host}, but the discovery document does not "
            "say which cloud it belongs to (unknown)",
            path=path,
            cloud=plan.cloud_id,
        )
        return Interpreted(
            _record(
                CheckName.TENANT,
                Outcome.PASSED,
                "tenant found; its cloud is unknown",
                at,
                host=host,
            ),
            (finding,),
        )
    if directory != plan.facts.directory:
        there_name, there_clouds = _directory_names(catalog, directory)
        lives = catalog.get(sub_cloud).name if sub_cloud else there_clouds
        finding = rules.TENANT_IN_OTHER_CLOUD.finding(
            f"the tenant {plan.tenant} lives in {there_name} ({lives}), not in {here_name}, "
            f"where {plan.cloud_name} signs in ({seen})",
            path=path,
            cloud=plan.cloud_id,
        )
        return Interpreted(
            _record(
                CheckName.TENANT,
                Outcome.FAILED,
                f"tenant lives in {there_name}",
                at,
                host=host,
                directory=there_name,
            ),
            (finding,),
        )
    findings: list[Finding] = []
    if sub_cloud is not None and sub_cloud != plan.cloud_id:
        findings.append(
            rules.TENANT_OTHER_SUB_SCOPE.finding(
                f"the tenant {plan.tenant} is a {catalog.get(sub_cloud).name} tenant "
                f"(tenant_region_sub_scope {sub_scope}) of {here_name}, used for "
                f"{plan.cloud_name}",
                path=path,
                cloud=plan.cloud_id,
            )
        )
    return Interpreted(
        _record(
            CheckName.TENANT,
            Outcome.PASSED,
            f"tenant found in {here_name}",
            at,
            host=host,
            directory=here_name,
        ),
        tuple(findings),
    )


# --- 2. app and secret ----------------------------------------------------------------------


def app_skipped(plan: CloudPlan, why: str, at: datetime, *, missing_secret: bool) -> Interpreted:
    path = (
        secret_path(plan.cloud_id, SecretKind.CLIENT_SECRET)
        if missing_secret
        else f"clouds.{plan.cloud_id}.oauth_app.client_id"
    )
    finding = rules.APP_CHECK_SKIPPED.finding(
        f"the app and secret were not checked for {plan.cloud_name}: {why}",
        path=path,
        cloud=plan.cloud_id,
    )
    return Interpreted(_record(CheckName.APP, Outcome.SKIPPED, why, at), (finding,))


def interpret_token(
    plan: CloudPlan, answer: HttpAnswer, at: datetime, catalog: CloudCatalog
) -> Interpreted:
    host = plan.facts.login_host
    here_name, _ = _directory_names(catalog, plan.facts.directory)
    if answer.problem is not None or answer.status is None:
        return unreachable(plan, CheckName.APP, host, answer, at)
    if answer.status == 200 and answer.token_issued:
        return Interpreted(
            _record(
                CheckName.APP,
                Outcome.PASSED,
                f"app and secret valid in {here_name}",
                at,
                host=host,
                directory=here_name,
            )
        )
    codes = error_codes(answer.body)
    if not codes and (answer.status >= 500 or answer.body is None or 300 <= answer.status < 400):
        # Not a refusal by Entra, whose refusals are JSON: a server error, or another answer.
        return unreachable(plan, CheckName.APP, host, answer, at)
    said = microsoft_description(answer.body) or f"HTTP {answer.status}"
    rule = next((_TOKEN_CODES[c] for c in codes if c in _TOKEN_CODES), rules.TOKEN_REFUSED)
    client = display_value(plan.client_id or "")
    messages = {
        rules.APP_NOT_IN_DIRECTORY.id: f"the app {client} is not registered in {here_name}",
        rules.SECRET_INVALID.id: f"the client secret stored for {plan.cloud_id} is not valid "
        f"for the app {client}",
        rules.SECRET_EXPIRED.id: f"the client secret stored for {plan.cloud_id} has expired",
        rules.TENANT_NOT_FOUND.id: f"the tenant {plan.tenant} was not found in {here_name}",
        rules.CROSS_CLOUD_REQUEST.id: f"{host} refused a cross-cloud request: the app or "
        f"tenant is not in {here_name}",
    }
    message = messages.get(rule.id, f"{host} refused the token request: {said}")
    path = {
        rules.SECRET_INVALID.id: secret_path(plan.cloud_id, SecretKind.CLIENT_SECRET),
        rules.SECRET_EXPIRED.id: secret_path(plan.cloud_id, SecretKind.CLIENT_SECRET),
        rules.TENANT_NOT_FOUND.id: f"clouds.{plan.cloud_id}.oauth_app.tenant_id",
    }.get(rule.id, f"clouds.{plan.cloud_id}.oauth_app.client_id")
    finding = rule.finding(message, path=path, cloud=plan.cloud_id)
    code = f"AADSTS{codes[0]}" if codes else f"HTTP {answer.status}"
    return Interpreted(
        _record(CheckName.APP, Outcome.FAILED, f"token refused ({code})", at, host=host),
        (finding,),
    )


def interpret_signin(plan: CloudPlan, host: str, answer: HttpAnswer, at: datetime) -> Interpreted:
    """A generic OAuth provider: reachable, with a valid certificate, is all that is checked."""
    if answer.problem is not None or answer.status is None:
        return unreachable(plan, CheckName.SIGNIN, host, answer, at)
    return Interpreted(
        _record(
            CheckName.SIGNIN, Outcome.PASSED, f"{host} reachable, certificate valid", at, host=host
        )
    )


# --- 3. endpoint ----------------------------------------------------------------------------


def endpoint_skipped(plan: CloudPlan, at: datetime) -> Interpreted:
    finding = rules.ENDPOINT_SKIPPED.finding(
        f"the {plan.cloud_name} endpoint was not checked: {plan.endpoint_skip}",
        path=plan.endpoint_path,
        cloud=plan.cloud_id,
    )
    return Interpreted(
        _record(CheckName.ENDPOINT, Outcome.SKIPPED, plan.endpoint_skip or "not checked", at),
        (finding,),
    )


def interpret_endpoint(
    plan: CloudPlan,
    resolution: Resolution,
    answer: HttpAnswer | None,
    at: datetime,
    *,
    timeout: float,
) -> Interpreted:
    host = plan.endpoint_host or ""
    path = plan.endpoint_path
    cloud = plan.cloud_id
    findings: list[Finding] = []
    if resolution.problem is not None and not resolution.through_proxy:
        findings.append(
            rules.ENDPOINT_NOT_RESOLVED.finding(
                f"the endpoint host {host} does not resolve from this network "
                f"({resolution.problem.detail})",
                path=path,
                cloud=cloud,
            )
        )
    non_public = []
    for text in resolution.addresses:
        try:
            category = address_category(ipaddress.ip_address(text.split("%", 1)[0]))
        except ValueError:
            continue
        if category.value != "public":
            non_public.append(f"{text} ({category.value})")
    if non_public:
        findings.append(
            rules.ENDPOINT_PRIVATE_ADDRESS.finding(
                f"the endpoint host {host} resolves to {', '.join(non_public[:3])} on this "
                "network; Microsoft cannot reach such an address",
                path=path,
                cloud=cloud,
            )
        )
    summary = "not reached"
    cert_date = None
    if answer is not None:
        problem = answer.problem
        if problem is not None and problem.kind is ProblemKind.TLS:
            findings.append(
                rules.ENDPOINT_TLS_INVALID.finding(
                    f"the endpoint {host} has a TLS certificate that is not valid for it "
                    f"({problem.detail})",
                    path=path,
                    cloud=cloud,
                )
            )
        elif problem is not None:
            what = (
                f"did not answer within {timeout:g} s"
                if problem.kind is ProblemKind.TIMEOUT
                else f"could not be reached ({problem.kind.value}: {problem.detail})"
            )
            findings.append(
                rules.ENDPOINT_NO_ANSWER.finding(
                    f"the endpoint {host} {what}", path=path, cloud=cloud
                )
            )
        elif answer.status is not None:
            summary = f"reachable (HTTP {answer.status})"
            if answer.status >= 500:
                findings.append(
                    rules.ENDPOINT_SERVER_ERROR.finding(
                        f"the endpoint {host} answered HTTP {answer.status}",
                        path=path,
                        cloud=cloud,
                    )
                )
            if answer.cert_not_after is not None:
                cert_date = answer.cert_not_after.date()
                summary += f", certificate valid until {cert_date.isoformat()}"
                if answer.cert_not_after - at <= timedelta(days=CERT_WARNING_DAYS):
                    findings.append(
                        rules.ENDPOINT_CERT_EXPIRING.finding(
                            f"the endpoint {host}'s certificate expires on "
                            f"{cert_date.isoformat()}, within {CERT_WARNING_DAYS} days",
                            path=path,
                            cloud=cloud,
                        )
                    )
    outcome = _outcome(findings)
    if outcome is Outcome.FAILED:
        summary = "not reachable" if answer is None or answer.status is None else summary
    return Interpreted(
        _record(
            CheckName.ENDPOINT, outcome, summary, at, host=host, certificate_not_after=cert_date
        ),
        tuple(findings),
    )
