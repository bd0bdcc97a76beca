"""The leak matcher (core/leaks.py) on its own: which parts of which secrets are leaks, in
which encodings, and where a hit is. The bundle tests reach it only through an export."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from cloudprep.core.leaks import (
    LEAKED_VALUE_RULE,
    MIN_SUBSTRING,
    KnownSecret,
    RawHit,
    SecretMatcher,
    json_escaped,
    scan_text,
    url_encoded,
)
from cloudprep.core.secret_needs import SecretKind

PASSWORD = "Vw9!rT2#kQ6$mZ1pGc4"
EMOJI_SECRET = "Zk8\N{SLIGHTLY SMILING FACE}pL2-vQ9mW"
"""A character beyond U+FFFF: JSON with ensure_ascii writes it as a surrogate pair."""
USER = "zq.tester7x@contosotasks.onmicrosoft.us"


def known_hits(text: str, *secrets: KnownSecret) -> list[RawHit]:
    return [h for h in scan_text(text, SecretMatcher(secrets)) if h.rule_id == LEAKED_VALUE_RULE]


def secret(kind: SecretKind, value: str) -> KnownSecret:
    return KnownSecret("gcch", kind, value)


@pytest.mark.parametrize(
    "kind", [SecretKind.TEST_PASSWORD, SecretKind.CLIENT_SECRET, SecretKind.API_KEY]
)
def test_every_8_character_part_of_a_secret_is_a_leak(kind: SecretKind) -> None:
    known = secret(kind, PASSWORD)
    for start in range(len(PASSWORD) - MIN_SUBSTRING + 1):
        part = PASSWORD[start : start + MIN_SUBSTRING]
        (hit,) = known_hits(f"notes: ({part}) end", known)
        assert f"the gcch {kind}" in hit.what and "8-character part" in hit.what, part
        assert hit.cloud == "gcch"


def test_an_8_character_part_of_a_test_password_is_a_leak_but_7_are_not() -> None:
    password = secret(SecretKind.TEST_PASSWORD, PASSWORD)
    assert known_hits(f"see {PASSWORD[5:13]} here", password)
    assert known_hits(f"see {PASSWORD[5:12]} here", password) == []


def test_a_user_name_is_a_leak_only_whole() -> None:
    user = secret(SecretKind.TEST_USERNAME, USER)
    assert known_hits(f"user {USER}.", user)
    assert known_hits(f"user {USER[:12]} at contosotasks.onmicrosoft.us", user) == []


@pytest.mark.parametrize("ascii_only", [True, False], ids=["surrogate-pair", "utf-8"])
def test_a_secret_beyond_the_basic_plane_is_found_in_json(ascii_only: bool) -> None:
    known = secret(SecretKind.CLIENT_SECRET, EMOJI_SECRET)
    text = json.dumps({"notes": EMOJI_SECRET}, ensure_ascii=ascii_only)
    assert ("\\ud83d\\ude42" in text) is ascii_only
    (hit,) = known_hits(text, known)
    assert "the whole value" in hit.what
    part = json.dumps({"notes": EMOJI_SECRET[1:9]}, ensure_ascii=ascii_only)
    assert known_hits(part, known)


@pytest.mark.parametrize(
    "value",
    [PASSWORD, EMOJI_SECRET, 'q"uo\\te', "tab\there\nnew\x01line\x7f", "café ☃ 𝄞"],
)
def test_the_json_and_url_forms_are_what_the_standard_library_writes(value: str) -> None:
    assert json_escaped(value, ascii_only=True) == json.dumps(value)[1:-1]
    assert json_escaped(value, ascii_only=False) == json.dumps(value, ensure_ascii=False)[1:-1]
    assert url_encoded(value) == urllib.parse.quote(value, safe="")
    assert url_encoded(value, plus=True) == urllib.parse.quote_plus(value, safe="")


def test_a_hit_is_placed_in_characters_of_the_text_and_never_holds_the_value() -> None:
    known = secret(SecretKind.API_KEY, PASSWORD)
    prefix = "résumé ☃ 𝄞: "
    (hit,) = known_hits(prefix + PASSWORD + " tail", known)
    assert (hit.offset, hit.length) == (len(prefix), len(PASSWORD))
    assert PASSWORD not in hit.what and PASSWORD[:MIN_SUBSTRING] not in hit.what
    assert PASSWORD not in repr(hit) and PASSWORD not in repr(known)


def test_one_place_is_one_hit_even_when_several_forms_match_there() -> None:
    # The raw value, every 8-character part of it and its JSON form all match here.
    known = secret(SecretKind.CLIENT_SECRET, PASSWORD)
    assert len(known_hits(json.dumps({"a": PASSWORD}), known)) == 1
    assert len(known_hits(f"{PASSWORD} and {PASSWORD}", known)) == 2


def test_an_empty_secret_matches_nothing() -> None:
    matcher = SecretMatcher([secret(SecretKind.CLIENT_SECRET, "")])
    assert not matcher
    assert matcher.find("anything at all, even an empty string: ''") == []


# The exact forms are looked for only where their folded stand-ins match in the folded text;
# a form that folding shortens, or a text where folding removed a zero-width character, gets
# the whole exact search. Each path must still name the exact encoding it found.
def _base64_of(value: str, *, lead: bytes = b"") -> str:
    import base64

    encoded = base64.b64encode(lead + value.encode()).decode()
    return encoded if not lead else encoded[2:-2]


@pytest.mark.parametrize(
    "around",
    [
        "plain text, {form}, and nothing zero-width",
        "a zero-width\u200bcharacter elsewhere: {form}",
        "an escaped zero-width \\u200b elsewhere: {form}",
    ],
    ids=["plain-text", "zero-width-text", "escaped-zero-width-text"],
)
@pytest.mark.parametrize(
    "value", [PASSWORD + "é", 'pass "phrase" with spaces 42'], ids=["plain", "spaced"]
)
def test_each_path_names_the_exact_encoding_it_found(value: str, around: str) -> None:
    known = secret(SecretKind.CLIENT_SECRET, value)
    for form, encoding in [
        (_base64_of(value), "base64"),
        (_base64_of(value, lead=b"\0"), "base64 (offset 1)"),
        (json.dumps(value)[1:-1], "JSON-escaped"),
        (urllib.parse.quote(value, safe=""), "URL-encoded"),
    ]:
        (hit,) = known_hits(around.format(form=form), known)
        assert hit.what == f"the gcch client-secret: the whole value, {encoding}"
        assert hit.offset == around.index("{form}")


def test_a_whole_only_value_is_found_among_many_mentions_of_its_parts() -> None:
    # The user name's domain is everywhere in a real bundle: only the whole name is a leak.
    user = secret(SecretKind.TEST_USERNAME, USER)
    mentions = " ".join(f"https://contosotasks.onmicrosoft.us/{n}" for n in range(500))
    (hit,) = known_hits(f"{mentions} the account {USER.upper()} {mentions}", user)
    assert "the whole value" in hit.what
    assert known_hits(mentions, user) == []


def test_a_hit_after_a_long_spaced_text_points_at_the_value() -> None:
    known = secret(SecretKind.CLIENT_SECRET, PASSWORD)
    prefix = "word \n\t " * 3000
    for form in (PASSWORD, PASSWORD.upper(), _base64_of(PASSWORD)):
        (hit,) = known_hits(prefix + form + " tail", known)
        assert (hit.offset, hit.length) == (len(prefix), len(form.rstrip("="))), form


@pytest.mark.parametrize(
    "form",
    [PASSWORD, PASSWORD.upper(), " ".join(PASSWORD), _base64_of(PASSWORD)],
    ids=["raw", "upper", "spaced", "base64"],
)
def test_every_one_of_many_hits_is_placed_in_characters(form: str) -> None:
    # Offsets are worked out for all hits in one walk: each must still be exact, after
    # multi-byte characters and whitespace that folding removes.
    known = secret(SecretKind.TEST_PASSWORD, PASSWORD)
    chunk = f"é ☃\t𝄞 {form} \n"
    hits = known_hits(chunk * 40, known)
    assert [(h.offset, h.length) for h in hits] == [
        (n * len(chunk) + chunk.index(form), len(form.rstrip("="))) for n in range(40)
    ]
