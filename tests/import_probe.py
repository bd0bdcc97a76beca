"""The one import-boundary probe: run cloudprep in a fresh interpreter and report which of
the watched packages it loaded (PRODUCT §8: no textual off the wizard, keyring only where a
secret is touched; rich only for a scan on a terminal; jsonschema only where connector
files are checked against their schemas (`definition`, a bundle with connector files); no
pydantic or validators for `check-url` of a plain host; the network stack only when
`preflight` connects)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

WATCHED = (
    "textual",
    "rich",
    "keyring",
    "secretstorage",
    "jeepney",
    "jsonschema",
    "httpx",
    "httpcore",
    "truststore",
)
"""What `probe` reports by default (tests compare `loaded` with a set of these)."""

_SCRIPT = """
import json, sys
watched = set(sys.argv[1].split(','))
imports = [m for m in sys.argv[2].split(',') if m]
if imports:
    import importlib
    for name in imports:
        importlib.import_module(name)
    code = 0
else:
    from cloudprep.cli.main import main
    code = main(sys.argv[3:])
loaded = sorted({m.split('.')[0] for m in sys.modules} & watched)
sys.stdout.write('\\n' + json.dumps({'code': int(code), 'loaded': loaded}))
"""


@dataclass(frozen=True)
class Probe:
    code: int
    """cloudprep's exit code (0 when only modules were imported)."""
    loaded: set[str]
    """The watched top-level packages that were in `sys.modules` at the end."""
    stdout: str
    """What cloudprep wrote to stdout (the report line taken off)."""
    stderr: str


def probe(
    *argv: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    imports: Sequence[str] = (),
    stderr: int | None = None,
    watched: Sequence[str] = WATCHED,
) -> Probe:
    """Run `cloudprep ARGV` (or only import `imports`) in a fresh interpreter. `env` is the
    whole environment (default: this one); `stderr` a file descriptor for the child's
    stderr (a pty, say), else it is captured; `watched` the top-level packages to report."""
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, ",".join(watched), ",".join(imports), *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr if stderr is not None else subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=dict(os.environ if env is None else env),
        timeout=120,
        check=False,
    )
    output, _, last = proc.stdout.rpartition("\n")
    assert last.strip(), proc.stderr
    report = json.loads(last)
    return Probe(report["code"], set(report["loaded"]), output, proc.stderr or "")
