"""The bundle and validate commands end to end, in fresh interpreters: canary secrets,
determinism, exit codes, and what each command imports."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from cloudprep.core.secret_needs import SecretKind
from tests.bundle.conftest import CANARIES, canary_env, run_cloudprep
from tests.import_probe import probe

WRAPPER_FAKE_CLOCK = (
    "import sys, time; t = 4102444800.0; time.time = lambda: t; "
    "time.time_ns = lambda: int(t * 1e9); import runpy; "
    "sys.argv = ['cloudprep', *sys.argv[1:]]; runpy.run_module('cloudprep', run_name='__main__')"
)


def forbidden_forms(value: str, kind: SecretKind) -> list[str]:
    """Written independently of the scanner: what must never appear for one secret."""
    forms = [
        value,
        json.dumps(value)[1:-1],
        quote(value, safe=""),
        base64.b64encode(value.encode()).decode().rstrip("="),
    ]
    if kind is SecretKind.TEST_USERNAME:
        return forms
    return forms + [value[i : i + 8] for i in range(len(value) - 7)]


def all_output_text(folder: Path, *outputs: str) -> str:
    """Every byte cloudprep left in `folder` (zip members unpacked), plus its outputs."""
    parts = list(outputs)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name == "keyring.json":
            continue
        data = path.read_bytes()
        parts.append(data.decode("utf-8", errors="replace"))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts += [
                    archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()
                ]
    return "\n".join(parts)


def assert_no_canary(text: str) -> None:
    for (cloud, kind), value in CANARIES.items():
        for form in forbidden_forms(value, kind):
            assert form not in text, f"a form of the {cloud} {kind.value} canary leaked"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = canary_env(tmp_path / "keyring.json")
    result = run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path, env=env)
    assert result.code == 0, result.err
    for (cloud, kind), value in CANARIES.items():
        stored = run_cloudprep(
            "secret",
            "set",
            "--cloud",
            cloud,
            "--kind",
            kind.value,
            "--project",
            "p.json",
            cwd=tmp_path,
            env=env,
            stdin=value + "\n",
        )
        assert stored.code == 0, stored.err
    return tmp_path, env


def test_end_to_end_with_canary_secrets_nothing_leaks(
    workspace: tuple[Path, dict[str, str]],
) -> None:
    folder, env = workspace
    outputs: list[str] = []
    exported = run_cloudprep("bundle", "p.json", "-o", "out.zip", cwd=folder, env=env)
    outputs += [exported.out, exported.err]
    assert exported.code == 1, exported.err  # the demo has error findings; the bundle is written
    assert "wrote zip bundle out.zip" in exported.out
    folder_export = run_cloudprep("bundle", "p.json", "-o", "out", cwd=folder, env=env)
    outputs += [folder_export.out, folder_export.err]
    assert folder_export.code == 1
    with zipfile.ZipFile(folder / "out.zip") as archive:
        data = json.loads(archive.read("submission.json"))
    gcc = data["secrets"]["clouds"]["gcc"]
    assert gcc["client-secret"]["present"] is True
    assert data["secrets"]["clouds"]["azgov"]["client-secret"]["present"] is False
    for fmt in ("text", "json", "sarif"):
        checked = run_cloudprep(
            "validate", "out.zip", "--check-keyring", "--format", fmt, cwd=folder, env=env
        )
        outputs += [checked.out, checked.err]
        assert checked.code == 1, checked.err
        if fmt == "sarif":
            rule_ids = [r["ruleId"] for r in json.loads(checked.out)["runs"][0]["results"]]
        elif fmt == "json":
            rule_ids = [f["rule"] for f in json.loads(checked.out)["findings"]]
        else:
            rule_ids = [w for w in checked.out.split() if w.startswith("CP")]
        assert "CP212" in rule_ids
        assert [r for r in rule_ids if r.startswith("CP6")] == []
    plain = run_cloudprep("validate", "out", cwd=folder)
    outputs += [plain.out, plain.err]
    assert plain.code == 1 and "CP6" not in plain.out
    warn = run_cloudprep("validate", "out", "--fail-on", "warning", cwd=folder)
    assert warn.code == 1
    assert_no_canary(all_output_text(folder, *outputs))


def test_a_canary_in_the_project_refuses_with_exit_4(
    workspace: tuple[Path, dict[str, str]],
) -> None:
    folder, env = workspace
    project = json.loads((folder / "p.json").read_text(encoding="utf-8"))
    secret = CANARIES[("dod", SecretKind.TEST_PASSWORD)]
    project["clouds"]["mooncake"]["notes"] = f"pw {secret[2:14]} (temporary)"
    (folder / "p.json").write_text(json.dumps(project), encoding="utf-8")
    result = run_cloudprep("bundle", "p.json", "-o", "out.zip", cwd=folder, env=env)
    assert result.code == 4
    assert result.out == ""
    assert "project.clouds.mooncake.notes" in result.err
    assert "dod" in result.err and "test-password" in result.err
    assert "nothing was written" in result.err
    assert not (folder / "out.zip").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["keyring.json", "p.json"]
    assert_no_canary(result.out + result.err)


def test_validate_check_keyring_without_a_keyring_exits_3(
    workspace: tuple[Path, dict[str, str]],
) -> None:
    folder, env = workspace
    assert run_cloudprep("bundle", "p.json", "-o", "out", cwd=folder, env=env).code == 1
    result = run_cloudprep(
        "validate",
        "out",
        "--check-keyring",
        cwd=folder,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert result.code == 3, result.err
    assert result.err.startswith("cloudprep: error: ")


def test_bundle_without_a_keyring_fails_closed_and_writes_nothing(tmp_path: Path) -> None:
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run_cloudprep("bundle", "p.json", "-o", "out", cwd=tmp_path, env=env)
    assert result.code == 3
    assert result.out == ""
    assert "--no-keyring" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_bundle_no_keyring_exports_and_records_that_stored_secrets_were_not_matched(
    tmp_path: Path,
) -> None:
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run_cloudprep("bundle", "p.json", "-o", "out", "--no-keyring", cwd=tmp_path, env=env)
    assert result.code == 1
    assert "CP422" in result.out
    data = json.loads((tmp_path / "out" / "submission.json").read_text(encoding="utf-8"))
    assert data["stored_secret_scan"] == "not_run"
    assert data["secrets"]["clouds"]["gcc"]["client-secret"]["present"] is None
    again = run_cloudprep("validate", "out", cwd=tmp_path)
    assert again.code == 1 and "CP6" not in again.out


def test_bundle_no_keyring_still_refuses_a_secret_found_by_its_pattern(tmp_path: Path) -> None:
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    project = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    project["clouds"]["gcc"]["notes"] = "client secret is x7Hk2pQ9vL4mN8rT1wZ5aB3cD6eF0gJ"
    (tmp_path / "p.json").write_text(json.dumps(project), encoding="utf-8")
    result = run_cloudprep("bundle", "p.json", "-o", "out", "--no-keyring", cwd=tmp_path)
    assert result.code == 4
    assert "x7Hk2pQ9" not in result.out + result.err
    assert not (tmp_path / "out").exists()


def test_an_existing_out_needs_force(tmp_path: Path) -> None:
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    assert (
        run_cloudprep("bundle", "p.json", "-o", "out.zip", "--no-keyring", cwd=tmp_path).code == 1
    )
    before = (tmp_path / "out.zip").read_bytes()
    again = run_cloudprep("bundle", "p.json", "-o", "out.zip", "--no-keyring", cwd=tmp_path)
    assert again.code == 2 and "already exists" in again.err and "--force" in again.err
    assert (tmp_path / "out.zip").read_bytes() == before
    forced = run_cloudprep(
        "bundle", "p.json", "-o", "out.zip", "--force", "--no-keyring", cwd=tmp_path
    )
    assert forced.code == 1 and "replaced zip bundle" in forced.out


def test_fail_on_and_a_clean_project_exit_0(tmp_path: Path) -> None:
    project = {
        "schema_version": 1,
        "project_id": "00000000-0000-4000-8000-000000000001",
        "connector": {
            "name": "contosonotes",
            "display_name": "Contoso Notes",
            "auth": "none",
            "endpoint": {"url": "https://api.contosonotes.com"},
        },
        "ga": {"as_of": "2026-11-01"},
        "clouds": {},
    }
    (tmp_path / "p.json").write_text(json.dumps(project), encoding="utf-8")
    result = run_cloudprep("bundle", "p.json", "-o", "b", "--no-keyring", cwd=tmp_path)
    worst = {
        f["severity"]
        for f in json.loads((tmp_path / "b" / "submission.json").read_text(encoding="utf-8"))[
            "findings"
        ]
    }
    assert result.code == (1 if "error" in worst else 0), result.out
    assert run_cloudprep("validate", "b", cwd=tmp_path).code == result.code


def test_two_exports_in_different_processes_give_identical_bytes(tmp_path: Path) -> None:
    # Byte-identical only with SOURCE_DATE_EPOCH set: otherwise `created` is the clock's.
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    base = {
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "SOURCE_DATE_EPOCH": "1790000000",
    }
    first = run_cloudprep(
        "bundle",
        "--no-keyring",
        "../p.json",
        "-o",
        "out.zip",
        cwd=tmp_path / "a",
        env={**base, "TZ": "UTC", "PYTHONHASHSEED": "1"},
    )
    second = run_cloudprep(
        "bundle",
        "--no-keyring",
        str(tmp_path / "p.json"),
        "-o",
        str(tmp_path / "b" / "out.zip"),
        cwd=tmp_path / "b",
        env={**base, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242"},
    )
    assert first.code == second.code == 1, first.err + second.err
    assert (tmp_path / "a" / "out.zip").read_bytes() == (tmp_path / "b" / "out.zip").read_bytes()


def test_source_date_epoch_gives_identical_bytes_under_a_fake_clock(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.bundle.conftest import REPO_ROOT

    project = json.loads(
        (REPO_ROOT / "src" / "cloudprep" / "data" / "demo_project.json").read_text(encoding="utf-8")
    )
    project["ga"]["as_of"] = None  # the 6-month window then ends on SOURCE_DATE_EPOCH's day
    (tmp_path / "p.json").write_text(json.dumps(project), encoding="utf-8")
    env_base = {
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "SOURCE_DATE_EPOCH": "1790000000",
        "PYTHONPATH": str(REPO_ROOT / "src"),
    }
    import os

    outs = []
    for i, (tz, seed, fake) in enumerate([("UTC", "0", False), ("America/Adak", "99", True)]):
        env = {**os.environ, **env_base, "TZ": tz, "PYTHONHASHSEED": seed}
        prefix = (
            [sys.executable, "-c", WRAPPER_FAKE_CLOCK]
            if fake
            else [sys.executable, "-m", "cloudprep"]
        )
        proc = subprocess.run(
            [
                *prefix,
                "bundle",
                "--no-keyring",
                str(tmp_path / "p.json"),
                "-o",
                str(tmp_path / f"o{i}.zip"),
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        outs.append((tmp_path / f"o{i}.zip").read_bytes())
    assert outs[0] == outs[1]
    with zipfile.ZipFile(tmp_path / "o0.zip") as archive:
        data = json.loads(archive.read("submission.json"))
        assert {i.date_time for i in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}
    assert data["created"] == "2026-09-21T14:13:20Z"
    assert data["export_date"] == "2026-09-21"


def test_runs_on_the_same_day_without_source_date_epoch_differ_only_in_created(
    tmp_path: Path,
) -> None:
    from tests.bundle.conftest import REPO_ROOT

    project = json.loads(
        (REPO_ROOT / "src" / "cloudprep" / "data" / "demo_project.json").read_text(encoding="utf-8")
    )
    project["ga"]["as_of"] = None  # the 6-month window ends today (UTC)
    (tmp_path / "p.json").write_text(json.dumps(project), encoding="utf-8")
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for _attempt in range(2):  # a run that straddles midnight UTC is retried once
        runs = []
        for i, tz in enumerate(("Asia/Kolkata", "America/Los_Angeles")):
            result = run_cloudprep(
                "bundle",
                "p.json",
                "-o",
                f"d{i}",
                "--force",
                "--no-keyring",
                cwd=tmp_path,
                env={**env, "TZ": tz},
            )
            assert result.code == 1, result.err
            runs.append({p.name: p.read_bytes() for p in sorted((tmp_path / f"d{i}").iterdir())})
        documents = [json.loads(r["submission.json"]) for r in runs]
        if len({d["export_date"] for d in documents}) == 1:
            break
    assert runs[0]["SUBMISSION.md"] == runs[1]["SUBMISSION.md"]
    for document in documents:
        del document["created"]  # the clock's second: the only recorded value that differs
    assert documents[0] == documents[1]


def test_schema_bundle_prints_the_generated_schema(tmp_path: Path) -> None:
    result = run_cloudprep("schema", "bundle", cwd=tmp_path)
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["title"] == "SubmissionDocument"
    assert {"project", "findings", "ga", "checklist", "secrets", "export_date", "tool"} <= set(
        schema["properties"]
    )
    assert schema["additionalProperties"] is False


def test_the_exported_submission_json_validates_against_the_printed_schema(
    tmp_path: Path, folder_bundle: Path
) -> None:
    import jsonschema

    schema = json.loads(run_cloudprep("schema", "bundle", cwd=tmp_path).out)
    document = json.loads((folder_bundle / "submission.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def loaded_by(
    *argv: str, cwd: Path, env: dict[str, str] | None = None, codes: tuple[int, ...] = (0, 1)
) -> set[str]:
    import os

    result = probe(*argv, cwd=cwd, env={**os.environ, **(env or {})})
    assert result.code in codes, result.stderr
    return result.loaded & {"textual", "rich", "keyring", "jsonschema"}


def test_validate_imports_no_ui_no_keyring_and_no_jsonschema(folder_bundle: Path) -> None:
    for fmt in ("text", "json", "sarif"):
        assert (
            loaded_by("validate", str(folder_bundle), "--format", fmt, cwd=folder_bundle.parent)
            == set()
        )


def test_bundle_imports_keyring_but_no_ui(tmp_path: Path) -> None:
    assert run_cloudprep("init", "--demo", "-o", "p.json", cwd=tmp_path).code == 0
    loaded = loaded_by(
        "bundle",
        "p.json",
        "-o",
        "out",
        cwd=tmp_path,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        codes=(3,),  # no usable keyring: it fails closed, after asking keyring
    )
    assert loaded == {"keyring"}
    assert loaded_by("schema", "bundle", cwd=tmp_path) == set()
