"""CP601–CP699: a submission bundle's integrity and secret leaks (PRODUCT §9).

These are declarations only. A project never triggers them (`check` returns nothing): the
bundle package (`cloudprep.bundle`) makes their findings when it exports a bundle (a leak
refuses the export) or re-validates one (`cloudprep validate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, RuleDoc, Scope

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
    doc=RuleDoc(
        location="the changed file",
        checks="the SHA-256 of each file listed in manifest.json matches the file's bytes.",
        why=(
            "PRODUCT §9: manifest.json holds the SHA-256 of every other file, so a reviewer "
            "or CI can tell the bundle is exactly what cloudprep exported."
        ),
        fix=(
            "do not edit the bundle; change the project and export again with `cloudprep bundle`."
        ),
        example="SUBMISSION.md edited by hand after `cloudprep bundle`.",
    ),
)
FILE_MISSING = Rule(
    id="CP602",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A file listed in the manifest is missing",
    hint="export the bundle again with cloudprep bundle, and send every file it writes",
    example="a bundle folder from which SUBMISSION.md was deleted",
    doc=RuleDoc(
        location="the missing file",
        checks=(
            "every file manifest.json lists is in the bundle, and SUBMISSION.md is there even "
            "when the manifest does not list it."
        ),
        why=(
            "a bundle without its SUBMISSION.md or submission.json is not the request that "
            "was checked (PRODUCT §9)."
        ),
        fix="export again, and send every file the export writes.",
        example="a bundle folder from which SUBMISSION.md was deleted.",
    ),
)
FILE_EXTRA = Rule(
    id="CP603",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A file in the bundle is not one cloudprep writes, or not listed in the manifest",
    hint="remove the file, or export the bundle again: only cloudprep's own files belong in it",
    example="notes.txt added to a bundle folder after export",
    doc=RuleDoc(
        location="the extra file",
        checks=(
            "every file in the bundle (other than manifest.json) is listed in it, and is one "
            "of the files export writes (submission.json, SUBMISSION.md), even when a "
            "re-computed manifest lists it. Extra files are still scanned for leaks."
        ),
        why="anything added after export was never checked, and may carry a secret.",
        fix="remove the file, or export again.",
        example="notes.txt added to a bundle folder after export.",
    ),
)
MANIFEST_INVALID = Rule(
    id="CP604",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The manifest is missing or does not match its schema",
    hint="export the bundle again with cloudprep bundle",
    example='manifest.json with "files": [] instead of an object of checksums',
    doc=RuleDoc(
        location="manifest.json",
        checks=(
            "manifest.json exists and has the `cloudprep-manifest` format: an object of file "
            "name → SHA-256 (64 hex digits), for at most the 64 files a bundle may hold."
        ),
        why="without it no file's integrity can be checked (PRODUCT §9).",
        fix="export again.",
        example='manifest.json with `"files": []` instead of an object of checksums.',
    ),
)

# --- submission.json ------------------------------------------------------------------------

DOCUMENT_INVALID = Rule(
    id="CP605",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="submission.json is missing or does not match the bundle schema",
    hint="export the bundle again; `cloudprep schema bundle` prints the schema",
    example='submission.json with "export_date": "yesterday"',
    doc=RuleDoc(
        location="submission.json and the first wrong field",
        checks=(
            "submission.json matches the schema that `cloudprep schema bundle` prints "
            "(generated from the models; unknown keys are refused), and its `export_date` is "
            "the UTC date of `created`. The message names the field, never its value."
        ),
        why="nothing can be re-derived from a document that cannot be read as a bundle.",
        fix="export again.",
        example='submission.json with `"export_date": "yesterday"`.',
    ),
)
NEWER_SCHEMA = Rule(
    id="CP606",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The bundle's format is one this cloudprep cannot render, so cannot verify",
    hint="verify it with the cloudprep version the message names (pip install -U cloudprep)",
    example='submission.json with "schema_version": 3, read by a cloudprep that renders 2',
    doc=RuleDoc(
        location="the file's `schema_version`",
        checks=(
            "submission.json's `schema_version` is the bundle format version: the layout of "
            "submission.json and the rendering of SUBMISSION.md from it. It must be one this "
            'cloudprep renders, whatever tool version the bundle claims: "cannot verify: '
            'bundle format N (…); use cloudprep ≥ X" for a newer format (X: the version the '
            'bundle claims made it), or "export it again" for an older one (no older '
            "renderer is kept). manifest.json's `schema_version` must be "
            "one this cloudprep reads. The manifest and the leak scan still run; nothing is "
            "re-derived."
        ),
        why=(
            "a format this version cannot render cannot be compared with SUBMISSION.md; an "
            "unverified request is never reported as intact."
        ),
        fix="validate with the cloudprep version the message names (`pip install -U cloudprep`).",
        example='submission.json with `"schema_version": 3`, read by a cloudprep that renders 2.',
    ),
)
FINDINGS_DIFFER = Rule(
    id="CP607",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored findings differ from the re-derived ones",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example="a finding deleted from submission.json and the manifest updated to match",
    doc=RuleDoc(
        location="the first differing field, e.g. `submission.json:findings[3].severity`",
        checks=(
            "`validate` re-derives the findings from the embedded project, the declared "
            "secret presence and the recorded export date, never the clock (the same "
            "`evaluate_project` that `check` and `bundle` use) and compares them with the "
            "stored ones. The exit code of `validate` always comes from the findings it "
            "re-derives itself, never from the stored ones."
        ),
        why=("PRODUCT §9: with the same tool version, any difference means the bundle was edited."),
        fix="export again with `cloudprep bundle`.",
        example="a finding deleted from submission.json and the manifest updated to match.",
        severity_note="a warning, CP612, when another cloudprep version made the bundle",
    ),
)
GA_DIFFERS = Rule(
    id="CP608",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored GA evaluation differs from the re-derived one",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='"eligibility": "eligible" in submission.json for a project whose R2 fails',
    doc=RuleDoc(
        location="the first differing field under `ga`",
        checks=(
            "as CP607, for the GA evaluation (every criterion, the exception and the verdict) "
            "and the recorded `ga_as_of`."
        ),
        why="a GA verdict edited by hand would misstate the request (PRODUCT §2, §9).",
        fix="export again.",
        example='`"eligibility": "eligible"` in submission.json for a project whose R2 fails.',
        severity_note="CP612 across versions",
    ),
)
CHECKLIST_DIFFERS = Rule(
    id="CP609",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored checklist differs from the re-derived one",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='a checklist item turned from "missing" to "done" in submission.json',
    doc=RuleDoc(
        location="the first differing field under `checklist`",
        checks="as CP607, for the checklist (PRODUCT §10).",
        why="a ticked item that is not done would mislead the reviewer.",
        fix="export again.",
        example="a checklist item turned from `missing` to `done` in submission.json.",
        severity_note="CP612 across versions",
    ),
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
    doc=RuleDoc(
        location="SUBMISSION.md, at the first differing line",
        checks=(
            "SUBMISSION.md is a pure rendering of the stored submission.json under the "
            "bundle's format version (it reads no catalog and no clock: each cloud's "
            "requirements and names are recorded in submission.json); the stored file must "
            "match it byte for byte, whatever tool version the bundle claims."
        ),
        why=(
            'SUBMISSION.md is what the reviewer reads (PRODUCT §9): a line such as "Reviewed '
            'and approved by Microsoft" appended under a claimed newer version must not pass '
            "as a warning."
        ),
        fix=(
            "do not edit SUBMISSION.md; change the project and export again, and add anything "
            "else to the message you send."
        ),
        example="a sentence added to SUBMISSION.md and the manifest updated to match.",
        severity_note="an error whatever version is claimed; never CP612",
    ),
)
SECRETS_DIFFER = Rule(
    id="CP611",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The declared secrets differ from what the project needs",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example="the gcch client-secret entry removed from the secrets section of submission.json",
    doc=RuleDoc(
        location="the first differing field under `secrets`",
        checks=(
            "the `secrets` section lists, for every target cloud, exactly the secrets the "
            "project needs (PRODUCT §6), each with its label and how it is handed over (the "
            "secure channel Microsoft provides; for API keys, the channel your Microsoft "
            "contact provides)."
        ),
        why=(
            "presence is declared at export and trusted on validate; an entry removed or "
            "added by hand would change the checklist and the request."
        ),
        fix="export again.",
        example=(
            "the gcch client-secret entry removed from the secrets section of submission.json."
        ),
        severity_note="CP612 across versions",
    ),
)
REQUIREMENTS_DIFFER = Rule(
    id="CP613",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="The stored cloud requirements differ from the re-derived ones",
    hint="the bundle was edited after export: export it again with cloudprep bundle",
    example='"registered": true in submission.json for a redirect the app does not list',
    doc=RuleDoc(
        location="the first differing field under `clouds`",
        checks=(
            "as CP607, for what each cloud requires (`core.requirements`: its name, sign-in "
            "hosts, the endpoint decision, the exact redirect and whether it is registered), "
            "which submission.json records so that SUBMISSION.md renders without the live "
            "catalog."
        ),
        why="the request's table is rendered from these records; an edited one would misstate "
        "a cloud.",
        fix="export again.",
        example='`"registered": true` in submission.json for a redirect the app does not list.',
        severity_note="CP612 across versions",
    ),
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
    doc=RuleDoc(
        location="as CP607–CP609, CP611 and CP613",
        checks=(
            "when the bundle's `tool.version` is not this cloudprep's, a difference found by "
            'CP607–CP609, CP611 or CP613 is reported as this warning: "made by cloudprep X; '
            're-derived with Y: …". Never for SUBMISSION.md (CP610) or a format this '
            "cloudprep cannot render (CP606)."
        ),
        why=(
            "PRODUCT §9: rules and wording change between versions, so a difference is not "
            "proof of an edit."
        ),
        fix="export again with this version to send what it derives.",
        example=(
            '`"tool": {"version": "0.0.9"}` in a bundle whose findings this version words '
            "otherwise."
        ),
    ),
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
    doc=RuleDoc(
        location="the file and field (JSON) or line",
        checks=(
            "every secret of the project that is in the keyring (any cloud, any kind) is "
            "searched for raw, JSON-escaped, URL-encoded and base64 (at every byte "
            "alignment); client-secret, api-key and test-password also as any substring of 8 "
            "characters or more. test-username is matched only as a whole value (PRODUCT §6: "
            "user names share substrings with real hosts). `bundle` always scans; `validate` "
            "scans for them with `--check-keyring`."
        ),
        why=(
            "PRODUCT §1: secrets pasted into e-mails and tickets are a known failure; the "
            "bundle must hold none, nor any part of one."
        ),
        fix="remove the value from the field named, rotate the secret, export again.",
        example="the gcc client secret pasted into `clouds.gcc.notes`.",
    ),
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
    doc=RuleDoc(
        location="the file and field or line",
        checks=(
            "gitleaks' `azure-ad-client-secret` pattern (three characters, a digit, `Q~`, "
            "then 31–34 characters, between delimiters, entropy of at least 3 bits a "
            "character), under any key, including neutral ones such as `notes`."
        ),
        why=(
            "an Entra ID client secret is the most likely secret in this request (PRODUCT "
            "§2); it may not be in this machine's keyring."
        ),
        fix=(
            "remove it, rotate it in the app registration, and hand the new one over through "
            "the secure channel Microsoft provides."
        ),
        example='`"notes": "abc8Q~Xy3fGh7JkLmNoPqRsTuVwXyZ0123456789"`.',
    ),
)
JWT_PATTERN = Rule(
    id="CP622",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A JSON Web Token is in the bundle",
    hint="remove the token from the field named; a token grants access until it expires",
    example='"notes": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.sig…"',
    doc=RuleDoc(
        location="the file and field or line",
        checks=(
            "gitleaks' `jwt` pattern: a base64url header and payload starting `ey`, and a "
            "signature."
        ),
        why="a token grants access until it expires.",
        fix="remove it from the field named.",
        example=(
            '`"notes": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.sig…"`.'
        ),
    ),
)
PRIVATE_KEY_PATTERN = Rule(
    id="CP623",
    severity=Severity.ERROR,
    scope=Scope.BUNDLE,
    title="A private key block is in the bundle",
    hint="remove the key from the field named and replace the key pair it belongs to",
    example='"notes": "-----BEGIN PRIVATE KEY-----\\nMIIEv…\\n-----END PRIVATE KEY-----"',
    doc=RuleDoc(
        location="the file and field or line",
        checks=(
            "a PEM `-----BEGIN … PRIVATE KEY-----` header (RSA, EC, OpenSSH, encrypted or not)."
        ),
        why="a private key belongs to whoever holds it.",
        fix="remove it and replace the key pair.",
        example='`"notes": "-----BEGIN PRIVATE KEY-----\\nMIIEv…\\n-----END PRIVATE KEY-----"`.',
    ),
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
    doc=RuleDoc(
        location="the file and field or line",
        checks=(
            "a name containing secret, password, passwd, passphrase, pwd, token, credential "
            "or api/access/auth/private/client/signing/subscription key, then `:`, `=`, `:=` "
            "or `=>`, then a value of at least 12 characters with letters and digits, no "
            "`://`, and at least 3 bits of entropy a character."
        ),
        why="a secret under a telling name is a secret whatever its shape.",
        fix=(
            "remove the value; secrets live in the keyring (`cloudprep secret set`) and are "
            "handed over separately."
        ),
        example='`"notes": "client_secret=Zx81Kq2LmP0vR7tYb4Nw"`.',
    ),
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
    doc=RuleDoc(
        location="the file and the field that hold the URL",
        checks=(
            "a URL with a user-info part that carries a password "
            "(`scheme://user:password@host`) anywhere in the bundle. The project rules "
            "already flag user-info in a redirect, endpoint, login or resource URL (CP204, "
            "CP306, CP415); this rule makes sure the password never reaches a file: export "
            "refuses (exit 4, nothing written) and `validate` reports it."
        ),
        fix=(
            "remove `user:password@` from the URL, change that password, and hand credentials "
            "over through the secure channel Microsoft provides."
        ),
        example=(
            '`"url": "https://svc:Pa55w0rd!@api.gov.contosotasks.com"` in `clouds.gcch.endpoint`.'
        ),
    ),
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
    doc=RuleDoc(
        location="`submission.json:secrets.clouds.<cloud>.<kind>`",
        checks=(
            "with `validate --check-keyring`, each secret the bundle declares present is in "
            "this machine's keyring under the embedded project id. Without a usable keyring "
            "`validate --check-keyring` exits 3."
        ),
        why=(
            "PRODUCT §9: presence is trusted as declared unless verified; before handing "
            "secrets over, the sender should hold them."
        ),
        fix=(
            "store it (`cloudprep secret set --cloud <cloud> --kind <kind>`), or validate on "
            "the machine that exported the bundle."
        ),
        example=(
            "`validate --check-keyring` on a machine where the gcc client-secret was never set."
        ),
    ),
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

DOC_SECTIONS: dict[str, str] = {
    "CP601": """\
## CP6xx: bundle integrity and secret leaks

These rules are about a submission bundle (PRODUCT §9), not about a project: `cloudprep check`
never reports them. `cloudprep bundle` refuses to write a bundle that would hold a secret
(CP620–CP624, exit 4, nothing written); `cloudprep validate BUNDLE` reports all of them as
findings (exit 0 or 1 in every format). A finding's location is `FILE` or `FILE:FIELD`, e.g.
`submission.json:ga.eligibility`; in SARIF the file is the result's `artifactLocation` and,
where the offending value is in that file, its line is the `region`.

Alongside them, `validate` reports the findings re-derived from the embedded project (CP1xx–
CP5xx), located at their field under `project` in submission.json.

A bundle that is unsafe or cannot be parsed gets no finding but exit 2 with one line: entry
paths that are absolute or contain `..`, symbolic links, duplicate entries (also differing only
in case), a zip bomb (more than 64 files, 32 MiB a file or 64 MiB in all, or a member over
1 MiB that expands more than 200 times), encrypted or corrupt members, a file that is not a
zip, JSON that does not parse or is nested more than 64 levels, a bundle file that is not
UTF-8, an empty folder, or a folder with none of the bundle's files. Zip members are read into
memory with bounded reads; nothing is extracted or written.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


def check(ctx: RuleContext) -> Iterable[Finding]:
    """A project alone never has bundle findings; `cloudprep.bundle` makes them."""
    return ()
