"""`cloudprep request`: SUBMISSION.md on stdout, for pasting into the channel the publisher
uses with Microsoft (an e-mail, or a Partner Center request). No bundle is written."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from cloudprep.cli.commands.common import add_project_argument, load_project_argument
from cloudprep.cli.exit_codes import ExitCode


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "request",
        help="print SUBMISSION.md (the request Microsoft reads) without writing a bundle",
        description=(
            "Print the request addressed to the Microsoft reviewer, exactly as `bundle` "
            "would write SUBMISSION.md, for pasting into an e-mail or a Partner Center "
            "request. Secrets stay out: if one would appear, nothing is printed (exit 4). "
            "The publisher's own to-dos are in `cloudprep check`."
        ),
    )
    add_project_argument(parser)
    parser.add_argument(
        "--no-keyring",
        action="store_true",
        help=(
            "do not read the OS keyring: secret presence is not checked and only secret "
            "patterns are scanned for"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from cloudprep.bundle.export import request_text
    from cloudprep.bundle.secret_source import KeyringView
    from cloudprep.core.reference_date import export_moment, utc_now
    from cloudprep.core.secret_needs import SecretPresence

    _, project = load_project_argument(args.project, command="request")
    created = export_moment(os.environ, utc_now())
    if args.no_keyring:
        view = KeyringView(SecretPresence.not_checked())
    else:
        from cloudprep.bundle.secret_source import read_keyring
        from cloudprep.errors import KeyringUnavailable

        # Fails closed (exit 3) when the keyring cannot be read: the stored secrets are
        # what the leak guard matches, so without them nothing is printed.
        try:
            view = read_keyring(project)
        except KeyringUnavailable as exc:
            hints = (*exc.hints, "or print it without the keyring: cloudprep request --no-keyring")
            raise KeyringUnavailable(exc.message, hints=hints) from None
    from cloudprep.cli.guarded_output import use_leak_guard

    use_leak_guard(view.leak_guard())  # stdout and stderr redact the stored values too
    # The whole text is built (and refused, exit 4) before any of it reaches stdout.
    from cloudprep.preflight.state import current_for, load_result

    text = request_text(
        project,
        presence=view.presence,
        created=created,
        known_secrets=view.secrets,
        preflight=current_for(project, load_result(project.project_id)),
    )
    sys.stdout.write(text)
    return ExitCode.OK
