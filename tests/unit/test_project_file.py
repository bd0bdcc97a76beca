"""The project file: round trip, atomic save, and one-line errors that never echo secrets."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.models import Project
from cloudprep.core.new_project import blank_project, demo_project
from cloudprep.core.project_file import load_project, project_to_json, save_project
from cloudprep.errors import ProjectFileError

CANARY = "Zq8~kV3.pW9xR2-canary_T7mN4bL6sD1fG5hJ0"


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    project = demo_project()
    path = tmp_path / "cloudprep.json"
    save_project(project, path)
    assert load_project(path) == project
    assert path.read_text(encoding="utf-8") == project_to_json(project)


V1_PROJECT = Path(__file__).parent.parent / "data" / "projects" / "demo_project_v1.json"


def test_a_version_1_file_loads_with_the_new_fields_empty(tmp_path: Path) -> None:
    # A copy of the demo as version 0.x wrote it: it is never rejected.
    project = load_project(V1_PROJECT)
    assert project.schema_version == 2
    assert project.connector.source is None
    assert project.ga.telemetry_period is None
    assert project.request.contact.name == "" and project.request.reference == ""
    for cloud in project.clouds.values():
        assert cloud.endpoint.confirmed is False
        assert cloud.oauth_app.tenant_id is None
    saved = tmp_path / "cloudprep.json"
    save_project(project, saved)
    assert json.loads(saved.read_text("utf-8"))["schema_version"] == 2
    assert load_project(saved) == project


def test_telemetry_period_must_be_in_order(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["ga"]["telemetry_period"] = {"from": "2026-10-01", "to": "2026-09-01"}
    with pytest.raises(ProjectFileError, match=r"ga\.telemetry_period: from is after to"):
        load_project(write(tmp_path / "p.json", document))


def test_saved_file_lists_clouds_in_catalog_order(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["clouds"] = {"mooncake": {}, "gcc": {}, "dod": {}}
    project = load_project(write(tmp_path / "p.json", document))
    assert list(project.clouds) == ["gcc", "dod", "mooncake"]


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"\xef\xbb\xbf" + project_to_json(blank_project()).encode())
    assert isinstance(load_project(path), Project)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"schema_version": 1,', "is not valid JSON"),
        (b"\xff\xfe{}", "is not UTF-8"),
        ('{"schema_version": 2}'.encode("utf-16"), "is not UTF-8 text (it is UTF-16)"),
        (b"", "is empty, not a project"),
        (b" \n\t\n", "is empty, not a project"),
        (b"[1, 2]", "must hold a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_unparseable_files_give_one_clear_error(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert expected in info.value.message
    assert "\n" not in info.value.message


def test_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError) as info:
        load_project(tmp_path / "nope.json")
    assert "no such project file" in info.value.message
    assert any("cloudprep init" in h for h in info.value.hints)


def test_unknown_field_is_named(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["connector"]["client_secret"] = CANARY
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "connector.client_secret: is not a known field" in info.value.message
    assert CANARY not in str(info.value) + "".join(info.value.hints)


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"ga": {"slo_pct": CANARY}}, "ga.slo_pct"),
        ({"ga": {"availability_pct": 100.5}}, "ga.availability_pct"),
        ({"connector": {"name": 12}}, "connector.name"),
        ({"clouds": {"gcch": {"secret_expires": CANARY}}}, "clouds.gcch.secret_expires"),
        ({"clouds": {"narnia": {}}}, "clouds.narnia"),
        ({"project_id": CANARY}, "project_id"),
    ],
)
def test_invalid_values_name_the_field_and_never_echo_strings(
    tmp_path: Path, patch: dict[str, object], field: str
) -> None:
    document = json.loads(project_to_json(blank_project()))
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            for sub, subvalue in value.items():
                if isinstance(subvalue, dict) and isinstance(document[key].get(sub), dict):
                    document[key][sub].update(subvalue)
                else:
                    document[key][sub] = subvalue
        else:
            document[key] = value
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    text = info.value.message + " ".join(info.value.hints)
    assert field in info.value.message
    assert CANARY not in text
    assert "input_value" not in text


def test_a_mistyped_choice_shows_the_value(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["connector"]["auth"] = "oauth"
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "connector.auth" in info.value.message
    assert "'oauth'" in info.value.message


def test_newer_schema_version_asks_for_an_upgrade(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["schema_version"] = 7
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "newer" in info.value.message


def test_success_rate_and_responses_are_exclusive(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["ga"]["success_rate_pct"] = 90
    document["ga"]["responses"] = {"2xx": 10}
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "either success_rate_pct or responses" in info.value.message


def test_preview_start_after_as_of_is_refused(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["ga"]["as_of"] = "2026-01-01"
    document["ga"]["preview_start"] = "2026-02-01"
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "preview_start is after as_of" in info.value.message


def test_save_is_atomic_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cloudprep.json"
    original = demo_project()
    save_project(original, path)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    changed = original.model_copy(update={"project_id": blank_project().project_id})
    with pytest.raises(ProjectFileError) as info:
        save_project(changed, path)
    assert "cannot be written" in info.value.message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["cloudprep.json"]


def test_schema_ref_is_kept_only_when_given(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    assert "$schema" not in document
    document["$schema"] = "./cloudprep.schema.json"
    project = load_project(write(tmp_path / "p.json", document))
    assert json.loads(project_to_json(project))["$schema"] == "./cloudprep.schema.json"


def _demo_document() -> dict[str, object]:
    document: dict[str, object] = json.loads(project_to_json(demo_project()))
    return document


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (("schema_version",), True, "schema_version: must be the integer 2"),
        (("schema_version",), 1.0, "schema_version: must be the integer 2"),
        (("schema_version",), "1", "schema_version: must be the integer 2"),
        (("ga", "availability_pct"), "99.9", "ga.availability_pct:"),
        (("ga", "availability_pct"), True, "ga.availability_pct:"),
        (("ga", "monthly_active_connections"), True, "ga.monthly_active_connections:"),
        (("ga", "monthly_active_connections"), "74", "ga.monthly_active_connections:"),
        (("ga", "backend_in_production"), "yes", "ga.backend_in_production:"),
        (("ga", "backend_in_production"), 1, "ga.backend_in_production:"),
        (("request", "ga_request_raised"), "true", "request.ga_request_raised:"),
        (("ga", "as_of"), 1767225600, "ga.as_of: must be a date written as YYYY-MM-DD"),
        (("clouds", "gcc", "needs_test_account"), "no", "clouds.gcc.needs_test_account:"),
    ],
)
def test_wrong_json_types_are_refused_not_coerced(
    tmp_path: Path, field: tuple[str, ...], value: object, expected: str
) -> None:
    document = _demo_document()
    node: Any = document
    for key in field[:-1]:
        node = node[key]
    node[field[-1]] = value
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"availability_pct": NaN', "NaN is not a JSON number"),
        ('"availability_pct": Infinity', "Infinity is not a JSON number"),
        ('"availability_pct": -Infinity', "-Infinity is not a JSON number"),
        ('"availability_pct": ' + "9" * 5000, "a number has too many digits"),
        ('"availability_pct": 99.97, "availability_pct": 50', "ga.availability_pct: is given"),
    ],
)
def test_non_json_numbers_huge_integers_and_duplicate_keys_are_one_line_errors(
    tmp_path: Path, text: str, expected: str
) -> None:
    raw = json.dumps(_demo_document())
    assert '"availability_pct": 99.97' in raw
    path = tmp_path / "p.json"
    path.write_text(raw.replace('"availability_pct": 99.97', text), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert expected in str(info.value)


def test_duplicate_top_level_key_is_named(tmp_path: Path) -> None:
    raw = json.dumps(_demo_document()).replace(
        '"schema_version": 2,', '"schema_version": 2, "schema_version": 2,'
    )
    path = tmp_path / "p.json"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(ProjectFileError, match=r"p\.json: schema_version: is given more"):
        load_project(path)


def test_unknown_cloud_id_names_the_key_not_none(tmp_path: Path) -> None:
    document = _demo_document()
    clouds = document["clouds"]
    assert isinstance(clouds, dict)
    clouds["mars"] = {}
    clouds["x" * 5000] = {}
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    message = str(info.value)
    assert "clouds.mars: is not a known key" in message
    assert "(got 'mars')" in message
    assert "[key]" not in message and "got None" not in message
    assert "x" * 100 not in message


def test_an_overlong_connector_name_is_refused_without_echoing_it(tmp_path: Path) -> None:
    document = json.loads(project_to_json(blank_project()))
    document["connector"]["name"] = "x" * 5000
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert "connector.name" in info.value.message
    assert "128" in info.value.message
    assert "x" * 50 not in info.value.message


@pytest.mark.parametrize(
    ("field", "path"),
    [
        (("ga", "monthly_active_connections"), "ga.monthly_active_connections"),
        (("ga", "weekly_active_users"), "ga.weekly_active_users[1]"),
        (("ga", "responses", "2xx"), "ga.responses.2xx"),
    ],
)
def test_a_count_beyond_any_telemetry_is_refused_naming_the_field(
    tmp_path: Path, field: tuple[str, ...], path: str
) -> None:
    # 10**400 is a valid JSON integer, but no float holds it: the GA margins are floats.
    document = _demo_document()
    node: Any = document
    for key in field[:-1]:
        node = node[key]
    node[field[-1]] = [500, 10**400, 500] if field[-1] == "weekly_active_users" else 10**400
    with pytest.raises(ProjectFileError) as info:
        load_project(write(tmp_path / "p.json", document))
    assert f"{path}: Input should be less than or equal to" in info.value.message


def test_the_largest_count_is_evaluated(tmp_path: Path) -> None:
    from cloudprep.core.ga import evaluate_ga
    from cloudprep.core.models import MAX_COUNT

    document = _demo_document()
    ga: Any = document["ga"]
    ga["monthly_active_connections"] = MAX_COUNT
    ga["weekly_active_users"] = [MAX_COUNT] * 3
    ga["responses"] = dict.fromkeys(ga["responses"], MAX_COUNT)
    project = load_project(write(tmp_path / "p.json", document))
    evaluation = evaluate_ga(project.ga, reference_date=date(2026, 11, 1))
    assert all(c.margin is None or c.margin < 1e16 for c in evaluation.criteria)
