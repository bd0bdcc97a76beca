"""The preflight's checks, in order, for each planned cloud.

The network is passed in (`PreflightNetwork`), so the runner is the same for the real
adapter, the tests' loopback servers and the wizard's fake. Every request gets the
per-request timeout, cut to what is left of the total budget; a check that would start
after the budget ran out is skipped with CP741. Every text that leaves the runner is
scrubbed of the secrets it was given, whatever a server echoed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import SecretStr

from cloudprep.core.catalog import CloudCatalog, load_catalog
from cloudprep.core.findings import Finding
from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.leaks import KnownSecret, SecretMatcher
from cloudprep.core.rules import preflight as rules
from cloudprep.preflight.answers import HttpAnswer, PreflightNetwork
from cloudprep.preflight.interpret import (
    Interpreted,
    app_skipped,
    endpoint_skipped,
    interpret_discovery,
    interpret_endpoint,
    interpret_signin,
    interpret_token,
    tenant_skipped,
)
from cloudprep.preflight.plan import CloudPlan, PreflightPlan
from cloudprep.preflight.record import (
    CheckName,
    CheckRecord,
    CloudResult,
    Outcome,
    PreflightFinding,
    PreflightResult,
)

DEFAULT_TIMEOUT = 10.0
BUDGET_PER_TIMEOUT = 6
"""The total budget is this many per-request timeouts (60 s by default)."""


class PreflightCancelled(Exception):
    """The user cancelled the run (the wizard's cancel); nothing is saved."""


@dataclass(frozen=True)
class PreflightSettings:
    timeout: float = DEFAULT_TIMEOUT
    """Seconds for each request."""
    budget: float | None = None
    """Seconds for the whole run (default: BUDGET_PER_TIMEOUT × timeout)."""

    @property
    def total(self) -> float:
        return self.budget if self.budget is not None else self.timeout * BUDGET_PER_TIMEOUT


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


Progress = Callable[[str, str], None]
"""Called with (cloud id, what is being checked) before each step."""


class _Run:
    def __init__(
        self,
        network: PreflightNetwork,
        secrets: Mapping[str, SecretStr],
        settings: PreflightSettings,
        catalog: CloudCatalog,
        now: Callable[[], datetime],
        monotonic: Callable[[], float],
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        guard: LeakGuard | None,
    ) -> None:
        self.network = network
        self.secrets = secrets
        self.settings = settings
        self.catalog = catalog
        self.now = now
        self.monotonic = monotonic
        self.deadline = monotonic() + settings.total
        self.progress = progress
        self.cancelled = cancelled
        self.matcher = SecretMatcher(
            KnownSecret(cloud, "client-secret", value.get_secret_value())
            for cloud, value in secrets.items()
        )
        self.guard = guard

    def step(self, cloud: str, what: str) -> float | None:
        """Announce a step; the timeout it may use, or None when the budget is spent."""
        if self.cancelled is not None and self.cancelled():
            raise PreflightCancelled
        if self.progress is not None:
            self.progress(cloud, what)
        left = self.deadline - self.monotonic()
        if left <= 0:
            return None
        return min(self.settings.timeout, left)

    def out_of_budget(self, plan: CloudPlan, check: CheckName, path: str) -> Interpreted:
        finding = rules.BUDGET_EXHAUSTED.finding(
            f"the {check.value} check for {plan.cloud_name} was not run: the "
            f"{self.settings.total:g} s budget ran out",
            path=path,
            cloud=plan.cloud_id,
        )
        record = CheckRecord(
            check=check,
            outcome=Outcome.SKIPPED,
            summary="not run: the time budget ran out",
            checked_at=self.now(),
        )
        return Interpreted(record, (finding,))

    def cloud(self, plan: CloudPlan) -> list[Interpreted]:
        results: list[Interpreted] = []
        if plan.facts.entra and plan.uses_app:
            results += self.entra(plan)
        elif plan.signin_url is not None:
            results.append(self.signin(plan, plan.signin_url))
        results.append(self.endpoint(plan))
        return results

    def entra(self, plan: CloudPlan) -> list[Interpreted]:
        cloud = plan.cloud_id
        if plan.tenant is None:
            return [tenant_skipped(plan, self.now())]
        timeout = self.step(cloud, f"tenant at {plan.facts.login_host}")
        if timeout is None:
            return [self.out_of_budget(plan, CheckName.TENANT, f"clouds.{cloud}.oauth_app")]
        at = self.now()
        answer = self.network.get(plan.discovery_url, timeout=timeout, want_json=True)
        tenant = interpret_discovery(plan, answer, at, self.catalog)
        if tenant.record.outcome is not Outcome.PASSED:
            skipped = CheckRecord(
                check=CheckName.APP,
                outcome=Outcome.SKIPPED,
                summary="not run: the tenant check failed",
                checked_at=at,
            )
            return [tenant, Interpreted(skipped)]
        return [tenant, self.token(plan)]

    def token(self, plan: CloudPlan) -> Interpreted:
        cloud = plan.cloud_id
        if not plan.client_id:
            return app_skipped(plan, "no client id entered", self.now(), missing_secret=False)
        secret = self.secrets.get(cloud)
        if secret is None or not secret.get_secret_value():
            return app_skipped(
                plan, "no client secret in the keyring", self.now(), missing_secret=True
            )
        timeout = self.step(cloud, f"app and secret at {plan.facts.login_host}")
        if timeout is None:
            return self.out_of_budget(plan, CheckName.APP, f"clouds.{cloud}.oauth_app")
        at = self.now()
        form = {
            "grant_type": "client_credentials",
            "client_id": plan.client_id,
            "client_secret": secret.get_secret_value(),
            "scope": plan.graph_scope,
        }
        try:
            answer = self.network.post_form(plan.token_url, form, timeout=timeout)
        finally:
            form.clear()
        return interpret_token(plan, answer, at, self.catalog)

    def signin(self, plan: CloudPlan, url: str) -> Interpreted:
        from cloudprep.core.urls import inspect_url

        host = inspect_url(url).host_ascii or url
        timeout = self.step(plan.cloud_id, f"sign-in host {host}")
        if timeout is None:
            return self.out_of_budget(
                plan, CheckName.SIGNIN, f"clouds.{plan.cloud_id}.oauth_app.login_uri"
            )
        at = self.now()
        answer = self.network.get(url, timeout=timeout, want_json=False)
        return interpret_signin(plan, host, answer, at)

    def endpoint(self, plan: CloudPlan) -> Interpreted:
        if plan.endpoint_url is None or plan.endpoint_host is None:
            return endpoint_skipped(plan, self.now())
        timeout = self.step(plan.cloud_id, f"endpoint {plan.endpoint_host} (DNS)")
        if timeout is None:
            return self.out_of_budget(plan, CheckName.ENDPOINT, plan.endpoint_path)
        at = self.now()
        resolution = self.network.resolve(plan.endpoint_host, timeout=timeout)
        answer: HttpAnswer | None = None
        # A name that does not resolve here is not requested (unless a proxy resolves it).
        resolved = resolution.problem is None or resolution.through_proxy
        timeout = self.step(plan.cloud_id, f"endpoint {plan.endpoint_host} (TLS, one GET)")
        if timeout is None and resolved:
            # Not reached is not passed: the check was cut short; what DNS found still counts.
            dns = interpret_endpoint(plan, resolution, None, at, timeout=self.settings.timeout)
            skipped = self.out_of_budget(plan, CheckName.ENDPOINT, plan.endpoint_path)
            return Interpreted(skipped.record, dns.findings + skipped.findings)
        if timeout is not None and resolved:
            answer = self.network.get(plan.endpoint_url, timeout=timeout, want_json=False)
        return interpret_endpoint(plan, resolution, answer, at, timeout=self.settings.timeout)

    def scrub(self, text: str) -> str:
        """`text` with any of the given secrets (raw or encoded, or a long piece) masked, and
        anything the project's leak guard redacts (every stored value, leaking fields)."""
        if self.matcher:
            hits = sorted(self.matcher.find(text), key=lambda h: h.offset, reverse=True)
            for hit in hits:
                text = text[: hit.offset] + "[redacted]" + text[hit.offset + hit.length :]
        return self.guard.redact(text) if self.guard is not None else text

    def clean_record(self, record: CheckRecord) -> CheckRecord:
        return record.model_copy(update={"summary": self.scrub(record.summary)})

    def clean_finding(self, finding: Finding, at: datetime) -> PreflightFinding:
        return PreflightFinding(
            rule=finding.rule,
            severity=finding.severity,
            cloud=finding.cloud,
            path=finding.path,
            message=self.scrub(finding.message),
            hint=self.scrub(finding.hint),
            checked_at=at,
        )


def run_preflight(
    project_id: uuid.UUID,
    plan: PreflightPlan,
    network: PreflightNetwork,
    secrets: Mapping[str, SecretStr],
    *,
    tool_version: str,
    settings: PreflightSettings | None = None,
    catalog: CloudCatalog | None = None,
    now: Callable[[], datetime] = utc_now,
    monotonic: Callable[[], float] = time.monotonic,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    guard: LeakGuard | None = None,
) -> PreflightResult:
    """Run every planned check; `secrets` maps a cloud id to its client secret. `guard`
    (the project's leak guard) also redacts the other stored values from every text: a
    secret pasted into a field that a message quotes, such as the client id."""
    run = _Run(
        network,
        secrets,
        settings or PreflightSettings(),
        catalog or load_catalog(),
        now,
        monotonic,
        progress,
        cancelled,
        guard,
    )
    clouds: dict[str, CloudResult] = {}
    for cloud_plan in plan.clouds:
        results = run.cloud(cloud_plan)
        clouds[cloud_plan.cloud_id] = CloudResult(
            cloud=cloud_plan.cloud_id,
            tool_version=tool_version,
            inputs_sha256=cloud_plan.inputs_sha256,
            checks=[run.clean_record(r.record) for r in results],
            findings=[
                run.clean_finding(f, r.record.checked_at) for r in results for f in r.findings
            ],
        )
    findings: list[PreflightFinding] = []
    if plan.oauth and plan.clouds:
        findings.append(
            PreflightFinding.of(
                rules.REDIRECT_NOT_PROVABLE.finding(
                    "the consent redirect cannot be proven online: it needs an interactive "
                    "sign-in; the registered redirect URLs were checked offline",
                    path="clouds",
                ),
                run.now(),
            )
        )
    return PreflightResult.model_validate(
        {"project_id": project_id, "clouds": clouds, "findings": findings}
    )
