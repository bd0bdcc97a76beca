"""What one cloud requires of one project: the single answer every reader shares.

`requirements_for(project, cloud_id)` says, for a project and a cloud:

- the exact consent redirect this connector must register there (verified from the
  catalog for the US clouds; for Mooncake the value the user entered, unverified);
- the sign-in hosts it accepts and the canonical one to suggest, and whether they apply
  at all (only Entra ID identity providers sign in at Microsoft's hosts);
- the resource of each Microsoft API family (Graph, Power BI, Resource Manager, Key Vault,
  Storage, SQL, App Service, API Management, Office 365 Management, SharePoint, Outlook)
  in this cloud's column, and the cloud's equivalent of the connector's commercial
  resource URI;
- the endpoint decision (mode, URL, `confirmed`, and whether it is settled);
- the secrets needed, the identity provider, and where to register and test.

Each item carries its sources; an item without sources is unverified. The rules, the
checklist, the wizard's hints, SUBMISSION.md and the per-cloud connector definitions read
this answer instead of deriving it again.

Two pure helpers work on single URLs and hosts:
- `equivalent_url(url, cloud_id)` maps a Microsoft service URL of any cloud (a login
  authority, a Graph scope such as `https://graph.microsoft.com/.default`, a Power BI
  resource, a Key Vault host, a consent redirect …) to the target cloud's equivalent;
- `service_host_cloud(host)` says which Microsoft family a host belongs to and in which
  clouds, for lints.

Everything here is pure: no I/O beyond the packaged catalog, no keyring, no network.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar
from urllib.parse import urlsplit, urlunsplit

from cloudprep.core.catalog import (
    CONNECTOR_PLACEHOLDER,
    Cloud,
    CloudCatalog,
    CloudId,
    Portals,
    ServiceFamily,
    ServiceKind,
    Source,
    Sourced,
    load_catalog,
)
from cloudprep.core.connector_name import is_internal_name
from cloudprep.core.model_kinds import AAD_PROVIDERS, EndpointMode, HostMode
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.secret_needs import SecretKind, needed_secrets, needs_oauth_app
from cloudprep.core.urls import display_value, inspect_url, is_guid

if TYPE_CHECKING:  # the models (pydantic) load only when a project is judged
    from cloudprep.core.models import CloudConfig, Project

T = TypeVar("T")

NAME_PLACEHOLDER = "<connectorName>"
"""How a redirect template names the connector in text meant for people."""

LOGIN_FAMILY = "login"
"""`service_host_cloud` family of the Entra ID sign-in hosts and their aliases."""
ISSUER_FAMILY = "issuer"
"""`service_host_cloud` family of token-issuer hosts (sts.windows.net): not sign-in URIs."""
CONSENT_FAMILY = "consent"
"""`service_host_cloud` family of the Power Platform consent (redirect) hosts."""


class Fact(NamedTuple, Generic[T]):
    """One required value, with where it comes from.

    `sources` are catalog sources (names and URLs); a fact without sources is unverified.
    `origin` says where an unverified value came from when it is not the catalog (e.g.
    `clouds.mooncake.expected_redirect`, entered by the user)."""

    value: T
    sources: tuple[Source, ...] = ()
    origin: str = "catalog"

    @property
    def verified(self) -> bool:
        return bool(self.sources)

    @classmethod
    def of(cls, sourced: Sourced[T]) -> Fact[T]:
        return cls(value=sourced.value, sources=sourced.sources)


class IdentityRequirement(NamedTuple):
    """Who signs the user in, and whether this cloud needs an OAuth app of its own."""

    provider: str | None
    """The connector's identity provider as written (aad, aadcertificate, oauth2, …)."""
    entra: bool
    """aad or aadcertificate: Microsoft Entra ID signs in, at this cloud's login hosts,
    in this cloud's directory. Otherwise the publisher's own OAuth server does."""
    certificate: bool
    """aadcertificate: first-party only; nothing is asked."""
    oauth_app_needed: bool
    """An OAuth app (client id, secret, redirect) is needed for this cloud."""
    directory: Fact[str]
    """The directory this cloud signs in to, as its catalog id (entra-usgov …)."""
    directory_name: str


class RedirectRequirement(NamedTuple):
    """The consent redirect the cloud's OAuth app must register."""

    needed: bool
    """False when the connector needs no OAuth app (no OAuth, or certificate auth)."""
    exact: Fact[str | None]
    """The exact URL to register, when known: the catalog's for the US clouds (verified),
    the user's `expected_redirect` for Mooncake (unverified), None while the connector
    name (or Mooncake's value) is unknown."""
    template: Fact[str | None]
    """The cloud's published form with `<connectorName>`, or None where none is published."""
    consent_host: str | None
    """The consent host the exact redirect uses, when known."""
    path_segments: tuple[str, ...] | None
    """The exact redirect's path segments, when known (`("redirect", name)`)."""
    host_suffix: str | None
    """The consent domain of this cloud (regional hosts end with it), when published."""
    known_alternatives: tuple[str, ...]
    """Legacy and regional redirects the catalog knows for this cloud (not required)."""
    guessed_hosts: tuple[str, ...]
    """Consent hosts guessed for a cloud without a published redirect (unverified)."""
    missing_reason: str | None
    """Why `exact` is None (the connector name or Mooncake's redirect is not entered)."""

    @property
    def unverified(self) -> bool:
        """No redirect is published for the cloud: whatever is expected is the user's."""
        return self.template.value is None

    @property
    def from_user(self) -> bool:
        """The exact redirect is the user's entry, not a published value."""
        return self.exact.value is not None and not self.exact.verified

    @property
    def shown(self) -> str:
        """The redirect to name in a hint: the exact one, else the template."""
        return (
            self.exact.value
            or self.template.value
            or "the redirect Microsoft gives for this cloud (none is published)"
        )


class LoginRequirement(NamedTuple):
    """The sign-in hosts of the cloud's directory."""

    applies: bool
    """Only Entra ID identity providers (aad, aadcertificate) sign in at these hosts."""
    canonical: Fact[str]
    """The host to suggest (login.microsoftonline.us)."""
    accepted: Fact[tuple[str, ...]]
    """Every host a login URI may use here: the sign-in hosts and MSAL's aliases."""
    issuer_hosts: Fact[tuple[str, ...]]
    """Token-issuer hosts of the directory (sts.windows.net): not sign-in URIs."""
    configured: str | None
    """`clouds.<id>.oauth_app.login_uri`, when entered."""
    mapped: Fact[str | None]
    """The cloud's equivalent of the connector's commercial login URI (or of the default
    commercial sign-in host for an aad connector that names none)."""

    @property
    def uri(self) -> str:
        return f"https://{self.canonical.value}"


class ServiceRequirement(NamedTuple):
    """One Microsoft API family in this cloud's column."""

    family: str
    name: str
    kind: ServiceKind
    host: Fact[str | None]
    """The family's host (or host suffix) in this cloud; None where it is not known."""
    resource: str | None
    """Its resource URI here (`https://graph.microsoft.us`), when the family has one."""


class ResourceRequirement(NamedTuple):
    """The cloud's resource URI for the connector's commercial one."""

    commercial: str | None
    """`connector.oauth.resource_uri`, as written."""
    family: str | None
    """The Microsoft family of the commercial resource (graph, power_bi, arm …), if any."""
    mapped: Fact[str | None]
    """The equivalent resource in this cloud; None when unknown or not a Microsoft URL."""
    configured: str | None
    """`clouds.<id>.oauth_app.resource_uri`, when entered."""
    app_id_in_other_directory: bool
    """The commercial resource is an application id (GUID) and this cloud signs in to
    another directory, where that app does not exist."""


class EndpointDecision(NamedTuple):
    """How this cloud reaches the backend (checklist C1)."""

    mode: EndpointMode | None
    url: str | None
    """The URL this cloud uses: the specific URL, or the commercial one when the mode is
    same_as_commercial; None per connection or while undecided."""
    confirmed: bool
    """The publisher confirmed a same-as-commercial endpoint for this cloud."""
    commercial_url: str | None
    """The commercial baseline's fixed URL (None when the host is per connection)."""
    needs_confirmation: bool
    """same_as_commercial with a fixed commercial host, not yet confirmed."""

    @property
    def settled(self) -> bool:
        """Decided, and nothing is left for the publisher to confirm (validity is the
        rules' question)."""
        if self.mode is None:
            return False
        if self.mode is EndpointMode.SPECIFIC:
            return bool(self.url and self.url.strip())
        return not self.needs_confirmation


class CloudRequirements(NamedTuple):
    """Everything one cloud requires of one project (see the module docstring)."""

    cloud: Cloud
    identity: IdentityRequirement
    redirect: RedirectRequirement
    login: LoginRequirement
    resource: ResourceRequirement
    services: tuple[ServiceRequirement, ...]
    endpoint: EndpointDecision
    secrets: tuple[SecretKind, ...]
    portals: Portals
    notes: Fact[tuple[str, ...]]

    def service(self, family: str) -> ServiceRequirement:
        for service in self.services:
            if service.family == family:
                return service
        raise KeyError(family)


class HostOwner(NamedTuple):
    """What `service_host_cloud` found: a family and the clouds whose host it is."""

    family: str
    """A service family id (graph, power_bi, arm …) or login, issuer or consent."""
    clouds: tuple[CloudId, ...]
    """The clouds, in catalog order, whose value for that family the host matches."""
    matched: str
    """The catalog value that matched (a host, or the suffix of a suffix family)."""
    kind: ServiceKind | None
    """service or hosting for a service family; None for login, issuer and consent."""


# ---------------------------------------------------------------------------- hosts


class _Candidate(NamedTuple):
    family: str
    value: str
    suffix: bool
    cloud: CloudId
    kind: ServiceKind | None


@cache
def _candidates(catalog: CloudCatalog) -> tuple[_Candidate, ...]:
    found: list[_Candidate] = []
    for cloud in catalog.clouds:
        for host in cloud.accepted_login_hosts:
            found.append(_Candidate(LOGIN_FAMILY, host, False, cloud.id, None))
        for host in cloud.issuer_hosts.value:
            found.append(_Candidate(ISSUER_FAMILY, host, False, cloud.id, None))
        if cloud.consent_host:
            found.append(_Candidate(CONSENT_FAMILY, cloud.consent_host, False, cloud.id, None))
        if cloud.consent_host_suffix.value:
            found.append(
                _Candidate(CONSENT_FAMILY, cloud.consent_host_suffix.value, True, cloud.id, None)
            )
        for host in cloud.consent_host_guesses.value:
            found.append(_Candidate(CONSENT_FAMILY, host, False, cloud.id, None))
    for family in catalog.services:
        for cloud in catalog.clouds:
            value = family.hosts[cloud.id].value
            if value is not None:
                suffix = family.match == "suffix"
                found.append(_Candidate(family.id, value, suffix, cloud.id, family.kind))
    return tuple(found)


@lru_cache(maxsize=4096)
def _owner(host: str, catalog: CloudCatalog) -> HostOwner | None:
    # Cached: a scan asks about the same few Microsoft hosts for every connector.
    host = host.lower().rstrip(".")
    best: _Candidate | None = None
    for candidate in _candidates(catalog):
        hit = host == candidate.value or (candidate.suffix and host.endswith("." + candidate.value))
        if hit and (best is None or len(candidate.value) > len(best.value)):
            best = candidate
    if best is None:
        return None
    clouds = tuple(
        c.cloud for c in _candidates(catalog) if c.family == best.family and c.value == best.value
    )
    return HostOwner(best.family, tuple(dict.fromkeys(clouds)), best.value, best.kind)


def service_host_cloud(host: str, *, catalog: CloudCatalog | None = None) -> HostOwner | None:
    """Which Microsoft family `host` belongs to, and in which clouds; None for any other
    host (the publisher's own, or one the catalog does not know).

    The most specific catalog value wins: `high.analysis.usgovcloudapi.net` is GCC High's
    Power BI, not GCC's `analysis.usgovcloudapi.net`; `contoso.vault.usgovcloudapi.net`
    is Key Vault in the US Government column. A consent host under a cloud's consent
    domain (`asia-001.consent.azure-apim.net`) is that cloud's consent family.
    Unpack it as `family, clouds, *_ = service_host_cloud(host)`."""
    return _owner(host, catalog or load_catalog())


def _target_value(owner: HostOwner, cloud: Cloud, catalog: CloudCatalog) -> str | None:
    if owner.family in (LOGIN_FAMILY, ISSUER_FAMILY):
        return cloud.canonical_login_host
    if owner.family == CONSENT_FAMILY:
        return cloud.consent_host
    family = catalog.service(owner.family)
    if family.kind == "hosting":
        return None  # the publisher's own backend: no Microsoft equivalent to map to
    return family.hosts[cloud.id].value


def equivalent_url(url: str, cloud_id: str, *, catalog: CloudCatalog | None = None) -> str | None:
    """The target cloud's equivalent of a Microsoft service URL of any cloud, or None.

    Maps the host and keeps everything else as written (scheme, path, query):

    - a sign-in or issuer host → the cloud's canonical sign-in host
      (`https://login.windows.net/common` → `https://login.microsoftonline.us/common`);
    - a Microsoft API host or resource → the same family in the cloud's column
      (`https://graph.microsoft.com/.default` → `https://graph.microsoft.us/.default`;
      `https://analysis.windows.net/powerbi/api` →
      `https://high.analysis.usgovcloudapi.net/powerbi/api` for GCC High;
      `https://contoso.vault.azure.net` → `https://contoso.vault.usgovcloudapi.net`);
    - a consent redirect → the cloud's consent host (regional hosts included).

    A URL that already belongs to the cloud comes back unchanged; a mapped one never
    carries a user-info part (`user:password@`). None when the host is
    not a Microsoft host the catalog knows, when it is Azure hosting of the publisher's
    own backend (App Service, API Management: nothing to map), when the family has no
    known host in that cloud (e.g. Mooncake's consent redirect), or when `url` cannot be
    parsed. Never raises for any string.
    """
    catalog = catalog or load_catalog()
    try:
        cloud = catalog.get(cloud_id)
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
    except (KeyError, ValueError):
        return None
    if not host or not parts.scheme:
        return None
    owner = _owner(host, catalog)
    if owner is None:
        return None
    if cloud.id in owner.clouds:
        return url.strip()
    value = _target_value(owner, cloud, catalog)
    if value is None:
        return None
    suffix_match = host != owner.matched
    new_host = host[: -len(owner.matched)] + value if suffix_match else value
    if owner.family == CONSENT_FAMILY:
        new_host = value  # a regional consent host maps to the cloud's global one
    # The user-info (it may hold a password) is never carried over.
    _, colon, port = parts.netloc.rpartition("@")[2].partition(":")
    netloc = f"{new_host}{colon}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# ------------------------------------------------------------------- requirements


def redirect_requirement(
    cloud: Cloud,
    *,
    connector_name: str | None,
    entered: str | None = None,
    needed: bool = True,
) -> RedirectRequirement:
    """The redirect `cloud` requires for a connector named `connector_name`.

    For a cloud with a published redirect it is the catalog's template filled with the
    name (verified). For one without (Mooncake) it is `entered`, the value Microsoft gave
    the user, unverified. `requirements_for` and the per-URL checker
    (`rules.redirect.check_redirect_url`, so `check-url redirect`) both use it."""
    template_text = cloud.redirect_for(NAME_PLACEHOLDER)
    template = Fact(template_text, cloud.consent_redirect.sources)
    exact: Fact[str | None]
    missing: str | None = None
    if template_text is not None:
        if connector_name and is_internal_name(connector_name):
            exact = Fact(cloud.redirect_for(connector_name), cloud.consent_redirect.sources)
        elif connector_name:
            # The consent service calls the connector by its internal name, case and all:
            # a redirect made of another name (capitals, a shared_ prefix) is never called.
            exact = Fact(None, cloud.consent_redirect.sources)
            missing = (
                f"connector.name {display_value(connector_name)} is not an internal API name "
                "(CP103), so the exact redirect is not known"
            )
        else:
            exact = Fact(None, cloud.consent_redirect.sources)
            missing = "connector.name is not set, so the exact redirect is not known"
    else:
        value = (entered or "").strip()
        field = f"clouds.{cloud.id}.expected_redirect"
        if value:
            exact = Fact(value, (), origin=f"{field} (entered by you)")
        else:
            exact = Fact(None, (), origin=field)
            missing = f"no redirect is published for {cloud.name}, and {field} is empty"
    host = cloud.consent_host
    segments: tuple[str, ...] | None = ("redirect",) if template_text is not None else None
    if exact.value is not None:
        parsed = inspect_url(exact.value)
        if parsed.usable:
            host = parsed.host_ascii
            segments = tuple(s for s in parsed.path.split("/") if s)
        else:
            segments = None
    return RedirectRequirement(
        needed=needed,
        exact=exact,
        template=template,
        consent_host=host,
        path_segments=segments,
        host_suffix=cloud.consent_host_suffix.value,
        known_alternatives=cloud.known_consent_redirects.value,
        guessed_hosts=cloud.consent_host_guesses.value,
        missing_reason=missing,
    )


def _login(
    project: Project, cloud: Cloud, config: CloudConfig, catalog: CloudCatalog
) -> LoginRequirement:
    connector = project.connector
    entra = (connector.identity_provider or "").lower() in AAD_PROVIDERS
    baseline = (connector.oauth.login_uri or "").strip() if connector.oauth else ""
    mapped: Fact[str | None] = Fact(None)
    if entra:
        commercial = baseline or f"https://{catalog.commercial.canonical_login_host}"
        mapped = Fact(
            equivalent_url(commercial, cloud.id, catalog=catalog), cloud.login_hosts.sources
        )
    sources = tuple(dict.fromkeys((*cloud.login_hosts.sources, *cloud.login_aliases.sources)))
    return LoginRequirement(
        applies=entra,
        canonical=Fact(cloud.canonical_login_host, cloud.login_hosts.sources),
        accepted=Fact(cloud.accepted_login_hosts, sources),
        issuer_hosts=Fact.of(cloud.issuer_hosts),
        configured=(config.oauth_app.login_uri or "").strip() or None,
        mapped=mapped,
    )


def _services(cloud: Cloud, catalog: CloudCatalog) -> tuple[ServiceRequirement, ...]:
    return tuple(
        ServiceRequirement(
            family=family.id,
            name=family.name,
            kind=family.kind,
            host=Fact.of(family.hosts[cloud.id]),
            resource=family.resource_in(cloud.id),
        )
        for family in catalog.services
    )


def _family_of(url: str, catalog: CloudCatalog) -> ServiceFamily | None:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    owner = _owner(host, catalog) if host else None
    if owner is None or owner.kind is None:
        return None
    return catalog.service(owner.family)


def _resource(
    project: Project, cloud: Cloud, config: CloudConfig, catalog: CloudCatalog
) -> ResourceRequirement:
    oauth = project.connector.oauth
    commercial = (oauth.resource_uri or "").strip() if oauth else ""
    family = _family_of(commercial, catalog) if commercial else None
    mapped: Fact[str | None] = Fact(None)
    if family is not None:
        mapped = Fact(
            equivalent_url(commercial, cloud.id, catalog=catalog),
            family.hosts[cloud.id].sources,
        )
    app_id = bool(commercial) and is_guid(commercial)
    return ResourceRequirement(
        commercial=commercial or None,
        family=family.id if family else None,
        mapped=mapped,
        configured=(config.oauth_app.resource_uri or "").strip() or None,
        app_id_in_other_directory=app_id and cloud.directory != catalog.commercial.directory,
    )


def _endpoint(project: Project, cloud: Cloud, config: CloudConfig) -> EndpointDecision:
    commercial = project.connector.endpoint
    commercial_url = (commercial.url or "").strip() or None
    if commercial.host_mode is not HostMode.FIXED:
        commercial_url = None
    if not cloud.target:
        mode = (
            EndpointMode.PER_CONNECTION
            if commercial.host_mode is HostMode.PER_CONNECTION
            else EndpointMode.SPECIFIC
        )
        return EndpointDecision(mode, commercial_url, True, commercial_url, False)
    endpoint = config.endpoint
    url: str | None = None
    if endpoint.mode is EndpointMode.SPECIFIC:
        url = (endpoint.url or "").strip() or None
    elif endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL:
        url = commercial_url
    try:
        commercial_host = urlsplit(commercial_url or "").netloc
    except ValueError:  # e.g. a `[` that is no IPv6 literal: the URL rules report it
        commercial_host = ""
    fixed_host = bool(commercial_url) and not is_placeholder_host(commercial_host)
    needs_confirmation = (
        endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL and fixed_host and not endpoint.confirmed
    )
    return EndpointDecision(
        mode=endpoint.mode,
        url=url,
        confirmed=endpoint.confirmed,
        commercial_url=commercial_url,
        needs_confirmation=needs_confirmation,
    )


def requirements_for(
    project: Project, cloud_id: str, *, catalog: CloudCatalog | None = None
) -> CloudRequirements:
    """What `cloud_id` requires of `project` (see the module docstring).

    `cloud_id` is any catalog cloud; a target cloud the project has not configured yet is
    answered as if its section were empty. Raises KeyError for an id the catalog does not
    know. Pure and cheap: call it wherever the answer is needed rather than keeping a copy.
    """
    catalog = catalog or load_catalog()
    cloud = catalog.get(cloud_id)
    config = next((c for cid, c in project.clouds.items() if cid == cloud.id), None)
    if config is None:  # the models are loaded only when a project is judged
        from cloudprep.core.models import CloudConfig

        config = CloudConfig()
    connector = project.connector
    provider = connector.identity_provider
    entra = (provider or "").lower() in AAD_PROVIDERS
    identity = IdentityRequirement(
        provider=provider,
        entra=entra,
        certificate=connector.is_aad_certificate,
        oauth_app_needed=needs_oauth_app(connector),
        directory=Fact(cloud.directory, cloud.directory_sources),
        directory_name=cloud.directory_name,
    )
    return CloudRequirements(
        cloud=cloud,
        identity=identity,
        redirect=redirect_requirement(
            cloud,
            connector_name=connector.name,
            entered=config.expected_redirect,
            needed=needs_oauth_app(connector),
        ),
        login=_login(project, cloud, config, catalog),
        resource=_resource(project, cloud, config, catalog),
        services=_services(cloud, catalog),
        endpoint=_endpoint(project, cloud, config),
        secrets=needed_secrets(connector, config) if cloud.target else (),
        portals=cloud.portals,
        notes=Fact(cloud.notes, cloud.notes_sources),
    )


__all__ = [
    "CONNECTOR_PLACEHOLDER",
    "CloudRequirements",
    "EndpointDecision",
    "Fact",
    "HostOwner",
    "IdentityRequirement",
    "LoginRequirement",
    "RedirectRequirement",
    "ResourceRequirement",
    "ServiceRequirement",
    "equivalent_url",
    "redirect_requirement",
    "requirements_for",
    "service_host_cloud",
]
