"""Make the scan corpus for bench_scan.py: as many connector folders as the public
PowerPlatformConnectors repository holds, with its file-size distribution.

The public repository (issue 15's measurement) holds 1,033 connector folders and 81 MB of
JSON; its median JSON file is 3.8 KB, the 90th percentile 97 KB, the largest 1.1 MB. The 40
real connectors of ../shared/corpus (or $CLOUDPREP_CORPUS) are larger than that on average
(median 5.8 KB, 90th percentile 220 KB), so copying them as they are over-weights big files
and hides the per-file cost of a scan. Here:

- folder i is a copy of source folder i mod 40 (each under its upstream category, read from
  the corpus README; every 20th under `custom-connectors/`), so every real connector, broken
  ones included, recurs in the same share as in the source;
- its apiProperties.json is copied byte for byte (those are small, as in the repository);
- its swagger is resized to a target size: operations are dropped from `paths` (then
  entries from `definitions`) or repeated under new path names until the file reaches it.
  A swagger that does not parse is cut to its target size (so it still does not parse).
  A folder whose swagger cannot be made as small as its target trades targets with one
  whose swagger can;
- the target sizes are the quantiles of a log-normal distribution fitted so that, together
  with the apiProperties files, the median and 90th-percentile file are those of the
  repository (its mean then gives about the repository's total, which is printed), capped at
  the largest file; they are dealt to the folders in a fixed shuffled order.

The output (default bench/out/scan-corpus) is git-ignored and rebuilt from scratch.

    python bench/make_scan_corpus.py [--count 1033] [--out bench/out/scan-corpus]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus"
DEFAULT_OUT = BENCH / "out" / "scan-corpus"
CATEGORIES = ("certified-connectors", "independent-publisher-connectors", "custom-connectors")
_README_ROW = re.compile(r"^\| `([^`]+)` \| `([a-z-]+)/")

# The public repository, as measured for issue 15.
REAL_CONNECTORS = 1033
REAL_MEDIAN_FILE = 3_800
REAL_P90_FILE = 97_000
REAL_LARGEST_FILE = 1_100_000
REAL_TOTAL = 81_000_000

PROPERTIES = "apiProperties.json"
SWAGGER = "apiDefinition.swagger.json"
BOM = b"\xef\xbb\xbf"


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


def _normal_quantile(p: float) -> float:
    return statistics.NormalDist().inv_cdf(p)


def swagger_targets(properties_sizes: list[int], count: int) -> list[int]:
    """`count` swagger sizes such that, with one apiProperties file per folder of the sizes
    the source shows, the median and 90th-percentile file are the repository's.

    Half of all files are at most the median: the properties files at most that size make
    up part of the half, the swaggers the rest; likewise for the 10% above the 90th
    percentile. Two quantiles fix a log-normal's two parameters."""
    below_median = sum(s <= REAL_MEDIAN_FILE for s in properties_sizes) / len(properties_sizes)
    above_p90 = sum(s > REAL_P90_FILE for s in properties_sizes) / len(properties_sizes)
    p_low = min(max(1.0 - below_median, 0.01), 0.99)  # swaggers <= median, of all swaggers
    p_high = min(max(0.2 - above_p90, 0.01), 0.99)  # swaggers > p90
    z_low, z_high = _normal_quantile(p_low), _normal_quantile(1 - p_high)
    sigma = (math.log(REAL_P90_FILE) - math.log(REAL_MEDIAN_FILE)) / (z_high - z_low)
    mu = math.log(REAL_MEDIAN_FILE) - z_low * sigma
    sizes = [
        min(REAL_LARGEST_FILE, round(math.exp(mu + sigma * _normal_quantile((i + 0.5) / count))))
        for i in range(count)
    ]
    sizes[-1] = REAL_LARGEST_FILE
    random.Random(15).shuffle(sizes)
    return sizes


def _encode(document: dict[str, Any], bom: bool) -> bytes:
    data = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    return BOM + data if bom else data


def resized_swagger(raw: bytes, target: int) -> bytes:
    """The swagger with operations dropped or repeated until it is about `target` bytes;
    unchanged when it does not parse as a JSON object."""
    bom = raw.startswith(BOM)
    try:
        document = json.loads(raw[len(BOM) :] if bom else raw)
    except ValueError:
        return _truncated(raw, target)
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        return raw
    paths: dict[str, Any] = dict(document["paths"])
    if not paths:
        return raw
    size = len(_encode(document, bom))
    if size > target:
        # Drop whole paths, the largest first, then definitions, keeping one path; one that
        # would undershoot by more than is in excess is kept.
        by_size = sorted(paths, key=lambda k: _member_size(k, paths[k]))
        for key in by_size[:0:-1]:
            cost = _member_size(key, paths[key])
            if cost < 2 * (size - target):
                del paths[key]
                size -= cost
        document["paths"] = paths
        definitions = document.get("definitions")
        if isinstance(definitions, dict):
            for key in list(definitions)[::-1]:
                cost = _member_size(key, definitions[key])
                if cost < 2 * (size - target):
                    del definitions[key]
                    size -= cost
        return _encode(document, bom)
    # Repeat the operations under new path names while that brings the file nearer the
    # target: an operation that would overshoot by more than is missing is left out.
    originals = [(key, item, _member_size(key, item)) for key, item in paths.items()]
    copy = 0
    while target - size > min(cost for _, _, cost in originals) / 2:
        copy += 1
        for key, item, cost in originals:
            missing = target - size
            if cost + len(f"/copy{copy}") - missing > missing:
                continue
            paths[f"/copy{copy}{key}"] = item
            size += cost + len(f"/copy{copy}")
    document["paths"] = paths
    return _encode(document, bom)


def _truncated(raw: bytes, target: int) -> bytes:
    """A file that does not parse, cut to `target` bytes (at a character boundary): it still
    does not parse, as a broken file of that size."""
    if len(raw) <= target:
        return raw
    end = target
    while end > 0 and raw[end] & 0xC0 == 0x80:
        end -= 1
    return raw[:end]


def deal(targets: list[int], smallest: list[int]) -> list[int]:
    """The targets in their shuffled order, except that a folder whose swagger cannot be
    made as small as its target trades targets with one that can take it."""
    dealt = list(targets)
    for i in range(len(dealt)):
        if smallest[i] <= dealt[i]:
            continue
        for j in range(len(dealt)):
            if smallest[j] <= dealt[i] and smallest[i] <= dealt[j]:
                dealt[i], dealt[j] = dealt[j], dealt[i]
                break
    return dealt


def _member_size(key: str, value: Any) -> int:
    """The bytes one object member adds to the indented document (nested one level)."""
    member = json.dumps({key: value}, indent=2, ensure_ascii=False)
    # Inside the document it is indented once more and followed by a comma.
    return len(member.encode("utf-8")) - 4 + member.count("\n") * 2


def make_corpus(source: Path, out: Path, count: int) -> int:
    """Write `count` connector folders under `out` (emptied first); return how many."""
    folders = source_folders(source)
    if not folders:
        raise SystemExit(f"no connector folders in {source} (set CLOUDPREP_CORPUS)")
    if out.exists():
        if BENCH / "out" not in out.resolve().parents:
            raise SystemExit(f"refusing to empty {out}: it is not under {BENCH / 'out'}")
        shutil.rmtree(out)
    properties = [(f / PROPERTIES).stat().st_size for f, _ in folders if (f / PROPERTIES).is_file()]
    swaggers = [(f / SWAGGER).read_bytes() if (f / SWAGGER).is_file() else b"" for f, _ in folders]
    smallest = [len(resized_swagger(raw, 0)) if raw else 0 for raw in swaggers]
    targets = deal(
        swagger_targets(properties, count), [smallest[i % len(folders)] for i in range(count)]
    )
    for index in range(count):
        folder, category = folders[index % len(folders)]
        copy = index // len(folders) + 1
        if index % 20 == 19:
            category = "custom-connectors"
        target = out / category / f"{folder.name} {copy:02d}"
        target.mkdir(parents=True)
        for file in folder.iterdir():
            if not file.is_file():
                continue
            if file.name == SWAGGER:
                data = resized_swagger(swaggers[index % len(folders)], targets[index])
                (target / file.name).write_bytes(data)
            else:
                shutil.copyfile(file, target / file.name)
    return count


def describe(out: Path) -> str:
    sizes = sorted(f.stat().st_size for f in out.rglob("*.json"))
    p90 = sizes[int(0.9 * len(sizes))]
    return (
        f"{len(sizes)} JSON files, {sum(sizes) / 1e6:.0f} MB (repository: "
        f"{REAL_TOTAL / 1e6:.0f} MB); median {statistics.median(sizes) / 1e3:.1f} KB "
        f"({REAL_MEDIAN_FILE / 1e3:.1f}), 90th percentile {p90 / 1e3:.0f} KB "
        f"({REAL_P90_FILE / 1e3:.0f}), largest {sizes[-1] / 1e6:.2f} MB "
        f"({REAL_LARGEST_FILE / 1e6:.1f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=REAL_CONNECTORS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--source", type=Path, default=Path(os.environ.get("CLOUDPREP_CORPUS", DEFAULT_SOURCE))
    )
    args = parser.parse_args(argv)
    made = make_corpus(args.source, args.out, args.count)
    print(f"wrote {made} connector folders under {args.out}: {describe(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
