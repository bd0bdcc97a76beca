"""The leak scanner: known secrets in every encoding and as substrings, and the patterns."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from cloudprep.core.leaks import KnownSecret, SecretMatcher, scan_text, shannon_entropy
from cloudprep.core.secret_needs import SecretKind

SECRET = 'Xv9-pL2"q/r+s=T~wide\\Zk8'
USER = "svc-release@contosotasks.onmicrosoft.us"
AZURE = "abc8Q~Xy3fGh7JkLmNoPqRsTuVwXyZ0123456789"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


def rules(text: str, *secrets: KnownSecret) -> list[str]:
    matcher = SecretMatcher(secrets)
    return [hit.rule_id for hit in scan_text(text, matcher)]


client_secret = KnownSecret("gcch", SecretKind.CLIENT_SECRET, SECRET)
username = KnownSecret("gcc", SecretKind.TEST_USERNAME, USER)


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        json.dumps(SECRET)[1:-1],
        quote(SECRET, safe=""),
        quote_plus(SECRET),
        re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), quote(SECRET, safe="")),
        base64.b64encode(SECRET.encode()).decode(),
        base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("="),
    ],
    ids=["raw", "json", "url", "url-form", "url-lower", "base64", "base64url"],
)
def test_a_known_secret_is_found_in_every_encoding(form: str) -> None:
    assert rules(f"the notes say {form} and more", client_secret) == ["CP620"]


@pytest.mark.parametrize("prefix", [b"", b"x", b"xy", b"header: "])
def test_base64_inside_a_larger_blob_is_found_at_every_alignment(prefix: bytes) -> None:
    blob = base64.b64encode(prefix + SECRET.encode() + b" trailing").decode()
    assert rules(blob, client_secret) == ["CP620"]


def test_any_8_character_substring_is_a_leak_but_7_is_not() -> None:
    for start in range(len(SECRET) - 8 + 1):
        part = SECRET[start : start + 8]
        assert rules(f"<<{part}>>", client_secret) == ["CP620"], part
    assert rules(f"<<{SECRET[3:10]}>>", client_secret) == []


def test_the_hit_names_the_secret_never_the_value() -> None:
    (hit,) = scan_text(f"x {SECRET} y", SecretMatcher([client_secret]))
    assert "gcch" in hit.what and "client-secret" in hit.what
    assert SECRET not in hit.what and SECRET[:8] not in hit.what
    assert SECRET not in repr(client_secret)


def test_a_user_name_matches_only_as_a_whole_value() -> None:
    assert rules(f"user {USER}.", username) == ["CP620"]
    assert rules(json.dumps({"u": USER}), username) == ["CP620"]
    assert rules(quote(USER, safe=""), username) == ["CP620"]
    # Substrings shared with real hosts are not leaks.
    assert rules("https://login.microsoftonline.us and contosotasks.onmicrosoft.us", username) == []
    assert rules("svc-release@contosotasks", username) == []


def test_a_secret_shorter_than_8_characters_matches_only_as_a_whole_field_value() -> None:
    short = KnownSecret("gcc", SecretKind.TEST_PASSWORD, "pa55")
    assert rules("password pa55 here", short) == []
    assert rules("compa55ion", short) == []
    matcher = SecretMatcher([short])
    assert matcher.whole_value(" pa55 ") is short
    assert matcher.whole_value("pa55 here") is None


def test_an_azure_client_secret_under_a_neutral_key_is_found() -> None:
    assert rules(json.dumps({"notes": AZURE})) == ["CP621"]
    assert rules(f"description: {AZURE}\n") == ["CP621"]


def test_azure_lookalikes_are_not_reported() -> None:
    assert rules("FAQ~ and Q~ in prose") == []
    assert rules(json.dumps({"notes": "abc8Q~short"})) == []


def test_a_jwt_and_a_private_key_are_found() -> None:
    assert rules(f"Authorization: Bearer {JWT}") == ["CP622"]
    key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----"
    assert rules(json.dumps({"notes": key})) == ["CP623"]
    assert rules("-----BEGIN PUBLIC KEY-----") == []


@pytest.mark.parametrize(
    "text",
    [
        '"client_secret": "Zx81Kq2LmP0vR7tYb4Nw"',
        "notes: password=Hunter2-but-l0nger-Xq9",
        "api_key: 4fa7c2e9b1d84e3f9a6c",
        "X-Api-Key => 'Tk3vQ9mZp2LxW8rN'",
    ],
)
def test_a_random_value_after_a_secret_like_name_is_found(text: str) -> None:
    assert rules(text) == ["CP624"]


@pytest.mark.parametrize(
    "text",
    [
        '"secret_expires": "2026-12-15"',
        "token_endpoint: https://login.microsoftonline.us/common/oauth2/v2.0/token",
        "- OAuth client secret: [handed over separately through the secure channel]",
        '"client_id": "0b8d6f3e-2c4a-4d91-8e7b-5a3c1f9d2e61"',
        "password: correcthorsebatterystaple",
        "keyring: SecretService Keyring",
    ],
)
def test_ordinary_values_near_secret_like_names_are_not_reported(text: str) -> None:
    assert rules(text) == []


def test_entropy_is_in_bits_per_character() -> None:
    assert shannon_entropy("") == 0
    assert shannon_entropy("aaaa") == 0
    assert shannon_entropy("abcd") == 2


def test_the_demo_bundle_text_has_no_pattern_hits(folder_bundle) -> None:  # type: ignore[no-untyped-def]
    for file in folder_bundle.iterdir():
        assert rules(file.read_text(encoding="utf-8")) == [], file.name


@pytest.mark.parametrize(
    "text",
    [
        "https://svc:Pa55w0rd!@api.gov.contosotasks.com/v1",
        '"url": "HTTPS://admin:hunter22@login.microsoftonline.us"',
        "see ftp://a:b@files.contoso.com for the test data",
    ],
)
def test_a_password_in_a_url_is_found(text: str) -> None:
    assert rules(text) == ["CP625"]


@pytest.mark.parametrize(
    "text",
    [
        "https://global.consent.azure-apihub.us/redirect/contosotasks",
        "mailto:release@contoso.com",
        "https://api.contoso.com/v1?when=10:30@noon",
        "https://evil.com@global.consent.azure-apihub.us/redirect/x",
    ],
)
def test_urls_without_a_password_are_not_url_credentials(text: str) -> None:
    assert "CP625" not in rules(text)


def test_a_secret_typed_in_decomposed_unicode_is_still_found() -> None:
    import unicodedata

    composed = unicodedata.normalize("NFC", "sk-ÄÖÜ pass wörd 42")
    secret = KnownSecret("gcc", SecretKind.API_KEY, composed)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert rules(f"notes: {decomposed}", secret) == ["CP620"]
    assert rules(f"notes: {composed}", secret) == ["CP620"]
