"""Where things are in a JSON text (bundle/json_locator.py): the field at an offset and the
line of a field, in strict JSON and in texts `json` would refuse."""

from __future__ import annotations

import json

import pytest

from cloudprep.bundle.json_locator import JsonLocator

DOCUMENT = {
    "project": {
        "clouds": {
            "gcc": {"notes": "long " * 2000 + "TARGET", "tags": ["a", 'q"uote', "é\u200b"]},
            "dod": {'key with "quote" and \\ slash': "TARGET"},
        }
    }
}


@pytest.mark.parametrize("ascii_only", [True, False])
@pytest.mark.parametrize("indent", [None, 2])
def test_the_field_and_line_of_a_value(indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(DOCUMENT, indent=indent, ensure_ascii=ascii_only)
    locator = JsonLocator(text)
    first = text.index("TARGET")
    assert locator.path_at(first) == "project.clouds.gcc.notes"
    second = text.index("TARGET", first + 1)
    assert locator.path_at(second).startswith("project.clouds.dod.key with")  # type: ignore[union-attr]
    assert locator.line_at(second) == text.count("\n", 0, second) + 1
    assert locator.path_at(text.index("uote")) == "project.clouds.gcc.tags[1]"
    assert locator.line_of("project.clouds.dod") == text.count("\n", 0, text.index('"dod"')) + 1


def test_strings_json_refuses_are_still_walked() -> None:
    # A raw tab and an unknown escape: `json` refuses both; the locator reads past them.
    text = '{"a": "tab\there", "b": "bad \\q escape", "c": {"d": "TARGET"}}'
    locator = JsonLocator(text)
    assert locator.path_at(text.index("here")) == "a"
    assert locator.path_at(text.index("escape")) == "b"
    assert locator.path_at(text.index("TARGET")) == "c.d"


def test_an_unterminated_string_does_not_stop_the_walk() -> None:
    # Past the lone quote, the words are read as b's value.
    text = '{"a": "fine", "b": "never closed}\n'
    locator = JsonLocator(text)
    assert locator.path_at(text.index("fine")) == "a"
    assert locator.path_at(text.index("never")) == "b"


@pytest.mark.parametrize("text", ["", "x", "\n", "a\nb\r\nc\n\n", "\n\nend"])
def test_line_at_counts_newlines_before_the_offset(text: str) -> None:
    locator = JsonLocator(text)
    for offset in range(len(text) + 2):
        assert locator.line_at(offset) == text.count("\n", 0, offset) + 1, offset
