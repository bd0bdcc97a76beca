"""Make the ~1,000-folder scan corpus for bench_scan.py, in the PowerPlatformConnectors layout.

The public repository holds about 1,030 connectors. This copies the 40 real connector folders
of ../shared/corpus (or $CLOUDPREP_CORPUS) under new names until there are --count of them:
`certified-connectors/<name> 07/`, `independent-publisher-connectors/<name> 12/` (each source
under its upstream category, read from the corpus README), and every 20th copy under
`custom-connectors/`. The files are copied byte for byte, broken ones included.

The output (default bench/out/scan-corpus) is git-ignored and rebuilt from scratch.

    python bench/make_scan_corpus.py [--count 1030] [--out bench/out/scan-corpus]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus"
DEFAULT_OUT = BENCH / "out" / "scan-corpus"
CATEGORIES = ("certified-connectors", "independent-publisher-connectors", "custom-connectors")
_README_ROW = re.compile(r"^\| `([^`]+)` \| `([a-z-]+)/")


def source_folders(source: Path) -> list[tuple[Path, str]]:
    """(connector folder, upstream category) for each folder of the source corpus."""
    categories: dict[str, str] = {}
    readme = source / "README.md"
    if readme.is_file():
        for line in readme.read_text("utf-8").splitlines():
            match = _README_ROW.match(line)
            if match and match.group(2) in CATEGORIES:
                categories[match.group(1)] = match.group(2)
    folders = sorted(p for p in source.iterdir() if p.is_dir())
    return [(p, categories.get(p.name, CATEGORIES[0])) for p in folders]


def make_corpus(source: Path, out: Path, count: int) -> int:
    """Write `count` connector folders under `out` (emptied first); return how many."""
    folders = source_folders(source)
    if not folders:
        raise SystemExit(f"no connector folders in {source} (set CLOUDPREP_CORPUS)")
    if out.exists():
        if BENCH / "out" not in out.resolve().parents:
            raise SystemExit(f"refusing to empty {out}: it is not under {BENCH / 'out'}")
        shutil.rmtree(out)
    for index in range(count):
        folder, category = folders[index % len(folders)]
        copy = index // len(folders) + 1
        if index % 20 == 19:
            category = "custom-connectors"
        target = out / category / f"{folder.name} {copy:02d}"
        target.mkdir(parents=True)
        for file in folder.iterdir():
            if file.is_file():
                shutil.copyfile(file, target / file.name)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1030)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--source", type=Path, default=Path(os.environ.get("CLOUDPREP_CORPUS", DEFAULT_SOURCE))
    )
    args = parser.parse_args(argv)
    made = make_corpus(args.source, args.out, args.count)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote {made} connector folders ({size / 1e6:.0f} MB) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
