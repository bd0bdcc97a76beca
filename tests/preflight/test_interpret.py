"""Microsoft's error text as cloudprep shows it: its own words, inert, without request ids."""

from __future__ import annotations

from cloudprep.preflight.interpret import error_codes, microsoft_description
from tests.preflight.servers import entra_error


def test_the_description_keeps_microsofts_words_without_trace_correlation_or_timestamp() -> None:
    body = entra_error(7000112, "Application 'x' is disabled.")
    assert microsoft_description(body) == "AADSTS7000112: Application 'x' is disabled."
    assert error_codes(body) == (7000112,)


def test_server_text_is_inert_and_short() -> None:
    body = {"error_description": "AADSTS50000: bad\x1b[31m red \u202egnp.exe\n" + "x" * 400}
    text = microsoft_description(body)
    assert "\x1b" not in text and "\u202e" not in text and "\n" not in text
    assert len(text) == 200 and text.endswith("…")
    assert error_codes(body) == (50000,)  # no error_codes list: read from the text


def test_a_body_without_a_description_falls_back_to_the_error_name() -> None:
    assert microsoft_description({"error": "invalid_client"}) == "invalid_client"
    assert microsoft_description(None) == ""
    assert error_codes({"error_codes": [True, "7"]}) == ()
