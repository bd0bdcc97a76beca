"""The one adapter between the definitions and the cloud knowledge.

Every per-cloud value a definition needs (client id, login URI, resource, redirect, endpoint
decision) and every host judgement the lint makes comes through here, from the catalog and
the project; nothing in `transform` or `lint` knows a host name. While `core/requirements`
(one answer to "what does this cloud need") is being written, this module reads the catalog
directly; when it lands, only this module changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from cloudprep.core.catalog import Cloud, CloudCatalog, load_catalog
from cloudprep.core.models import CloudConfig, EndpointMode, HostMode, Project, RedirectMode

COMMERCIAL = "commercial"


@dataclass(frozen=True)
class DefinitionValues:
    """What one cloud's files must say. None means "not known": for a target cloud the
    transform reports it; for `commercial` (the baseline) the file keeps its value."""

    cloud_id: str
    cloud_name: str
    is_baseline: bool
    client_id: str | None
    tenant_id: str | None
    login_uri: str | None
    resource_uri: str | None
    redirect_url: str | None
    redirect_mode: str | None
    redirect_verified: bool
    endpoint_mode: EndpointMode | None
    endpoint_url: str | None
    commercial_endpoint_url: str | None
    commercial_per_connection: bool
    """The commercial connector takes its host from each connection (import: placeholder
    host, x-ms-parameterized-host or a dynamichosturl policy)."""


@dataclass(frozen=True)
class ForeignHost:
    """A host that belongs to a Microsoft service of another cloud."""

    host: str
    family: str
    """e.g. "sign-in", "Microsoft Graph", "consent redirect"."""
    owners: tuple[str, ...]
    """The names of the clouds the host belongs to."""
    expected: str | None
    """This cloud's host for the same service, when the catalog has one."""


def cloud_name(cloud_id: str) -> str:
    return load_catalog().get(cloud_id).name


def definition_values(project: Project, cloud_id: str) -> DefinitionValues:
    """The values `cloud_id`'s connector files must hold, from the project and the catalog."""
    catalog = load_catalog()
    cloud = catalog.get(cloud_id)
    connector = project.connector
    oauth = connector.oauth
    per_connection = connector.endpoint.host_mode is HostMode.PER_CONNECTION
    if cloud_id == COMMERCIAL:
        return DefinitionValues(
            cloud_id=cloud_id,
            cloud_name=cloud.name,
            # The baseline files already say what commercial needs: nothing is set.
            is_baseline=True,
            client_id=None,
            tenant_id=None,
            login_uri=None,
            resource_uri=None,
            redirect_url=None,
            redirect_mode=None,
            redirect_verified=True,
            endpoint_mode=EndpointMode.SAME_AS_COMMERCIAL,
            endpoint_url=connector.endpoint.url,
            commercial_endpoint_url=connector.endpoint.url,
            commercial_per_connection=per_connection,
        )
    config = _cloud_config(project, cloud_id)
    app = config.oauth_app if config else None
    commercial_resource = oauth.resource_uri if oauth else None
    resource = (app.resource_uri if app else None) or (
        equivalent_url(commercial_resource, cloud_id) if commercial_resource else None
    )
    login = (app.login_uri if app else None) or _canonical_login(cloud)
    redirect, verified = _redirect(project, cloud)
    return DefinitionValues(
        cloud_id=cloud_id,
        cloud_name=cloud.name,
        is_baseline=False,
        client_id=app.client_id if app else None,
        tenant_id=app.tenant_id if app else None,
        login_uri=login,
        resource_uri=resource,
        redirect_url=redirect,
        # The government consent redirect is per connector (PRODUCT §2).
        redirect_mode=RedirectMode.GLOBAL_PER_CONNECTOR.value,
        redirect_verified=verified,
        endpoint_mode=config.endpoint.mode if config else None,
        endpoint_url=config.endpoint.url if config else None,
        commercial_endpoint_url=connector.endpoint.url,
        commercial_per_connection=per_connection,
    )


def _cloud_config(project: Project, cloud_id: str) -> CloudConfig | None:
    return next((c for cid, c in project.clouds.items() if cid == cloud_id), None)


def _canonical_login(cloud: Cloud) -> str | None:
    hosts = cloud.login_hosts.value
    return f"https://{hosts[0]}" if hosts else None


def _redirect(project: Project, cloud: Cloud) -> tuple[str | None, bool]:
    name = project.connector.name
    if cloud.consent_redirect.value is not None:
        return (cloud.redirect_for(name) if name else None), cloud.consent_redirect.verified
    config = _cloud_config(project, cloud.id)
    return (config.expected_redirect if config else None) or None, False


def _families(cloud: Cloud) -> dict[str, tuple[str, ...]]:
    """Each Microsoft host family the catalog knows, with this cloud's hosts in it."""
    return {
        "sign-in": cloud.login_hosts.value,
        "Microsoft Graph": (cloud.graph_host.value,),
        "consent redirect": (cloud.consent_host,) if cloud.consent_host else (),
    }


def _owners(catalog: CloudCatalog, family: str, host: str) -> tuple[Cloud, ...]:
    return tuple(
        cloud
        for cloud in catalog.clouds
        if host in _families(cloud)[family]
        or (family == "consent redirect" and _is_under(host, cloud.consent_host_suffix.value))
    )


def equivalent_url(url: str, cloud_id: str) -> str | None:
    """`url` (a Microsoft service URL of any cloud) moved to `cloud_id`'s host for the same
    service, or None when the host is not a Microsoft service the catalog knows."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or port:
        return None
    catalog = load_catalog()
    for family, here in _families(catalog.get(cloud_id)).items():
        owners = _owners(catalog, family, host)
        if host in here or cloud_id in {c.id for c in owners}:
            return url
        if here and owners:
            return parts._replace(netloc=here[0]).geturl()
    return None


def foreign_host(host: str, cloud_id: str) -> ForeignHost | None:
    """What is wrong with `host` in `cloud_id`'s files: it belongs to another cloud's
    Microsoft service. None for this cloud's hosts and for hosts the catalog does not know
    (a generic OAuth provider's own hosts, the publisher's backend)."""
    host = host.lower().rstrip(".")
    catalog = load_catalog()
    for family, here in _families(catalog.get(cloud_id)).items():
        if host in here:
            return None
        owners = _owners(catalog, family, host)
        if owners and cloud_id not in {c.id for c in owners}:
            return ForeignHost(
                host, family, tuple(c.name for c in owners), here[0] if here else None
            )
    return None


def _is_under(host: str, suffix: str | None) -> bool:
    if not suffix:
        return False
    suffix = suffix.lstrip(".").lower()
    return host == suffix or host.endswith("." + suffix)
