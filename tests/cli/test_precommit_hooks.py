"""The pre-commit hooks (.pre-commit-hooks.yaml) run, through pre-commit itself, offline.

`pre-commit try-repo` would install this repository into a fresh virtualenv from a package
index, which a test may not reach. So the hooks are run by `pre-commit run` as local hooks
copied from the manifest unchanged except for the language (`unsupported`, formerly `system`:
run in this environment, where cloudprep is installed). File selection, argument passing
and the verdict are pre-commit's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pre_commit import all_languages
from pre_commit.clientlib import load_manifest

from cloudprep.cli.main import COMMAND_MODULES, main
from cloudprep.core.models import (
    AuthKind,
    CloudConfig,
    CloudEndpoint,
    Connector,
    ConnectorEndpoint,
    EndpointMode,
    OAuthApp,
    Project,
)
from cloudprep.core.project_file import save_project
from tests.conftest import REPO_ROOT
from tests.secrets.memory_keyring import MemoryKeyring

HOOKS_FILE = REPO_ROOT / ".pre-commit-hooks.yaml"
LOCAL_LANGUAGE = "unsupported" if "unsupported" in all_languages.languages else "system"


def clean_project() -> Project:
    """A GCC High project with no error finding."""
    return Project(
        connector=Connector(
            name="contosotasks",
            display_name="Contoso Tasks",
            publisher="Contoso",
            auth=AuthKind.OAUTH2,
            identity_provider="aad",
            endpoint=ConnectorEndpoint(url="https://api.contosotasks.com/v1"),
        ),
        clouds={
            "gcch": CloudConfig(
                endpoint=CloudEndpoint(
                    mode=EndpointMode.SPECIFIC, url="https://api.gov.contosotasks.com"
                ),
                oauth_app=OAuthApp(
                    client_id="9e2f4b1c-7a3d-4c8e-b5f0-6d1a2c3e4f82",
                    login_uri="https://login.microsoftonline.us",
                    resource_uri="https://graph.microsoft.us",
                    redirect_urls=["https://global.consent.azure-apihub.us/redirect/contosotasks"],
                ),
            )
        },
    )


def manifest() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = load_manifest(str(HOOKS_FILE))
    return hooks


class UserRepo:
    """A user's git repository with the hooks configured, and a way to run them."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "PRE_COMMIT_COLOR": "never",
        }
        root.mkdir()
        self.git("init", "-q")
        # The manifest's hooks exactly, but run here instead of in an installed environment.
        hooks = [{**hook, "language": LOCAL_LANGUAGE} for hook in manifest()]
        config = {"repos": [{"repo": "local", "hooks": hooks}]}
        # JSON is YAML: pre-commit reads this as written.
        (root / ".pre-commit-config.yaml").write_text(json.dumps(config, indent=2))

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, check=True, env=self.env, timeout=60)

    def run(self, hook: str) -> tuple[int, str]:
        self.git("add", "-A")
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--verbose"],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
            check=False,
        )
        return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def repo(tmp_path: Path, isolated_home: Path) -> UserRepo:
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    return UserRepo(tmp_path / "repo", isolated_home)


def test_the_hooks_file_is_a_valid_manifest_of_python_hooks() -> None:
    hooks = manifest()
    assert [h["id"] for h in hooks] == [
        "cloudprep-check",
        "cloudprep-validate",
        "cloudprep-definition",
    ]
    for hook in hooks:
        # pre-commit installs cloudprep from the hook repository itself.
        assert hook["language"] == "python"
        assert hook["entry"].startswith("python -m cloudprep.cli.precommit_hooks ")


def test_the_check_hook_checks_every_project_and_fails_on_errors(repo: UserRepo) -> None:
    (repo.root / "clean").mkdir()
    save_project(clean_project(), repo.root / "clean" / "cloudprep.json")
    (repo.root / "demo").mkdir()
    assert main(["init", "--demo", "-o", str(repo.root / "demo" / "cloudprep.json")]) == 0
    (repo.root / "notes.json").write_text("{}")

    code, out = repo.run("cloudprep-check")
    assert code == 1, out
    assert "cloudprep check clean/cloudprep.json --no-keyring --fail-on error" in out
    assert "cloudprep check demo/cloudprep.json --no-keyring" in out
    assert "CP212" in out  # the demo's commercial redirect in a government cloud
    assert "notes.json" not in out

    shutil.rmtree(repo.root / "demo")
    code, out = repo.run("cloudprep-check")
    assert code == 0, out
    assert "Passed" in out


def test_the_validate_hook_validates_folder_and_zip_bundles_only(
    repo: UserRepo, memory_keyring: MemoryKeyring
) -> None:
    project = repo.root / "cloudprep.json"
    clean = clean_project()
    save_project(clean, project)
    # Every secret the bundle needs is stored, so it has no error finding (CP420).
    for kind, value in (
        ("client-secret", "Kq7~9fX3zP1wLm8Rt.vB2nQ0Ys5DhJ4uTe6"),
        ("test-username", "zq.tester7x@contosotasks.onmicrosoft.us"),
        ("test-password", "Vw9!rT2#kQ6$mZ1pGc4"),
    ):
        memory_keyring.set_password("cloudprep", f"{clean.project_id}/gcch/{kind}", value)
    assert main(["bundle", str(project), "-o", str(repo.root / "request")]) == 0
    assert main(["bundle", str(project), "-o", str(repo.root / "request.zip")]) == 0
    with zipfile.ZipFile(repo.root / "pictures.zip", "w") as other:
        other.writestr("cat.txt", "not a bundle")

    code, out = repo.run("cloudprep-validate")
    assert code == 0, out
    assert "cloudprep validate request --fail-on error" in out
    assert "cloudprep validate request.zip --fail-on error" in out
    assert "pictures.zip" not in out

    submission = repo.root / "request" / "SUBMISSION.md"
    submission.write_text(submission.read_text() + "\nAlso: please hurry.\n")
    code, out = repo.run("cloudprep-validate")
    assert code == 1, out
    assert "CP601" in out  # the manifest no longer matches


def test_a_hook_with_no_matching_file_is_skipped(repo: UserRepo) -> None:
    (repo.root / "README.md").write_text("nothing for cloudprep here\n")
    code, out = repo.run("cloudprep-validate")
    assert code == 0, out
    assert "no files to check" in out


def test_the_definition_hook_lints_each_changed_connector_folder(repo: UserRepo) -> None:
    if "definition" not in COMMAND_MODULES:
        pytest.skip("needs the `cloudprep definition` command (the connector definitions work)")
    folder = repo.root / "connectors" / "contoso"
    shutil.copytree(REPO_ROOT / "tests" / "data" / "connectors" / "client-secret", folder)
    config = repo.root / ".pre-commit-config.yaml"
    document = json.loads(config.read_text())
    for hook in document["repos"][0]["hooks"]:
        hook["args"] = ["--cloud", "gcch"]
    config.write_text(json.dumps(document))

    code, out = repo.run("cloudprep-definition")
    assert "cloudprep definition --cloud gcch --check connectors/contoso" in out
    assert code in (0, 1), out
