"""keyring is imported only where a secret is touched (PRODUCT §8): the secrets package and
the `secret` command's parsing, help and usage errors do without it, and so do
`check --no-keyring` and `check` of a project that needs no secret.

Each case runs in a fresh interpreter (tests/import_probe.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_probe import probe
from tests.secrets.entry_point import clean_env
from tests.secrets.projects import no_auth_data, oauth_project_data, write

KEYRING = {"keyring", "secretstorage", "jeepney"}
SECRETS_MODULES = (
    "cloudprep.secrets",
    "cloudprep.secrets.diagnosis",
    "cloudprep.secrets.keys",
    "cloudprep.secrets.presence",
    "cloudprep.secrets.store",
    "cloudprep.secrets.values",
    "cloudprep.cli.commands.secret",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("boundary")
    write(root / "oauth.json", oauth_project_data())
    write(root / "open.json", no_auth_data())
    (root / "home").mkdir()
    return root


def keyring_probe(folder: Path, *argv: str, imports: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    env = clean_env(folder / "home", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = probe(*argv, cwd=folder, env=env, imports=imports)
    return result.code, sorted(result.loaded & KEYRING)


def test_importing_the_secrets_package_does_not_import_keyring(folder: Path) -> None:
    assert keyring_probe(folder, imports=SECRETS_MODULES) == (0, [])


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
    returned, loaded = keyring_probe(folder, *argv)
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
    returned, loaded = keyring_probe(folder, *argv)
    assert returned == code if code is not None else returned in (0, 1)
    assert "keyring" in loaded
