"""The cloud catalog: the one home of every per-cloud fact, loaded from `data/clouds.json`.

Each value in the data file names its sources (or says `unverified`); this module only
gives typed, read-only access to them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Generic, Literal, NamedTuple, TypeVar

CloudId = Literal["commercial", "gcc", "gcch", "dod", "azgov", "mooncake"]
TargetCloudId = Literal["gcc", "gcch", "dod", "azgov", "mooncake"]
TARGET_CLOUD_IDS: tuple[TargetCloudId, ...] = ("gcc", "gcch", "dod", "azgov", "mooncake")
CONNECTOR_PLACEHOLDER = "{connector}"
UNVERIFIED = "unverified"
T = TypeVar("T")


class Source(NamedTuple):
    key: str
    name: str
    url: str | None


class Sourced(NamedTuple, Generic[T]):
    """A catalog value and the sources it was taken from (empty when unverified)."""

    value: T
    sources: tuple[Source, ...]

    @property
    def verified(self) -> bool:
        return bool(self.sources)


ServiceKind = Literal["service", "hosting"]
"""`service`: a Microsoft API (its host is a token audience or an API of that cloud only);
`hosting`: Azure hosting where a publisher runs its own backend (App Service, API
Management)."""
AzureColumn = Literal["public", "usgov", "china"]


class ServiceFamily:
    """One Microsoft service (Graph, Power BI, Resource Manager, Key Vault, …) and its host
    in each cloud's column. A host matches the family when it equals the cloud's value or,
    for `match == "suffix"` families (`*.vault.azure.net`), ends with `.` + the value.

    Compared and hashed by identity: its `hosts` table is a dict, and the catalog that holds
    it is a cache key."""

    __slots__ = ("hosts", "id", "kind", "match", "name", "resource_path")

    def __init__(
        self,
        id: str,
        name: str,
        kind: ServiceKind,
        match: Literal["host", "suffix"],
        resource_path: str | None,
        hosts: dict[str, Sourced[str | None]],
    ) -> None:
        self.id = id
        self.name = name
        self.kind: ServiceKind = kind
        self.match: Literal["host", "suffix"] = match
        self.resource_path = resource_path
        """The path of the family's resource URI after the host (`/powerbi/api` for Power
        BI, empty for Graph), or None when the family has no tenant-independent resource
        URI."""
        self.hosts = hosts
        """Cloud id → the family's host in that cloud (None: not known there)."""

    def __repr__(self) -> str:
        return f"ServiceFamily({self.id!r})"

    def host_in(self, cloud_id: str) -> Sourced[str | None]:
        return self.hosts[cloud_id]

    def resource_in(self, cloud_id: str) -> str | None:
        """The resource URI in `cloud_id` (`https://graph.microsoft.us`), when it has one."""
        host = self.hosts[cloud_id].value
        if host is None or self.resource_path is None:
            return None
        return f"https://{host}{self.resource_path}"


class Portals(NamedTuple):
    """Where to register the app and test the connector in one cloud."""

    azure: Sourced[str | None]
    power_apps: Sourced[str | None]
    power_automate: Sourced[str | None]
    admin: Sourced[str | None]
    pac_cloud: Sourced[str | None]
    """The `pac auth create --cloud` value (Azure Government has none of its own)."""
    backend_network: Sourced[str | None]
    """What a backend must allow to be reached from this cloud (IP ranges)."""


class Cloud(NamedTuple):
    id: CloudId
    name: str
    short_name: str
    target: bool
    directory: str
    directory_name: str
    directory_sources: tuple[Source, ...]
    login_hosts: Sourced[tuple[str, ...]]
    """The sign-in hosts, canonical first."""
    login_aliases: Sourced[tuple[str, ...]]
    """More sign-in hosts of the same directory (MSAL's known instance metadata)."""
    issuer_hosts: Sourced[tuple[str, ...]]
    """Token-issuer hosts of the directory (sts.windows.net): not sign-in URIs."""
    azure_column: Sourced[AzureColumn]
    """Which column of the Azure service hosts applies (GCC: public)."""
    graph_host: Sourced[str]
    """This cloud's Microsoft Graph host (the `graph` service family)."""
    consent_redirect: Sourced[str | None]
    known_consent_redirects: Sourced[tuple[str, ...]]
    consent_host_suffix: Sourced[str | None]
    consent_host_guesses: Sourced[tuple[str, ...]]
    """Consent hosts guessed for a cloud without a published redirect (Mooncake): treated
    alike, all unverified."""
    requirement: str
    notes: tuple[str, ...]
    notes_sources: tuple[Source, ...]
    portals: Portals

    @property
    def canonical_login_host(self) -> str:
        return self.login_hosts.value[0]

    @property
    def accepted_login_hosts(self) -> tuple[str, ...]:
        """The sign-in hosts and their aliases: every host a login URI may use here."""
        return tuple(dict.fromkeys((*self.login_hosts.value, *self.login_aliases.value)))

    def redirect_for(self, connector_name: str) -> str | None:
        """The consent redirect this cloud requires for `connector_name`, if published."""
        template = self.consent_redirect.value
        if template is None:
            return None
        return template.replace(CONNECTOR_PLACEHOLDER, connector_name)

    @property
    def consent_host(self) -> str | None:
        template = self.consent_redirect.value
        if template is None:
            return None
        return template.split("://", 1)[1].split("/", 1)[0]


class CloudCatalog:
    """Every cloud, its sources and the Microsoft service families. Immutable; equal when
    its contents are equal."""

    __slots__ = ("_hash", "clouds", "service_notes", "services", "sources")

    def __init__(
        self,
        clouds: tuple[Cloud, ...],
        sources: tuple[Source, ...],
        services: tuple[ServiceFamily, ...] = (),
        service_notes: tuple[str, ...] = (),
    ) -> None:
        self.clouds = clouds
        self.sources = sources
        self.services = services
        self.service_notes = service_notes
        # The catalog is a cache key on hot paths (look-alike hosts, requirements, once per
        # connector of a scan): its deep contents are hashed once, not on every lookup.
        self._hash = hash((clouds, sources, services, service_notes))

    def _contents(self) -> tuple[object, ...]:
        return (self.clouds, self.sources, self.services, self.service_notes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CloudCatalog):
            return NotImplemented
        return self is other or self._contents() == other._contents()

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"CloudCatalog({', '.join(cloud.id for cloud in self.clouds)})"

    def service(self, family_id: str) -> ServiceFamily:
        for family in self.services:
            if family.id == family_id:
                return family
        raise KeyError(f"unknown service family {family_id!r}")

    def get(self, cloud_id: str) -> Cloud:
        for cloud in self.clouds:
            if cloud.id == cloud_id:
                return cloud
        known = ", ".join(c.id for c in self.clouds)
        raise KeyError(f"unknown cloud {cloud_id!r}; known clouds: {known}")

    @property
    def targets(self) -> tuple[Cloud, ...]:
        return tuple(c for c in self.clouds if c.target)

    @property
    def commercial(self) -> Cloud:
        return self.get("commercial")

    def clouds_with_login_host(self, host: str) -> tuple[Cloud, ...]:
        """The clouds that sign in at `host` (aliases included)."""
        host = host.lower()
        return tuple(c for c in self.clouds if host in c.accepted_login_hosts)

    def clouds_with_issuer_host(self, host: str) -> tuple[Cloud, ...]:
        host = host.lower()
        return tuple(c for c in self.clouds if host in c.issuer_hosts.value)

    def clouds_with_graph_host(self, host: str) -> tuple[Cloud, ...]:
        host = host.lower()
        return tuple(c for c in self.clouds if c.graph_host.value == host)

    def all_login_hosts(self) -> frozenset[str]:
        """Every sign-in host and alias of every cloud."""
        return frozenset(h for c in self.clouds for h in c.accepted_login_hosts)

    def all_issuer_hosts(self) -> frozenset[str]:
        return frozenset(h for c in self.clouds for h in c.issuer_hosts.value)

    def all_graph_hosts(self) -> frozenset[str]:
        return frozenset(c.graph_host.value for c in self.clouds)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view with every value's sources, for `cloudprep clouds`."""

        def sourced(value: Sourced[Any]) -> dict[str, Any]:
            v = value.value
            return {
                "value": list(v) if isinstance(v, tuple) else v,
                "sources": [{"name": s.name, "url": s.url} for s in value.sources] or UNVERIFIED,
            }

        return {
            "clouds": [
                {
                    "id": c.id,
                    "name": c.name,
                    "target": c.target,
                    "directory": c.directory,
                    "directory_name": c.directory_name,
                    "login_hosts": sourced(c.login_hosts),
                    "login_aliases": sourced(c.login_aliases),
                    "issuer_hosts": sourced(c.issuer_hosts),
                    "azure_column": sourced(c.azure_column),
                    "graph_host": sourced(c.graph_host),
                    "consent_redirect": sourced(c.consent_redirect),
                    "known_consent_redirects": sourced(c.known_consent_redirects),
                    "consent_host_guesses": sourced(c.consent_host_guesses),
                    "services": {f.id: sourced(f.hosts[c.id]) for f in self.services},
                    "portals": {
                        "azure": sourced(c.portals.azure),
                        "power_apps": sourced(c.portals.power_apps),
                        "power_automate": sourced(c.portals.power_automate),
                        "admin": sourced(c.portals.admin),
                        "pac_cloud": sourced(c.portals.pac_cloud),
                        "backend_network": sourced(c.portals.backend_network),
                    },
                    "requirement": c.requirement,
                    "notes": list(c.notes),
                }
                for c in self.clouds
            ],
            "services": [
                {
                    "id": f.id,
                    "name": f.name,
                    "kind": f.kind,
                    "match": f.match,
                    "resource_path": f.resource_path,
                }
                for f in self.services
            ],
            "service_notes": list(self.service_notes),
        }


def _sources(keys: list[str], table: dict[str, Source]) -> tuple[Source, ...]:
    if keys == [UNVERIFIED]:
        return ()
    return tuple(table[k] for k in keys)


def _sourced(raw: dict[str, Any], table: dict[str, Source]) -> Sourced[Any]:
    value = raw["value"]
    if isinstance(value, list):
        value = tuple(value)
    return Sourced(value=value, sources=_sources(raw["source"], table))


def parse_catalog(data: dict[str, Any]) -> CloudCatalog:
    table = {
        key: Source(key=key, name=item["name"], url=item.get("url"))
        for key, item in data["sources"].items()
    }
    services = tuple(
        ServiceFamily(
            id=item["id"],
            name=item["name"],
            kind=item["kind"],
            match=item["match"],
            resource_path=item["resource_path"],
            hosts={cid: _sourced(raw, table) for cid, raw in item["hosts"].items()},
        )
        for item in data["services"]
    )
    graph = next(f for f in services if f.id == "graph")

    def graph_host(cloud_id: str) -> Sourced[str]:
        found = graph.hosts[cloud_id]
        if found.value is None:
            raise ValueError(f"the catalog has no Graph host for {cloud_id}")
        return Sourced(value=found.value, sources=found.sources)

    def portals(raw: dict[str, Any]) -> Portals:
        return Portals(**{key: _sourced(value, table) for key, value in raw.items()})

    clouds = tuple(
        Cloud(
            id=item["id"],
            name=item["name"],
            short_name=item["short_name"],
            target=item["target"],
            directory=item["directory"],
            directory_name=item["directory_name"],
            directory_sources=_sources([item["directory_source"]], table),
            login_hosts=_sourced(item["login_hosts"], table),
            login_aliases=_sourced(item["login_aliases"], table),
            issuer_hosts=_sourced(item["issuer_hosts"], table),
            azure_column=_sourced(item["azure_column"], table),
            graph_host=graph_host(item["id"]),
            consent_redirect=_sourced(item["consent_redirect"], table),
            known_consent_redirects=_sourced(item["known_consent_redirects"], table),
            consent_host_suffix=_sourced(item["consent_host_suffix"], table),
            consent_host_guesses=_sourced(item["consent_host_guesses"], table),
            requirement=item["requirement"],
            notes=tuple(item["notes"]),
            notes_sources=_sources(item.get("notes_source", []), table),
            portals=portals(item["portals"]),
        )
        for item in data["clouds"]
    )
    return CloudCatalog(
        clouds=clouds,
        sources=tuple(table.values()),
        services=services,
        service_notes=tuple(data.get("service_notes", {}).values()),
    )


@cache
def load_catalog() -> CloudCatalog:
    """The catalog shipped in the package (read once per process)."""
    from cloudprep.data import read_data

    return parse_catalog(json.loads(read_data("clouds.json").decode("utf-8")))
