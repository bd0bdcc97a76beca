"""CP420–CP429: the secrets each target cloud needs, and the client secret's expiry.

Presence is passed in (`RuleContext.presence`); these rules never touch a keyring.
"""

from __future__ import annotations

from collections.abc import Iterable

from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, Scope
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
)
KEYRING_UNAVAILABLE = Rule(
    id="CP421",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="The keyring is unavailable: secret presence is unknown",
    hint="set up or unlock the OS keyring (see the steps for your OS), then check again",
    example="cloudprep check on a Linux machine with no Secret Service running",
)
PRESENCE_NOT_CHECKED = Rule(
    id="CP422",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="Secret presence was not checked",
    hint="run without --no-keyring to check the keyring",
    example="cloudprep check --no-keyring on a project that needs secrets",
)
SECRET_EXPIRING = Rule(
    id="CP423",
    severity=Severity.WARNING,
    scope=Scope.CLOUD,
    title="The client secret expires within 90 days",
    hint="create a new client secret for this cloud's app before you send the request",
    example='"secret_expires": a date 30 days after the reference date',
)
SECRET_EXPIRED = Rule(
    id="CP424",
    severity=Severity.ERROR,
    scope=Scope.CLOUD,
    title="The client secret has expired",
    hint="create a new client secret for this cloud's app, store it, and update secret_expires",
    example='"secret_expires": a date before the reference date',
)

RULES: tuple[Rule, ...] = (
    SECRET_MISSING,
    KEYRING_UNAVAILABLE,
    PRESENCE_NOT_CHECKED,
    SECRET_EXPIRING,
    SECRET_EXPIRED,
)


def secret_path(cloud_id: str, kind: SecretKind) -> str:
    """The location of a secret in findings: not a file field, but the wizard's input."""
    return f"clouds.{cloud_id}.secrets.{kind.value}"


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
            "cannot tell whether the needed secrets are stored: the OS keyring is unavailable",
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
