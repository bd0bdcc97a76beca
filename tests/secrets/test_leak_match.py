"""The canary matcher finds every form PRODUCT §6 names, so the canary cannot pass blind."""

from __future__ import annotations

import base64
import json
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from tests.secrets.leak_match import Canary, files_under, find_leaks

SECRET = Canary("client-secret", 'Cs8~Qzé"7\\vK.p3-Wm_Ly')
USER = Canary("test-username", "canary.tester7@fabrikamgov.onmicrosoft.us")


@pytest.mark.parametrize(
    "leaked",
    [
        SECRET.value,
        json.dumps(SECRET.value),
        json.dumps({"v": SECRET.value}, ensure_ascii=False),
        urllib.parse.quote(SECRET.value, safe=""),
        urllib.parse.quote(SECRET.value, safe="").lower(),
        urllib.parse.quote_plus(SECRET.value),
        base64.b64encode(SECRET.value.encode()).decode(),
        base64.b64encode(b"x" + SECRET.value.encode() + b"yz").decode(),
        base64.b64encode(b"xy" + SECRET.value.encode()).decode(),
        base64.urlsafe_b64encode(SECRET.value.encode()).decode().rstrip("="),
        SECRET.value[3:11],
        json.dumps(SECRET.value[5:14]),
    ],
    ids=[
        "raw",
        "json",
        "json-unicode",
        "url",
        "url-lower",
        "url-plus",
        "base64",
        "base64-offset1",
        "base64-offset2",
        "base64url-unpadded",
        "substring",
        "json-substring",
    ],
)
def test_every_form_of_a_secret_is_found(leaked: str) -> None:
    blob = f"some text before {leaked} and after".encode()
    assert find_leaks([SECRET], {"out": blob})


def test_seven_characters_are_not_a_leak() -> None:
    assert find_leaks([SECRET], {"out": SECRET.value[:7].encode()}) == []


@pytest.mark.parametrize(
    "leaked",
    [
        USER.value,
        urllib.parse.quote(USER.value, safe=""),
        base64.b64encode(USER.value.encode()).decode(),
    ],
)
def test_a_user_name_is_found_whole(leaked: str) -> None:
    assert find_leaks([USER], {"out": leaked.encode()})


def test_a_user_name_is_not_matched_by_parts() -> None:
    hosts = b"login.microsoftonline.us fabrikamgov.onmicrosoft.us canary.tester7"
    assert find_leaks([USER], {"out": hosts}) == []


def test_files_and_zip_members_are_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "plain.txt").write_text("nothing here")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("submission.json", json.dumps({"x": SECRET.value}) * 20)
    hits = find_leaks([SECRET], files_under(tmp_path))
    assert hits
    assert all("bundle.zip!submission.json" in hit for hit in hits)
