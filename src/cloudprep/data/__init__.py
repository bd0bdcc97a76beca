"""Data files shipped in the package: the cloud catalog, the demo project, the connector
schemas."""

from __future__ import annotations

from pathlib import Path


def read_data(name: str) -> bytes:
    """The data file `name`, read through this package's loader, as `pkgutil.get_data` and
    `importlib.resources` do (so an install in a zip file works too), without importing
    them: the catalog is read on every command's path."""
    get_data = getattr(__spec__.loader, "get_data", None)
    if get_data is None:  # a loader that cannot read data files: not one that installs us
        raise FileNotFoundError(f"cloudprep.data/{name}")
    return bytes(get_data(str(Path(__file__).with_name(name))))
