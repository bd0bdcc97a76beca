"""FieldPath: typed segments that are also the dotted string JSON and SARIF show."""

from __future__ import annotations

import json
import pickle

import pytest

from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("connector.name", ("connector", "name")),
        (
            "clouds.gcc.oauth_app.redirect_urls[0]",
            ("clouds", "gcc", "oauth_app", "redirect_urls", 0),
        ),
        ("ga.weekly_active_users[1]", ("ga", "weekly_active_users", 1)),
        ("a[0][1].b", ("a", 0, 1, "b")),
        ("", ()),
    ],
)
def test_parse_and_format_round_trip(text: str, segments: tuple[str | int, ...]) -> None:
    path = FieldPath.parse(text)
    assert path.segments == segments
    assert path == text
    assert FieldPath(*segments) == text


def test_a_path_that_does_not_round_trip_keeps_its_spelling() -> None:
    assert FieldPath.parse("weird..x") == "weird..x"


def test_is_within_compares_segments_not_text() -> None:
    path = FieldPath("clouds", "gcc", "oauth_app", "redirect_urls", 0)
    assert path.is_within("clouds.gcc.oauth_app.redirect_urls")
    assert path.is_within(FieldPath("clouds", "gcc"))
    assert not path.is_within("clouds.gcc.oauth")  # a text prefix is not a field prefix
    assert not path.is_within("clouds.gcch")


def test_findings_serialise_the_dotted_string_and_pickle_with_segments() -> None:
    finding = Finding(
        "CP201",
        Severity.ERROR,
        "gcc",
        FieldPath.parse("clouds.gcc.oauth_app.redirect_urls[0]"),
        "m",
        "h",
    )
    assert finding.field.segments[-1] == 0
    assert (
        json.loads(json.dumps(finding.to_dict()))["path"] == "clouds.gcc.oauth_app.redirect_urls[0]"
    )
    copy = pickle.loads(pickle.dumps(finding))  # noqa: S301 (our own bytes: scan workers pickle rows)
    assert copy == finding and copy.field.segments == finding.field.segments
    assert Finding.from_dict(finding.to_dict()) == finding
