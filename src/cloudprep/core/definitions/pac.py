"""The Power Platform CLI commands that create a cloud's connector in the publisher's tenant.

The `--cloud` value of each cloud is catalog data (`portals.pac_cloud`, from Learn's "pac
auth" reference; Azure Government has none of its own). The `pac connector create` options
are from Learn's "pac connector" reference: `--api-definition-file` (-df),
`--api-properties-file` (-pf), `--icon-file` (-if), `--script-file` (-sf), `--environment`.
"""

from __future__ import annotations

import shlex
from pathlib import Path


def pac_commands(
    pac_cloud: str | None,
    cloud_name: str,
    properties: Path,
    swagger: Path,
    icon: Path | None = None,
    script: Path | None = None,
) -> list[str]:
    """The lines to print after writing a cloud's files: commands and what to know."""
    lines: list[str] = []
    if pac_cloud is None:
        lines.append(
            f"# {cloud_name} has no separate Power Platform CLI target (pac auth create --cloud "
            "takes Public, UsGov, UsGovHigh, UsGovDod or China); test in a tenant of a US "
            "government cloud whose sign-in matches, or ask Microsoft."
        )
    else:
        lines.append(f"pac auth create --cloud {pac_cloud}")
    create = [
        "pac connector create",
        f"--api-definition-file {shlex.quote(str(swagger))}",
        f"--api-properties-file {shlex.quote(str(properties))}",
    ]
    if icon is not None:
        create.append(f"--icon-file {shlex.quote(str(icon))}")
    if script is not None:
        create.append(f"--script-file {shlex.quote(str(script))}")
    lines.append(" ".join(create))
    lines.append(
        "# pac connector create gives the custom connector its own name, and with it its own "
        "redirect URL; cloudprep cannot know it beforehand. Read it afterwards on the custom "
        "connector's Security tab in the maker portal (Redirect URL), or in the redirectUrl of "
        "`pac connector download --connector-id ID`, and register it on this cloud's app."
    )
    return lines
