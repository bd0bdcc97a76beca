"""The leak scanner: known secret values (PRODUCT §6) and secret patterns, in one pass.

Known secrets are matched raw and encoded (JSON-escaped, URL-encoded, base64 at every byte
alignment). client-secret, api-key and test-password also match as any substring of at least
8 characters; test-username matches only as a whole value, since user names share substrings
with real hosts.

Speed without Aho-Corasick: every needle's 5-character q-grams go into one dict, and the
text is probed only at every 4th offset. Any match of at least 8 characters spans a probed
offset followed by 5 of its characters (4 - 1 + 5 = 8), so nothing is missed, and each
candidate is then confirmed by extending it both ways. The patterns are found through their
literal keywords (`Q~`, `ey`, `-----BEGIN`, secret-like names) with `str.find`/`re`, so the
text is never walked character by character in Python.

Hits name the file, the field and the secret's cloud and kind, never the value.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from cloudprep.core.rules.base import Rule
from cloudprep.core.rules.bundle import (
    AZURE_SECRET_PATTERN,
    HIGH_ENTROPY_SECRET,
    JWT_PATTERN,
    KNOWN_SECRET_LEAKED,
    PRIVATE_KEY_PATTERN,
)
from cloudprep.core.secret_needs import SecretKind

MIN_SUBSTRING = 8
"""A known secret's substring of this length or more is a leak (PRODUCT §6)."""
_STEP = 4
_Q = MIN_SUBSTRING + 1 - _STEP
_MIN_FREE_WHOLE = 6
"""Shorter whole values match only between non-alphanumeric characters, so a 3-letter
password does not match every word that contains it."""


@dataclass(frozen=True)
class KnownSecret:
    """A secret value of this project, read from the keyring for the scan only."""

    cloud: str
    kind: SecretKind
    value: str = ""

    def __repr__(self) -> str:  # never show the value, not even in a traceback
        return f"KnownSecret(cloud={self.cloud!r}, kind={self.kind.value!r}, value=<hidden>)"

    @property
    def substrings_match(self) -> bool:
        return self.kind is not SecretKind.TEST_USERNAME

    def describe(self) -> str:
        return f"the {self.cloud} {self.kind.label} ({self.kind.value})"


@dataclass(frozen=True)
class RawHit:
    """A hit in one text: where, which rule, and what it is (never the value)."""

    rule: Rule
    offset: int
    length: int
    what: str
    cloud: str | None = None


@dataclass(frozen=True)
class _Needle:
    form: str
    secret: KnownSecret
    whole_only: bool
    encoding: str


def encoded_forms(value: str) -> dict[str, str]:
    """Every form of `value` the scan looks for, by the name of its encoding."""
    raw = value.encode("utf-8")
    forms: dict[str, str] = {
        "raw": value,
        "JSON-escaped": json.dumps(value)[1:-1],
        "JSON-escaped (UTF-8)": json.dumps(value, ensure_ascii=False)[1:-1],
        "URL-encoded": quote(value, safe=""),
        "URL-encoded (form)": quote_plus(value, safe=""),
        "URL-encoded (lowercase)": re.sub(
            r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(value, safe="")
        ),
    }
    for pad in range(3):
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            encoded = encode(b"\0" * pad + raw).decode("ascii")
            first = -(-8 * pad // 6)
            last = (8 * (pad + len(raw))) // 6
            core = encoded[first:last] if pad else encoded.rstrip("=")
            forms[f"{name}" if pad == 0 else f"{name} (offset {pad})"] = core
            if pad == 0:
                forms[f"{name} (padded)"] = encoded
    unique: dict[str, str] = {}
    seen: set[str] = set()
    for name, form in forms.items():
        if form and form not in seen:
            seen.add(form)
            unique[name] = form
    return unique


class SecretMatcher:
    """Finds this project's known secrets in a text. Build it once per scan."""

    def __init__(self, secrets: Iterable[KnownSecret]) -> None:
        self._index: dict[str, list[tuple[_Needle, int]]] = {}
        self._short: list[_Needle] = []
        for secret in secrets:
            if not secret.value:
                continue
            for encoding, form in encoded_forms(secret.value).items():
                needle = _Needle(form, secret, not secret.substrings_match, encoding)
                if len(form) < MIN_SUBSTRING:
                    self._short.append(needle)
                    continue
                for k in range(len(form) - _Q + 1):
                    self._index.setdefault(form[k : k + _Q], []).append((needle, k))

    def __bool__(self) -> bool:
        return bool(self._index or self._short)

    def find(self, text: str) -> list[RawHit]:
        hits: list[RawHit] = []
        index = self._index
        if index:
            get = index.get
            for p in range(0, len(text) - _Q + 1, _STEP):
                candidates = get(text[p : p + _Q])
                if candidates is not None:
                    for needle, k in candidates:
                        span = _confirm(text, p, needle, k)
                        if span is not None:
                            hits.append(_known_hit(needle, *span))
        for needle in self._short:
            hits.extend(_find_short(text, needle))
        return hits


def _confirm(text: str, p: int, needle: _Needle, k: int) -> tuple[int, int, bool] | None:
    """The matched span around offset `p` (where `needle.form[k:]` starts to match), as
    (start, end, whole), or None when it is too short to count."""
    form = needle.form
    start_in_text = p - k
    if needle.whole_only:
        if start_in_text >= 0 and text.startswith(form, start_in_text):
            return start_in_text, start_in_text + len(form), True
        return None
    left = p
    lo = max(start_in_text, 0)
    while left > lo and text[left - 1] == form[left - 1 - start_in_text]:
        left -= 1
    right = p + _Q
    hi = min(start_in_text + len(form), len(text))
    while right < hi and text[right] == form[right - start_in_text]:
        right += 1
    if right - left < MIN_SUBSTRING:
        return None
    return left, right, right - left == len(form)


def _find_short(text: str, needle: _Needle) -> Iterable[RawHit]:
    form = needle.form
    bounded = len(needle.secret.value) < _MIN_FREE_WHOLE
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        if not bounded or (
            (start == 0 or not text[start - 1].isalnum())
            and (end == len(text) or not text[end].isalnum())
        ):
            yield _known_hit(needle, start, end, True)
        start = text.find(form, start + 1)


def _known_hit(needle: _Needle, start: int, end: int, whole: bool) -> RawHit:
    part = "the whole value" if whole else f"a {end - start}-character part of it"
    encoding = "" if needle.encoding == "raw" else f", {needle.encoding}"
    return RawHit(
        KNOWN_SECRET_LEAKED,
        start,
        end - start,
        f"{needle.secret.describe()}: {part}{encoding}",
        needle.secret.cloud,
    )


# --- patterns -------------------------------------------------------------------------------

# gitleaks' azure-ad-client-secret rule: `xxx\dQ~` then 31–34 characters, between boundaries.
_AZURE = re.compile(r"[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}(?=$|[\\'\"`\s<),])", re.M)
_AZURE_BEFORE = frozenset("\\'\"`>=:(,) \t\r\n\f\v")
# gitleaks' jwt rule: a base64url header and payload that both decode to '{"…'.
_JWT = re.compile(r"ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?")
_PRIVATE_KEY = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
_SECRET_NAME_KEYWORDS = ("secret", "passw", "passphrase", "pwd", "token", "key", "credential")
_SECRET_NAME = re.compile(
    r".*(?:secret|passw(?:or)?d|passphrase|pwd|token|credential|"
    r"(?:api|access|auth|private|client|signing|subscription)[_.-]?key).*",
    re.IGNORECASE,
)
_IDENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_ASSIGNMENT = re.compile(r"""["']?[ \t]*(?::=|=>|:|=)[ \t]*["'`]?([^\s"'`,;<>{}()\[\]]+)""")
HIGH_ENTROPY_MIN_LENGTH = 12
HIGH_ENTROPY_MIN_BITS = 3.0


def shannon_entropy(value: str) -> float:
    """Bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def _pattern_hits(text: str) -> list[RawHit]:
    hits: list[RawHit] = []
    start = text.find("Q~")
    while start != -1:
        at = start - 4
        match = _AZURE.match(text, at) if at >= 0 else None
        if (
            match is not None
            and (at == 0 or text[at - 1] in _AZURE_BEFORE)
            and shannon_entropy(match.group()) >= 3.0
        ):
            hits.append(
                RawHit(AZURE_SECRET_PATTERN, at, match.end() - at, "an Azure AD client secret")
            )
        start = text.find("Q~", start + 2)
    for match in _JWT.finditer(text):
        at = match.start()
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        hits.append(RawHit(JWT_PATTERN, at, match.end() - at, "a JSON Web Token"))
    for match in _PRIVATE_KEY.finditer(text):
        hits.append(
            RawHit(PRIVATE_KEY_PATTERN, match.start(), len(match.group()), "a private key block")
        )
    hits.extend(_high_entropy_hits(text))
    return hits


def _high_entropy_hits(text: str) -> Iterable[RawHit]:
    lower = text.lower()
    seen: set[int] = set()
    for keyword in _SECRET_NAME_KEYWORDS:
        at = lower.find(keyword)
        while at != -1:
            end = at + len(keyword)
            while end < len(text) and text[end] in _IDENT_CHARS:
                end += 1
            begin = at
            while begin > 0 and text[begin - 1] in _IDENT_CHARS:
                begin -= 1
            if begin not in seen:
                seen.add(begin)
                hit = _secret_assignment(text, begin, end)
                if hit is not None:
                    yield hit
            at = lower.find(keyword, end)


def _secret_assignment(text: str, begin: int, end: int) -> RawHit | None:
    name = text[begin:end]
    if not _SECRET_NAME.fullmatch(name):
        return None
    match = _ASSIGNMENT.match(text, end)
    if match is None:
        return None
    value = match.group(1)
    if (
        len(value) < HIGH_ENTROPY_MIN_LENGTH
        or "://" in value
        or not any(c.isdigit() for c in value)
        or not any(c.isalpha() for c in value)
        or shannon_entropy(value) < HIGH_ENTROPY_MIN_BITS
    ):
        return None
    return RawHit(
        HIGH_ENTROPY_SECRET,
        match.start(1),
        len(value),
        f"a random-looking value after the secret-like name {name!r}",
    )


def scan_text(text: str, matcher: SecretMatcher | None = None) -> list[RawHit]:
    """Every hit in one text: known secrets first, then patterns, by offset."""
    known = matcher.find(text) if matcher else []
    return _dedupe(known) + _dedupe(_pattern_hits(text))


def _dedupe(hits: list[RawHit]) -> list[RawHit]:
    """One hit per place and source: overlapping spans of one secret or pattern merge."""
    out: list[RawHit] = []
    for hit in sorted(hits, key=lambda h: (h.offset, -h.length, h.what)):
        if out and _same_source(out[-1], hit) and hit.offset < out[-1].offset + out[-1].length:
            continue
        out.append(hit)
    return out


def _same_source(a: RawHit, b: RawHit) -> bool:
    return a.rule is b.rule and a.cloud == b.cloud and a.what.split(":")[0] == b.what.split(":")[0]


def scan_texts(texts: Mapping[str, str], secrets: Iterable[KnownSecret]) -> dict[str, list[RawHit]]:
    """Hits per file name, for every text given."""
    matcher = SecretMatcher(secrets)
    return {name: scan_text(text, matcher) for name, text in texts.items()}
