"""Every kind of project exports and re-validates cleanly: blank, each auth kind, multi-auth,
certificate auth, no clouds, and every connector of the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudprep.bundle.export import BundleLeakRefused, export_bundle
from cloudprep.bundle.validate import validate_bundle
from cloudprep.core.models import AuthKind, Project
from cloudprep.core.new_project import blank_project, demo_project, project_from_connector
from cloudprep.core.secret_needs import PresenceState, SecretPresence
from cloudprep.errors import CloudprepError
from tests.bundle.conftest import DEMO_CREATED


def variants() -> dict[str, Project]:
    out: dict[str, Project] = {"blank": blank_project()}
    none = blank_project()
    none.clouds = {}
    out["no-clouds"] = none
    for kind in (AuthKind.API_KEY, AuthKind.BASIC, AuthKind.NONE):
        project = demo_project()
        project.connector.auth = kind
        project.connector.identity_provider = None
        project.connector.oauth = None
        project.clouds["gcc"].needs_test_account = kind is AuthKind.API_KEY
        out[kind.value] = project
    multi = demo_project()
    multi.connector.auth_options = [AuthKind.OAUTH2, AuthKind.API_KEY]
    out["multi-auth"] = multi
    certificate = demo_project()
    certificate.connector.identity_provider = "aadcertificate"
    out["aadcertificate"] = certificate
    odd = demo_project()
    odd.connector.display_name = "Contoso *Tasks* | <b>beta</b>\nline two"
    odd.clouds["gcc"].notes = "multi\nline\n\nnotes with `code` and # heading"
    odd.clouds["mooncake"].expected_redirect = "https://example.cn/redirect/contosotasks"
    out["markdown-in-values"] = odd
    return out


@pytest.mark.parametrize("name", sorted(variants()))
@pytest.mark.parametrize("presence", ["checked", "not_checked", "unavailable"])
def test_every_project_variant_exports_and_validates_cleanly(
    name: str, presence: str, tmp_path: Path
) -> None:
    project = variants()[name]
    state = {
        "checked": SecretPresence(state=PresenceState.CHECKED),
        "not_checked": SecretPresence.not_checked(),
        "unavailable": SecretPresence.unavailable("no keyring in this test"),
    }[presence]
    result = export_bundle(project, tmp_path / "b.zip", presence=state, created=DEMO_CREATED)
    report = validate_bundle(tmp_path / "b.zip")
    assert [f for f in report.findings if f.rule.startswith("CP6")] == []
    assert {f.rule for f in report.findings} == {f.rule for f in result.findings}
    md = (report.texts["SUBMISSION.md"]).splitlines()
    assert md[0] == "# Release request" or md[0].startswith("# Release request: ")
    assert not any(line.startswith("#") and not line.startswith(("# ", "## ")) for line in md)
    if name == "markdown-in-values":
        # User text stays inert: in a code span whose fence outruns its own backticks.
        assert "- GCC: note: ``multi line notes with `code` and # heading``" in md
        assert md[0] == "# Release request: `Contoso *Tasks* | <b>beta</b> line two`"


def test_every_corpus_connector_exports_and_validates(corpus_dir: Path, tmp_path: Path) -> None:
    exported = 0
    for folder in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        try:
            project, _ = project_from_connector(folder)
        except CloudprepError:  # a connector that cannot be imported at all: import's finding
            continue
        out = tmp_path / f"{exported}.zip"
        try:
            export_bundle(project, out, presence=SecretPresence.not_checked(), created=DEMO_CREATED)
        except BundleLeakRefused as refused:
            pytest.fail(f"{folder.name}: {refused.message}")
        report = validate_bundle(out)
        assert [f.rule for f in report.findings if f.rule.startswith("CP6")] == [], folder.name
        exported += 1
    assert exported >= 20
