"""Why the keyring cannot be used, as one clear `KeyringUnavailable` per cause.

Each error names what is missing and how to fix it on Linux (the Secret Service:
gnome-keyring or KWallet in a D-Bus session), macOS (the Keychain) and Windows (Credential
Manager). There is no fallback: a backend that would silently drop secrets (keyring's `null`
backend), keep them in plaintext, or was chosen only because a package happens to be
installed (keyrings.alt, keyrings.cryptfile) is reported as unavailable, never used.

`keyring` is imported inside the functions, never at module level.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from cloudprep.errors import KeyringUnavailable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

T = TypeVar("T")

ENV_VAR = "PYTHON_KEYRING_BACKEND"
CONFIG_FILE_NAME = "keyringrc.cfg"
NULL_BACKEND = "keyring.backends.null.Keyring"
FAIL_BACKEND = "keyring.backends.fail.Keyring"
MAX_DETAIL_CHARS = 300

# Packages whose backends win keyring's automatic choice merely by being installed.
_AUTO_SELECTED_PACKAGES = ("keyrings.alt", "keyrings.cryptfile")

LINUX_FIX = (
    "Linux: cloudprep uses the Secret Service: run gnome-keyring or KWallet in your desktop "
    "session and unlock it; over SSH or in a container, start one inside a D-Bus session "
    "(dbus-run-session, then gnome-keyring-daemon --unlock --components=secrets, which reads "
    "the keyring password on stdin)"
)
MACOS_FIX = (
    "macOS: cloudprep uses the login Keychain: unlock it in Keychain Access, or with "
    "security unlock-keychain"
)
WINDOWS_FIX = (
    "Windows: cloudprep uses Credential Manager: run cloudprep as a signed-in user whose "
    "profile is loaded (not a service account without one)"
)
CONFIG_FIX = (
    "or choose a backend yourself (an encrypted file, for example) with "
    f"{ENV_VAR} or {CONFIG_FILE_NAME}; python -m keyring diagnose shows where that file "
    "goes. cloudprep never falls back to a plaintext file"
)
DEFAULT_FIXES = (LINUX_FIX, MACOS_FIX, WINDOWS_FIX, CONFIG_FIX)

LOCKED_FIXES = (
    "Linux: unlock the default collection (usually the login keyring) in Seahorse or your "
    "desktop's unlock prompt; without a desktop, start gnome-keyring-daemon with --unlock "
    "(it reads the password on stdin)",
    "macOS: security unlock-keychain (or unlock the login keychain in Keychain Access)",
    "Windows: sign in again: Credential Manager opens with your Windows session",
    CONFIG_FIX,
)
INIT_FIXES = (
    "Linux: the Secret Service has no usable default collection: create one in Seahorse "
    "(a password keyring, set as default), or restart gnome-keyring-daemon with --unlock; "
    "with KWallet, open KWalletManager and create the default wallet",
    "macOS: check that the login keychain exists and is the default (Keychain Access)",
    "Windows: check that the Credential Manager service runs (services.msc)",
    CONFIG_FIX,
)


@dataclass(frozen=True)
class BackendChoice:
    """Who chose the keyring backend: the user (variable or file) or keyring's automatic
    choice."""

    name: str | None
    """The backend the user configured, or None for the automatic choice."""
    source: str
    """`PYTHON_KEYRING_BACKEND`, the path of keyringrc.cfg, or `keyring's automatic choice`."""

    @property
    def explicit(self) -> bool:
        return self.name is not None


def flat(text: str, *, limit: int = MAX_DETAIL_CHARS) -> str:
    """One line, at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe_exception(exc: BaseException, *, scrub: str | None = None) -> str:
    """`Type: message` on one line. `scrub`, when given, is replaced wherever it occurs, so
    a secret that a backend put in its error text is never shown."""
    text = str(exc)
    if scrub:
        text = text.replace(scrub, "***")
    text = flat(text)
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def backend_qualname(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def configured_choice() -> BackendChoice:
    """The backend the user chose through keyring's own configuration, if any."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return BackendChoice(from_env, ENV_VAR)
    path = config_path()
    parser = configparser.RawConfigParser()
    try:
        read = parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise KeyringUnavailable(
            f"keyring's configuration file {path} cannot be read: {describe_exception(exc)}",
            hints=(f"fix or remove {path}", *DEFAULT_FIXES),
        ) from exc
    if read and parser.has_option("backend", "default-keyring"):
        name = parser.get("backend", "default-keyring").strip()
        if name:
            return BackendChoice(name, str(path))
    return BackendChoice(None, "keyring's automatic choice")


def config_path() -> str:
    from keyring.util import platform_

    return str(platform_.config_root() / CONFIG_FILE_NAME)


def _linux_bus_state() -> str:
    if not sys.platform.startswith("linux"):
        return ""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return (
            " (there is no D-Bus session bus here: DBUS_SESSION_BUS_ADDRESS is not set, so "
            "no Secret Service can be reached)"
        )
    return " (no Secret Service answers on the D-Bus session bus)"


def no_backend(detail: str | None = None) -> KeyringUnavailable:
    """keyring found no backend at all (`NoKeyringError`, the `fail` backend)."""
    found = f": {detail}" if detail else ""
    return KeyringUnavailable(
        "no OS keyring is available: keyring found no Secret Service, Keychain or "
        f"Credential Manager{_linux_bus_state()}{found}",
        hints=DEFAULT_FIXES,
    )


def locked(detail: str) -> KeyringUnavailable:
    """The collection (or item) is locked and unlocking failed or was dismissed."""
    return KeyringUnavailable(
        f"the OS keyring is locked and could not be unlocked ({detail})",
        hints=LOCKED_FIXES,
    )


def init_failed(backend_name: str, detail: str) -> KeyringUnavailable:
    """keyring's `InitError`: the backend runs but cannot open its store."""
    return KeyringUnavailable(
        f"the OS keyring could not be opened by {backend_name} ({detail})",
        hints=INIT_FIXES,
    )


def backend_cannot_start(choice: BackendChoice, detail: str) -> KeyringUnavailable:
    """A backend's initialisation raised (keyring's convention: a plain RuntimeError)."""
    if choice.explicit:
        what = f"the keyring backend {choice.name} (set in {choice.source}) cannot start"
        what += _linux_bus_state() if "secretservice" in (choice.name or "").lower() else ""
        first = f"check or remove the setting in {choice.source}"
        return KeyringUnavailable(f"{what}: {detail}", hints=(first, *DEFAULT_FIXES))
    return KeyringUnavailable(
        f"the OS keyring backend cannot start{_linux_bus_state()}: {detail}",
        hints=DEFAULT_FIXES,
    )


def backend_cannot_load(choice: BackendChoice, detail: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"{choice.source} names the keyring backend {choice.name}, which cannot be loaded: "
        f"{detail}",
        hints=(
            f"correct the name in {choice.source} (module.Class), install the package that "
            "provides it, or remove the setting to use the OS keyring",
            *DEFAULT_FIXES,
        ),
    )


def null_backend(choice: BackendChoice) -> KeyringUnavailable:
    if choice.source == ENV_VAR:
        remove = f"unset {ENV_VAR} (it names {NULL_BACKEND})"
    elif choice.explicit:
        remove = (
            f"remove the default-keyring line from {choice.source} "
            "(python -m keyring --disable wrote it)"
        )
    else:
        remove = "remove whatever selects keyring's null backend"
    return KeyringUnavailable(
        f"the keyring is set to keyring's null backend ({choice.source}), which silently "
        "throws every secret away; cloudprep will not use it",
        hints=(remove, *DEFAULT_FIXES),
    )


def empty_chainer(choice: BackendChoice) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"keyring's chainer backend is selected ({choice.source}) but has no usable keyring "
        f"to chain{_linux_bus_state()}",
        hints=DEFAULT_FIXES,
    )


def plaintext_backend(name: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring backend {name} keeps secrets in a plaintext file; cloudprep never "
        "stores a secret in plaintext",
        hints=(f"choose another backend with {ENV_VAR} or {CONFIG_FILE_NAME}", *DEFAULT_FIXES),
    )


def auto_selected_package(name: str, package: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring backend {name} was picked only because the {package} package is "
        "installed; cloudprep uses such a backend only when you choose it yourself",
        hints=(
            f"to use it, set {ENV_VAR}={name} or name it as default-keyring in "
            f"{CONFIG_FILE_NAME}; otherwise uninstall {package}",
            *DEFAULT_FIXES,
        ),
    )


def operation_failed(backend_name: str, action: str, detail: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring backend {backend_name} failed to {action}: {detail}",
        hints=DEFAULT_FIXES,
    )


def dropped_write(backend_name: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring backend {backend_name} accepted the secret but does not return it; "
        "it would be lost, so cloudprep reports the keyring as unusable",
        hints=DEFAULT_FIXES,
    )


def _is_plaintext(qualname: str) -> bool:
    return "plaintext" in qualname.lower()


def _auto_package(qualname: str) -> str | None:
    for package in _AUTO_SELECTED_PACKAGES:
        if qualname == package or qualname.startswith(package + "."):
            return package
    return None


def check_backend(backend: KeyringBackend, choice: BackendChoice) -> None:
    """Raise `KeyringUnavailable` unless `backend` really keeps secrets, encrypted, where
    the user expects them."""
    from keyring.backends import chainer, fail, null

    name = backend_qualname(backend)
    if isinstance(backend, null.Keyring):
        raise null_backend(choice)
    if isinstance(backend, fail.Keyring):
        raise no_backend()
    if _is_plaintext(name):
        raise plaintext_backend(name)
    package = _auto_package(name)
    if package is not None and not choice.explicit:
        raise auto_selected_package(name, package)
    if isinstance(backend, chainer.ChainerBackend):
        children = guarded(
            lambda: list(backend.backends),
            backend_name="keyring's chainer backend",
            action="list the keyrings it chains",
        )
        if not children:
            raise empty_chainer(choice)
        for child in children:
            check_backend(child, BackendChoice(None, "keyring's chainer backend"))


def _load_error(choice: BackendChoice, exc: Exception) -> KeyringUnavailable:
    from keyring import errors

    detail = describe_exception(exc)
    if isinstance(exc, errors.KeyringError) or not choice.explicit:
        return map_exception(exc, backend_name=choice.name or "keyring", action="start", scrub=None)
    if isinstance(exc, ImportError | AttributeError | ValueError):
        return backend_cannot_load(choice, detail)
    # keyring's convention is a RuntimeError, but a backend checking its service can let
    # anything through (the Secret Service backend: an OSError for a bus that is gone).
    return backend_cannot_start(choice, detail)


def load_backend() -> KeyringBackend:
    """The keyring backend to use, checked; every failure is a `KeyringUnavailable`."""
    try:
        import keyring
    except ImportError as exc:
        raise KeyringUnavailable(
            f"the Python keyring package cannot be imported: {describe_exception(exc)}",
            hints=("reinstall cloudprep: pip install --force-reinstall cloudprep",),
        ) from exc
    choice = configured_choice()
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        # keyring reports a backend that cannot start as a plain RuntimeError, a bad name
        # as ImportError/AttributeError, and a broken keyringrc.cfg as configparser errors.
        raise _load_error(choice, exc) from exc
    if not choice.explicit:
        backend = _prefer_native(backend)
    check_backend(backend, choice)
    return backend


_NATIVE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)


def _is_native(backend: object) -> bool:
    return type(backend).__module__ in _NATIVE_MODULES


def _prefer_native(backend: KeyringBackend) -> KeyringBackend:
    """keyring's automatic choice, unless it fell on a backend that won only because a
    package is installed (keyrings.alt beside a running gnome-keyring): then the best
    working OS keyring, if there is one. Otherwise `check_backend` explains the refusal."""
    from keyring.backend import get_all_keyring
    from keyring.backends import chainer

    chosen = list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
    if not any(_auto_package(backend_qualname(b)) for b in chosen):
        return backend
    try:
        viable = [b for b in get_all_keyring() if _is_native(b)]
    except Exception:  # noqa: BLE001 (any probe failure: keep keyring's own choice)
        return backend
    return max(viable, key=lambda b: float(b.priority)) if viable else backend


def map_exception(
    exc: Exception, *, backend_name: str, action: str, scrub: str | None
) -> KeyringUnavailable:
    """Map an error raised by a keyring backend to its one clear `KeyringUnavailable`."""
    from keyring import errors

    detail = describe_exception(exc, scrub=scrub)
    kind = type(exc).__name__
    if isinstance(exc, errors.NoKeyringError):
        choice = configured_choice_quiet()
        if choice.explicit and choice.name != FAIL_BACKEND:
            # The user's own backend failed: name it, and do not blame D-Bus.
            return backend_failed(backend_name, choice, action, detail)
        return no_backend(detail)
    if isinstance(exc, errors.KeyringLocked) or kind in (
        "LockedException",
        "PromptDismissedException",
    ):
        return locked(detail)
    if isinstance(exc, errors.InitError):
        return init_failed(backend_name, detail)
    if kind == "SecretServiceNotAvailableException":
        return no_backend(detail)
    if type(exc) is RuntimeError:
        choice = configured_choice_quiet()
        if choice.explicit and choice.name != FAIL_BACKEND and action != "start":
            return backend_failed(backend_name, choice, action, detail)
        return backend_cannot_start(choice, detail)
    return operation_failed(backend_name, action, detail)


def backend_failed(
    backend_name: str, choice: BackendChoice, action: str, detail: str
) -> KeyringUnavailable:
    """A backend the user chose failed an operation: the message names that backend (and
    where it was chosen), and mentions D-Bus only for the Secret Service backend."""
    bus = _linux_bus_state() if "secretservice" in backend_name.replace(" ", "").lower() else ""
    return KeyringUnavailable(
        f"the keyring backend {backend_name} (set in {choice.source}) failed to {action}"
        f"{bus}: {detail}",
        hints=(f"check that backend, or the setting in {choice.source}", *DEFAULT_FIXES),
    )


def configured_choice_quiet() -> BackendChoice:
    """`configured_choice`, but a broken config file counts as no choice (used only to
    word an error that is being reported anyway)."""
    try:
        return configured_choice()
    except KeyringUnavailable:
        return BackendChoice(None, "keyring's automatic choice")


def guarded(
    call: Callable[[], T], *, backend_name: str, action: str, scrub: str | None = None
) -> T:
    """Run one backend call; any error it raises becomes a `KeyringUnavailable`.

    Only the backend call runs inside the handler, so a bug in cloudprep is never
    mistaken for a keyring problem. Backends raise keyring's errors, RuntimeError,
    secretstorage/jeepney errors, OSError and more: all of them mean the keyring cannot
    be used for this operation.
    """
    try:
        return call()
    except Exception as exc:
        error = map_exception(exc, backend_name=backend_name, action=action, scrub=scrub)
        if scrub is not None:
            # The original error's text may hold the secret: do not chain it.
            raise error from None
        raise error from exc


def problem_text(error: KeyringUnavailable) -> str:
    """The error and its fixes on one line, for a CP421 finding's message."""
    return flat(
        error.message + ". To fix: " + "; ".join(error.hints),
        limit=4000,
    )
