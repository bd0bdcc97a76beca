"""The composite GitHub Action (action.yml): it installs cloudprep from its own checkout,
and its validate step, run here as the runner runs it, writes SARIF and its outputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cloudprep.cli.main import main
from tests.conftest import REPO_ROOT

ACTION = REPO_ROOT / "action.yml"
SARIF_SCHEMA = REPO_ROOT / "tests" / "data" / "schemas" / "sarif-schema-2.1.0.json"


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = action()["runs"]["steps"]
    (found,) = [s for s in steps if s.get("name") == name]
    return found


def test_the_action_installs_cloudprep_from_its_own_checkout() -> None:
    document = action()
    assert document["runs"]["using"] == "composite"
    install = step("Install cloudprep from the action's checkout")
    assert install["env"] == {"CLOUDPREP_SOURCE": "${{ github.action_path }}"}
    assert install["run"].split() == [
        "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        '"$CLOUDPREP_SOURCE"',
    ]
    for each in document["runs"]["steps"]:
        # Inputs reach scripts through the environment, never pasted into them.
        assert "${{" not in each.get("run", ""), each


def test_the_validate_step_writes_sarif_annotations_and_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bash = shutil.which("bash")
    assert bash, "the runner's shell"
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--demo", "-o", "cloudprep.json"]) == 0
    assert main(["bundle", "cloudprep.json", "-o", "request.zip"]) == 1  # written, with errors
    validate = step("cloudprep validate")
    assert validate["env"]["BUNDLE"] == "${{ inputs.bundle }}"
    outputs = tmp_path / "github_output"
    proc = subprocess.run(
        [bash, "-e", "-c", validate["run"]],
        cwd=tmp_path,
        env={
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "BUNDLE": "request.zip",
            "FAIL_ON": action()["inputs"]["fail-on"]["default"],
            "SARIF_FILE": action()["inputs"]["sarif-file"]["default"],
            "GITHUB_OUTPUT": str(outputs),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # the demo's errors fail the step
    assert proc.stdout.startswith("::error file=request.zip,")
    log = json.loads((tmp_path / "cloudprep.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert any(r["ruleId"] == "CP212" for r in log["runs"][0]["results"])
    assert outputs.read_text().splitlines() == ["sarif-file=cloudprep.sarif", "exit-code=1"]
