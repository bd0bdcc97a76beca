"""The one adapter between the definitions and the cloud knowledge (`core/requirements`).

Every per-cloud value a definition needs (client id, login URI, resource, redirect, endpoint
decision, the `pac` cloud) and every host judgement the lint makes comes through here;
nothing in `transform` or `lint` knows a host name or works a per-cloud fact out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudprep.core import requirements
from cloudprep.core.catalog import load_catalog
from cloudprep.core.models import EndpointMode, HostMode, Project, RedirectMode

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
    """For Entra ID connectors only (others sign in at their own OAuth server)."""
    resource_uri: str | None
    redirect_url: str | None
    redirect_missing: str | None
    """Why `redirect_url` is None (the connector name, or Mooncake's redirect, is unknown)."""
    redirect_mode: str | None
    redirect_verified: bool
    endpoint_mode: EndpointMode | None
    endpoint_url: str | None
    endpoint_confirmed: bool
    commercial_per_connection: bool
    """The commercial connector takes its host from each connection (import: placeholder
    host, x-ms-parameterized-host or a dynamichosturl policy)."""
    pac_cloud: str | None
    """`pac auth create --cloud` for this cloud; None where `pac` has no target."""


@dataclass(frozen=True)
class ForeignHost:
    """A host that belongs to a Microsoft service (or Azure hosting) of another cloud."""

    host: str
    family: str
    """The family's name, e.g. "sign-in", "Microsoft Graph", "App Service"."""
    owners: tuple[str, ...]
    """The names of the clouds the host belongs to."""
    expected: str | None
    """This cloud's host for the same service, when the catalog has one."""
    hosting: bool
    """Azure hosting (App Service, API Management): the publisher's own backend, not a
    Microsoft API whose token audience cannot match."""


def cloud_name(cloud_id: str) -> str:
    return load_catalog().get(cloud_id).name


def cloud_short_name(cloud_id: str) -> str:
    return load_catalog().get(cloud_id).short_name


def definition_values(project: Project, cloud_id: str) -> DefinitionValues:
    """The values `cloud_id`'s connector files must hold, as the requirements give them."""
    need = requirements.requirements_for(project, cloud_id)
    per_connection = project.connector.endpoint.host_mode is HostMode.PER_CONNECTION
    pac = need.portals.pac_cloud.value
    if cloud_id == COMMERCIAL:
        # The baseline files already say what commercial needs: nothing is set.
        return DefinitionValues(
            cloud_id=cloud_id,
            cloud_name=need.cloud.name,
            is_baseline=True,
            client_id=None,
            tenant_id=None,
            login_uri=None,
            resource_uri=None,
            redirect_url=None,
            redirect_missing=None,
            redirect_mode=None,
            redirect_verified=True,
            endpoint_mode=EndpointMode.SAME_AS_COMMERCIAL,
            endpoint_url=None,
            endpoint_confirmed=True,
            commercial_per_connection=per_connection,
            pac_cloud=pac,
        )
    app = next((c.oauth_app for cid, c in project.clouds.items() if cid == cloud_id), None)
    login = need.login
    return DefinitionValues(
        cloud_id=cloud_id,
        cloud_name=need.cloud.name,
        is_baseline=False,
        client_id=app.client_id if app else None,
        tenant_id=app.tenant_id if app else None,
        login_uri=(login.configured or login.mapped.value or login.uri) if login.applies else None,
        resource_uri=need.resource.configured or need.resource.mapped.value,
        redirect_url=need.redirect.exact.value,
        redirect_missing=need.redirect.missing_reason,
        # The government consent redirect is per connector (PRODUCT §2).
        redirect_mode=RedirectMode.GLOBAL_PER_CONNECTOR.value,
        redirect_verified=need.redirect.exact.verified,
        endpoint_mode=need.endpoint.mode,
        endpoint_url=need.endpoint.url if need.endpoint.mode is EndpointMode.SPECIFIC else None,
        endpoint_confirmed=need.endpoint.confirmed,
        commercial_per_connection=per_connection,
        pac_cloud=pac,
    )


def equivalent_url(url: str, cloud_id: str) -> str | None:
    """`url` (a Microsoft service URL of any cloud) moved to `cloud_id`'s host for the same
    service, or None when it is not a Microsoft service URL the catalog can move."""
    return requirements.equivalent_url(url, cloud_id)


_FAMILY_NAMES = {
    requirements.LOGIN_FAMILY: "sign-in",
    requirements.ISSUER_FAMILY: "token issuer",
    requirements.CONSENT_FAMILY: "consent redirect",
}


def foreign_host(host: str, cloud_id: str) -> ForeignHost | None:
    """What is wrong with `host` in `cloud_id`'s files: it belongs to another cloud's
    Microsoft service or Azure hosting. None for this cloud's hosts and for hosts the catalog
    does not know (a generic OAuth provider's own, the publisher's backend elsewhere)."""
    owner = requirements.service_host_cloud(host)
    if owner is None or cloud_id in owner.clouds:
        return None
    catalog = load_catalog()
    cloud = catalog.get(cloud_id)
    expected: str | None
    if owner.family in (requirements.LOGIN_FAMILY, requirements.ISSUER_FAMILY):
        name, expected = _FAMILY_NAMES[owner.family], cloud.canonical_login_host
    elif owner.family == requirements.CONSENT_FAMILY:
        name, expected = _FAMILY_NAMES[owner.family], cloud.consent_host
    else:
        family = catalog.service(owner.family)
        name, expected = family.name, family.hosts[cloud.id].value
    return ForeignHost(
        host=host,
        family=name,
        owners=tuple(catalog.get(c).short_name for c in owner.clouds),
        expected=expected,
        hosting=owner.kind == "hosting",
    )
