"""`check --format github`: GitHub Actions annotations on the project file's lines."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cloudprep.cli.github_annotations import (
    Annotated,
    annotation,
    escape_data,
    escape_property,
)
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity
from tests.github_annotations import parse_annotations, unescape

from .conftest import Cli


@pytest.fixture
def demo(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--demo", "-o", "cloudprep.json").code == 0
    return Path("cloudprep.json")


def value_at(document: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", path):
        document = document[int(part)] if part.isdigit() else document[part]
    return document


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a: b, 5%\n") == "a%3A b%2C 5%25%0A"
    for text in ("%0A already escaped", "x::y,z:\r\n%", ""):
        assert unescape(escape_property(text)) == text
        assert unescape(escape_data(text)) == text


def test_a_message_with_line_breaks_stays_one_command() -> None:
    finding = Finding(
        rule="CP202",
        severity=Severity.ERROR,
        cloud="gcch",
        path=FieldPath.parse("clouds.gcch.notes"),
        message="first\n::error::injected\r\nthird 100%",
        hint="a, b: c",
    )
    line = annotation(Annotated(finding, "dir,1/cloudprep:x.json", 7), "A title")
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=dir%2C1/cloudprep%3Ax.json,line=7,title=CP202 [gcch] A")
    assert line.endswith("::first%0A::error::injected%0D%0Athird 100%25%0AFix: a, b: c")


def test_check_annotates_every_finding_at_its_line(cli: Cli, demo: Path) -> None:
    result = cli("check", "--no-keyring", "--format", "github")
    expected = json.loads(cli("check", "--no-keyring", "--format", "json").out)["findings"]
    assert result.code == 1  # the demo has errors
    annotations, summary = parse_annotations(result.out)
    counts = Counter(f["severity"] for f in expected)
    assert summary == (
        f"cloudprep: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
    )
    assert len(annotations) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    lines = demo.read_text(encoding="utf-8").splitlines()
    document = json.loads(demo.read_text(encoding="utf-8"))
    for got, finding in zip(annotations, expected, strict=True):
        assert got.level == levels[finding["severity"]]
        assert got.properties["file"] == "cloudprep.json"
        assert got.properties["title"].startswith(finding["rule"])
        assert got.message == f"{finding['message']}\nFix: {finding['hint']}"
        # The line is where the field is written: its key, or an array element itself.
        line = lines[int(got.properties["line"]) - 1]
        *_, last = re.split(r"[.\[]", finding["path"])
        written = last.rstrip("]")
        if written.isdigit():
            assert json.dumps(value_at(document, finding["path"])) in line, finding["path"]
        else:
            assert f'"{written}":' in line, finding["path"]


def test_check_fail_on_and_exit_codes_are_those_of_the_other_formats(cli: Cli, demo: Path) -> None:
    text = cli("check", "--no-keyring", "--fail-on", "warning")
    github = cli("check", "--no-keyring", "--fail-on", "warning", "--format", "github")
    assert github.code == text.code == 1
    assert github.err == text.err == ""
