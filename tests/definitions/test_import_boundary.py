"""`definition` runs without the UI or the keyring (PRODUCT §8); it loads jsonschema, which
checks the files against the published schemas at run time."""

from __future__ import annotations

from pathlib import Path

from tests.import_probe import probe

DATA = Path(__file__).resolve().parents[1] / "data" / "connectors"


def test_definition_loads_neither_textual_nor_keyring(tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    made = probe("init", "--from-connector", str(DATA / "aad-graph-tenant"), "-o", str(project))
    assert made.code in (0, 1), made.stderr
    written = probe("definition", str(project), "--cloud", "gcch", "-o", str(tmp_path / "out"))
    assert written.code == 1, written.stderr  # no GCC High client id yet: CP805
    assert written.loaded & {"textual", "rich", "keyring"} == set()
    assert "jsonschema" in written.loaded
    checked = probe("definition", str(project), "--cloud", "gcch", "--check", str(tmp_path / "out"))
    assert checked.code == 0, checked.stdout
    assert checked.loaded & {"textual", "rich", "keyring"} == set()
