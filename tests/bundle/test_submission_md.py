"""SUBMISSION.md is the request the Microsoft reviewer reads (issue 11).

Every expected line below was written by hand from the project it renders (the demo project
file, and the corpus connectors' apiProperties.json), never copied from the renderer. The
documents are also parsed with a CommonMark renderer (markdown-it-py, with GFM tables and
linkify switched on, as a reviewer's mail or web client would), and checked against a list
of phrases that belong to the publisher or the tool, never to the reviewer.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cloudprep.bundle.export import build_bundle
from cloudprep.core.models import AuthKind, EndpointMode, Project, TelemetryPeriod
from cloudprep.core.new_project import demo_project, project_from_connector
from cloudprep.core.secret_needs import SecretPresence
from tests.bundle.conftest import checked_presence

FORBIDDEN = [
    line.strip().lower()
    for line in (Path(__file__).with_name("submission_forbidden_phrases.txt"))
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
EXPORTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
"""The demo's GCC High secret expires on 2026-12-15: 14 days later."""

MOONCAKE = "Mooncake (Azure China, 21Vianet)"
ALL_CLOUDS = f"GCC, GCC High, DoD, Azure Government, {MOONCAKE}"
GOV_REDIRECT = "https://global.consent.azure-apihub.us/redirect/"
API_KEY_HANDOVER = (
    "through the channel your Microsoft contact provides (the undated page names ISV Studio "
    "activity control, since retired)."
)


def render(project: Project, presence: SecretPresence | None = None) -> str:
    built = build_bundle(
        project, presence=presence or SecretPresence.not_checked(), created=EXPORTED
    )
    return built.files["SUBMISSION.md"].decode("utf-8")


def section(md: str, heading: str) -> list[str]:
    """The lines under `## heading`, up to the next heading, without blank lines."""
    lines = md.splitlines()
    start = lines.index(f"## {heading}") + 1
    out: list[str] = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if line.strip():
            out.append(line)
    return out


def parse(md: str) -> list[Token]:
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    return parser.parse(md)


def tables(md: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts; every row must have the header's width."""
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in parse(md):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
            row = None
    return found


def demo_with_request_fields() -> Project:
    project = demo_project()
    project.request.contact.name = "Dana Reyes"
    project.request.contact.email = "dana.reyes@contosotasks.com"
    project.request.reference = "REQ-2026-0412"
    project.ga.telemetry_period = TelemetryPeriod.model_validate(
        {"from": "2026-10-01", "to": "2026-10-28"}
    )
    return project


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_request_as_written_by_hand() -> None:
    project = demo_with_request_fields()
    md = render(project, checked_presence(project))
    assert md.splitlines()[:10] == [
        "# Release request: Contoso Tasks",
        "",
        "- Connector: Contoso Tasks",
        "- Internal name: contosotasks",
        "- Publisher: Contoso Ltd",
        "- Contact: Dana Reyes, `dana.reyes@contosotasks.com`",
        "- Request reference: REQ-2026-0412",
        "- Authentication: OAuth 2.0 (aad)",
        "- Commercial endpoint: `https://api.contosotasks.com/v1`",
        "- Prepared on: 2026-12-01",
    ]
    assert section(md, "What we ask") == [
        f"- Release to: {ALL_CLOUDS}.",
        "- Move from preview to GA: yes.",
    ]
    gov = f"`{GOV_REDIRECT}contosotasks`"
    (clouds, criteria) = tables(md)
    assert clouds == [
        ["Item", "GCC", "GCC High", "DoD", "Azure Government", MOONCAKE],
        [
            "Endpoint",
            "`https://api.contosotasks.com/v1` (same as commercial, not confirmed)",
            "`https://api.gov.contosotasks.com/v1`",
            "`https://api.gov.contosotasks.com/v1`",
            "`https://api.gov.contosotasks.com/v1`",
            "`https://api.contosotasks.cn/v1`",
        ],
        [
            "App client id",
            "0b8d6f3e-2c4a-4d91-8e7b-5a3c1f9d2e61",
            "9e2f4b1c-7a3d-4c8e-b5f0-6d1a2c3e4f82",
            "9e2f4b1c-7a3d-4c8e-b5f0-6d1a2c3e4f82",
            "3c7a9d2e-1f4b-4a6c-8d0e-7b2f5a9c1d33",
            "5d1e8c4a-6b2f-4e9d-a3c7-8f0b1e2d4a57",
        ],
        [
            "Login host",
            "`https://login.microsoftonline.com`",
            "`https://login.microsoftonline.com`",
            "`https://login.microsoftonline.us`",
            "`https://login.microsoftonline.us`",
            "`https://login.chinacloudapi.cn`",
        ],
        [
            "Resource",
            "`https://graph.microsoft.com`",
            "`https://graph.microsoft.us`",
            "`https://graph.microsoft.us`",
            "`https://graph.microsoft.us`",
            "`https://microsoftgraph.chinacloudapi.cn`",
        ],
        [
            "Redirect registered",
            f"yes: {gov}",
            f"yes: {gov}",
            f"yes: {gov}",
            f"no ({gov})",  # the demo's Azure Government app lists the commercial redirect
            "none published",
        ],
        # The canaries store GCC's test user name and password, and only DoD's password.
        ["Test account provided", "yes, separately", *["to follow"] * 4],
        [
            "Secret expiry",
            "2027-09-30",
            "2026-12-15 (in 14 days)",
            "not given",
            "2027-08-31",
            "not given",
        ],
    ]
    notes_start = md.index("\nNotes:\n")
    assert md[notes_start:].split("\n\n")[1].splitlines() == [
        "- GCC: note: GCC shares the commercial Entra ID; this is a separate app registration.",
        f"- {MOONCAKE}: note: Waiting for Microsoft to confirm the Mooncake consent redirect.",
    ]
    secure = "through the secure channel Microsoft provides."
    assert section(md, "Secrets") == [
        "None is in this request; each is handed over separately:",
        f"- OAuth client secret ({ALL_CLOUDS}): {secure}",
        f"- Test account user name ({ALL_CLOUDS}): {secure}",
        f"- Test account password ({ALL_CLOUDS}): {secure}",
    ]
    ga = section(md, "GA")
    assert ga[:2] == [
        "Verdict: Eligible for GA: every required criterion passes (recommended: U1 not met).",
        "Numbers as of 2026-11-01; telemetry period: 2026-10-01 to 2026-10-28.",
    ]
    assert criteria[0] == ["Criterion", "Value", "Threshold", "Margin", "Result", "Source"]
    assert criteria[1:] == [
        [
            "R1 Backend service in production (required)",
            "yes",
            "in production",
            "—",
            "pass",
            "publisher's statement",
        ],
        ["R2 Connector availability (required)", "99.97 %", ">= 99.95 %", "+0.02", "pass",
         "Microsoft team"],
        ["R3 SLO (required)", "99.62 %", ">= 99.5 %", "+0.12", "pass", "Microsoft team"],
        # (918000 + 12000) / (918000 + 12000 + 61000 + 9000) = 93 %; throttled left out.
        ["R4 Success rate (required)", "93 %", "> 80 %", "+13", "pass",
         "connector telemetry or Microsoft team"],
        ["R5 Support matches the backend (required)", "yes",
         "matches the backend's support model", "—", "pass", "publisher's statement"],
        ["U1 Weekly active users (recommended)", "612, 587, 498", ">= 500 each week", "-2",
         "fail", "Microsoft team"],
        ["U2 Monthly active connections (MAC) (recommended)", "74", ">= 50", "+24", "pass",
         "connector telemetry or Microsoft team"],
        # Preview from 2026-03-16 to as_of 2026-11-01: 7 full calendar months.
        ["EX 6-month exception", "7 months",
         ">= 6 calendar months of preview; R1, R2, R3, R5 pass; success rate >= 50 %", "+1",
         "holds", "publisher's statement"],
    ]  # fmt: skip
    assert (
        "6-month exception, claimed because a customer requires the connector in production: "
        "it holds. The preview has lasted 7 full calendar months by 2026-11-01 (6 reached on "
        "2026-09-16); the success rate 93 % is at least 50 %; R1, R2, R3 and R5: pass."
    ) in ga
    assert sum(line.startswith("Interpretations:") for line in md.splitlines()) == 1
    late = "to follow separately (not ready yet)"
    assert section(md, "Known open items") == [
        "- GCC: the endpoint is the commercial one, and we have not confirmed that it is "
        "reachable from, and compliant for, this cloud.",
        f"- GCC High: {late}: test account user name, test account password.",
        f"- DoD: {late}: OAuth client secret, test account user name.",
        f"- Azure Government: the redirect {gov} is not registered on the app.",
        f"- Azure Government: {late}: OAuth client secret, test account user name, test "
        "account password.",
        f"- {MOONCAKE}: no consent redirect is published; please tell us which to register.",
        f"- {MOONCAKE}: {late}: OAuth client secret, test account user name, test account "
        "password.",
    ]
    assert str(project.project_id) not in md


def test_a_confirmed_same_as_commercial_endpoint_is_settled_and_said_plainly() -> None:
    project = demo_project()
    project.clouds["gcc"].endpoint.confirmed = True
    md = render(project)
    assert (
        tables(md)[0][1][1] == "`https://api.contosotasks.com/v1` (same as commercial, confirmed)"
    )
    assert (
        "- GCC: the endpoint is the commercial one; we confirm it is reachable from, and "
        "compliant for, this cloud."
    ) in md.splitlines()
    assert not any(
        line.startswith("- GCC: the endpoint") for line in section(md, "Known open items")
    )


def test_a_secret_expiring_in_14_days_is_in_14_days_whatever_ga_as_of_says() -> None:
    for as_of in (date(2026, 11, 1), date(2026, 4, 1), None):
        project = demo_project()
        project.ga.as_of = as_of
        row = tables(render(project))[0][-1]
        assert row[0] == "Secret expiry"
        assert row[2] == "2026-12-15 (in 14 days)", as_of


def test_a_request_without_ga_numbers_does_not_ask_for_ga() -> None:
    project = demo_project()
    project.ga = type(project.ga)()
    md = render(project)
    assert "- Move from preview to GA: no." in md
    assert "## GA" not in md
    assert len(tables(md)) == 1


# --- imported corpus connectors -------------------------------------------------------------


@pytest.mark.corpus
def test_team_forms_imported(corpus_dir: Path) -> None:
    # apiProperties.json: aad, redirectUrl …/redirect/teamforms, publisher "VP Labs";
    # swagger host api.teamforms.app (https). No cloud is configured yet.
    project, _ = project_from_connector(corpus_dir / "Team Forms")
    md = render(project)
    assert md.splitlines()[:10] == [
        "# Release request: Team Forms",
        "",
        "- Connector: Team Forms",
        "- Internal name: teamforms",
        "- Publisher: VP Labs",
        "- Contact: not given",
        "- Request reference: none yet",
        "- Authentication: OAuth 2.0 (aad)",
        "- Commercial endpoint: `https://api.teamforms.app`",
        "- Prepared on: 2026-12-01",
    ]
    rows = {row[0]: row[1:] for row in tables(md)[0]}
    assert rows["Endpoint"] == ["not decided"] * 5
    assert rows["Login host"] == ["not given"] * 5  # aad: each cloud needs its own
    assert rows["Redirect registered"] == [f"no (`{GOV_REDIRECT}teamforms`)"] * 4 + [
        "none published"
    ]
    assert "- Move from preview to GA: no." in md
    assert (
        f"- {MOONCAKE}: no consent redirect is published; please tell us which to register." in md
    )


@pytest.mark.corpus
def test_highspot_imported(corpus_dir: Path) -> None:
    # apiProperties.json: identityProvider oauth2 (not aad), redirectUrl
    # …/redirect/highspot-5f79b88ef370762934-5f63e14e61ad877cec, publisher "Highspot";
    # swagger host api.highspot.com, basePath /apollo/webhooks/ms-copilot.
    project, _ = project_from_connector(corpus_dir / "Highspot")
    md = render(project)
    name = "highspot-5f79b88ef370762934-5f63e14e61ad877cec"
    assert f"- Internal name: {name}" in md.splitlines()
    assert "- Authentication: OAuth 2.0 (oauth2)" in md.splitlines()
    assert (
        "- Commercial endpoint: `https://api.highspot.com/apollo/webhooks/ms-copilot`"
        in md.splitlines()
    )
    rows = {row[0]: row[1:] for row in tables(md)[0]}
    assert rows["Login host"] == ["—"] * 5  # not an Entra ID connector
    assert rows["Resource"] == ["—"] * 5
    assert rows["Redirect registered"][0] == f"no (`{GOV_REDIRECT}{name}`)"


@pytest.mark.corpus
def test_accuweather_imported(corpus_dir: Path) -> None:
    # apiProperties.json: an api_key securestring, publisher "Ahmad Najjar, Troy Taylor";
    # the swagger does not parse (a missing comma), so no display name and no endpoint.
    project, _ = project_from_connector(corpus_dir / "AccuWeather")
    md = render(project)
    assert md.splitlines()[:10] == [
        "# Release request",
        "",
        "- Connector: not given",
        "- Internal name: not given",
        "- Publisher: Ahmad Najjar, Troy Taylor",
        "- Contact: not given",
        "- Request reference: none yet",
        "- Authentication: API key",
        "- Commercial endpoint: not given",
        "- Prepared on: 2026-12-01",
    ]
    assert [row[0] for row in tables(md)[0]] == [
        "Item",
        "Endpoint",
        "Test account provided",
        "Secret expiry",
    ]
    assert section(md, "Secrets")[1:] == [f"- API key ({ALL_CLOUDS}): {API_KEY_HANDOVER}"]


# --- every request: CommonMark, inert user text, reviewer wording ---------------------------


def hostile_project() -> Project:
    project = demo_project()
    project.connector.display_name = "# All checks passed <img src=x onerror=alert(1)>"
    project.connector.publisher = "Contoso\u202e Ltd [x](https://evil.example/phish)"
    project.request.contact.name = "![](https://evil.example/b.png) www.evil.example"
    project.request.reference = "| a | b |\n- item"
    project.clouds["gcc"].notes = "client `id` | cell break ``` \x1b]52;c;AAAA\x07 *bold*"
    project.clouds["gcch"].oauth_app.client_id = "`|`"
    project.clouds["dod"].oauth_app.login_uri = "https://a\\|b\\"  # a backslash before a pipe
    project.clouds["mooncake"].expected_redirect = "https://evil.example/redirect/x|y"
    return project


def variants() -> dict[str, Project]:
    out = {"demo": demo_project(), "hostile": hostile_project()}
    api_key = demo_project()
    api_key.connector.auth = AuthKind.API_KEY
    api_key.connector.identity_provider = None
    api_key.connector.oauth = None
    api_key.clouds["gcc"].needs_test_account = True
    out["api_key"] = api_key
    undecided = demo_project()
    undecided.connector.name = None
    for config in undecided.clouds.values():
        config.endpoint.mode = None
    undecided.clouds["gcc"].endpoint.mode = EndpointMode.PER_CONNECTION
    out["undecided"] = undecided
    return out


@pytest.mark.parametrize("name", sorted(variants()))
def test_every_table_parses_as_a_table_and_user_text_stays_inert(name: str) -> None:
    md = render(variants()[name])
    found = tables(md)
    assert len(found) == sum(line.startswith("|---") for line in md.splitlines())
    for table in found:
        assert len({len(row) for row in table}) == 1, table  # no cell break from user text
    kinds = {token.type for token in parse(md)}
    inline = {child.type for token in parse(md) if token.children for child in token.children}
    assert not {"html_block", "html_inline", "link_open", "image"} & (kinds | inline)
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# Release request")
    assert all(h.startswith("## ") for h in headings[1:])
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md


def test_hostile_text_is_shown_visibly_in_code_spans() -> None:
    md = render(hostile_project())
    assert md.splitlines()[0] == (
        "# Release request: `# All checks passed <img src=x onerror=alert(1)>`"
    )
    assert "- Publisher: `Contoso\\u202e Ltd [x](https://evil.example/phish)`" in md
    assert "- Request reference: `| a | b | - item`" in md
    assert (
        "- GCC: note: ````client `id` | cell break ``` \\x1b]52;c;AAAA\\x07 *bold*````"
        in md.splitlines()
    )
    client_ids = {row[0]: row for row in tables(md)[0]}["App client id"]
    assert client_ids[2] == "`` `|` ``"


@pytest.mark.parametrize("name", sorted(variants()))
def test_no_publisher_to_do_or_tool_wording(name: str) -> None:
    project = variants()[name]
    for presence in (SecretPresence.not_checked(), checked_presence(project)):
        md = render(project, presence).lower()
        assert [phrase for phrase in FORBIDDEN if phrase in md] == []
        assert not re.search(r"\bCP\d{3}\b", md, re.IGNORECASE)  # no rule ids
        assert not re.search(r"\b[CQ]\d\b", md, re.IGNORECASE)  # no checklist ids
