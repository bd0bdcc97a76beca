"""CP601–CP699: a submission bundle's integrity and secret leaks (PRODUCT §9).

These are declarations only. A project never triggers them (`check` returns nothing): the
bundle package (`cloudprep.bundle`) makes their findings when it exports a bundle (a leak
refuses the export) or re-validates one (`cloudprep validate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, Scope

if TYPE_CHECKING:  # the leak scanner imports these rules; it must stay light (no models)
    from cloudprep.core.rules.context import RuleContext

# --- the manifest ---------------------------------------------------------------------------

FILE_CHANGED = Rule(
    id="CP601",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A bundle file does not match its manifest checksum",
    hint="the file was edited after export: export the bundle again with cloudprep bundle",
    example="SUBMISSION.md edited by hand after `cloudprep bundle`",
)
FILE_MISSING = Rule(
    id="CP602",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A file listed in the manifest is missing",
    hint="export the bundle again with cloudprep bundle, and send every file it writes",
    example="a bundle folder from which SUBMISSION.md was deleted",
)
FILE_EXTRA = Rule(
    id="CP603",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A file in the bundle is not one cloudprep writes, or not listed in the manifest",
    hint="remove the file, or export the bundle again: only cloudprep's own files belong in it",
    example="notes.txt added to a bundle folder after export",
)
MANIFEST_INVALID = Rule(
    id="CP604",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The manifest is missing or does not match its schema",
    hint="export the bundle again with cloudprep bundle",
    example='manifest.json with "files": [] instead of an object of checksums',
)

# --- submission.json ------------------------------------------------------------------------

DOCUMENT_INVALID = Rule(
    id="CP605",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="submission.json is missing or does not match the bundle schema",
    hint="export the bundle again; `cloudprep schema bundle` prints the schema",
    example='submission.json with "reference_date": "yesterday"',
)
NEWER_SCHEMA = Rule(
    id="CP606",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The bundle's format is one this cloudprep cannot render, so cannot verify",
    hint="verify it with the cloudprep version the message names (pip install -U cloudprep)",
    example='submission.json with "schema_version": 3, read by a cloudprep that renders 2',
)
FINDINGS_DIFFER = Rule(
    id="CP607",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored findings differ from the re-derived ones",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example="a finding deleted from submission.json and the manifest updated to match",
)
GA_DIFFERS = Rule(
    id="CP608",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored GA evaluation differs from the re-derived one",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='"eligibility": "eligible" in submission.json for a project whose R2 fails',
)
CHECKLIST_DIFFERS = Rule(
    id="CP609",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored checklist differs from the re-derived one",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='a checklist item turned from "missing" to "done" in submission.json',
)
SUBMISSION_MD_DIFFERS = Rule(
    id="CP610",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="SUBMISSION.md differs from the rendering of submission.json under its format",
    hint=(
        "do not edit SUBMISSION.md: change the project, export the bundle again, and add "
        "anything else to the message you send"
    ),
    example="a sentence added to SUBMISSION.md and the manifest updated to match",
)
SECRETS_DIFFER = Rule(
    id="CP611",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The declared secrets differ from what the project needs",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example="the gcch client-secret entry removed from the secrets section of submission.json",
)
REQUIREMENTS_DIFFER = Rule(
    id="CP613",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored cloud requirements differ from the re-derived ones",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='"registered": true in submission.json for a redirect the app does not list',
)
OTHER_VERSION = Rule(
    id="CP612",
    severity=Severity.WARNING,
    scope=Scope.BUNDLE,
    title="Made by another cloudprep version, and re-derived results differ",
    hint=(
        "the rules changed between the two versions: export the bundle again with this "
        "version to send what it derives"
    ),
    example='"tool": {"version": "0.0.9"} in a bundle whose findings this version words otherwise',
)

# --- secrets --------------------------------------------------------------------------------

KNOWN_SECRET_LEAKED = Rule(
    id="CP620",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A secret of this project is in the bundle",
    hint=(
        "remove the value from the field named (it is handed over separately, never in the "
        "bundle), rotate the secret, and export again"
    ),
    example="the gcc client secret pasted into clouds.gcc.notes",
)
AZURE_SECRET_PATTERN = Rule(
    id="CP621",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="Something that looks like an Azure AD client secret is in the bundle",
    hint=(
        "remove it from the field named, rotate it in the app registration, and hand the "
        "new one over through the secure channel Microsoft provides"
    ),
    example='"notes": "abc8Q~Xy3fGh7JkLmNoPqRsTuVwXyZ0123456789"',
)
JWT_PATTERN = Rule(
    id="CP622",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A JSON Web Token is in the bundle",
    hint="remove the token from the field named; a token grants access until it expires",
    example='"notes": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.sig…"',
)
PRIVATE_KEY_PATTERN = Rule(
    id="CP623",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A private key block is in the bundle",
    hint="remove the key from the field named and replace the key pair it belongs to",
    example='"notes": "-----BEGIN PRIVATE KEY-----\\nMIIEv…\\n-----END PRIVATE KEY-----"',
)
HIGH_ENTROPY_SECRET = Rule(
    id="CP624",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A random-looking value follows a secret-like name",
    hint=(
        "remove the value from the field named; secrets live in the keyring "
        "(cloudprep secret set) and are handed over separately"
    ),
    example='"notes": "client_secret=Zx81Kq2LmP0vR7tYb4Nw"',
)
URL_CREDENTIALS_PATTERN = Rule(
    id="CP625",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A password written into a URL is in the bundle",
    hint=(
        "remove the user-info (user:password@) from the URL in the field named, change that "
        "password, and hand credentials over through the secure channel"
    ),
    example='"url": "https://svc:Pa55w0rd!@api.gov.contosotasks.com"',
)
DECLARED_SECRET_NOT_IN_KEYRING = Rule(
    id="CP630",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A secret the bundle declares present is not in this machine's keyring",
    hint=(
        "store it (cloudprep secret set --cloud <cloud> --kind <kind>) before you hand it "
        "over, or export the bundle again on the machine that holds it"
    ),
    example="validate --check-keyring on a machine where the gcc client-secret was never set",
)

RULES: tuple[Rule, ...] = (
    FILE_CHANGED,
    FILE_MISSING,
    FILE_EXTRA,
    MANIFEST_INVALID,
    DOCUMENT_INVALID,
    NEWER_SCHEMA,
    FINDINGS_DIFFER,
    GA_DIFFERS,
    CHECKLIST_DIFFERS,
    SUBMISSION_MD_DIFFERS,
    SECRETS_DIFFER,
    REQUIREMENTS_DIFFER,
    OTHER_VERSION,
    KNOWN_SECRET_LEAKED,
    AZURE_SECRET_PATTERN,
    JWT_PATTERN,
    PRIVATE_KEY_PATTERN,
    HIGH_ENTROPY_SECRET,
    URL_CREDENTIALS_PATTERN,
    DECLARED_SECRET_NOT_IN_KEYRING,
)


def check(ctx: RuleContext) -> Iterable[Finding]:
    """A project alone never has bundle findings; `cloudprep.bundle` makes them."""
    return ()
