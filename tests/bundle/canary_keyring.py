"""A keyring backend kept in a JSON file, so that separate `cloudprep` processes of one test
share it (`secret set`, then `bundle`, then `validate --check-keyring`).

For tests only: the file lives in the test's tmp dir (`CLOUDPREP_TEST_KEYRING`). Its
priority is below zero, so keyring never picks it by itself; a subprocess names it in
PYTHON_KEYRING_BACKEND (with the repository root on PYTHONPATH).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class CanaryKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        return -10

    @staticmethod
    def _file() -> Path:
        return Path(os.environ["CLOUDPREP_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._file().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def _save(self, items: dict[str, str]) -> None:
        self._file().write_text(json.dumps(items), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._load()
        items[f"{service}\n{username}"] = password
        self._save(items)

    def delete_password(self, service: str, username: str) -> None:
        items = self._load()
        if items.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(items)
