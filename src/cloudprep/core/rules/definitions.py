"""CP801–CP899: per-cloud connector definitions (PRODUCT §14).

Declarations only: a project never triggers them (`check` returns nothing). The definitions
package (`cloudprep.core.definitions`) raises them when it writes a cloud's
`apiProperties.json` and `apiDefinition.swagger.json` (`cloudprep definition`), when it lints
such files (`definition --check`, `validate` of a bundle made `--with-definitions`), and when
it reads the connector source recorded by the import. Their location is the file and the
JSON pointer of the value (`apiProperties.json#/properties/…`), or `connector.source`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, Scope

if TYPE_CHECKING:
    from cloudprep.core.rules.context import RuleContext

OTHER_CLOUD_HOST = Rule(
    id="CP801",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A connector file names a Microsoft host of another cloud",
    hint="replace it with this cloud's host (regenerate with cloudprep definition)",
    example='"loginUri": {"value": "https://login.microsoftonline.com"} in GCC High\'s '
    "apiProperties.json",
)
SCHEMA_MISMATCH = Rule(
    id="CP802",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A connector file does not match the published connector schema",
    hint="fix the value the pointer names; `pac connector create` rejects such files",
    example='"schemes": "https" (a string, not a list) in apiDefinition.swagger.json',
)
SCHEMA_MISMATCH_INHERITED = Rule(
    id="CP803",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="The commercial file does not match the published schema either",
    hint="nothing to do for this cloud: the published schema is older than the files "
    "Microsoft certifies (e.g. connectionParameterSets, x-ms-openai-data)",
    example="a multi-auth apiProperties.json (connectionParameterSets is not in the schema)",
)
SOURCE_CHANGED = Rule(
    id="CP804",
    severity=Severity.WARNING,
    scope=Scope.CONNECTOR,
    title="A connector source file changed since the import",
    hint="if the change is intended, import again (cloudprep init --from-connector DIR)",
    example="apiProperties.json edited after `cloudprep init --from-connector`",
)
VALUE_UNKNOWN = Rule(
    id="CP805",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A value this cloud's files need is not in the project",
    hint="fill it in the project (cloudprep or the cloud's step in the wizard) and generate again",
    example="clouds.gcch.oauth_app.client_id empty for an OAuth connector",
)
COMMERCIAL_TENANT = Rule(
    id="CP806",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The sign-in is pinned to a tenant id of the commercial directory",
    hint="set clouds.<cloud>.oauth_app.tenant_id to the app's tenant in this cloud; "
    "cloudprep does not guess it",
    example='"tenantId": {"value": "72f988bf-86f1-41af-91ab-2d7cd011db47"} for GCC High',
)
ENDPOINT_KEPT = Rule(
    id="CP807",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The swagger's host was kept because the cloud's endpoint is not decided",
    hint="decide clouds.<cloud>.endpoint (same_as_commercial, specific with a url, or "
    "per_connection) and generate again",
    example="clouds.gcch.endpoint.mode null",
)
SECRET_LEFT_OUT = Rule(
    id="CP808",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="A client secret in the source file was left out",
    hint="secrets are handed over through the secure channel, never in connector files",
    example='"clientSecret": "…" in the imported apiProperties.json',
)
REDIRECT_UNVERIFIED = Rule(
    id="CP809",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The redirect written for this cloud is not published by Microsoft",
    hint="use the redirect Microsoft gave you for this cloud (clouds.<cloud>.expected_redirect)",
    example="a Mooncake definition with clouds.mooncake.expected_redirect set",
)
OTHER_CLOUD_HOSTING = Rule(
    id="CP810",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="A connector file names Azure hosting of another cloud",
    hint="confirm the backend is reachable from, and compliant for, this cloud, or use "
    "this cloud's hosting",
    example='"host": "contoso-api.azurewebsites.net" in GCC High\'s swagger, endpoint '
    "same_as_commercial and not confirmed",
)
CONFIRMED_HOSTING = Rule(
    id="CP811",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="A connector file names Azure hosting of another cloud, confirmed by the publisher",
    hint="nothing to do: clouds.<cloud>.endpoint.confirmed says this backend serves this cloud",
    example='"host": "contoso-api.azurewebsites.net" in GCC High\'s swagger, endpoint '
    "same_as_commercial and confirmed",
)
OTHER_CLOUD_HOST_IN_TEXT = Rule(
    id="CP812",
    severity=Severity.INFO,
    scope=Scope.CLOUD,
    title="Documentation or an example in a connector file names a host of another cloud",
    hint="review the wording for this cloud's users; nothing connects to it",
    example='"tooltip": "For example: orchestrator.azurewebsites.net" in GCC High\'s '
    "apiProperties.json",
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
    CONFIRMED_HOSTING,
    OTHER_CLOUD_HOST_IN_TEXT,
)


def check(ctx: RuleContext) -> Iterable[Finding]:
    """The project rules raise none of these: they are about files, not the project."""
    return ()
