"""pydantic's plugins, switched off before pydantic is imported (by the entry point).

pydantic loads every plugin that any installed package declares (the "pydantic" entry point
group) and hands it every value it validates: here project files and bundles, with whatever
was pasted into them by mistake. A plugin installed for another tool (an observability or
tracing one) would see them, and cloudprep uses none. PYDANTIC_DISABLE_PLUGINS is set to
"__all__" whatever it held before: a list of plugin names would switch off only those.

With every plugin off, the module that would look for them, `pydantic.plugin._loader`, is
still imported when the first model is built, and it imports importlib.metadata, and through
it email, zipfile, csv and more: 8 % of `validate`'s instructions, for a search that never
runs. So while the variable says "__all__", that module is served by a stand-in whose
`get_plugins()` returns no plugin, as pydantic's own does then.

The module is private to pydantic. Any other name asked of the stand-in is read from
pydantic's own module, imported at that moment, so a pydantic that comes to use the module
differently still gets the real thing.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec, PathFinder

TYPE_CHECKING = False  # typing is not imported on the way to a command
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

SWITCH = "PYDANTIC_DISABLE_PLUGINS"
EVERY_PLUGIN = "__all__"
PLUGIN_LOADER = "pydantic.plugin._loader"


def switch_off_pydantic_plugins() -> None:
    os.environ[SWITCH] = EVERY_PLUGIN
    if not any(isinstance(finder, PluginLoaderStandIn) for finder in sys.meta_path):
        sys.meta_path.insert(0, PluginLoaderStandIn())


def no_plugins() -> tuple[()]:
    """`get_plugins()` with every plugin switched off."""
    return ()


class PluginLoaderStandIn:
    """Finds and loads `pydantic.plugin._loader` as the stand-in while every plugin is off
    (an import-system finder and loader)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != PLUGIN_LOADER or os.environ.get(SWITCH) != EVERY_PLUGIN:
            return None
        # Any object with create_module and exec_module is a loader to the import system;
        # subclassing importlib.abc.Loader would import importlib.resources and more.
        origin = "cloudprep: every pydantic plugin is off"
        return ModuleSpec(fullname, self, origin=origin)  # type: ignore[arg-type]

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # a plain module

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__.update(get_plugins=no_plugins, __getattr__=_from_pydantic_loader)


def _from_pydantic_loader(name: str) -> object:
    """A name the stand-in does not have, read from pydantic's own module (PEP 562)."""
    if name.startswith("__") and name.endswith("__"):
        # The import system probes modules for these (`__path__` on every `from … import`).
        raise AttributeError(name)
    return getattr(_import_pydantic_loader(), name)


def _import_pydantic_loader() -> ModuleType:
    loaded = sys.modules.get(PLUGIN_LOADER)
    if loaded is not None and not isinstance(
        getattr(loaded.__spec__, "loader", None), PluginLoaderStandIn
    ):
        return loaded
    from importlib.util import module_from_spec

    package_name, _, child = PLUGIN_LOADER.rpartition(".")
    package = sys.modules[package_name]
    spec = PathFinder.find_spec(PLUGIN_LOADER, package.__path__)
    if spec is None or spec.loader is None:
        raise ImportError(f"pydantic has no module {PLUGIN_LOADER}", name=PLUGIN_LOADER)
    module = module_from_spec(spec)
    sys.modules[PLUGIN_LOADER] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[PLUGIN_LOADER]
        raise
    setattr(package, child, module)
    return module
