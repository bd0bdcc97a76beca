"""The scan benchmark's baseline: a plain Python script that only json.loads the same files.

It walks DIR and parses every `.json` file (the apiProperties.json and swagger files of
each connector folder), ignoring the broken ones, and prints how many it read. No cloudprep
import, no rules: the floor any scan that reads the files must pay.

    python bench/json_load_baseline.py DIR
"""

from __future__ import annotations

import json
import os
import sys


def main(root: str) -> int:
    count = 0
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.lower().endswith(".json"):
                continue
            # plain os and open on purpose: the cheapest way to read, as a floor
            with open(os.path.join(folder, name), "rb") as handle:  # noqa: PTH118, PTH123
                data = handle.read()
            try:  # noqa: SIM105
                json.loads(data)  # bytes: a UTF-8 BOM is detected and skipped
            except ValueError:  # the corpus's broken files
                pass
            count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
