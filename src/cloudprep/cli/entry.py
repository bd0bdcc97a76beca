"""The console-script entry point (`cloudprep`, `python -m cloudprep`).

`cloudprep --version` is answered here, before the command line's parser, its commands and
the domain are imported: it is what scripts and package managers run to probe the tool, so
it costs little more than starting Python. Everything else goes to `cli.main`.

pydantic plugins are switched off here, before pydantic is imported. pydantic loads every
plugin that any installed package declares (the "pydantic" entry point group) and hands it
every value it validates: here project files and bundles, with whatever was pasted into
them by mistake. A plugin installed for another tool (an observability or tracing one)
would see them, and cloudprep uses none. The variable is set to "__all__"
whatever it held before: a list of plugin names would switch off only those. It also
spares pydantic the search through every installed package's entry points.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing is not imported on the --version path
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if sys.argv[1:] == ["--version"]:
        from cloudprep import __version__

        # The same line argparse's version action prints (see cli.main.build_parser).
        sys.stdout.write(f"cloudprep {__version__}\n")
        raise SystemExit(0)
    from cloudprep.cli.main import run as run_command_line

    run_command_line()
