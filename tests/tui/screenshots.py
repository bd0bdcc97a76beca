"""Write the README's screenshots of the wizard into assets/, from the app itself.

    PYTHONPATH=src python -m tests.tui.screenshots

The demo project runs in a temporary folder, at 80x24, with an in-memory keyring holding
the GCC secrets (so both "stored" and "missing" show) and a fixed date.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import keyring.core

from cloudprep.core.project_file import save_project
from tests.secrets.memory_keyring import MemoryKeyring
from tests.tui.conftest import SIZE, fixed_demo, make_app, settle

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SHOTS: tuple[tuple[str, str | None, str | None], ...] = (
    ("start", None, None),
    ("ga", "ga", None),
    ("cloud-gcch", "cloud:gcch", "clouds.gcch.oauth_app.login_uri"),
    ("review", "review", None),
    ("export", "export", None),
)


async def shoot(folder: Path) -> list[Path]:
    written: list[Path] = []
    for name, step, focus in SHOTS:
        app = make_app(None if step is None else Path("cloudprep.json"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if step is not None:
                app.goto_step(step, focus_path=focus)
                await settle(pilot)
            if step == "export":
                await pilot.press("ctrl+o")
                await settle(pilot)
            path = ASSETS / f"wizard-{name}.svg"
            app.save_screenshot(filename=path.name, path=str(path.parent))
            written.append(path)
    return written


def main() -> None:
    backend = MemoryKeyring()
    project = fixed_demo()
    for kind in ("client-secret", "test-username", "test-password"):
        backend.set_password("cloudprep", f"{project.project_id}/gcc/{kind}", "x" * 12)
    keyring.set_keyring(backend)
    ASSETS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        save_project(project, Path(tmp) / "cloudprep.json")
        for path in asyncio.run(shoot(Path(tmp))):
            print(path.relative_to(ASSETS.parent))


if __name__ == "__main__":
    main()
