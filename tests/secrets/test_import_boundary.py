"""keyring is imported only where a secret is touched (PRODUCT §8): the secrets package and
the `secret` command's parsing, help and usage errors do without it, and so do
`check --no-keyring` and `check` of a project that needs no secret.

Each case runs in a fresh interpreter, which reports what `sys.modules` holds afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.secrets.entry_point import clean_env
from tests.secrets.projects import no_auth_data, oauth_project_data, write

PROBE = """
import json, sys
from cloudprep.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in ('keyring', 'secretstorage', 'jeepney') if m in sys.modules)
sys.stdout.write('\\n' + json.dumps({'code': int(code), 'loaded': loaded}))
"""

IMPORT_ONLY = """
import json, sys
import cloudprep.secrets
import cloudprep.secrets.diagnosis, cloudprep.secrets.keys, cloudprep.secrets.presence
import cloudprep.secrets.store, cloudprep.secrets.values
import cloudprep.cli.commands.secret
print(json.dumps({'code': 0, 'loaded': sorted(m for m in sys.modules if m.startswith('keyring'))}))
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("boundary")
    write(root / "oauth.json", oauth_project_data())
    write(root / "open.json", no_auth_data())
    (root / "home").mkdir()
    return root


def probe(folder: Path, *argv: str, script: str = PROBE) -> tuple[int, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        cwd=folder,
        env=clean_env(folder / "home", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"),
        timeout=120,
        check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return report["code"], report["loaded"]


def test_importing_the_secrets_package_does_not_import_keyring(folder: Path) -> None:
    assert probe(folder, script=IMPORT_ONLY) == (0, [])


SECRET = ("--cloud", "gcch", "--kind", "client-secret", "--project", "oauth.json")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("secret", "--help"), 0),
        (("secret", "set", "--help"), 0),
        (("secret", "list", "--help"), 0),
        (("secret",), 2),
        (("secret", "set", "--cloud", "dod", "--kind", "api-key", "--project", "oauth.json"), 2),
        (("secret", "set", "--cloud", "gcch", "--kind", "bogus", "--project", "oauth.json"), 2),
        (("secret", "set", *SECRET, "a-value-on-the-command-line"), 2),
        (("secret", "copy", *SECRET), 2),
        (("secret", "list", "--project", "missing.json"), 2),
        (("check", "oauth.json", "--no-keyring"), None),
    ],
)
def test_paths_that_touch_no_secret_do_not_import_keyring(
    folder: Path, argv: tuple[str, ...], code: int | None
) -> None:
    returned, loaded = probe(folder, *argv)
    assert loaded == []
    if code is None:  # check: exits by its findings
        assert returned in (0, 1)
    else:
        assert returned == code


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("check", "oauth.json"), None),
        # The leak guard matches stored values even when the project needs no secret.
        (("check", "open.json"), None),
        (("secret", "list", "--project", "oauth.json"), 3),
        (("secret", "delete", *SECRET), 3),
    ],
)
def test_paths_that_touch_a_secret_do_import_it(
    folder: Path, argv: tuple[str, ...], code: int | None
) -> None:
    returned, loaded = probe(folder, *argv)
    assert returned == code if code is not None else returned in (0, 1)
    assert "keyring" in loaded
