"""No pydantic plugin sees what cloudprep validates: the entry point switches them all off,
whatever PYDANTIC_DISABLE_PLUGINS held before, and spares pydantic the module that would
look for them (cli.pydantic_plugins)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import save_project

from .conftest import run_entry_point

# A plugin as another tool would install one: declared in the "pydantic" entry point group
# of an installed distribution. Loading it leaves a mark.
PLUGIN = """
import os
from pathlib import Path

Path(os.environ["PLUGIN_MARK"]).write_text("loaded")


class Spy:
    def new_schema_validator(self, *args, **kwargs):
        return None, None, None


plugin = Spy()
"""
VALIDATE = """
from pydantic import BaseModel

class Model(BaseModel):
    name: str

Model.model_validate({"name": "x"})
"""


@pytest.fixture
def plugin_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    dist_info = site / "spy_plugin-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    (site / "spy_plugin.py").write_text(PLUGIN)
    return site


def environment(site: Path, mark: Path, disabled: str | None) -> dict[str, str]:
    env = {"PYTHONPATH": str(site), "PLUGIN_MARK": str(mark)}
    if disabled is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = disabled
    return env


def test_the_plugin_is_loaded_by_pydantic_outside_cloudprep(
    plugin_site: Path, tmp_path: Path
) -> None:
    mark = tmp_path / "mark"
    proc = subprocess.run(
        [sys.executable, "-c", VALIDATE],
        env=environment(plugin_site, mark, None),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert mark.read_text() == "loaded"


@pytest.mark.parametrize("disabled", [None, "", "another_plugin", "0"])
def test_no_plugin_is_loaded_by_cloudprep(
    plugin_site: Path, tmp_path: Path, disabled: str | None
) -> None:
    project = tmp_path / "cloudprep.json"
    save_project(demo_project(), project)
    mark = tmp_path / "mark"
    env = environment(plugin_site, mark, disabled)
    result = run_entry_point("check", str(project), "--no-keyring", cwd=tmp_path, env=env)
    assert result.code == 1, result.err  # the demo project has errors
    assert "Traceback" not in result.err
    assert not mark.exists()


def test_the_entry_point_does_not_import_the_plugin_search(tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    save_project(demo_project(), project)
    env = {"PYTHONPROFILEIMPORTTIME": "1"}
    result = run_entry_point("check", str(project), "--no-keyring", cwd=tmp_path, env=env)
    assert result.code == 1, result.err
    imported = {line.rpartition("|")[2].strip() for line in result.err.splitlines()}
    assert "pydantic.plugin._loader" in imported  # a model was built, with the stand-in
    assert "importlib.metadata" not in imported


# Each case runs in a fresh interpreter: this one has pydantic's own module loaded already.
STAND_IN = """
import os, sys
from cloudprep.cli.pydantic_plugins import switch_off_pydantic_plugins
switch_off_pydantic_plugins()
{before}
import pydantic.plugin._loader as loader
from pydantic import BaseModel

class Model(BaseModel):
    name: str

assert Model.model_validate({{"name": "x"}}).name == "x"
assert tuple(loader.get_plugins()) == ()
assert not hasattr(loader, "__path__")
searched = "importlib.metadata" in sys.modules
{after}
real = type(sys.modules["pydantic.plugin._loader"].__spec__.loader).__name__
print(searched, real)
"""


def run_stand_in(before: str = "", after: str = "") -> list[str]:
    code = STAND_IN.format(before=before, after=after)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_the_stand_in_serves_pydantic_without_the_plugin_search() -> None:
    assert run_stand_in() == ["False", "PluginLoaderStandIn"]


def test_any_other_name_is_read_from_pydantics_own_module() -> None:
    searched, loader = run_stand_in(after='assert loader.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"')
    assert searched == "False"  # only asking for the other name imported the real module
    assert loader == "SourceFileLoader"


def test_pydantics_own_module_is_used_when_plugins_are_switched_back_on() -> None:
    searched, loader = run_stand_in(before='os.environ["PYDANTIC_DISABLE_PLUGINS"] = "x"')
    assert (searched, loader) == ("True", "SourceFileLoader")
