"""Leak hits turned into places a user can act on: file, field, line (never the value)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from cloudprep.bundle.json_locator import JsonLocator
from cloudprep.bundle.leaks import KnownSecret, SecretMatcher, scan_text
from cloudprep.core.findings import Finding
from cloudprep.core.rules.base import Rule


@dataclass(frozen=True)
class LeakLocation:
    rule: Rule
    file: str
    field: str | None
    """The JSON field path for a .json file (e.g. `project.clouds.gcc.notes`)."""
    line: int
    what: str
    """What was found, e.g. `the gcc OAuth client secret (client-secret): the whole value`."""
    cloud: str | None

    @property
    def where(self) -> str:
        return (
            f"{self.file}, field {self.field}" if self.field else f"{self.file}, line {self.line}"
        )

    def finding(self) -> Finding:
        path = f"{self.file}:{self.field}" if self.field else f"{self.file}:{self.line}"
        hint = self.rule.hint
        if self.field and self.field.startswith("project."):
            hint = f"{hint} (in the project file: {self.field.removeprefix('project.')})"
        return self.rule.finding(
            f"{self.what} at {self.where}", path=path, cloud=self.cloud, hint=hint
        )


def scan_bundle_texts(
    texts: Mapping[str, str], secrets: Iterable[KnownSecret] = ()
) -> list[LeakLocation]:
    """Every leak in the bundle's texts (file name → text), in file and offset order."""
    matcher = SecretMatcher(secrets)
    out: list[LeakLocation] = []
    for name in sorted(texts):
        text = texts[name]
        hits = scan_text(text, matcher)
        if not hits:
            continue
        locator = JsonLocator(text) if name.endswith(".json") else None
        line_of = locator.line_at if locator else _line_counter(text)
        seen: set[tuple[str, str | int, str]] = set()
        for hit in hits:
            field = locator.path_at(hit.offset) if locator else None
            line = line_of(hit.offset)
            # One report per field (or line) and source: a value split by an edit or a
            # mixed-case encoding is still one leak to fix.
            key = (hit.rule.id, field or line, hit.what.split(":")[0])
            if key not in seen:
                seen.add(key)
                out.append(LeakLocation(hit.rule, name, field, line, hit.what, hit.cloud))
    return out


def _line_counter(text: str) -> Callable[[int], int]:
    return lambda offset: text.count("\n", 0, offset) + 1
