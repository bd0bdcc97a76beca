"""The span editor: values change in place, everything else stays as written."""

from __future__ import annotations

import pytest

from cloudprep.core.definitions.json_text import (
    JsonTextError,
    apply_edits,
    insert_member,
    json_string,
    parse_json_bytes,
    remove_entries,
    remove_entry,
    replace_value,
)

TEXT = '{\r\n\t"a" :  "x",\r\n\t"b": [1, "y" ,2],\r\n\t"c": {}\r\n}'


def test_a_replaced_value_leaves_every_other_byte() -> None:
    doc = parse_json_bytes(TEXT.encode())
    node = doc.root.get("a")
    assert node is not None
    assert apply_edits(doc.text, [replace_value(node, json_string("z/é"))]) == TEXT.replace(
        '"x"', '"z/é"'
    )


def test_removing_an_item_keeps_the_layout_of_the_others() -> None:
    doc = parse_json_bytes(TEXT.encode())
    items = doc.root.get("b")
    assert items is not None
    assert apply_edits(doc.text, [remove_entry(doc.text, items, 1)]).count("[1, 2]") == 1
    assert apply_edits(doc.text, [remove_entry(doc.text, items, 2)]).count('[1, "y"]') == 1
    last = apply_edits(doc.text, [remove_entry(doc.text, doc.root, 2)])
    assert last == '{\r\n\t"a" :  "x",\r\n\t"b": [1, "y" ,2]\r\n}'


def test_a_member_is_added_after_the_last_one_laid_out_like_it() -> None:
    doc = parse_json_bytes(TEXT.encode())
    added = apply_edits(doc.text, [insert_member(doc.text, doc.root, "d", '"w"')])
    assert added == TEXT.replace('"c": {}', '"c": {},\r\n\t"d": "w"')
    empty = doc.root.get("c")
    assert empty is not None
    into_empty = apply_edits(doc.text, [insert_member(doc.text, empty, "e", "1")])
    assert '"c": {"e": 1}' in into_empty


def test_a_bom_is_kept_aside_and_written_back() -> None:
    doc = parse_json_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert doc.bom and doc.text == TEXT
    assert doc.to_bytes() == b"\xef\xbb\xbf" + TEXT.encode()


def test_a_value_utf8_cannot_hold_is_written_escaped() -> None:
    assert json_string("a\ud800") == '"a\\ud800"'
    assert json_string("é") == '"é"'


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'{"a": 1,}', "line 1, column 9"),
        (b'{\n  "a" 1\n}', "line 2, column 7"),
        (b"[1, 2", "line 1, column 6"),
        (b'{"a": "\x01"}', "line 1, column 7"),
    ],
)
def test_broken_json_names_the_line_and_column(data: bytes, where: str) -> None:
    with pytest.raises(JsonTextError, match=where):
        parse_json_bytes(data)


def test_strings_decode_as_json_does() -> None:
    text = '{"plain": "a b", "escaped": "t\\"q\\\\ \\u00e9 \\ud83d\\ude00", "": ""}'
    node = parse_json_bytes(text.encode()).root
    assert {m.key: m.value.value for m in node.members} == {
        "plain": "a b",
        "escaped": 't"q\\ \u00e9 \U0001f600',
        "": "",
    }
    spans = [text[m.value.start : m.value.end] for m in node.members]
    assert spans[0] == '"a b"' and spans[-1] == '""'


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": "' + b"x" * 100_000,  # one long run, never closed
        b'{"a": "' + b"x\\n" * 50_000,
        b'{"a": "x\\',
    ],
)
def test_an_unterminated_string_is_refused_however_long(data: bytes) -> None:
    # A backtracking pattern would take ages over the first one: this test would hang.
    with pytest.raises(JsonTextError, match="unterminated string at line 1, column 7"):
        parse_json_bytes(data)


def test_a_number_longer_than_int_converts_names_the_line_and_column() -> None:
    # int() refuses more than 4,300 digits with a ValueError of its own.
    with pytest.raises(JsonTextError, match="too many digits at line 2, column 8"):
        parse_json_bytes(b'{\n  "a": 1' + b"0" * 5000 + b"\n}")


def test_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(JsonTextError, match="not UTF-8"):
        parse_json_bytes(b'{"a": "\xff"}')


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        ({1, 2}, '{"a": 1}'),
        ({0, 2}, '{"b": 2}'),
        ({0, 1}, '{"c": 3}'),
        ({0, 1, 2}, "{}"),
        (set(), '{"a": 1, "b": 2, "c": 3}'),
    ],
)
def test_several_entries_are_removed_without_a_dangling_comma(
    removed: set[int], expected: str
) -> None:
    doc = parse_json_bytes(b'{"a": 1, "b": 2, "c": 3}')
    assert apply_edits(doc.text, remove_entries(doc.text, doc.root, removed)) == expected
