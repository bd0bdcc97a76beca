"""The canary test's matcher: does any planted secret appear in a file or an output?

PRODUCT §6: client-secret, api-key and test-password are matched raw, encoded (JSON-escaped,
URL-encoded, base64) and as any substring of at least 8 characters; test-username only as
a whole value, raw and encoded (user names share substrings with real hosts). Any
substring of 8 or more characters contains one of exactly 8, so 8-character windows cover
them all. Base64 is matched at each of its three alignments, so a value inside a longer
encoded blob is found too.

This is a test helper, not the product's leak scanner (cloudprep.bundle).
"""

from __future__ import annotations

import base64
import json
import urllib.parse
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

WINDOW = 8


@dataclass(frozen=True)
class Canary:
    kind: str
    value: str

    @property
    def whole_only(self) -> bool:
        return self.kind == "test-username"


@dataclass(frozen=True)
class Needle:
    canary: Canary
    form: str
    text: bytes
    case_insensitive: bool = False


def _json_forms(value: str) -> list[str]:
    return [json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]]


def _base64_cores(raw: bytes) -> list[tuple[str, bytes]]:
    """The part of the base64 text that depends on `raw` alone, at each alignment."""
    cores = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        start = 4 if offset else 0
        end = (offset + len(raw)) // 3 * 4
        core = encoded[start:end]
        if len(core) >= WINDOW:
            cores.append((f"base64@{offset}", core))
            cores.append((f"base64url@{offset}", core.replace(b"+", b"-").replace(b"/", b"_")))
    return cores


def needles(canary: Canary) -> list[Needle]:
    value = canary.value
    raw = value.encode("utf-8")
    found = [Needle(canary, "raw", raw)]
    found += [Needle(canary, "json", form.encode("utf-8")) for form in _json_forms(value)]
    for name, quoted in (
        ("url", urllib.parse.quote(value, safe="")),
        ("url-plus", urllib.parse.quote_plus(value, safe="")),
        ("url-path", urllib.parse.quote(value)),
    ):
        found.append(Needle(canary, name, quoted.encode("ascii"), case_insensitive=True))
    found.append(Needle(canary, "base64", base64.b64encode(raw)))
    found.append(Needle(canary, "base64url", base64.urlsafe_b64encode(raw)))
    found += [Needle(canary, name, core) for name, core in _base64_cores(raw)]
    if not canary.whole_only:
        for source in [value, *_json_forms(value)]:
            for start in range(len(source) - WINDOW + 1):
                window = source[start : start + WINDOW]
                found.append(Needle(canary, f"substring {window!r}", window.encode("utf-8")))
    unique: dict[tuple[bytes, bool], Needle] = {}
    for needle in found:
        unique.setdefault((needle.text, needle.case_insensitive), needle)
    return list(unique.values())


def find_leaks(canaries: Iterable[Canary], blobs: Mapping[str, bytes]) -> list[str]:
    """`where: kind as form` for every needle found in any blob."""
    all_needles = [n for c in canaries for n in needles(c)]
    hits = []
    for where, data in blobs.items():
        lowered = data.lower()
        for needle in all_needles:
            haystack = lowered if needle.case_insensitive else data
            text = needle.text.lower() if needle.case_insensitive else needle.text
            if text in haystack:
                hits.append(f"{where}: {needle.canary.kind} as {needle.form}")
    return hits


def files_under(*roots: Path) -> dict[str, bytes]:
    """Every file under `roots`, by path; the members of zip archives too."""
    blobs: dict[str, bytes] = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            blobs[str(path)] = data
            if zipfile.is_zipfile(BytesIO(data)):
                with zipfile.ZipFile(BytesIO(data)) as archive:
                    for member in archive.namelist():
                        blobs[f"{path}!{member}"] = archive.read(member)
    return blobs
