"""`cloudprep` with no command needs a terminal: without one it says so instead of hanging."""

from __future__ import annotations

from pathlib import Path

from tests.import_probe import probe


def test_wizard_without_a_terminal_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = probe(cwd=tmp_path)  # `cloudprep` with no command, stdin not a terminal
    assert result.code == 2
    assert result.stderr.startswith("cloudprep: error: the wizard needs an interactive terminal")
    assert "cloudprep check" in result.stderr
    assert result.stdout == ""
    assert "textual" not in result.loaded
