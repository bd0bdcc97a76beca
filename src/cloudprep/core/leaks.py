"""The leak matcher: known secret values (PRODUCT §6) and secret patterns, in one pass.

The one matcher of the leak guard: the export's scan, `check`, `validate`, `scan`, stderr and
the wizard all use it (through `cloudprep.core.leak_guard` or `cloudprep.bundle.locate`).
It is pure: stored values are passed in as data, never read from a keyring here.

Known secrets are matched raw and encoded (JSON-escaped, URL-encoded, base64 at every byte
alignment), and in a folded copy of the text (ASCII lower-cased, with whitespace and
zero-width characters removed), which finds a value upper-cased, spaced out, hex-encoded or
fully percent-encoded. client-secret, api-key and test-password also match as any piece of
at least 8 characters; test-username matches only as a whole value, since user names share
substrings with real hosts. A value shorter than 8 characters matches only as a whole field
value (`SecretMatcher.whole_value`), never inside a text: it would match everywhere.
The pattern set is documented in docs/leak-patterns.md.

Speed without Aho-Corasick or a Python loop over the text: the text is encoded to UTF-8 once
and read as 4-byte words (`memoryview.cast("I")`), which makes the set of its 4-aligned
4-byte chunks in C. Any match of 8 bytes or more contains one whole aligned chunk, so the
chunks shared with the 4-grams of the needles are the only candidates; `bytes.find` locates
them and each is confirmed by extending it both ways. One such pass runs, over the folded
text: each exact form has a folded stand-in there (`_Needle.stand_in`), and only where a
stand-in matches is the text searched for the exact forms. A form that folding shortens (it
holds whitespace or a zero-width character), or a text where folding removed a zero-width
character, gets the whole exact pass instead, since a stand-in could then be too short to
be found. The patterns are found through their literal keywords (`Q~`, `ey`,
`-----BEGIN`, secret-like names) with `str.find` and `re`, never char by char in Python.

This module imports no model and no heavy module (a cold scan is dominated by Python's own
start-up). Hits name the file, the
field and the secret's cloud and kind, never the value.
"""

from __future__ import annotations

import binascii
import math
import re
import sys

TYPE_CHECKING = False  # typing itself is not imported: a cold scan stays light
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# Rules by id: the rule objects (and the models behind them) are loaded only when a hit
# becomes a finding, so a scan starts with nothing but `re` and `binascii` imported.
LEAKED_VALUE_RULE = "CP620"
AZURE_PATTERN_RULE = "CP621"
JWT_PATTERN_RULE = "CP622"
KEY_BLOCK_RULE = "CP623"
ENTROPY_RULE = "CP624"
URL_CREDENTIALS_RULE = "CP625"

MIN_SUBSTRING = 8
"""A known secret's substring of this length or more is a leak (PRODUCT §6)."""
_WORD = 4
WHOLE_VALUE_ONLY_KINDS = frozenset({"test-username"})


class KnownSecret:
    """A secret value of this project, read from the keyring for the scan only."""

    __slots__ = ("cloud", "kind", "value")

    def __init__(self, cloud: str, kind: str, value: str = "") -> None:
        self.cloud = cloud
        self.kind = str(kind)
        """The secret kind's name: client-secret, api-key, test-username or test-password."""
        self.value = value

    def __repr__(self) -> str:  # never show the value, not even in a traceback
        return f"KnownSecret(cloud={self.cloud!r}, kind={self.kind!r}, value=<hidden>)"

    @property
    def substrings_match(self) -> bool:
        return self.kind not in WHOLE_VALUE_ONLY_KINDS

    def describe(self) -> str:
        return f"the {self.cloud} {self.kind}"


class RawHit:
    """A hit in one text: where (character offsets), which rule, and what it is (never the
    value)."""

    __slots__ = ("cloud", "length", "offset", "rule_id", "what")

    def __init__(
        self, rule_id: str, offset: int, length: int, what: str, cloud: str | None = None
    ) -> None:
        self.rule_id = rule_id
        self.offset = offset
        self.length = length
        self.what = what
        self.cloud = cloud

    def __repr__(self) -> str:
        return f"RawHit({self.rule_id}, offset={self.offset}, length={self.length})"


class _Needle:
    __slots__ = ("encoding", "form", "min_length", "secret", "stand_in")

    def __init__(
        self,
        form: bytes,
        secret: KnownSecret,
        encoding: str,
        min_length: int = MIN_SUBSTRING,
        *,
        stand_in: bool = False,
    ) -> None:
        self.form = form
        self.secret = secret
        self.encoding = encoding
        self.min_length = min_length
        """The shortest matched piece that counts: 8 characters of the value, in bytes of
        this encoding (16 for hex, 24 for %-escapes); the whole form for a needle found only
        whole."""
        self.stand_in = stand_in
        """A folded exact form: its match is not a hit, only where to look for exact ones."""


# What folding removes: ASCII whitespace, and zero-width characters raw or JSON-escaped.
_ASCII_SPACE = b" \t\r\n\f\v"
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_INVISIBLE_FORMS = tuple(
    form
    for char in _INVISIBLE
    for form in (char.encode("utf-8"), f"\\u{ord(char):04x}".encode("ascii"))
)
_FOLD_REMOVED = re.compile(
    b"[ \t\r\n\f\v]|" + b"|".join(re.escape(form) for form in _INVISIBLE_FORMS), re.I
)


_ASCII = bytes(range(128))
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
# One search for every zero-width form in a lower-cased text: cheaper than testing each form
# (or its common lead bytes, e2 80 starts every dash and curly quote) with `in`.
_INVISIBLE_FOLDED = re.compile(b"|".join(re.escape(form.lower()) for form in _INVISIBLE_FORMS))


def fold(data: bytes) -> bytes:
    """ASCII lower-cased, without whitespace and zero-width characters: a value written
    `X7HK…`, `x 7 H k` or with U+200B between its characters folds to the same bytes."""
    return _fold(data)[0]


def _fold(data: bytes) -> tuple[bytes, bool]:
    """`fold(data)`, and whether it removed whitespace only (no zero-width character)."""
    spaced = data.translate(_LOWER, _ASCII_SPACE)
    # Each zero-width form is all non-ASCII bytes or starts with `\u`, so most texts skip the
    # search: their non-ASCII bytes alone (dashes, accents) are few and hold no such form.
    if (b"\\" not in spaced or b"\\u" not in spaced) and (
        spaced.isascii() or not _INVISIBLE_FOLDED.search(spaced.translate(None, _ASCII))
    ):
        return spaced, True
    folded = _INVISIBLE_FOLDED.sub(b"", spaced)
    return folded, len(folded) == len(spaced)


def _unfolded_offsets(
    data: bytes, folded_offsets: Iterable[int], *, spaces_only: bool = False
) -> dict[int, int]:
    """The offset in `data` of the byte at each offset of `fold(data)` (hits only), in one
    walk over the text however many hits there are. `spaces_only`: folding removed
    whitespace only, so whole blocks can be counted in C."""
    out: dict[int, int] = {}
    removed = 0
    begin = 0  # every removal before `begin` is counted in `removed`
    pending: re.Match[bytes] | None = None  # the first removal at or after `begin`, if known
    exhausted = False  # no removal at or after `begin`
    block = 4096
    block_kept: tuple[int, int] = (-1, 0)  # (where, kept bytes) of the last block counted
    for target in sorted(set(folded_offsets)):
        if spaces_only and not exhausted:
            # Skip whole blocks whose kept bytes all lie before the offset.
            while begin + block <= len(data):
                if block_kept[0] != begin:
                    block_kept = (
                        begin,
                        len(data[begin : begin + block].translate(None, _ASCII_SPACE)),
                    )
                kept = block_kept[1]
                if begin - removed + kept > target:
                    break
                removed += block - kept
                begin += block
            if pending is not None and pending.start() < begin:
                pending = None
        while not exhausted:
            if pending is None:
                pending = _FOLD_REMOVED.search(data, begin)
                if pending is None:
                    exhausted = True
                    break
            if pending.start() - removed > target:
                break
            removed += pending.end() - pending.start()
            begin = pending.end()
            pending = None
        out[target] = target + removed
    return out


_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_URL_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


def json_escaped(value: str, *, ascii_only: bool) -> str:
    """`json.dumps(value, ensure_ascii=ascii_only)` without the quotes."""
    out: list[str] = []
    for char in value:
        code = ord(char)
        if char in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[char])
        elif code < 0x20 or (ascii_only and code > 0x7E):
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def url_encoded(value: str, *, plus: bool = False, lower: bool = False) -> str:
    """`urllib.parse.quote(value, safe="")` (or `quote_plus`), optionally with lowercase
    escapes."""
    pattern = "%{:02x}" if lower else "%{:02X}"
    out = []
    for byte in value.encode("utf-8"):
        if byte in _URL_SAFE:
            out.append(chr(byte))
        elif plus and byte == 0x20:
            out.append("+")
        else:
            out.append(pattern.format(byte))
    return "".join(out)


def _b64(data: bytes, *, urlsafe: bool) -> str:
    text = binascii.b2a_base64(data, newline=False).decode("ascii")
    return text.replace("+", "-").replace("/", "_") if urlsafe else text


def encoded_forms(value: str, pieces: dict[str, str] | None = None) -> dict[str, str]:
    """Every whole form of `value` the scan looks for, by the name of its encoding
    (`pieces`: its `substring_forms`, when the caller has them)."""
    raw = value.encode("utf-8")
    forms: dict[str, str] = dict(substring_forms(value) if pieces is None else pieces)
    for pad in range(3):
        for name, urlsafe in (("base64", False), ("base64url", True)):
            encoded = _b64(b"\0" * pad + raw, urlsafe=urlsafe)
            first = -(-8 * pad // 6)
            last = (8 * (pad + len(raw))) // 6
            core = encoded[first:last] if pad else encoded.rstrip("=")
            # The padded form holds the unpadded one, so finding that finds both.
            forms[name if pad == 0 else f"{name} (offset {pad})"] = core
    return _unique(forms)


def substring_forms(value: str) -> dict[str, str]:
    """The forms whose every 8-character part is a leak: the value as written in a text, in
    JSON and in a URL."""
    forms = {
        "raw": value,
        "JSON-escaped": json_escaped(value, ascii_only=True),
        "JSON-escaped (UTF-8)": json_escaped(value, ascii_only=False),
        "URL-encoded": url_encoded(value),
        "URL-encoded (form)": url_encoded(value, plus=True),
        "URL-encoded (lowercase)": url_encoded(value, lower=True),
    }
    return _unique(forms)


def _unique(forms: dict[str, str]) -> dict[str, str]:
    unique: dict[str, str] = {}
    seen: set[str] = set()
    for name, form in forms.items():
        if form and form not in seen:
            seen.add(form)
            unique[name] = form
    return unique


def _normal_forms(value: str) -> tuple[str, ...]:
    """The value as typed and in both Unicode normal forms: macOS, for one, often writes
    decomposed letters (NFD) where a keyring holds composed ones (NFC)."""
    if value.isascii():
        return (value,)  # both normal forms of ASCII are itself
    import unicodedata

    forms = (value, unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", value))
    return tuple(dict.fromkeys(forms))


def _word(chunk: bytes) -> int:
    return int.from_bytes(chunk, sys.byteorder)


_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# 0 for a letter, 1 for any other byte.
_NOT_LETTER = bytes(int(byte not in _LETTERS) for byte in range(256))


def _unusual(data: bytes) -> Callable[[int], int]:
    """How unlike prose the word at an offset is: its bytes that are not letters."""
    marks = data.translate(_NOT_LETTER)
    return lambda k: sum(marks[k : k + _WORD])


class SecretMatcher:
    """Finds this project's known secrets in a text. Build it once per scan."""

    def __init__(self, secrets: Iterable[KnownSecret]) -> None:
        self._exact = _NeedleIndex()
        self._folded = _NeedleIndex()
        self._whole_values: dict[bytes, KnownSecret] = {}
        self._stand_ins: dict[bytes, _Needle] = {}
        self._exact_fold_losslessly = True
        for secret in secrets:
            if not secret.value:
                continue
            for value in _normal_forms(secret.value):
                self._whole_values.setdefault(fold(value.strip().encode("utf-8")), secret)
                if len(value) >= MIN_SUBSTRING:
                    self._add(secret, value)
        if self._exact_fold_losslessly:
            for stand_in in self._stand_ins.values():
                self._folded.add(stand_in, stand_in.min_length < len(stand_in.form))

    def _add(self, secret: KnownSecret, value: str) -> None:
        partial = secret.substrings_match
        pieces = substring_forms(value)
        for encoding, form in encoded_forms(value, pieces).items():
            data = form.encode("utf-8")
            whole = not (partial and encoding in pieces)
            needle = _Needle(data, secret, encoding, len(data) if whole else MIN_SUBSTRING)
            self._exact.add(needle, not whole)
            self._add_stand_in(needle)
        for encoding, data, min_length in folded_forms(value):
            whole = not partial or len(data) < min_length
            needle = _Needle(data, secret, encoding, len(data) if whole else min_length)
            self._folded.add(needle, not whole)

    def _add_stand_in(self, needle: _Needle) -> None:
        folded, _ = _fold(needle.form)
        if len(folded) != len(needle.form):
            self._exact_fold_losslessly = False
            return
        known = self._stand_ins.get(folded)
        if known is None or needle.min_length < known.min_length:
            self._stand_ins[folded] = _Needle(
                folded, needle.secret, needle.encoding, needle.min_length, stand_in=True
            )

    def __bool__(self) -> bool:
        return bool(self._exact or self._folded or self._whole_values)

    def whole_value(self, value: str) -> KnownSecret | None:
        """The stored secret a whole field value is (any length, folded), if any."""
        if not self._whole_values or len(value) > 4096:
            return None
        return self._whole_values.get(fold(value.strip().encode("utf-8")))

    def find(self, text: str, data: bytes | None = None) -> list[RawHit]:
        """Hits in `text` (`data` is its UTF-8 encoding, when the caller has it)."""
        data = text.encode("utf-8") if data is None else data
        folded, spaces_only = _fold(data) if self._folded else (b"", True)
        folded_spans: list[tuple[int, int, _Needle, bool]] = []
        stand_in_spans: list[tuple[int, int]] = []
        for span in self._folded.find(folded) if self._folded else ():
            start, end, needle, _ = span
            if not needle.stand_in:
                folded_spans.append(span)
            elif spaces_only:
                stand_in_spans.append((start, end))
        # Both kinds of folded span are placed in the text in one walk.
        ends = stand_in_spans + [(start, end) for start, end, _, _ in folded_spans]
        unfolded = _unfolded_offsets(
            data, [o for start, end in ends for o in (start, end - 1)], spaces_only=spaces_only
        )
        if self._stand_ins and self._exact_fold_losslessly and spaces_only:
            windows = [(unfolded[start], unfolded[end - 1] + 1) for start, end in stand_in_spans]
            spans = self._exact.find_within(data, windows)
        else:
            spans = self._exact.find(data)
        if not spans and not folded_spans:
            return []
        spans += [
            (unfolded[start], unfolded[end - 1] + 1, needle, whole)
            for start, end, needle, whole in folded_spans
        ]
        chars = _char_offsets(data, [start for start, _, _, _ in spans])
        return [_known_hit(data, chars[span[0]], *span) for span in spans]


class _NeedleIndex:
    """Needles found by their 4-byte words, or whole (`bytes.find`) when too short to hold
    an aligned word for sure."""

    def __init__(self) -> None:
        self._index: dict[int, list[tuple[_Needle, int]]] = {}
        self._whole: list[_Needle] = []
        self._keys: frozenset[int] | None = None

    def __bool__(self) -> bool:
        return bool(self._index or self._whole)

    def add(self, needle: _Needle, pieces: bool) -> None:
        """`pieces`: any part of at least `needle.min_length` bytes is a match; otherwise
        only the whole form (then `min_length` is its length)."""
        data = needle.form
        if needle.min_length < 2 * _WORD - 1 or len(data) < needle.min_length:
            self._whole.append(needle)
            return
        if not pieces:
            # A whole form's occurrence holds, at one alignment of four, the aligned words
            # at its offsets k, k + 4, …: one word per alignment finds it. The one least
            # like prose is taken, so a user name's `contoso` does not make every mention of
            # the company a candidate.
            for align in range(_WORD):
                k = max(range(align, len(data) - _WORD + 1, _WORD), key=_unusual(data))
                self._index.setdefault(_word(data[k : k + _WORD]), []).append((needle, k))
            self._keys = None
            return
        # The word at every offset, read as 4-byte integers in C, one alignment at a time.
        for align in range(_WORD):
            usable = (len(data) - align) // _WORD * _WORD
            words = memoryview(data[align : align + usable]).cast("I")
            for n, word in enumerate(words):
                self._index.setdefault(word, []).append((needle, align + n * _WORD))
        self._keys = None

    def find(self, data: bytes) -> list[tuple[int, int, _Needle, bool]]:
        found = _Confirmed(data, self._index)
        if self._index:
            if self._keys is None:
                self._keys = frozenset(self._index)
            usable = len(data) - len(data) % _WORD
            # The small key set is probed with every chunk, in C; no set of the text is built.
            for word in self._keys.intersection(memoryview(data)[:usable].cast("I")):
                piece = word.to_bytes(_WORD, sys.byteorder)
                at = data.find(piece)
                while at != -1:
                    found.confirm_all(at, word)
                    at = data.find(piece, at + 1)
        for needle in self._whole:
            found.spans.update(dict.fromkeys(_find_whole(data, needle)))
        return found.result()

    def find_within(
        self, data: bytes, windows: Iterable[tuple[int, int]]
    ) -> list[tuple[int, int, _Needle, bool]]:
        """`find(data)`'s spans that lie inside the windows (each `(start, end)` of `data`)."""
        found = _Confirmed(data, self._index)
        index = self._index
        looked: set[int] = set()
        for start, end in windows:
            for at in range(start, end - _WORD + 1):
                if at in looked:
                    continue
                looked.add(at)
                word = _word(data[at : at + _WORD])
                if word in index:
                    found.confirm_all(at, word)
        for needle in self._whole:
            for start, end in windows:
                found.spans.update(dict.fromkeys(_find_whole(data, needle, start, end)))
        return found.result()


class _Confirmed:
    """The spans found in one text, each needle alignment confirmed once: in a text that
    repeats a piece of a secret, thousands of word hits share a few alignments."""

    def __init__(self, data: bytes, index: dict[int, list[tuple[_Needle, int]]]) -> None:
        self.data = data
        self.index = index
        self.spans: dict[tuple[int, int, _Needle], None] = {}
        self._segments: dict[tuple[_Needle, int], list[tuple[int, int]]] = {}

    def confirm_all(self, at: int, word: int) -> None:
        for needle, k in self.index[word]:
            origin = at - k
            known = self._segments.setdefault((needle, origin), [])
            if any(left <= at and at + _WORD <= right for left, right in known):
                continue  # the same alignment's segment: confirming again finds it again
            left, right = _matched_segment(self.data, at, needle.form, origin)
            known.append((left, right))
            if right - left >= needle.min_length:
                self.spans[(left, right, needle)] = None

    def result(self) -> list[tuple[int, int, _Needle, bool]]:
        return [
            (start, end, needle, end - start == len(needle.form))
            for start, end, needle in self.spans
        ]


def folded_forms(value: str) -> list[tuple[str, bytes, int]]:
    """The folded needles of a value: (encoding, bytes, shortest piece that counts). Found
    in `fold(text)`, they catch the value upper-cased, spaced out or with zero-width
    characters between its characters, in hex, and with every byte %-escaped."""
    raw = value.encode("utf-8")
    forms = [
        ("case or spacing changed", fold(raw), MIN_SUBSTRING),
        ("URL-encoded, case changed", fold(url_encoded(value).encode("ascii")), MIN_SUBSTRING),
        ("hex", raw.hex().encode("ascii"), 2 * MIN_SUBSTRING),
        ("every byte %-escaped", "".join(f"%{b:02x}" for b in raw).encode(), 3 * MIN_SUBSTRING),
    ]
    seen: set[bytes] = set()
    unique = []
    for name, data, min_length in forms:
        if data and data not in seen:
            seen.add(data)
            unique.append((name, data, min_length))
    return unique


def _matched_segment(data: bytes, at: int, form: bytes, origin: int) -> tuple[int, int]:
    """The longest span around `at` where `data` matches `form` placed at `origin` (the
    word at `at` matched): found by halving, each step one comparison of slices in C."""
    low = max(origin, 0)
    lo, hi = low, at  # the span's start: data[start:at] matches
    while lo < hi:
        mid = (lo + hi) // 2
        if data[mid:at] == form[mid - origin : at - origin]:
            hi = mid
        else:
            lo = mid + 1
    left = lo
    start = at + _WORD
    lo, hi = start, min(origin + len(form), len(data))  # the end: data[start:end] matches
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if data[start:mid] == form[start - origin : mid - origin]:
            lo = mid
        else:
            hi = mid - 1
    return left, lo


def _find_whole(
    data: bytes, needle: _Needle, begin: int = 0, end: int | None = None
) -> Iterable[tuple[int, int, _Needle]]:
    form = needle.form
    start = data.find(form, begin, end)
    while start != -1:
        yield start, start + len(form), needle
        start = data.find(form, start + 1, end)


_CONTINUATION = bytes(range(0x80, 0xC0))


def _char_offsets(data: bytes, offsets: Iterable[int]) -> dict[int, int]:
    """`len(data[:offset].decode("utf-8", errors="ignore"))` for each offset (a character
    cut at the offset does not count), in one walk however many hits there are."""
    if data.isascii():
        return {offset: offset for offset in offsets}
    out: dict[int, int] = {}
    chars = 0
    done = 0
    for offset in sorted(set(offsets)):
        chars += len(data[done:offset].translate(None, _CONTINUATION))  # one lead byte each
        done = offset
        lead = offset - 1
        while lead > offset - 4 and lead >= 0 and 0x80 <= data[lead] < 0xC0:
            lead -= 1
        cut = lead >= 0 and data[lead] >= 0xC0 and lead + _sequence_length(data[lead]) > offset
        out[offset] = chars - cut
    return out


def _sequence_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _known_hit(
    data: bytes, offset: int, start: int, end: int, needle: _Needle, whole: bool
) -> RawHit:
    """A hit for the span `start:end` of `data`; `offset` is its start in characters."""
    length = len(data[start:end].decode("utf-8", errors="ignore"))
    part = "the whole value" if whole else f"a {end - start}-character part of it"
    encoding = "" if needle.encoding == "raw" else f", {needle.encoding}"
    return RawHit(
        LEAKED_VALUE_RULE,
        offset,
        length,
        f"{needle.secret.describe()}: {part}{encoding}",
        needle.secret.cloud,
    )


# --- patterns -------------------------------------------------------------------------------

# gitleaks' azure-ad-client-secret rule: `xxx\dQ~` then 31–34 characters, between boundaries.
_AZURE = re.compile(r"[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}(?=$|[\\'\"`\s<),])", re.M)
_AZURE_BEFORE = frozenset("\\'\"`>=:(,) \t\r\n\f\v")
# gitleaks' jwt rule: a base64url header and payload that both decode to '{"…'. A token
# starts a word (the lookbehind, checked after the literal `ey` the engine skips to): without
# it each `ey` inside a long run of letters would rescan the run, quadratic in its length.
_JWT = re.compile(
    r"ey(?<!\wey)[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?"
)
# scheme://user:password@host — a password written into a URL (user-info with a colon).
# The search starts at the literal `://` (fast: the engine skips to it), and the scheme in
# front of it is checked only for the rare user-info match.
_URL_CREDENTIALS = re.compile(r"://[^\s/?#@:\"'<>]*:[^\s/?#@\"'<>]+@")
_URL_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,20}\Z")
_PRIVATE_KEY = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
_SECRET_NAME_KEYWORDS = (
    b"secret",
    b"passw",
    b"passphrase",
    b"pwd",
    b"token",
    b"key",
    b"credential",
)
_SECRET_NAME = re.compile(
    r".*(?:secret|passw(?:or)?d|passphrase|pwd|token|credential|"
    r"(?:api|access|auth|private|client|signing|subscription)[_.-]?key).*",
    re.IGNORECASE,
)
_IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
# `name = value`, `name: value`, and the prose of notes: `client secret is value`.
_ASSIGNMENT = re.compile(
    rb"""["']?[ \t]*(?::=|=>|:|=|[ \t]+(?P<prose>is|was|equals|reads)(?:[ \t]*[:=])?)"""
    rb"""[ \t]*["'`]?(?P<value>[^\s"'`,;<>{}()\[\]]+)""",
    re.IGNORECASE,
)
# In prose a made-up example ("your new password is Fantastic12Monkeys!") reads like a
# secret: there a value must also look machine-made, without a run of lowercase letters
# as long as a word.
_WORDLIKE = re.compile(r"[a-z]{5,}")
HIGH_ENTROPY_MIN_LENGTH = 12
HIGH_ENTROPY_MIN_BITS = 3.0


def shannon_entropy(value: str) -> float:
    """Bits per character."""
    if not value:
        return 0.0
    n = len(value)
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _pattern_hits(text: str, data: bytes) -> list[RawHit]:
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
                RawHit(AZURE_PATTERN_RULE, at, match.end() - at, "an Azure AD client secret")
            )
        start = text.find("Q~", start + 2)
    for match in _JWT.finditer(text):
        at = match.start()
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        hits.append(RawHit(JWT_PATTERN_RULE, at, match.end() - at, "a JSON Web Token"))
    for match in _PRIVATE_KEY.finditer(text):
        hits.append(
            RawHit(KEY_BLOCK_RULE, match.start(), len(match.group()), "a private key block")
        )
    if "://" in text:
        for match in _URL_CREDENTIALS.finditer(text):
            scheme = _URL_SCHEME.search(text, max(0, match.start() - 21), match.start())
            if scheme is None:
                continue
            hits.append(
                RawHit(
                    URL_CREDENTIALS_RULE,
                    scheme.start(),
                    match.end() - scheme.start(),
                    "a password in a URL's user-info",
                )
            )
    hits.extend(_high_entropy_hits(data))
    return hits


def _high_entropy_hits(data: bytes) -> list[RawHit]:
    """Random-looking values after secret-like names. Each is found at a byte offset; all
    are turned into character offsets in one walk of the text, however many there are."""
    found = list(_high_entropy_byte_hits(data))
    chars = _char_offsets(data, [offset for offset, _ in found])
    return [RawHit(ENTROPY_RULE, chars[offset], length, what) for offset, (length, what) in found]


def _high_entropy_byte_hits(data: bytes) -> Iterable[tuple[int, tuple[int, str]]]:
    """(byte offset, (length in characters, what)) of each hit."""
    # Keywords are found in a lowercased UTF-8 copy: bytes.lower() is ASCII-only and fast,
    # where str.lower() on text with any non-ASCII character is not.
    lower = data.lower()
    seen: set[int] = set()
    for keyword in _SECRET_NAME_KEYWORDS:
        at = lower.find(keyword)
        while at != -1:
            end = at + len(keyword)
            while end < len(data) and data[end] in _IDENT_BYTES:
                end += 1
            begin = at
            while begin > 0 and data[begin - 1] in _IDENT_BYTES:
                begin -= 1
            if begin not in seen:
                seen.add(begin)
                hit = _secret_assignment(data, begin, end)
                if hit is not None:
                    yield hit
            at = lower.find(keyword, end)


def _previous_word(data: bytes, begin: int) -> str:
    """The word before one space at `begin`: prose names a secret in two words (API key)."""
    if begin < 2 or data[begin - 1] != 0x20:
        return ""
    start = begin - 1
    while start > 0 and data[start - 1] in _IDENT_BYTES and begin - start < 20:
        start -= 1
    return data[start : begin - 1].decode("ascii")


def _secret_assignment(data: bytes, begin: int, end: int) -> tuple[int, tuple[int, str]] | None:
    """The hit (byte offset, (length, what)) of a secret-like name's value, if any."""
    name = data[begin:end].decode("ascii")
    if not _SECRET_NAME.fullmatch(name) and not _SECRET_NAME.fullmatch(
        _previous_word(data, begin) + "_" + name
    ):
        return None
    match = _ASSIGNMENT.match(data, end)
    if match is None:
        return None
    try:
        value = match.group("value").decode("utf-8")
    except UnicodeDecodeError:
        return None
    if (
        len(value) < HIGH_ENTROPY_MIN_LENGTH
        or "://" in value
        or not any(c.isdigit() for c in value)
        or not any(c.isalpha() for c in value)
        or shannon_entropy(value) < HIGH_ENTROPY_MIN_BITS
        or (match.group("prose") is not None and _WORDLIKE.search(value) is not None)
    ):
        return None
    return match.start("value"), (
        len(value),
        f"a random-looking value after the secret-like name {name!r}",
    )


def scan_text(text: str, matcher: SecretMatcher | None = None) -> list[RawHit]:
    """Every hit in one text: known secrets first, then patterns, by offset."""
    data = text.encode("utf-8")
    known = matcher.find(text, data) if matcher is not None and matcher else []
    return _dedupe(known) + _dedupe(_pattern_hits(text, data))


def _dedupe(hits: list[RawHit]) -> list[RawHit]:
    """One hit per place and source: overlapping spans of one secret or pattern merge."""
    out: list[RawHit] = []
    for hit in sorted(hits, key=lambda h: (h.offset, -h.length, h.what)):
        if out and _same_source(out[-1], hit) and hit.offset < out[-1].offset + out[-1].length:
            continue
        out.append(hit)
    return out


def _same_source(a: RawHit, b: RawHit) -> bool:
    return (
        a.rule_id == b.rule_id
        and a.cloud == b.cloud
        and a.what.split(":")[0] == b.what.split(":")[0]
    )
