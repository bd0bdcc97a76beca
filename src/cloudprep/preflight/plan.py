"""What the preflight will do for each target cloud, and which hosts it will contact.

Pure: it reads the project and the catalog, never the network. The plan is what
`--dry-run` prints, and the only source of URLs the runner requests, so nothing but the
project's own hosts and the catalog's login hosts is ever contacted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from cloudprep.core.catalog import CloudCatalog, TargetCloudId, load_catalog
from cloudprep.core.models import AuthKind, EndpointMode, HostMode, Project
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.requirements import requirements_for
from cloudprep.core.secret_needs import needs_oauth_app
from cloudprep.core.urls import UrlProblemKind, inspect_url, is_guid

NO_TENANT_VALUES = frozenset({"", "common", "organizations", "consumers"})
"""Tenant values that name no directory: the checks need the app's own tenant, and never
fall back to `organizations`."""
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)


@dataclass(frozen=True)
class CloudFacts:
    """What the preflight needs to know about one target cloud."""

    login_host: str
    """The cloud's canonical sign-in host (the first of the catalog's login hosts)."""
    graph_host: str
    directory: str
    directory_name: str
    entra: bool
    """The connector signs in with Microsoft Entra ID (identity provider `aad`)."""


def cloud_facts(project: Project, cloud_id: TargetCloudId, catalog: CloudCatalog) -> CloudFacts:
    """What the preflight reads of `core.requirements` for one cloud."""
    required = requirements_for(project, cloud_id, catalog=catalog)
    graph = required.service("graph").host.value or catalog.get(cloud_id).graph_host.value
    return CloudFacts(
        login_host=required.login.canonical.value,
        graph_host=graph,
        directory=required.identity.directory.value,
        directory_name=required.identity.directory_name,
        entra=required.identity.entra,
    )


@dataclass(frozen=True)
class HostVisit:
    host: str
    cloud: TargetCloudId
    purpose: str


@dataclass(frozen=True)
class CloudPlan:
    cloud_id: TargetCloudId
    cloud_name: str
    facts: CloudFacts
    uses_app: bool
    """The connector needs an OAuth app in this cloud (OAuth, not certificate auth)."""
    tenant: str | None
    """The app's tenant, when it names a directory; None skips the tenant and app checks."""
    tenant_skip: str | None
    """Why the tenant and app checks are skipped (CP701), when they are."""
    client_id: str | None
    signin_url: str | None
    """A generic OAuth provider's sign-in URL (only its reachability and TLS are checked)."""
    endpoint_url: str | None
    endpoint_host: str | None
    endpoint_skip: str | None
    """Why the endpoint is not checked (CP736), when it is not."""
    endpoint_path: str
    """The project field the endpoint findings point at."""
    inputs_sha256: str

    @property
    def discovery_url(self) -> str:
        tenant = quote(self.tenant or "", safe="")
        return f"https://{self.facts.login_host}/{tenant}/v2.0/.well-known/openid-configuration"

    @property
    def token_url(self) -> str:
        tenant = quote(self.tenant or "", safe="")
        return f"https://{self.facts.login_host}/{tenant}/oauth2/v2.0/token"

    @property
    def graph_scope(self) -> str:
        """The cloud's own Microsoft Graph: the publisher's resource may not exist in the
        tenant (AADSTS500011), and it would prove nothing about the app."""
        return f"https://{self.facts.graph_host}/.default"

    @property
    def checks_tenant(self) -> bool:
        return self.facts.entra and self.uses_app and self.tenant is not None

    @property
    def checks_app(self) -> bool:
        return self.checks_tenant and bool(self.client_id)

    def visits(self) -> list[HostVisit]:
        visits: list[HostVisit] = []
        if self.checks_tenant:
            purpose = "tenant discovery" + (", app token request" if self.checks_app else "")
            visits.append(HostVisit(self.facts.login_host, self.cloud_id, purpose))
        if self.signin_url is not None:
            host = inspect_url(self.signin_url).host_ascii or ""
            visits.append(HostVisit(host, self.cloud_id, "OAuth sign-in host (TLS, reachability)"))
        if self.endpoint_host is not None:
            visits.append(
                HostVisit(self.endpoint_host, self.cloud_id, "endpoint (DNS, TLS, one GET)")
            )
        return visits


@dataclass(frozen=True)
class PreflightPlan:
    clouds: tuple[CloudPlan, ...]
    oauth: bool
    """The connector uses OAuth: the consent redirect note (CP740) applies."""
    unknown_clouds: tuple[str, ...] = field(default=())

    def visits(self) -> list[HostVisit]:
        return [v for plan in self.clouds for v in plan.visits()]

    def hosts(self) -> list[str]:
        return list(dict.fromkeys(v.host for v in self.visits()))

    def needs_secret(self) -> bool:
        return any(plan.checks_app for plan in self.clouds)


def usable_tenant(value: str | None) -> tuple[str | None, str | None]:
    """(tenant, None) when `value` names a directory, else (None, why not)."""
    text = (value or "").strip()
    if text.lower() in NO_TENANT_VALUES:
        shown = f"is {text!r}" if text else "is empty"
        return None, f"the tenant {shown}: no directory named (never replaced by 'organizations')"
    if is_guid(text) or _DOMAIN.match(text.lower()):
        return text, None
    return None, "the tenant is neither a GUID nor a domain name"


_NOT_PLAINLY_WRITTEN = (
    UrlProblemKind.SURROUNDING_WHITESPACE,
    UrlProblemKind.INNER_CONTROL,
    UrlProblemKind.BACKSLASH,
    UrlProblemKind.INVALID_PORT,
    UrlProblemKind.ENCODED_HOST,
)


def _endpoint(
    project: Project, cloud_id: TargetCloudId, catalog: CloudCatalog | None = None
) -> tuple[str | None, str | None]:
    """(URL to check, None) or (None, why it is not checked), from the endpoint decision."""
    decision = requirements_for(project, cloud_id, catalog=catalog).endpoint
    per_connection = "each connection supplies its own host, so there is no endpoint to check"
    if decision.mode is EndpointMode.PER_CONNECTION:
        return None, per_connection
    if decision.mode is None:
        return None, "the endpoint is not decided yet (clouds.<id>.endpoint.mode)"
    if decision.url is None:
        if decision.mode is EndpointMode.SAME_AS_COMMERCIAL and (
            project.connector.endpoint.host_mode is HostMode.PER_CONNECTION
        ):
            return None, per_connection
        return None, "the endpoint has no URL yet"
    if is_placeholder_host(urlsplit(decision.url).netloc):
        return None, per_connection
    inspected = inspect_url(decision.url)
    if not inspected.usable or inspected.scheme != "https" or inspected.userinfo is not None:
        return None, "the endpoint URL is not a usable https URL: fix it first (cloudprep check)"
    if inspected.has(*_NOT_PLAINLY_WRITTEN):
        # The host contacted must be the one a reader of the URL sees: never one read
        # out of a URL with a new line, a backslash, a bad port or %-escapes in it.
        return None, (
            "the endpoint URL is not written plainly (whitespace, a control character, a "
            "backslash, a bad port or an escaped host): fix it first (cloudprep check)"
        )
    return inspected.text, None


def _endpoint_path(project: Project, cloud_id: TargetCloudId) -> str:
    mode = project.clouds[cloud_id].endpoint.mode
    if mode is EndpointMode.SPECIFIC:
        return f"clouds.{cloud_id}.endpoint.url"
    if mode is EndpointMode.SAME_AS_COMMERCIAL:
        return "connector.endpoint.url"
    return f"clouds.{cloud_id}.endpoint.mode"


def _signin_url(project: Project, cloud_id: TargetCloudId) -> str | None:
    app = project.clouds[cloud_id].oauth_app
    baseline = project.connector.oauth
    url = app.login_uri or (baseline.login_uri if baseline else None)
    if not url:
        return None
    inspected = inspect_url(url)
    if (
        not inspected.usable
        or inspected.scheme != "https"
        or inspected.userinfo is not None
        or inspected.has(*_NOT_PLAINLY_WRITTEN)
    ):
        return None
    return inspected.text


def inputs_sha256(project: Project, cloud_id: TargetCloudId) -> str:
    """A digest of what a cloud's checks depend on (client id, tenant, endpoint, sign-in URL,
    identity provider): a saved result counts only while this still matches."""
    config = project.clouds.get(cloud_id)
    if config is None:
        return ""
    endpoint, skip = _endpoint(project, cloud_id)
    data = {
        "cloud": cloud_id,
        "client_id": (config.oauth_app.client_id or "").strip(),
        "tenant_id": (config.oauth_app.tenant_id or "").strip(),
        "endpoint": endpoint or skip,
        "signin": _signin_url(project, cloud_id),
        "identity_provider": (project.connector.identity_provider or "").lower(),
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_cloud(project: Project, cloud_id: TargetCloudId, catalog: CloudCatalog) -> CloudPlan:
    config = project.clouds[cloud_id]
    connector = project.connector
    facts = cloud_facts(project, cloud_id, catalog)
    uses_app = needs_oauth_app(connector)
    tenant, tenant_skip = usable_tenant(config.oauth_app.tenant_id)
    endpoint_url, endpoint_skip = _endpoint(project, cloud_id, catalog)
    generic = uses_app and not facts.entra
    return CloudPlan(
        cloud_id=cloud_id,
        cloud_name=catalog.get(cloud_id).name,
        facts=facts,
        uses_app=uses_app,
        tenant=tenant if facts.entra else None,
        tenant_skip=tenant_skip if (facts.entra and uses_app) else None,
        client_id=(config.oauth_app.client_id or "").strip() or None,
        signin_url=_signin_url(project, cloud_id) if generic else None,
        endpoint_url=endpoint_url,
        endpoint_host=inspect_url(endpoint_url).host_ascii if endpoint_url else None,
        endpoint_skip=endpoint_skip,
        endpoint_path=_endpoint_path(project, cloud_id),
        inputs_sha256=inputs_sha256(project, cloud_id),
    )


def plan_preflight(
    project: Project,
    cloud_ids: Iterable[str] = (),
    catalog: CloudCatalog | None = None,
) -> PreflightPlan:
    """The plan for the named target clouds (default: every cloud in the project)."""
    catalog = catalog or load_catalog()
    wanted = list(dict.fromkeys(cloud_ids)) or list(project.clouds)
    unknown = tuple(c for c in wanted if c not in project.clouds)
    clouds = tuple(plan_cloud(project, cid, catalog) for cid in project.clouds if cid in wanted)
    oauth = AuthKind.OAUTH2 in project.connector.all_auth_kinds
    return PreflightPlan(clouds=clouds, oauth=oauth, unknown_clouds=unknown)
