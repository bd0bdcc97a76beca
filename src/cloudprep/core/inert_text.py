"""Untrusted text made inert: one escaping function per medium (PRODUCT §7).

Text from a user or a file (names, URLs, notes, file names, unknown keys) meets exactly one
of these at the boundary where it leaves cloudprep:

- `terminal_text`: CLI stdout and stderr. C0 and C1 controls, DEL, ESC and the bidi
  controls become visible escapes (`\\x1b`, `\\u202e`), so a value can neither move the
  cursor, set the clipboard (OSC 52), hide the rest of the output (`ESC [ 8 m`) nor reorder
  what is shown (U+202E). Lone surrogates become `\\ud800` too, so printing never fails.
- `one_cell_text`: the text of a field being edited in the wizard: each such character
  drawn as one visible symbol, so positions in the text stay positions on the screen.
- `textual_text`: every string the wizard displays: `terminal_text`, and Textual markup
  (`[b]`, `[@click=…]`) neutralised.
- `markdown_text`: SUBMISSION.md. User text can never become a link, an image, HTML, an
  entity, emphasis, a heading, a list or a table cell break.
- `csv_cell`: `scan --format csv`. Formula prefixes are neutralised, also after any
  separator a spreadsheet splits a cell on; controls are removed.

Each is pure and cheap on plain text (a regex search finds nothing to do).
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""The Unicode bidirectional formatting characters (Trojan Source)."""

# Characters that are never shown as themselves: C0 (but tab and new line, handled by the
# caller's choice), DEL, C1, bidi controls, line/paragraph separators, lone surrogates.
_UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
_UNSAFE_OR_BREAK = re.compile(f"[{_UNSAFE_CHARS}\t\n]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    # C0 as `\x1b`; DEL, C1, bidi and surrogates as `\u…`, which is also a valid JSON
    # escape, so a JSON document stays valid when it passes through `terminal_text`.
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def has_unsafe_characters(text: str) -> bool:
    """Whether `text` holds a control (other than tab or new line), a bidi control or a
    lone surrogate: what the input rules CP104/CP105 report."""
    return _UNSAFE.search(text) is not None


def terminal_text(text: str, *, one_line: bool = False) -> str:
    """`text` safe to write to a terminal: controls and bidi characters as visible escapes.
    Tabs and new lines stay, unless `one_line` (then they are escaped too)."""
    pattern = _UNSAFE_OR_BREAK if one_line else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def one_cell_text(text: str) -> str:
    """`text` as an editable field draws it: each control (C0 as its Unicode Control
    Picture, e.g. `\u241b` for ESC; DEL as `\u2421`) and each bidi control, C1 control or
    lone surrogate as `\ufffd`. One visible character for each, so a position in `text` is
    the same position in what is drawn (the cursor and the selection stay right)."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_one_cell, text)


def _one_cell(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def textual_text(text: str) -> str:
    """`text` safe to display in a Textual widget that renders markup: `terminal_text`,
    then every `[` escaped, so no user text opens a markup tag or an action link."""
    return terminal_text(text).replace("[", "\\[")


# User text is shown as plain words when it holds only letters, digits and this harmless
# punctuation; anything else goes into a code span, where nothing is a link, an image, HTML,
# emphasis or a heading, and GFM does not autolink a bare URL (escaping alone would not stop
# `https://evil.example` or `www.evil.example` from becoming a link).
_MARKDOWN_PLAIN_PUNCTUATION = frozenset(" ,.;:!?'-()")


def visible_line(text: str) -> str:
    """One line, with every control, format (bidi, zero-width) or separator character shown
    as a visible escape."""
    out: list[str] = []
    for ch in " ".join(text.split()):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _markdown_code_span(text: str, *, in_table: bool) -> str:
    body = visible_line(text)
    run = longest = 0
    for ch in body:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    if in_table:
        body = body.replace("|", "\\|")
    return f"{fence}{body}{fence}"


def markdown_text(text: str, *, in_table: bool = False) -> str:
    """`text` as inert inline Markdown on one line (CommonMark and GFM): plain words as they
    are, anything else in a code span with controls and bidi characters as visible escapes;
    `in_table` also escapes `|`, so a value never breaks a table cell."""
    line = " ".join(text.split())
    plain = all(ch.isalnum() or ch in _MARKDOWN_PLAIN_PUNCTUATION for ch in line)
    # GFM links a bare www. host even without a scheme.
    if line and plain and "www." not in line.lower():
        return line
    return _markdown_code_span(line, in_table=in_table)


_CSV_FORMULA_START = frozenset("=+-@")
# Spreadsheets split a pasted or imported cell on these; each part may start a formula.
_CSV_SEPARATORS = re.compile(r"[,;|\n]")
# Compiled on first use (re's own cache): only `scan --format csv` needs it, and a class
# this wide takes a third of a millisecond to compile on every command's start.
_CSV_CONTROLS = f"[{_UNSAFE_CHARS}\t]"


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: controls (tabs and carriage
    returns too; a new line stays, the CSV writer quotes it) removed, and a `'` put before
    the cell and before every part (after `,` `;` `|` or a new line) that would start with
    `=`, `+`, `-` or `@`, spaces before it allowed."""
    cleaned = re.sub(_CSV_CONTROLS, "", text)
    if not cleaned:
        return cleaned
    out: list[str] = []
    start = 0
    for match in _CSV_SEPARATORS.finditer(cleaned):
        out.append(_neutral_part(cleaned[start : match.start()]))
        out.append(match.group())
        start = match.end()
    out.append(_neutral_part(cleaned[start:]))
    return "".join(out)


def _neutral_part(part: str) -> str:
    stripped = part.lstrip(" ")
    if stripped and stripped[0] in _CSV_FORMULA_START:
        return part[: len(part) - len(stripped)] + "'" + stripped
    return part
