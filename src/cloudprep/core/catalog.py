"""The cloud catalog: the one home of every per-cloud fact, loaded from `data/clouds.json`.

Each value in the data file names its sources (or says `unverified`); this module only
gives typed, read-only access to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, Literal, TypeVar

CloudId = Literal["commercial", "gcc", "gcch", "dod", "azgov", "mooncake"]
TargetCloudId = Literal["gcc", "gcch", "dod", "azgov", "mooncake"]
TARGET_CLOUD_IDS: tuple[TargetCloudId, ...] = ("gcc", "gcch", "dod", "azgov", "mooncake")
CONNECTOR_PLACEHOLDER = "{connector}"
UNVERIFIED = "unverified"
T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    url: str | None


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A catalog value and the sources it was taken from (empty when unverified)."""

    value: T
    sources: tuple[Source, ...]

    @property
    def verified(self) -> bool:
        return bool(self.sources)


@dataclass(frozen=True)
class Cloud:
    id: CloudId
    name: str
    short_name: str
    target: bool
    directory: str
    directory_name: str
    directory_sources: tuple[Source, ...]
    login_hosts: Sourced[tuple[str, ...]]
    graph_host: Sourced[str]
    consent_redirect: Sourced[str | None]
    known_consent_redirects: Sourced[tuple[str, ...]]
    consent_host_suffix: Sourced[str | None]
    requirement: str
    notes: tuple[str, ...]
    notes_sources: tuple[Source, ...]

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


@dataclass(frozen=True)
class CloudCatalog:
    clouds: tuple[Cloud, ...]
    sources: tuple[Source, ...]

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
        host = host.lower()
        return tuple(c for c in self.clouds if host in c.login_hosts.value)

    def clouds_with_graph_host(self, host: str) -> tuple[Cloud, ...]:
        host = host.lower()
        return tuple(c for c in self.clouds if c.graph_host.value == host)

    def all_login_hosts(self) -> frozenset[str]:
        return frozenset(h for c in self.clouds for h in c.login_hosts.value)

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
                    "graph_host": sourced(c.graph_host),
                    "consent_redirect": sourced(c.consent_redirect),
                    "known_consent_redirects": sourced(c.known_consent_redirects),
                    "requirement": c.requirement,
                    "notes": list(c.notes),
                }
                for c in self.clouds
            ]
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
            graph_host=_sourced(item["graph_host"], table),
            consent_redirect=_sourced(item["consent_redirect"], table),
            known_consent_redirects=_sourced(item["known_consent_redirects"], table),
            consent_host_suffix=_sourced(item["consent_host_suffix"], table),
            requirement=item["requirement"],
            notes=tuple(item["notes"]),
            notes_sources=_sources(item.get("notes_source", []), table),
        )
        for item in data["clouds"]
    )
    return CloudCatalog(clouds=clouds, sources=tuple(table.values()))


@cache
def load_catalog() -> CloudCatalog:
    """The catalog shipped in the package (read once per process)."""
    text = resources.files("cloudprep.data").joinpath("clouds.json").read_text("utf-8")
    return parse_catalog(json.loads(text))
