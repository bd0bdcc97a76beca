"""The wizard's steps, in order, and which step holds a given project field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cloudprep.core.catalog import load_catalog

CONNECTOR = "connector"
GA = "ga"
CLOUDS = "clouds"
REVIEW = "review"
EXPORT = "export"
CLOUD_PREFIX = "cloud:"


@dataclass(frozen=True)
class Step:
    key: str
    """`connector`, `ga`, `clouds`, `cloud:<id>`, `review` or `export`."""
    title: str
    short_title: str = ""
    """The title where room is short (the navigator, a window title): `GCC High`, not
    `GCC High (Azure Government Secret)`."""

    def __post_init__(self) -> None:
        if not self.short_title:
            object.__setattr__(self, "short_title", self.title)

    @property
    def cloud(self) -> str | None:
        return self.key.removeprefix(CLOUD_PREFIX) if self.key.startswith(CLOUD_PREFIX) else None


def wizard_steps(cloud_ids: Iterable[str]) -> tuple[Step, ...]:
    """Every step for a project targeting `cloud_ids` (one screen per cloud)."""
    catalog = load_catalog()
    return (
        Step(CONNECTOR, "Connector"),
        Step(GA, "GA readiness"),
        Step(CLOUDS, "Target clouds"),
        *(
            Step(CLOUD_PREFIX + c, catalog.get(c).name, catalog.get(c).short_name)
            for c in cloud_ids
        ),
        Step(REVIEW, "Review"),
        Step(EXPORT, "Export"),
    )


def step_for_path(path: str, cloud_ids: Iterable[str]) -> str:
    """The step whose screen holds the field at `path` (a finding's path)."""
    head, _, rest = path.partition(".")
    if head == "connector":
        return CONNECTOR
    if head in ("ga", "request"):
        return GA
    if head == "clouds":
        cloud = rest.split(".", 1)[0].split("[", 1)[0]
        if cloud and cloud in set(cloud_ids):
            return CLOUD_PREFIX + cloud
        return CLOUDS
    return REVIEW
