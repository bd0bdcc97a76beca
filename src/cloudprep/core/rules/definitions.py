"""CP801–CP899: per-cloud connector definitions (PRODUCT §14).

Declarations only: a project never triggers them (`check` returns nothing). The definitions
package (`cloudprep.core.definitions`) raises them when it writes a cloud's
`apiProperties.json` and `apiDefinition.swagger.json` (`cloudprep definition`), when it lints
such files (`definition --check`, `validate` of a bundle made `--with-definitions`), and when
it reads the connector source recorded by the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, RuleDoc, Scope

if TYPE_CHECKING:
    from cloudprep.core.rules.context import RuleContext

_IN_FILE = "`FILE#POINTER`, the file and the JSON pointer of the value"

OTHER_CLOUD_HOST = Rule(
    id="CP801",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A connector file names a Microsoft host of another cloud",
    hint="replace it with this cloud's host (generate the file again with cloudprep definition)",
    example='"loginUri": {"value": "https://login.microsoftonline.com"} in GCC High\'s '
    "apiProperties.json",
    doc=RuleDoc(
        location=_IN_FILE,
        checks=(
            "every string of both files (values and keys) is searched for host names; a host "
            "of another cloud's Microsoft service is reported: sign-in and token-issuer hosts, "
            "consent (redirect) hosts, Graph, Power BI, Resource Manager, Key Vault, Storage, "
            "SQL, Office 365 Management, SharePoint and Outlook, each in the column the catalog "
            "gives this cloud (GCC uses the commercial one for Graph and the Azure services). "
            "Hosts the catalog does not know, such as a generic OAuth provider's own, are left "
            "alone. Text meant for people is CP811 instead."
        ),
        why=(
            "the usual failure when a connector is moved by hand is one commercial host left "
            "behind: a token for another cloud's audience, or a sign-in at another directory, "
            "cannot work (PRODUCT §3, §14)."
        ),
        fix=(
            "generate the files again with `cloudprep definition --cloud ID -o DIR`, or put "
            "this cloud's host in the value the pointer names."
        ),
        example=(
            '`"loginUri": {"value": "https://login.microsoftonline.com"}` left in GCC '
            "High's apiProperties.json."
        ),
    ),
)
SCHEMA_MISMATCH = Rule(
    id="CP802",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A connector file does not match the published connector schema",
    hint="fix the value the pointer names; the commercial file does not have this mismatch",
    example='"schemes": "https" (a string, not a list) in apiDefinition.swagger.json',
    doc=RuleDoc(
        location=_IN_FILE,
        checks=(
            "both files against the connector schemas published in PowerPlatformConnectors "
            "(`schemas/`, shipped with cloudprep): apiProperties.json (draft-07, with "
            "`GlobalPerConnector` added to the stale `redirectMode` enum) and the swagger "
            "(draft-04). A mismatch the commercial source also has is CP803; without the "
            "source to compare with (a bundle, or `--check` when the source is not readable) "
            "a mismatch is CP803 at warning."
        ),
        why="a file the per-cloud change made invalid is the tool's or the editor's mistake.",
        example='`"schemes": "https"` (a string, not a list) in apiDefinition.swagger.json.',
    ),
)
SCHEMA_MISMATCH_INHERITED = Rule(
    id="CP803",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="The commercial file does not match the published schema either",
    hint="nothing to do for this cloud: the published schema is older than the files "
    "Microsoft certifies",
    example="a multi-auth apiProperties.json (connectionParameterSets is not in the schema)",
    doc=RuleDoc(
        location=_IN_FILE,
        severity_note="warning when there is no commercial file to compare with",
        checks=(
            "a schema mismatch at the same place, of the same kind, as in the commercial "
            "file; or any mismatch when the commercial file is not at hand (a bundle, or "
            "`--check` without the source), since it may be the schema's age."
        ),
        why=(
            "the published schemas predate much of what certified connectors use "
            "(connectionParameterSets, scriptOperations, x-ms-openai-data, …); reporting those "
            "as errors would fail files Microsoft already accepted."
        ),
    ),
)
SOURCE_CHANGED = Rule(
    id="CP804",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="A connector source file changed since the import",
    hint="if the change is intended, import again (cloudprep init --from-connector DIR)",
    example="apiProperties.json edited after `cloudprep init --from-connector`",
    doc=RuleDoc(
        location="`connector.source`",
        checks=(
            "the SHA-256 of each file recorded in `connector.source` against the file read "
            "now. A missing folder or file is not a finding but an error of the command "
            "(exit 2) naming the path and saying to point at the folder with `--from DIR`."
        ),
        why=(
            "the project's connector section was imported from the old content; the "
            "definitions are made from the new one."
        ),
    ),
)
VALUE_UNKNOWN = Rule(
    id="CP805",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A value this cloud's files need is not in the project",
    hint="fill it in the project (or the cloud's step of the wizard) and generate again",
    example="clouds.gcch.oauth_app.client_id empty for an OAuth connector",
    doc=RuleDoc(
        location=_IN_FILE,
        checks=(
            "the client id of the cloud's own app, the exact redirect (the connector name, or "
            "Mooncake's `expected_redirect`), the endpoint URL of a `specific` endpoint, and "
            "the resource of an aad connector whose resource is not a Microsoft service the "
            "catalog can move (the publisher's own API: each cloud's app has its own)."
        ),
        why=(
            "the file keeps the commercial value (or, for the redirect, leaves the commercial "
            "one out), which does not work in this cloud."
        ),
    ),
)
COMMERCIAL_TENANT = Rule(
    id="CP806",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The sign-in is pinned to a tenant id of the commercial directory",
    hint="set clouds.<cloud>.oauth_app.tenant_id to the app's tenant in this cloud; "
    "cloudprep does not guess it",
    example='"tenantId": {"value": "72f988bf-86f1-41af-91ab-2d7cd011db47"} for GCC High',
    doc=RuleDoc(
        location=_IN_FILE,
        example='`"tenantId": {"value": "72f988bf-86f1-41af-91ab-2d7cd011db47"}`, generating '
        "for GCC High.",
    ),
)
ENDPOINT_KEPT = Rule(
    id="CP807",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The swagger's host was kept because the cloud's endpoint is not settled",
    hint="decide clouds.<cloud>.endpoint (same_as_commercial, specific with a url, or "
    "per_connection) and generate again",
    example="clouds.gcch.endpoint.mode null",
    doc=RuleDoc(
        location="`apiDefinition.swagger.json#/host`",
        checks=(
            "the endpoint is undecided, or it is `per_connection` while the commercial "
            "connector has a fixed host (no placeholder, x-ms-parameterized-host or "
            "dynamichosturl policy): a connection parameter cannot be invented."
        ),
    ),
)
SECRET_LEFT_OUT = Rule(
    id="CP808",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="A client secret in the source file was left out",
    hint="secrets are handed over through the secure channel, never in connector files",
    example='"clientSecret": "…" in the imported apiProperties.json',
    doc=RuleDoc(
        location=_IN_FILE,
        example='`"clientSecret": "…"` in the imported apiProperties.json.',
    ),
)
REDIRECT_UNVERIFIED = Rule(
    id="CP809",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The redirect written for this cloud is not published by Microsoft",
    hint="use the redirect Microsoft gave you for this cloud (clouds.<cloud>.expected_redirect)",
    example="a Mooncake definition with clouds.mooncake.expected_redirect set",
    doc=RuleDoc(
        location=_IN_FILE,
        why="PRODUCT §3: no Mooncake consent redirect is documented; the value is yours.",
    ),
)
OTHER_CLOUD_HOSTING = Rule(
    id="CP810",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="A connector file names Azure hosting of another cloud",
    hint="confirm the backend is reachable from, and compliant for, this cloud "
    "(clouds.<cloud>.endpoint.confirmed), or move it to this cloud's hosting",
    example='"host": "contoso-api.azurewebsites.net" in GCC High\'s swagger',
    doc=RuleDoc(
        location=_IN_FILE,
        severity_note="info once `clouds.<cloud>.endpoint.confirmed` is set",
        checks="App Service and API Management hosts of another cloud's column.",
        why=(
            "it is the publisher's own backend, which may well serve this cloud: the same "
            "judgement (and severity) as the endpoint rules give it."
        ),
        example='`"host": "contoso-api.azurewebsites.net"` in GCC High\'s swagger.',
    ),
)
OTHER_CLOUD_HOST_IN_TEXT = Rule(
    id="CP811",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="Documentation or an example in a connector file names a host of another cloud",
    hint="review the wording for this cloud's users; nothing connects to it",
    example='"tooltip": "For example: orchestrator.azurewebsites.net" in GCC High\'s '
    "apiProperties.json",
    doc=RuleDoc(
        location=_IN_FILE,
        checks=(
            "as CP801 and CP810, for text under `description`, `summary`, `title`, "
            "`x-ms-summary`, `tooltip`, `displayName`, examples, `info`, `externalDocs` and "
            "`x-ms-connector-metadata`."
        ),
        why="such text is shown to people; it is kept byte-for-byte and never used to connect.",
        example=(
            '`"tooltip": "For example: orchestrator.azurewebsites.net"` in GCC High\'s '
            "apiProperties.json."
        ),
    ),
)
DEFINITIONS_NOT_REDERIVED = Rule(
    id="CP812",
    severity=Severity.INFO,
    scope=Scope.BUNDLE,
    title="A bundle's connector files were linted, not made again",
    hint="to make them again, run cloudprep definition with the connector folder",
    example="`cloudprep validate` of a bundle made with `bundle --with-definitions`",
    doc=RuleDoc(
        location="`clouds/<cloud>/apiProperties.json`",
        checks=(
            "said once per cloud whose files are in the bundle: their hashes (manifest) and "
            "the lint (CP801, CP803, CP810, CP811) were checked."
        ),
        why=(
            "the connector source is not part of the bundle, so `validate` cannot show the "
            "files are what the project makes; it does not claim more than it checked."
        ),
    ),
)

RULES = (
    OTHER_CLOUD_HOST,
    SCHEMA_MISMATCH,
    SCHEMA_MISMATCH_INHERITED,
    SOURCE_CHANGED,
    VALUE_UNKNOWN,
    COMMERCIAL_TENANT,
    ENDPOINT_KEPT,
    SECRET_LEFT_OUT,
    REDIRECT_UNVERIFIED,
    OTHER_CLOUD_HOSTING,
    OTHER_CLOUD_HOST_IN_TEXT,
    DEFINITIONS_NOT_REDERIVED,
)

DOC_SECTIONS: dict[str, str] = {
    "CP801": """\
## CP8xx: per-cloud connector definitions

These rules are about a cloud's `apiProperties.json` and `apiDefinition.swagger.json` (PRODUCT
§14), not about the project: `cloudprep check` never reports them. `cloudprep definition
--cloud ID -o DIR` reports them for the files it writes (the transform's own findings and the
lint of the result); `cloudprep definition --cloud ID --check DIR` runs the lint alone (CP801,
CP802, CP803, CP810, CP811) on files written earlier or edited by hand; `cloudprep validate`
runs it on a bundle made with `--with-definitions`. A finding's location is the file and the
JSON pointer (RFC 6901) of the value, e.g.
`apiProperties.json#/properties/connectionParameters/token/oAuthSettings/clientId`.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


def check(ctx: RuleContext) -> Iterable[Finding]:
    """The project rules raise none of these: they are about files, not the project."""
    return ()
