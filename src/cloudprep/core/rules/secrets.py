"""CP420–CP429: the secrets each target cloud needs, and the client secret's expiry.

Presence is passed in (`RuleContext.presence`); these rules never touch a keyring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.secret_needs import PresenceState, SecretKind, needed_secrets

EXPIRY_WARNING_DAYS = 90

SECRET_MISSING = Rule(
    id="CP420",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A needed secret is not in the keyring",
    hint="store it: cloudprep secret set --cloud <cloud> --kind <kind>",
    example="an oauth2 connector targeting gcch with no client-secret stored for gcch",
    doc=RuleDoc(
        location=(
            "`clouds.<cloud>.secrets.<kind>` (the secret's input in the wizard; secrets are "
            "never in the project file)"
        ),
        checks=(
            "every secret the cloud needs for the connector's auth kinds (PRODUCT §6: oauth2 "
            "→ client-secret, test-username, test-password; api_key → api-key, plus the test "
            "account when `needs_test_account`; basic → test-username, test-password; "
            "aadcertificate and none → nothing; a multi-auth connector needs the union) is "
            "present in the OS keyring under service `cloudprep`, user name "
            "`<project_id>/<cloud>/<kind>`."
        ),
        why=(
            "Microsoft needs the new app's secret and test credentials for each government "
            "cloud, handed over through the secure channel it provides (API keys: through the "
            "channel your Microsoft contact provides; the undated GA page names ISV Studio "
            "activity control, since retired). A request without them stalls."
        ),
        fix=(
            "`cloudprep secret set --cloud <cloud> --kind <kind>` (or the cloud's screen in "
            "the wizard)."
        ),
        example="an oauth2 connector targeting `gcch` with no `client-secret` stored for `gcch`.",
    ),
)
KEYRING_UNAVAILABLE = Rule(
    id="CP421",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="The keyring is unavailable: secret presence is unknown",
    hint="set up or unlock the OS keyring (see the steps for your OS), then check again",
    example="cloudprep check on a Linux machine with no Secret Service running",
    doc=RuleDoc(
        location="`clouds`",
        checks=(
            "`check` and `bundle` could not use the OS keyring (no backend, a locked "
            "collection, a backend that failed to start, or keyring's `null` backend, which "
            "drops writes). The message is one short sentence; the keyring's own diagnosis "
            "and the fix for Linux, macOS and Windows are the finding's `more`, shown in full "
            "by `check` (text) and the wizard's help, optional `more` in JSON, never in "
            "SARIF. cloudprep never falls back to a plaintext file."
        ),
        fix=(
            "set up or unlock the Secret Service (Linux), Keychain (macOS) or Credential "
            "Manager (Windows), then check again."
        ),
        example="`cloudprep check` on a Linux machine with no Secret Service running.",
    ),
)
PRESENCE_NOT_CHECKED = Rule(
    id="CP422",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="Secret presence was not checked",
    hint="run without --no-keyring to check the keyring",
    example="cloudprep check --no-keyring on a project that needs secrets",
    doc=RuleDoc(
        location="`clouds`",
        checks=(
            "`--no-keyring` was given, so the needed secrets were not looked up; checklist "
            'items C5–C7 are "unverified".'
        ),
        fix="run without `--no-keyring`.",
        example="`cloudprep check --no-keyring` on a project that needs secrets.",
    ),
)
SECRET_EXPIRING = Rule(
    id="CP423",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The client secret expires within 90 days",
    hint="create a new client secret for this cloud's app before you send the request",
    example='"secret_expires": a date 30 days after today',
    doc=RuleDoc(
        location="`clouds.<cloud>.secret_expires`",
        checks=(
            "`secret_expires` (not a secret) is on or before today plus 90 days. Today is the "
            "real UTC date, or `SOURCE_DATE_EPOCH`'s date if set; `ga.as_of` plays no part "
            "(PRODUCT §9). A bundle re-validated later counts from its recorded export date. "
            "Only for clouds that need a client secret."
        ),
        why=(
            "the move takes about a month; a secret that expires meanwhile breaks sign-in for "
            "every user in that cloud."
        ),
        fix=(
            "create a new client secret on the cloud's app, store it, and update `secret_expires`."
        ),
        example=(
            '`"secret_expires": "2026-12-15"` checked on 2026-12-01: "in 14 day(s)", whatever '
            "`ga.as_of` says."
        ),
    ),
)
SECRET_EXPIRED = Rule(
    id="CP424",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="The client secret has expired",
    hint="create a new client secret for this cloud's app, store it, and update secret_expires",
    example='"secret_expires": a date before today',
    doc=RuleDoc(
        location="`clouds.<cloud>.secret_expires`",
        checks="`secret_expires` is before today (as CP423).",
        fix=(
            "create a new client secret, store it with `cloudprep secret set`, update "
            "`secret_expires`."
        ),
        example='`"secret_expires": "2026-10-31"` checked on 2026-11-01.',
    ),
)

# Declarations only: the leak guard (`cloudprep.core.leak_guard`) makes these findings from
# the stored values an adapter passes in; the rule engine never sees a secret's value.
STORED_SECRET_IN_FIELD = Rule(
    id="CP425",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A stored secret is in a project field",
    hint=(
        "clear the field (the secret stays in the keyring and is handed over separately), "
        "and rotate the secret if the file was shared"
    ),
    example="the gcch client secret pasted into clouds.dod.oauth_app.client_id",
    doc=RuleDoc(
        location="the field (e.g. `clouds.dod.oauth_app.client_id`)",
        checks=(
            "a field holds a value stored in the keyring for this project (any cloud, any "
            "kind): the whole value, or for client-secret, api-key and test-password any "
            "piece of 8 characters or more, raw, JSON-escaped, URL-encoded, base64, hex, "
            "fully %-escaped, upper-cased, or with spaces or zero-width characters between "
            "its characters. A value shorter than 8 characters counts only as the whole field "
            "value. The message names the secret's cloud and kind, never the value. Made by "
            "the leak guard (`cloudprep.core.leak_guard`; patterns in docs/leak-patterns.md) "
            "in `check` and the wizard, with the stored values passed in; never stored in a "
            "bundle's findings (such a bundle is refused, exit 4). Every other message that "
            "would echo the field shows `[redacted: matches a stored secret]`."
        ),
        why=(
            "the project file is safe to commit only while it holds no secret; a pasted "
            "secret would reach the repository, the bundle and every message that echoes the "
            "field."
        ),
        fix="clear the field; rotate the secret if the file was shared.",
        example="the GCC High client secret pasted into `clouds.dod.oauth_app.client_id`.",
    ),
)
FIELD_LOOKS_LIKE_SECRET = Rule(
    id="CP426",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="A project field holds something that looks like a secret",
    hint=(
        "remove it from the field: store secrets with cloudprep secret set, never in the "
        "project file"
    ),
    example='"notes": "client secret is x7Hk2pQ9vL4mN8rT1wZ5aB3cD6eF0gJ"',
    doc=RuleDoc(
        location="the field",
        checks=(
            "without any stored value, a field matches a secret pattern (docs/leak-patterns.md): "
            "an Azure AD client secret shape, a JSON Web Token, a private key block, a password "
            "in a URL's user-info, or a random-looking value after a secret-like name, in code "
            "(`client_secret=…`) or prose (`client secret is …`). Other messages echoing the "
            "field show `[redacted: looks like a secret]`."
        ),
        why="the export refuses such a bundle (CP621–CP625); `check` says so before.",
        fix="remove it from the field; store secrets with `cloudprep secret set`.",
    ),
)

RULES: tuple[Rule, ...] = (
    SECRET_MISSING,
    KEYRING_UNAVAILABLE,
    PRESENCE_NOT_CHECKED,
    SECRET_EXPIRING,
    SECRET_EXPIRED,
    STORED_SECRET_IN_FIELD,
    FIELD_LOOKS_LIKE_SECRET,
)

DOC_SECTIONS: dict[str, str] = {
    "CP420": """\
CP420–CP426 (`cloudprep.core.rules.secrets`) look at the secrets each target cloud needs and at
the client secret's expiry date. Presence is passed in by the keyring adapter (`check`,
`bundle`) or declared in a bundle; no rule ever touches a keyring.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


def secret_path(cloud_id: str, kind: SecretKind) -> str:
    """The location of a secret in findings: not a file field, but the wizard's input."""
    return f"clouds.{cloud_id}.secrets.{kind.value}"


_KEYRING_MESSAGE_ROOM = 100
"""Characters left for the cause in CP421's one-sentence message (PRODUCT §7: ~160)."""


def _first_clause(cause: str) -> str:
    """The cause's first clause (which backend failed, and how), short enough for one
    sentence; the whole diagnosis stays in `more`."""
    clause = re.split(r", which |; |\. ", cause.splitlines()[0] if cause else "", maxsplit=1)[0]
    clause = clause.strip().rstrip(".")
    if not clause:
        return "the OS keyring is unavailable"
    if len(clause) > _KEYRING_MESSAGE_ROOM:
        clause = clause[: _KEYRING_MESSAGE_ROOM - 1].rsplit(" ", 1)[0] + "…"
    return clause


def check(ctx: RuleContext) -> Iterable[Finding]:
    project = ctx.project
    needs = {
        cloud_id: needed_secrets(project.connector, config)
        for cloud_id, config in project.clouds.items()
    }
    any_needed = any(needs.values())
    presence = ctx.presence
    if any_needed and presence.state is PresenceState.UNAVAILABLE:
        # The diagnosis and the per-OS steps are long: they go to `more`, shown in full
        # only where there is room (check's text, the wizard's help), never in SARIF.
        cause = presence.problem or "the OS keyring is unavailable"
        yield KEYRING_UNAVAILABLE.finding(
            f"cannot tell whether the needed secrets are stored: {_first_clause(cause)}",
            path="clouds",
            more="\n".join((cause, *presence.remedy)),
        )
    elif any_needed and presence.state is PresenceState.NOT_CHECKED:
        count = sum(len(kinds) for kinds in needs.values())
        yield PRESENCE_NOT_CHECKED.finding(
            f"{count} needed secret(s) across {len(project.clouds)} cloud(s) were not looked "
            "up in the keyring",
            path="clouds",
        )
    for cloud_id, kinds in needs.items():
        for kind in kinds:
            if presence.is_present(cloud_id, kind) is False:
                yield SECRET_MISSING.finding(
                    f"the {kind.label} for {ctx.catalog.get(cloud_id).name} is not in the "
                    f"keyring; it is handed over through {kind.handover}",
                    path=secret_path(cloud_id, kind),
                    cloud=cloud_id,
                    hint=f"store it: cloudprep secret set --cloud {cloud_id} --kind {kind.value}",
                )
        yield from _expiry(ctx, cloud_id, kinds)


def _expiry(
    ctx: RuleContext, cloud_id: TargetCloudId, kinds: tuple[SecretKind, ...]
) -> Iterable[Finding]:
    expires = ctx.project.clouds[cloud_id].secret_expires
    if expires is None or SecretKind.CLIENT_SECRET not in kinds:
        return
    path = f"clouds.{cloud_id}.secret_expires"
    days_left = (expires - ctx.reference_date).days
    if days_left < 0:
        yield SECRET_EXPIRED.finding(
            f"the client secret expired on {expires.isoformat()} "
            f"({-days_left} day(s) before {ctx.reference_date.isoformat()})",
            path=path,
            cloud=cloud_id,
        )
    elif days_left <= EXPIRY_WARNING_DAYS:
        yield SECRET_EXPIRING.finding(
            f"the client secret expires on {expires.isoformat()}, in {days_left} day(s)",
            path=path,
            cloud=cloud_id,
        )
