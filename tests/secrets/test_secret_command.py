"""`cloudprep secret set|delete|copy|list` through `main(argv)`, over the in-memory keyring."""

from __future__ import annotations

import base64
import getpass
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.secrets.conftest import Cli
from tests.secrets.memory_keyring import MemoryKeyring
from tests.secrets.projects import PROJECT_ID, multi_auth_data, oauth_project_data, write

SECRET = "Vb4~Lq9.Xe2-Hs6_Jn3"
USER = f"{PROJECT_ID}/gcch/client-secret"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """An aad OAuth project targeting gcch and mooncake."""
    return write(tmp_path / "cloudprep.json", oauth_project_data())


def stored(keyring: MemoryKeyring, cloud: str = "gcch", kind: str = "client-secret") -> str | None:
    return keyring.items.get(("cloudprep", f"{PROJECT_ID}/{cloud}/{kind}"))


def plant(keyring: MemoryKeyring, cloud: str, kind: str, value: str) -> None:
    keyring.items[("cloudprep", f"{PROJECT_ID}/{cloud}/{kind}")] = value


def secret_args(action: str, project: Path, cloud: str = "gcch", kind: str = "client-secret"):  # type: ignore[no-untyped-def]
    return ("secret", action, "--cloud", cloud, "--kind", kind, "--project", str(project))


# --- set -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "piped",
    [
        SECRET.encode(),
        f"{SECRET}\n".encode(),
        f"{SECRET}\r\n".encode(),
        f"\ufeff{SECRET}\n".encode(),
        f"{SECRET}\r\n".encode("utf-16"),
    ],
    ids=["bare", "newline", "crlf", "utf8-bom", "utf16-bom"],
)
def test_set_reads_stdin_and_strips_one_trailing_newline(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, piped: bytes
) -> None:
    result = cli(*secret_args("set", project_file), stdin=piped)
    assert result.code == 0, result.err
    assert stored(memory_keyring) == SECRET
    assert memory_keyring.items.keys() == {("cloudprep", USER)}
    assert result.out == (
        "stored the OAuth client secret for GCC High (gcch/client-secret) in "
        "memory keyring MemoryKeyring\n"
    )
    assert result.err == ""
    assert SECRET not in result.both


def test_set_keeps_inner_and_outer_spaces_and_warns(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    result = cli(*secret_args("set", project_file), stdin=b"  two words \n")
    assert result.code == 0
    assert stored(memory_keyring) == "  two words "
    assert "starts or ends with spaces or tabs" in result.err


@pytest.mark.parametrize(
    ("piped", "message"),
    [
        (b"", "the value is empty; nothing was stored"),
        (b"\n", "the value is empty; nothing was stored"),
        (f"{SECRET}\n\n".encode(), "the value has a line break inside it"),
        (f"{SECRET}\nsecond\n".encode(), "the value has a line break inside it"),
        (b"\xc3\x28" + SECRET.encode(), "the value on stdin is not UTF-8 text"),
        (b"x" * 40000, "stdin holds more than 8192 characters"),
    ],
)
def test_set_refuses_bad_stdin_without_echoing_it(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, piped: bytes, message: str
) -> None:
    result = cli(*secret_args("set", project_file), stdin=piped)
    assert result.code == 2
    assert result.err.startswith(f"cloudprep: error: {message}")
    assert memory_keyring.items == {}
    assert SECRET not in result.both
    assert "second" not in result.both


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Answers for getpass, in order (then end of file); each must be asked for."""
    answers: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        assert "(hidden)" in prompt
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    yield answers
    assert not answers, "not every answer was asked for"


def test_set_on_a_terminal_asks_twice_at_a_hidden_prompt(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, prompts: list[str]
) -> None:
    prompts.extend([SECRET, SECRET])
    result = cli(*secret_args("set", project_file), stdin_tty=True)
    assert result.code == 0, result.err
    assert stored(memory_keyring) == SECRET
    assert SECRET not in result.both


def test_set_on_a_terminal_refuses_two_different_entries(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, prompts: list[str]
) -> None:
    prompts.extend([SECRET, SECRET + "x"])
    result = cli(*secret_args("set", project_file), stdin_tty=True)
    assert result.code == 2
    assert result.err == "cloudprep: error: the two entries differ; nothing was stored\n"
    assert memory_keyring.items == {}


def test_set_on_a_terminal_refuses_an_empty_entry(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, prompts: list[str]
) -> None:
    prompts.append("")
    result = cli(*secret_args("set", project_file), stdin_tty=True)
    assert result.code == 2
    assert "the value is empty" in result.err
    assert memory_keyring.items == {}


def test_set_on_a_terminal_that_cannot_hide_input_reads_nothing(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def echoing_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        import warnings

        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, stacklevel=2)
        return SECRET

    monkeypatch.setattr(getpass, "getpass", echoing_getpass)
    result = cli(*secret_args("set", project_file), stdin_tty=True)
    assert result.code == 2
    assert "this terminal cannot hide what you type; nothing was read" in result.err
    assert memory_keyring.items == {}


def test_set_never_takes_the_value_from_the_command_line(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    for extra in ([SECRET], [f"--value={SECRET}"], ["--password", SECRET]):
        result = cli(*secret_args("set", project_file), *extra, stdin=b"piped-value-1\n")
        assert result.code == 2
        assert "takes no other argument" in result.err
        assert "not shown, in case one is a secret" in result.err
        assert SECRET not in result.both
    assert memory_keyring.items == {}


def test_set_replaces_and_says_so(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret", "old-value-123")
    result = cli(*secret_args("set", project_file), stdin=SECRET.encode())
    assert result.code == 0
    assert result.out.endswith("(it replaces the previous value)\n")
    assert stored(memory_keyring) == SECRET


def test_set_of_a_kind_the_project_does_not_need_warns(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    result = cli(*secret_args("set", project_file, kind="api-key"), stdin=SECRET.encode())
    assert result.code == 0
    assert result.err == (
        "cloudprep: warning: this project does not need the API key for GCC High "
        "(gcch/api-key) (auth: oauth2); storing it anyway\n"
    )
    assert stored(memory_keyring, kind="api-key") == SECRET


def test_kind_and_cloud_are_case_insensitive(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    result = cli(*secret_args("set", project_file, "GCCH", "Test-Password"), stdin=b"pw-12345")
    assert result.code == 0
    assert stored(memory_keyring, "gcch", "test-password") == "pw-12345"


# --- usage errors: exit 2, before the keyring is touched -------------------------------


@pytest.mark.parametrize("action", ["set", "delete", "copy"])
@pytest.mark.parametrize(
    ("cloud", "kind", "message", "hint"),
    [
        (
            "dod",
            "client-secret",
            "--cloud dod: not a target cloud of this project",
            "its target clouds: gcch, mooncake",
        ),
        (
            "commercial",
            "client-secret",
            "--cloud commercial: the commercial cloud is the baseline",
            "this project's target clouds: gcch, mooncake",
        ),
        (
            "narnia",
            "client-secret",
            "--cloud narnia: not a cloud cloudprep knows",
            "target clouds: gcc, gcch, dod, azgov, mooncake",
        ),
        ("gcch", "password", "--kind password: not a secret kind", "kinds: client-secret, api-key"),
    ],
)
def test_bad_cloud_or_kind_is_a_usage_error(
    cli: Cli,
    project_file: Path,
    memory_keyring: MemoryKeyring,
    action: str,
    cloud: str,
    kind: str,
    message: str,
    hint: str,
) -> None:
    result = cli(*secret_args(action, project_file, cloud, kind), stdin=SECRET.encode())
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith(f"cloudprep: error: {message}")
    assert any(line.strip().startswith(hint) for line in lines[1:]), result.err
    assert memory_keyring.items == {}


def test_a_value_put_where_the_kind_goes_is_not_echoed(cli: Cli, project_file: Path) -> None:
    result = cli(*secret_args("set", project_file, kind=SECRET), stdin=b"x")
    assert result.code == 2
    assert "--kind (value not shown): not a secret kind" in result.err
    assert SECRET not in result.both


def test_missing_project_file_is_a_usage_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("secret", "list")
    assert result.code == 2
    assert result.err.startswith(
        "cloudprep: error: no project file given and ./cloudprep.json does not exist"
    )
    assert "cloudprep secret list --project path/to/cloudprep.json" in result.err


def test_default_project_is_the_one_in_the_current_folder(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_file.parent)
    result = cli("secret", "set", "--cloud", "mooncake", "--kind", "test-username", stdin=b"u1")
    assert result.code == 0, result.err
    assert stored(memory_keyring, "mooncake", "test-username") == "u1"


def test_secret_without_an_action_is_a_usage_error(cli: Cli) -> None:
    result = cli("secret")
    assert result.code == 2
    assert "the following arguments are required: ACTION" in result.err


# --- delete ----------------------------------------------------------------------------


def test_delete_removes_the_secret(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret", SECRET)
    result = cli(*secret_args("delete", project_file))
    assert result.code == 0
    assert result.out == (
        "deleted the OAuth client secret for GCC High (gcch/client-secret) from "
        "memory keyring MemoryKeyring\n"
    )
    assert memory_keyring.items == {}


def test_delete_of_a_secret_that_is_not_there_exits_2(cli: Cli, project_file: Path) -> None:
    result = cli(*secret_args("delete", project_file))
    assert result.code == 2
    assert result.err.splitlines() == [
        "cloudprep: error: the OAuth client secret for GCC High (gcch/client-secret) is not "
        "in the keyring; nothing to delete",
        "  see what is stored: cloudprep secret list",
    ]


def test_delete_removes_a_leftover_of_a_cloud_the_project_dropped(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "dod", "client-secret", SECRET)
    result = cli(*secret_args("delete", project_file, cloud="dod"))
    assert result.code == 0, result.err
    assert memory_keyring.items == {}


# --- copy ------------------------------------------------------------------------------


def test_copy_refuses_when_output_is_not_a_terminal(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret", SECRET)
    result = cli(*secret_args("copy", project_file))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(
        "cloudprep: error: secret copy puts the value on your terminal's clipboard, so it "
        "runs only with its output on a terminal; nothing was read"
    )


def test_copy_sends_osc52_to_the_terminal_and_warns(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret", SECRET)
    result = cli(*secret_args("copy", project_file), stdout_tty=True)
    assert result.code == 0, result.err
    assert result.out == "\x1b]52;c;" + base64.b64encode(SECRET.encode()).decode() + "\x07"
    assert SECRET not in result.both
    assert result.err.startswith("cloudprep: warning: the OAuth client secret for GCC High")
    assert "tmux, screen or an SSH session may keep a copy" in result.err
    assert "the secure channel Microsoft provides" in result.err


def test_copy_of_a_missing_secret_exits_2(cli: Cli, project_file: Path) -> None:
    result = cli(*secret_args("copy", project_file), stdout_tty=True)
    assert result.code == 2
    assert result.out == ""
    assert "is not in the keyring" in result.err


# --- list ------------------------------------------------------------------------------


@pytest.fixture
def some_stored(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    plant(memory_keyring, "gcch", "client-secret", SECRET)
    plant(memory_keyring, "gcch", "test-username", "tester@contoso.onmicrosoft.us")
    plant(memory_keyring, "gcch", "api-key", "not-needed-key-1")
    plant(memory_keyring, "dod", "test-password", "leftover-pw-1")
    return memory_keyring


def test_list_text_shows_presence_only(
    cli: Cli, project_file: Path, some_stored: MemoryKeyring
) -> None:
    result = cli("secret", "list", "--project", str(project_file))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "keyring: memory keyring MemoryKeyring (tests.secrets.memory_keyring.MemoryKeyring)",
        f"project: {PROJECT_ID}",
        "cloud     kind           needed  stored",
        "gcch      client-secret  yes     yes",
        "gcch      api-key        no      yes   not needed: "
        "cloudprep secret delete --cloud gcch --kind api-key",
        "gcch      test-username  yes     yes",
        "gcch      test-password  yes     no",
        "dod       test-password  no      yes   not a target cloud of this project: "
        "cloudprep secret delete --cloud dod --kind test-password",
        "mooncake  client-secret  yes     no",
        "mooncake  test-username  yes     no",
        "mooncake  test-password  yes     no",
        "2 of 6 needed secret(s) stored; 2 stored but not needed",
    ]
    for value in some_stored.items.values():
        assert value not in result.both


def test_list_json(cli: Cli, project_file: Path, some_stored: MemoryKeyring) -> None:
    result = cli("secret", "list", "--project", str(project_file), "--format", "json")
    assert result.code == 0, result.err

    def row(cloud: str, kind: str, needed: bool, stored: bool, in_project: bool = True):  # type: ignore[no-untyped-def]
        return {
            "cloud": cloud,
            "kind": kind,
            "needed": needed,
            "stored": stored,
            "in_project": in_project,
        }

    assert json.loads(result.out) == {
        "project_id": str(PROJECT_ID),
        "backend": "tests.secrets.memory_keyring.MemoryKeyring",
        "secrets": [
            row("gcch", "client-secret", True, True),
            row("gcch", "api-key", False, True),
            row("gcch", "test-username", True, True),
            row("gcch", "test-password", True, False),
            row("dod", "test-password", False, True, in_project=False),
            row("mooncake", "client-secret", True, False),
            row("mooncake", "test-username", True, False),
            row("mooncake", "test-password", True, False),
        ],
    }


def test_list_of_a_multi_auth_project_needs_every_kind(cli: Cli, tmp_path: Path) -> None:
    project = write(tmp_path / "p.json", multi_auth_data(("azgov",)))
    result = cli("secret", "list", "--project", str(project), "--format", "json")
    kinds = [(r["cloud"], r["kind"], r["needed"]) for r in json.loads(result.out)["secrets"]]
    assert kinds == [
        ("azgov", "client-secret", True),
        ("azgov", "api-key", True),
        ("azgov", "test-username", True),
        ("azgov", "test-password", True),
    ]


def test_list_of_a_project_that_needs_nothing(cli: Cli, tmp_path: Path) -> None:
    data = oauth_project_data(("gcc",))
    data["connector"] = {"auth": "none"}
    result = cli("secret", "list", "--project", str(write(tmp_path / "p.json", data)))
    assert result.code == 0
    assert result.out.splitlines()[-1] == "this project needs no secret, and none is stored"


def test_the_kinds_the_help_names_are_the_product_kinds() -> None:
    from cloudprep.cli.commands.secret import KIND_NAMES
    from cloudprep.core.secret_needs import SecretKind

    assert tuple(kind.value for kind in SecretKind) == KIND_NAMES
