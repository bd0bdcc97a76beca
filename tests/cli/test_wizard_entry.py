"""`cloudprep` with no command needs a terminal: without one it says so instead of hanging."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_wizard_without_a_terminal_is_a_clear_usage_error(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from cloudprep.cli.main import main\n"
        "code = main(sys.argv[1:])\n"
        "print('textual' in sys.modules)\n"
        "raise SystemExit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("cloudprep: error: the wizard needs an interactive terminal")
    assert "cloudprep check" in proc.stderr
    assert proc.stdout.strip() == "False"
