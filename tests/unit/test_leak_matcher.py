"""The one leak matcher: the encodings a pasted secret hides in, and secrets in prose."""

from __future__ import annotations

import pytest

from cloudprep.core.leaks import KnownSecret, SecretMatcher, scan_text
from cloudprep.core.secret_needs import SecretKind

SECRET = "x7Hk2pQ9vL4mN8rT1wZ5aB3cD6eF0gJ"
stored = KnownSecret("gcch", SecretKind.CLIENT_SECRET, SECRET)
user = KnownSecret("gcc", SecretKind.TEST_USERNAME, "svc-release@contosotasks.onmicrosoft.us")


def rules(text: str, *secrets: KnownSecret) -> list[str]:
    return [hit.rule_id for hit in scan_text(text, SecretMatcher(secrets))]


@pytest.mark.parametrize(
    "form",
    [
        SECRET.upper(),
        SECRET.lower(),
        " ".join(SECRET),
        "\u200b".join(SECRET),
        "\\u200b".join(SECRET),
        SECRET.encode().hex(),
        SECRET.encode().hex().upper(),
        "".join(f"%{b:02X}" for b in SECRET.encode()),
        "".join(f"%{b:02x}" for b in SECRET.encode()),
    ],
    ids=[
        "upper",
        "lower",
        "spaced",
        "zero-width",
        "json-zero-width",
        "hex",
        "HEX",
        "pct",
        "pct-lower",
    ],
)
def test_a_stored_secret_is_found_however_it_was_disguised(form: str) -> None:
    assert rules(f"notes: see {form} please", stored) == ["CP620"]


@pytest.mark.parametrize(
    "piece",
    [
        SECRET[5:13].upper(),
        " ".join(SECRET[10:18]),
        SECRET[2:10].encode().hex(),
        "".join(f"%{b:02X}" for b in SECRET[4:12].encode()),
    ],
)
def test_an_8_character_piece_counts_in_every_folded_form(piece: str) -> None:
    assert rules(f"[{piece}]", stored) == ["CP620"]


def test_7_characters_in_hex_or_upper_case_are_not_a_piece() -> None:
    assert rules(f"[{SECRET[2:9].encode().hex()}]", stored) == []
    assert rules(f"[{SECRET[2:9].upper()}]", stored) == []


def test_a_user_name_upper_cased_matches_only_whole() -> None:
    assert rules("SVC-RELEASE@CONTOSOTASKS.ONMICROSOFT.US", user) == ["CP620"]
    assert rules("CONTOSOTASKS.ONMICROSOFT.US", user) == []


def test_a_folded_hit_points_at_the_disguised_value_in_the_text() -> None:
    text = "first line\n\nthe value: " + " ".join(SECRET) + " end"
    (hit,) = scan_text(text, SecretMatcher([stored]))
    assert text[hit.offset : hit.offset + hit.length].replace(" ", "") == SECRET
    assert SECRET not in hit.what


@pytest.mark.parametrize(
    "prose",
    [
        f"client secret is {SECRET}",
        f"The API key was {SECRET} until Friday",
        f"test password: {SECRET}",
        f"token equals '{SECRET}'",
        f"Password is: {SECRET}",
    ],
)
def test_a_secret_written_in_prose_is_found_without_the_keyring(prose: str) -> None:
    assert rules(prose) == ["CP624"]


@pytest.mark.parametrize(
    "note",
    [
        "The client secret is stored in Key Vault kv-contoso-2024 and rotated yearly.",
        "The API key is handed over in ISV Studio activity control.",
        "token endpoint is https://login.microsoftonline.us/common/oauth2/v2.0/token",
        "password is at least 16 characters long",
    ],
)
def test_ordinary_prose_about_secrets_is_silent(note: str) -> None:
    assert rules(note) == []


def test_a_password_in_a_url_needs_a_scheme_in_front() -> None:
    assert rules("see https://svc:Pa55w0rd!@api.gov.contosotasks.com/x") == ["CP625"]
    assert rules("see ://svc:Pa55w0rd!@api.gov.contosotasks.com/x") == []


def test_a_token_starts_a_word_and_letters_before_it_hide_nothing_after() -> None:
    # The JWT pattern starts only where a word starts: a run of letters never makes the
    # engine rescan the run from each `ey` in it, and a token after one is still found.
    token = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert rules(f"x{token}") == []
    assert rules(f"{'ey' * 5000} {token}") == ["CP622"]


def test_each_of_many_secret_assignments_is_placed_at_its_value_after_multibyte_text() -> None:
    # Each value is placed in characters, not bytes: the accents and the check marks
    # before it take two and three bytes each. Thousands of them are placed in one walk.
    values = [f"Ab{n:05d}cD7eF9gH" for n in range(3000)]
    text = "".join(f"é ✓ api_key = {value}\n" for value in values)
    hits = scan_text(text)
    assert [hit.rule_id for hit in hits] == ["CP624"] * len(values)
    assert [text[hit.offset : hit.offset + hit.length] for hit in hits] == values
