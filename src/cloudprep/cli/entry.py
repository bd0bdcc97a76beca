"""The console-script entry point (`cloudprep`, `python -m cloudprep`).

`cloudprep --version` is answered here, before the command line's parser, its commands and
the domain are imported: it is what scripts and package managers run to probe the tool, so
it costs little more than starting Python. Everything else goes to `cli.main`.

pydantic plugins are switched off here, before pydantic is imported (cli.pydantic_plugins
says why and how).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is not imported on the --version path
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    if sys.argv[1:] == ["--version"]:
        from cloudprep import __version__

        # The same line argparse's version action prints (see cli.main.build_parser).
        sys.stdout.write(f"cloudprep {__version__}\n")
        raise SystemExit(0)
    from cloudprep.cli.pydantic_plugins import switch_off_pydantic_plugins

    switch_off_pydantic_plugins()
    from cloudprep.cli.main import run as run_command_line

    run_command_line()
