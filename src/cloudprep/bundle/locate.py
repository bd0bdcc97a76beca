"""Leak hits turned into places a user can act on: file, field, line (never the value).

Light on purpose, like the scanner: the rules and the JSON locator load only when there is
a hit to report.
"""

from __future__ import annotations

from cloudprep.core.leaks import KnownSecret, SecretMatcher, scan_text

TYPE_CHECKING = False  # typing itself is not imported: a cold scan stays light
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from cloudprep.core.findings import Finding
    from cloudprep.core.rules.base import Rule


class LeakLocation:
    """One leak: the rule, the file, the field (JSON) or line, and what it is."""

    __slots__ = ("cloud", "field", "file", "further", "line", "rule_id", "what")

    def __init__(
        self,
        rule_id: str,
        file: str,
        field: str | None,
        line: int,
        what: str,
        cloud: str | None,
    ) -> None:
        self.rule_id = rule_id
        self.file = file
        self.field = field
        """The JSON field path for a .json file (e.g. `project.clouds.gcc.notes`)."""
        self.line = line
        self.what = what
        """What was found, e.g. `the gcc client-secret: the whole value`."""
        self.cloud = cloud
        self.further = 0
        """Places in the same file past the listing limit, reported with this last one."""

    def __repr__(self) -> str:
        return f"LeakLocation({self.rule_id}, {self.where!r})"

    @property
    def rule(self) -> Rule:
        from cloudprep.core.rules.registry import rule_by_id

        return rule_by_id(self.rule_id)

    @property
    def where(self) -> str:
        return (
            f"{self.file}, field {self.field}" if self.field else f"{self.file}, line {self.line}"
        )

    def finding(self) -> Finding:
        rule = self.rule
        path = f"{self.file}:{self.field}" if self.field else f"{self.file}:{self.line}"
        hint = rule.hint
        if self.field and self.field.startswith("project."):
            hint = f"{hint} (in the project file: {self.field.removeprefix('project.')})"
        message = f"{self.what} at {self.where}"
        if self.further:
            message += f", and {self.further} more place(s) in {self.file} not listed one by one"
        return rule.finding(message, path=path, cloud=self.cloud, hint=hint)


def _locators(name: str, text: str) -> tuple[Callable[[int], str | None], Callable[[int], int]]:
    """How to name the field and the line at an offset of this file."""
    if name.endswith(".json"):
        from cloudprep.bundle.json_locator import JsonLocator

        locator = JsonLocator(text)
        return locator.path_at, locator.line_at
    from cloudprep.bundle.text_lines import LineIndex

    return (lambda offset: None), LineIndex(text).line_at


def scan_bundle_texts(
    texts: Mapping[str, str], secrets: Iterable[KnownSecret] = (), *, per_file: int | None = None
) -> list[LeakLocation]:
    """Every leak in the bundle's texts (file name → text), in file and offset order. With
    `per_file`, at most that many places of one file, the last counting the rest (`further`):
    a hostile file can hold a million key headers, one finding and output line each."""
    matcher = SecretMatcher(secrets)
    out: list[LeakLocation] = []
    for name in sorted(texts):
        text = texts[name]
        hits = scan_text(text, matcher)
        if not hits:
            continue
        path_at, line_of = _locators(name, text)
        seen: set[tuple[str, str | int, str]] = set()
        last: LeakLocation | None = None
        for hit in hits:
            field = path_at(hit.offset)
            line = line_of(hit.offset)
            # One report per field (or line) and source: a value split by an edit or a
            # mixed-case encoding is still one leak to fix.
            key = (hit.rule_id, field or line, hit.what.split(":")[0])
            if key in seen:
                continue
            seen.add(key)
            if last is not None and per_file is not None and len(seen) > per_file:
                last.further += 1
                continue
            last = LeakLocation(hit.rule_id, name, field, line, hit.what, hit.cloud)
            out.append(last)
    return out
