"""The checklist as plain text, for `check`."""

from __future__ import annotations

from cloudprep.cli.output import text_line
from cloudprep.core.checklist import Checklist


def checklist_text(checklist: Checklist) -> str:
    lines = ["", "Checklist ([x] done, [ ] missing, [-] not applicable, [?] unverified)"]
    current: str | None = "-"
    for item in checklist.items:
        group = item.cloud or ("request" if item.id.startswith("Q") else "GA")
        if group != current:
            lines.append(f"  {group}:")
            current = group
        lines.append(text_line(f"    {item.state.mark} {item.id} {item.title}: {item.detail}"))
    return "\n".join(lines) + "\n"
