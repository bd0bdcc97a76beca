"""Canary: plant distinctive secrets, run every command, and find none of them anywhere.

The secrets are stored through `cloudprep secret set` and read back from the keyring first,
so the test cannot pass because nothing was stored. Then every command runs (including
the ones that fail on purpose, with a secret typed where it does not belong), and every
file written (the project folder, bundles and their zip members, everything under HOME)
plus every stdout and stderr is searched with tests/secrets/leak_match.py.

It runs twice: in-process over the in-memory keyring (always), and as the installed entry
point against the real Secret Service (when the daemon fixture can start).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cloudprep.cli.main import COMMAND_MODULES
from tests.secrets.conftest import Cli, Result
from tests.secrets.daemon import SecretServiceDaemon
from tests.secrets.entry_point import REPO_ROOT, clean_env, cloudprep_command, run_cloudprep
from tests.secrets.leak_match import Canary, files_under, find_leaks
from tests.secrets.memory_keyring import MemoryKeyring
from tests.secrets.terminal import run_in_terminal

# Distinct per cloud; with characters that JSON, URL and base64 encodings all change.
PLANTED: dict[str, dict[str, str]] = {
    "gcch": {
        "client-secret": 'Cs8~Qzé"7\\vK.p3-Wm_Ly',
        "api-key": "ak9Hq2Xw7Ng4Rb6Tz1Pm5Vc3",
        "test-username": "canary.tester7@fabrikamgov.onmicrosoft.us",
        "test-password": "Pw!9#cX&2+yT=5 zQ/u",
    },
    "mooncake": {
        "client-secret": 'Md4~Jr"8\\bN.y6-Ks_Eo',
        "api-key": "ak2Fw8Lp5Zd9Yt3Gh7Rx1Qe",
        "test-username": "canary.tester8@fabrikamcn.partner.onmschina.cn",
        "test-password": "Pw@3$hV%7*kR;1 nM?w",
    },
}
TYPED_CLOUD, TYPED_KIND, TYPED = "gcc", "test-password", "Tp6^Gd1!Hy4&Ur8 Ci"
CANARIES = [Canary(kind, value) for kinds in PLANTED.values() for kind, value in kinds.items()]
CANARIES.append(Canary(TYPED_KIND, TYPED))

Run = Callable[..., Result]
"""run(*args, stdin=b"") -> Result, in the project folder."""
TypeAtPrompt = Callable[[str, str, str], Result]
"""type_at_prompt(cloud, kind, value): `secret set` on a terminal, answering the prompts."""


def make_multi_auth(project: Path) -> str:
    """The demo, made to need every kind: OAuth plus an API key with a test account."""
    data = json.loads(project.read_text(encoding="utf-8"))
    data["connector"]["auth_options"] = ["oauth2", "api_key"]
    for config in data["clouds"].values():
        config["needs_test_account"] = True
    project.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(data["project_id"])


def exercise_every_command(
    run: Run, type_at_prompt: TypeAtPrompt, folder: Path, *, keyring_runs_only: bool = False
) -> tuple[str, list[tuple[str, Result]]]:
    """Run every command. `keyring_runs_only`: only the runs whose keyring reads or writes
    differ (the others see no secret but what the files hold, and those are scanned)."""
    results: list[tuple[str, Result]] = []

    def step(
        *args: str, stdin: bytes = b"", codes: tuple[int, ...] = (0,), real_keyring: bool = True
    ) -> Result | None:
        if keyring_runs_only and not real_keyring:
            return None
        result = run(*args, stdin=stdin)
        assert result.code in codes, (args, result)
        results.append((" ".join(args), result))
        return result

    step("init", "--demo", "-o", "cloudprep.json")
    project_id = make_multi_auth(folder / "cloudprep.json")
    for cloud, kinds in PLANTED.items():
        for kind, value in kinds.items():
            step("secret", "set", "--cloud", cloud, "--kind", kind, stdin=value.encode() + b"\n")
    results.append(("secret set on a terminal", type_at_prompt(TYPED_CLOUD, TYPED_KIND, TYPED)))
    assert results[-1][1].code == 0, results[-1]

    gcch = PLANTED["gcch"]
    # Secrets where they do not belong: refused, and never echoed.
    step("secret", "set", "--cloud", "gcch", "--kind", "api-key", gcch["api-key"], codes=(2,))
    step("secret", "set", "--cloud", "gcch", "--kind", gcch["client-secret"], codes=(2,))
    step("secret", "set", "--cloud", gcch["test-password"], "--kind", "api-key", codes=(2,))
    step("secret", "set", "--cloud", "gcch", "--kind", "api-key", stdin=b"", codes=(2,))
    step("secret", "copy", "--cloud", "gcch", "--kind", "client-secret", codes=(2,))
    step("secret", "delete", "--cloud", "azgov", "--kind", "api-key", codes=(2,))
    step("secret", "delete", "--cloud", "mooncake", "--kind", "api-key")
    step(
        "secret",
        "set",
        "--cloud",
        "mooncake",
        "--kind",
        "api-key",
        stdin=PLANTED["mooncake"]["api-key"].encode(),
    )
    step("secret", "list")
    step("secret", "list", "--format", "json")
    step("secret", "--help", real_keyring=False)

    step("check", codes=(0, 1))
    step("check", "--format", "json", codes=(0, 1))
    step(
        "check", "--fail-on", "warning", codes=(0, 1), real_keyring=False
    )  # its keyring reads are check's
    step("check", "--no-keyring", codes=(0, 1), real_keyring=False)
    step(
        "check-url",
        "redirect",
        "https://global.consent.azure-apihub.us/redirect/contosotasks",
        "--cloud",
        "gcch",
        "--connector",
        "contosotasks",
        codes=(0, 1),
        real_keyring=False,
    )
    step("clouds", real_keyring=False)
    step("clouds", "--format", "json", real_keyring=False)
    step("rules", real_keyring=False)
    step("rules", "--format", "json", real_keyring=False)
    step("schema", "project", real_keyring=False)
    step("schema", "bundle", real_keyring=False)
    covered = {"init", "secret", "check", "check-url", "clouds", "rules", "schema"}
    if "bundle" in COMMAND_MODULES:
        step("bundle", "cloudprep.json", "-o", "out", codes=(0, 1))
        step("bundle", "cloudprep.json", "-o", "out.zip", codes=(0, 1))
        covered.add("bundle")
        if "validate" in COMMAND_MODULES:
            for target in ("out", "out.zip"):
                step("validate", target, codes=(0, 1), real_keyring=False)
                step("validate", target, "--format", "json", codes=(0, 1), real_keyring=False)
                step("validate", target, "--format", "sarif", codes=(0, 1), real_keyring=False)
                step("validate", target, "--check-keyring", codes=(0, 1))
            covered.add("validate")
    if "scan" in COMMAND_MODULES:
        connectors = str(REPO_ROOT / "tests" / "data" / "connectors")
        step("scan", connectors, codes=(0, 1), real_keyring=False)
        step("scan", connectors, "--format", "json", codes=(0, 1), real_keyring=False)
        covered.add("scan")
    for name in sorted(set(COMMAND_MODULES) - covered):
        step(name, "--help", real_keyring=False)  # a command added later: at least its help runs
    return project_id, results


def assert_no_leak(results: list[tuple[str, Result]], *folders: Path) -> None:
    blobs = files_under(*folders)
    assert any(path.endswith("cloudprep.json") for path in blobs)
    if "bundle" in COMMAND_MODULES:  # both bundles were written, and are scanned
        assert any(path.endswith("out/submission.json") for path in blobs), sorted(blobs)
        assert any(path.endswith("out.zip!submission.json") for path in blobs), sorted(blobs)
    for command, result in results:
        blobs[f"stdout of {command}"] = result.out.encode()
        blobs[f"stderr of {command}"] = result.err.encode()
    assert find_leaks(CANARIES, blobs) == []


def expected_items(project_id: str) -> dict[tuple[str, str], str]:
    items = {
        ("cloudprep", f"{project_id}/{cloud}/{kind}"): value
        for cloud, kinds in PLANTED.items()
        for kind, value in kinds.items()
    }
    items[("cloudprep", f"{project_id}/{TYPED_CLOUD}/{TYPED_KIND}")] = TYPED
    return items


def test_canary_in_process(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)

    def run(*args: str, stdin: bytes = b"") -> Result:
        return cli(*args, stdin=stdin)

    def type_at_prompt(cloud: str, kind: str, value: str) -> Result:
        answers = [value, value]
        monkeypatch.setattr(getpass, "getpass", lambda prompt="", stream=None: answers.pop(0))
        return cli("secret", "set", "--cloud", cloud, "--kind", kind, stdin_tty=True)

    project_id, results = exercise_every_command(run, type_at_prompt, tmp_path)
    # Read back: everything planted is really in the keyring.
    assert memory_keyring.items == expected_items(project_id)
    assert_no_leak(results, tmp_path, isolated_home)


@pytest.mark.keyring_daemon
@pytest.mark.long
def test_canary_against_the_real_secret_service(
    tmp_path: Path, secret_service: SecretServiceDaemon
) -> None:
    folder = tmp_path / "work"
    home = tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    env = clean_env(
        home,
        DBUS_SESSION_BUS_ADDRESS=secret_service.address,
        PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring",
    )

    def run(*args: str, stdin: bytes = b"") -> Result:
        return run_cloudprep(*args, env=env, cwd=folder, stdin=stdin)

    def type_at_prompt(cloud: str, kind: str, value: str) -> Result:
        typed = value.encode() + b"\r"
        code, output = run_in_terminal(
            [*cloudprep_command(), "secret", "set", "--cloud", cloud, "--kind", kind],
            env=env,
            cwd=folder,
            answers=[(b"(hidden): ", typed), (b"confirm (hidden): ", typed)],
        )
        return Result(code, output.decode(errors="replace"), "")

    # The in-process run above covers every command; here, every one that reaches the keyring.
    project_id, results = exercise_every_command(
        run, type_at_prompt, folder, keyring_runs_only=True
    )
    for (_, username), value in expected_items(project_id).items():
        found = secret_service.secret_tool("lookup", "service", "cloudprep", "username", username)
        assert found.stdout == value.encode(), username
    assert_no_leak(results, folder, home)
