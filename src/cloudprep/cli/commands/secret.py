"""`cloudprep secret set|delete|copy|list`: this project's secrets in the OS keyring.

A value is read from a hidden prompt on a terminal, or else from stdin, never from the
command line; no command prints one (`copy` hands it to the terminal's clipboard with
OSC 52). Exit codes: 3 when the keyring is unavailable, 2 for a usage error, a cloud that
is not in the project, or a secret to delete that is not there.
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from cloudprep.cli.commands.common import add_format, load_project_argument
from cloudprep.cli.exit_codes import ExitCode, report_warning
from cloudprep.cli.main import CloudprepArgumentParser
from cloudprep.cli.output import OutputFormat
from cloudprep.errors import InputError, UsageError

if TYPE_CHECKING:
    from pydantic import SecretStr

    from cloudprep.core.catalog import TargetCloudId
    from cloudprep.core.models import Project
    from cloudprep.core.secret_needs import SecretKind
    from cloudprep.secrets.keys import SecretKey
    from cloudprep.secrets.presence import InventoryRow
    from cloudprep.secrets.store import SecretStore

KIND_NAMES = ("client-secret", "api-key", "test-username", "test-password")
# A --cloud or --kind value is echoed in an error only when it looks like an id: a secret
# typed into the wrong place must not reach the terminal or a log.
_SHOWABLE = re.compile(r"[a-z][a-z0-9-]{0,15}")
OSC52_START = "\x1b]52;c;"
OSC52_END = "\x07"


class _NoEchoParser(CloudprepArgumentParser):
    """The action parsers: a stray argument is counted, never echoed (it may be a secret
    typed on the command line); `run` reports it."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        parsed.unexpected = len(extras)
        return parsed, []


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "secret",
        help="store, delete, copy or list this project's secrets in the OS keyring",
        description=(
            "Keep this project's secrets in the OS keyring (service cloudprep, user name "
            "<project_id>/<cloud>/<kind>): the Secret Service on Linux, the Keychain on macOS, "
            "Credential Manager on Windows. Values never go to a file or to the terminal."
        ),
    )
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_NoEchoParser
    )
    for name, help_text, description in (
        (
            "set",
            "store a secret (hidden prompt on a terminal, else stdin)",
            "Store a secret. On a terminal it is asked for twice at a hidden prompt; "
            "otherwise it is read from stdin (one trailing newline is removed). Never pass "
            "it as an argument: it would stay in your shell history.",
        ),
        (
            "delete",
            "remove a secret from the keyring",
            "Remove a secret from the keyring. Exits 2 when it is not there. Also removes "
            "a leftover of a cloud the project no longer targets.",
        ),
        (
            "copy",
            "put a secret on the terminal's clipboard (OSC 52)",
            "Put a secret on your terminal's clipboard with OSC 52, to paste it into the "
            "channel Microsoft provides. Runs only with its output on a terminal. tmux, "
            "screen or an SSH session may keep a copy.",
        ),
    ):
        action = actions.add_parser(name, help=help_text, description=description)
        action.add_argument(
            "--cloud",
            required=True,
            metavar="ID",
            help="a target cloud of the project: gcc, gcch, dod, azgov or mooncake",
        )
        action.add_argument(
            "--kind", required=True, metavar="KIND", help="one of: " + ", ".join(KIND_NAMES)
        )
        _add_project(action)
    listing = actions.add_parser(
        "list",
        help="show which secrets are needed and stored (never their values)",
        description=(
            "Show, for each target cloud, the secrets the project needs and whether each is "
            "stored, plus any stored secret it does not need. Values are never shown."
        ),
    )
    _add_project(listing)
    add_format(listing, OutputFormat.TEXT, OutputFormat.JSON)


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        metavar="PROJECT",
        help="the project file (default: ./cloudprep.json)",
    )


def run(args: argparse.Namespace) -> int:
    if getattr(args, "unexpected", 0):
        raise UsageError(
            f"cloudprep secret {args.action} takes no other argument ({args.unexpected} "
            "given; not shown, in case one is a secret)",
            hints=[
                "a value is never given on the command line: secret set asks for it at a "
                "hidden prompt, or reads it from stdin",
                f"see: cloudprep secret {args.action} --help",
            ],
        )
    path, project = load_project_argument(
        args.project, command=f"secret {args.action}", option="--project "
    )
    if args.action == "list":
        return _list(project, OutputFormat(args.format))
    cloud = _cloud(project, path, args.cloud, allow_leftover=args.action == "delete")
    kind = _kind(args.kind)
    from cloudprep.secrets.keys import SecretKey

    key = SecretKey(project.project_id, cloud, kind)
    if args.action == "set":
        return _set(project, key)
    if args.action == "delete":
        return _delete(project, path, key)
    return _copy(key)


def _shown(value: str) -> str:
    return value if _SHOWABLE.fullmatch(value) else "(value not shown)"


def _kind(raw: str) -> SecretKind:
    from cloudprep.core.secret_needs import SecretKind

    value = raw.strip().lower()
    try:
        return SecretKind(value)
    except ValueError:
        raise UsageError(
            f"--kind {_shown(value)}: not a secret kind",
            hints=["kinds: " + ", ".join(KIND_NAMES)],
        ) from None


def _cloud(project: Project, path: Path, raw: str, *, allow_leftover: bool) -> TargetCloudId:
    from cloudprep.core.catalog import TARGET_CLOUD_IDS

    value = raw.strip().lower()
    targets = ", ".join(project.clouds) or "none yet"
    if value == "commercial":
        raise UsageError(
            "--cloud commercial: the commercial cloud is the baseline; cloudprep keeps "
            "only the target clouds' secrets",
            hints=[f"this project's target clouds: {targets}"],
        )
    if value not in TARGET_CLOUD_IDS:
        raise UsageError(
            f"--cloud {_shown(value)}: not a cloud cloudprep knows",
            hints=[
                "target clouds: " + ", ".join(TARGET_CLOUD_IDS),
                f"this project's: {targets}",
            ],
        )
    if value not in project.clouds and not allow_leftover:
        raise UsageError(
            f"--cloud {value}: not a target cloud of this project ({path})",
            hints=[
                f"its target clouds: {targets}",
                f'to target {value}, add "{value}" under "clouds" in {path} (or in the wizard)',
            ],
        )
    return value


def _is_needed(project: Project, key: SecretKey) -> bool:
    from cloudprep.core.secret_needs import needed_secrets

    config = project.clouds.get(key.cloud)
    return config is not None and key.kind in needed_secrets(project.connector, config)


def _set(project: Project, key: SecretKey) -> int:
    from cloudprep.secrets.store import open_store
    from cloudprep.secrets.values import has_outer_whitespace

    # The keyring is checked (and unlocked) before the value is asked for.
    store = open_store()
    replacing = store.has(key)
    if not _is_needed(project, key):
        report_warning(
            f"this project does not need {key.describe()} (auth: "
            f"{', '.join(project.connector.all_auth_kinds)}); storing it anyway"
        )
    value = _read_value(key)
    store.set(key, value)
    if has_outer_whitespace(value):
        report_warning(
            "the value starts or ends with spaces or tabs; it was stored as given. If that "
            "was a copy-and-paste slip, set it again"
        )
    from cloudprep.core.leaks import MIN_SUBSTRING

    if len(value.get_secret_value()) < MIN_SUBSTRING:
        report_warning(
            f"the value is shorter than {MIN_SUBSTRING} characters, which is unusual for a "
            "secret; the leak guard finds it only as a whole field value, never inside a text"
        )
    replaced = " (it replaces the previous value)" if replacing else ""
    sys.stdout.write(f"stored {key.describe()} in {store.backend_label}{replaced}\n")
    return ExitCode.OK


def _read_value(key: SecretKey) -> SecretStr:
    from cloudprep.secrets.values import secret_value

    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise InputError(
            "there is no stdin to read the value from; nothing was stored",
            hints=["run it in a terminal (hidden prompt), or pipe the value on stdin"],
        )
    text = _prompt(key) if stdin.isatty() else _read_stdin()
    return secret_value(text)


def _prompt(key: SecretKey) -> str:
    import getpass
    import warnings

    with warnings.catch_warnings():
        # getpass falls back to echoing the input when it cannot hide it: refuse instead.
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            first = getpass.getpass(f"{key.describe()} (hidden): ")
            if first == "":
                return first
            second = getpass.getpass("again, to confirm (hidden): ")
        except getpass.GetPassWarning:
            raise InputError(
                "this terminal cannot hide what you type; nothing was read",
                hints=["pipe the value on stdin instead, e.g. from a password manager's CLI"],
            ) from None
        except EOFError:
            return ""
    if first != second:
        raise InputError("the two entries differ; nothing was stored")
    return first


def _read_stdin() -> str:
    from cloudprep.secrets.values import MAX_SECRET_CHARS

    limit = MAX_SECRET_CHARS * 4 + 2
    buffer = getattr(sys.stdin, "buffer", None)
    data = buffer.read(limit + 1) if buffer is not None else sys.stdin.read(limit + 1).encode()
    if len(data) > limit:
        raise InputError(
            f"stdin holds more than {MAX_SECRET_CHARS} characters; nothing was stored",
            hints=["pipe only the secret itself"],
        )
    # A UTF-16 file (with its BOM, as Windows editors save them) is read as such.
    encoding = (
        "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(
            "the value on stdin is not UTF-8 text; nothing was stored",
            hints=["pipe the value as UTF-8 text"],
        ) from None
    # Exactly one trailing newline (as echo and most files add) is not part of the value.
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text


def _delete(project: Project, path: Path, key: SecretKey) -> int:
    from cloudprep.errors import SecretNotFound
    from cloudprep.secrets.store import open_store

    store = open_store()
    try:
        store.delete(key)
    except SecretNotFound:
        if key.cloud in project.clouds:
            raise
        raise UsageError(
            f"--cloud {key.cloud}: not a target cloud of this project ({path}), and nothing "
            f"is stored for it as {key.kind.value}",
            hints=[f"its target clouds: {', '.join(project.clouds) or 'none yet'}"],
        ) from None
    sys.stdout.write(f"deleted {key.describe()} from {store.backend_label}\n")
    return ExitCode.OK


def osc52_sequence(value: SecretStr) -> str:
    """The OSC 52 escape that asks the terminal to put `value` on its clipboard."""
    import base64

    encoded = base64.b64encode(value.get_secret_value().encode("utf-8")).decode("ascii")
    return f"{OSC52_START}{encoded}{OSC52_END}"


def _copy(key: SecretKey) -> int:
    if not sys.stdout.isatty():
        raise UsageError(
            "secret copy puts the value on your terminal's clipboard, so it runs only with "
            "its output on a terminal; nothing was read",
            hints=["run it in a terminal, without redirecting or piping its output"],
        )
    from cloudprep.cli.guarded_output import unguarded
    from cloudprep.secrets.store import open_store

    value = open_store().get(key)
    terminal = unguarded(sys.stdout)  # the one deliberate control sequence cloudprep sends
    terminal.write(osc52_sequence(value))
    terminal.flush()
    report_warning(
        f"{key.describe()} was sent to your terminal's clipboard (OSC 52; some terminals "
        "ignore it or ask first). tmux, screen or an SSH session may keep a copy: paste it "
        f"into {key.kind.handover}, then clear your clipboard"
    )
    return ExitCode.OK


def _list(project: Project, output: OutputFormat) -> int:
    from cloudprep.secrets.presence import secret_inventory
    from cloudprep.secrets.store import open_store

    store = open_store()
    rows = secret_inventory(project, store)
    match output:
        case OutputFormat.JSON:
            sys.stdout.write(_list_json(project, store, rows))
        case OutputFormat.TEXT:
            sys.stdout.write(_list_text(project, store, rows))
        case OutputFormat.SARIF | OutputFormat.CSV | OutputFormat.GITHUB:
            raise UsageError(f"secret list has no {output.value} format")
        case _:
            assert_never(output)
    return ExitCode.OK


def _list_json(project: Project, store: SecretStore, rows: tuple[InventoryRow, ...]) -> str:
    from cloudprep.cli.output import to_json

    return to_json(
        {
            "project_id": str(project.project_id),
            "backend": store.backend_name,
            "secrets": [
                {
                    "cloud": row.cloud,
                    "kind": row.kind.value,
                    "needed": row.needed,
                    "stored": row.stored,
                    "in_project": row.in_project,
                }
                for row in rows
            ],
        }
    )


def _list_text(project: Project, store: SecretStore, rows: tuple[InventoryRow, ...]) -> str:
    lines = [
        f"keyring: {store.backend_label} ({store.backend_name})",
        f"project: {project.project_id}",
    ]
    if not rows:
        lines.append("this project needs no secret, and none is stored")
        return "\n".join(lines) + "\n"
    lines.append(f"{'cloud':<9} {'kind':<14} {'needed':<7} stored")
    for row in rows:
        line = f"{row.cloud:<9} {row.kind.value:<14} {_yes(row.needed):<7} {_yes(row.stored)}"
        if row.stored and not row.needed:
            why = "not needed" if row.in_project else "not a target cloud of this project"
            line += f"   {why}: cloudprep secret delete --cloud {row.cloud} --kind {row.kind.value}"
        lines.append(line.rstrip())
    needed = [r for r in rows if r.needed]
    stored = sum(1 for r in needed if r.stored)
    extra = sum(1 for r in rows if r.stored and not r.needed)
    summary = f"{stored} of {len(needed)} needed secret(s) stored"
    if extra:
        summary += f"; {extra} stored but not needed"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
