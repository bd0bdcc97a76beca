"""CP201–CP229: the consent redirect URLs registered on each target cloud's OAuth app.

A redirect is matched exactly by the identity provider, so anything but the exact string
`https://global.consent.azure-apihub.us/redirect/<connectorName>` (for the US clouds;
PRODUCT §2) fails at sign-in or, worse, sends the authorization code elsewhere. The
per-URL checks are `check_redirect_url`; whether the cloud's required redirect is
registered at all (checklist C3) is in `check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from cloudprep.core.catalog import Cloud, CloudCatalog, load_catalog
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.secret_needs import needs_oauth_app
from cloudprep.core.urls import (
    InspectedUrl,
    UrlProblemKind,
    display_value,
    inspect_url,
    lookalike_of,
    microsoft_hosts,
)

_GOV = "https://global.consent.azure-apihub.us/redirect/contosotasks"


def _rule(rule_id: str, severity: Severity, title: str, hint: str, example: str) -> Rule:
    return Rule(rule_id, severity, Scope.CLOUD, title, hint, example)


_E, _W = Severity.ERROR, Severity.WARNING

UNPARSEABLE = _rule(
    "CP201", _E, "Redirect URL is empty or cannot be parsed",
    "Enter the full redirect, starting with https://.",
    "global.consent.azure-apihub.us/redirect/contosotasks",
)  # fmt: skip
WHITESPACE = _rule(
    "CP202", _E, "Redirect URL has whitespace or invisible characters",
    "Remove the spaces, tabs, newlines and invisible characters.",
    f" {_GOV}\n",
)  # fmt: skip
NOT_HTTPS = _rule(
    "CP203", _E, "Redirect URL is not https",
    "Use https://.",
    "http://global.consent.azure-apihub.us/redirect/contosotasks",
)  # fmt: skip
USERINFO = _rule(
    "CP204", _E, "Redirect URL has a user-info part (user@host)",
    "Remove everything between https:// and the @; the real host is the part after it.",
    "https://global.consent.azure-apihub.us@evil.example/redirect/contosotasks",
)  # fmt: skip
PORT = _rule(
    "CP205", _E, "Redirect URL has a port",
    "Remove the port: the consent redirect has none.",
    "https://global.consent.azure-apihub.us:8443/redirect/contosotasks",
)  # fmt: skip
DEFAULT_PORT = _rule(
    "CP206", _E, "Redirect URL spells out the default port :443",
    "Remove ':443': redirects are matched exactly, and the consent service sends none.",
    "https://global.consent.azure-apihub.us:443/redirect/contosotasks",
)  # fmt: skip
QUERY_FRAGMENT = _rule(
    "CP207", _E, "Redirect URL has a query or a fragment",
    "Remove everything from the ? or # on.",
    f"{_GOV}?tenant=contoso",
)  # fmt: skip
TRAILING_SLASH = _rule(
    "CP208", _E, "Redirect URL ends with a slash",
    "Remove the trailing slash: redirects are matched exactly.",
    f"{_GOV}/",
)  # fmt: skip
AMBIGUOUS_PATH = _rule(
    "CP209", _E, "Redirect path has dot segments, encoded separators or backslashes",
    "Write the path plainly as /redirect/<connectorName>.",
    "https://global.consent.azure-apihub.us/redirect/%2e%2e/contosotasks",
)  # fmt: skip
DISGUISED_HOST = _rule(
    "CP210", _E, "Redirect host is not plain ASCII (homoglyph, punycode or %-escape)",
    "Type the host again in plain ASCII.",
    "https://glоbal.consent.azure-apihub.us/redirect/contosotasks",
)  # fmt: skip
LOOKALIKE = _rule(
    "CP211", _E, "Redirect host imitates a Microsoft host",
    "Register the real consent redirect; never a host that merely contains it.",
    "https://global.consent.azure-apihub.us.evil.example/redirect/contosotasks",
)  # fmt: skip
OTHER_CLOUD_HOST = _rule(
    "CP212", _E, "Redirect uses the consent host of another cloud",
    "Register this cloud's consent redirect (the commercial one does not work here).",
    "https://global.consent.azure-apim.net/redirect/contosotasks",
)  # fmt: skip
NOT_CONSENT_HOST = _rule(
    "CP213", _E, "Redirect host is not the cloud's consent host",
    "Register this cloud's consent redirect.",
    "https://contoso.example/oauth/callback",
)  # fmt: skip
REGIONAL_HOST = _rule(
    "CP214", _E, "Redirect uses a regional consent host, not the global one",
    "Register the global consent redirect.",
    "https://usgov-001.consent.azure-apihub.us/redirect/contosotasks",
)  # fmt: skip
NO_CONNECTOR_NAME = _rule(
    "CP215", _E, "Redirect has no connector name",
    "Add the connector's internal name: /redirect/<connectorName>.",
    "https://global.consent.azure-apihub.us/redirect",
)  # fmt: skip
WRONG_NAME = _rule(
    "CP216", _E, "Redirect names another connector",
    "Use the connector's internal name exactly (lowercase, no shared_ prefix).",
    "https://global.consent.azure-apihub.us/redirect/shared_contosotasks",
)  # fmt: skip
NAME_CASE = _rule(
    "CP217", _E, "Redirect connector name differs in case",
    "Write the connector name in lowercase, exactly as Microsoft assigned it.",
    "https://global.consent.azure-apihub.us/redirect/ContosoTasks",
)  # fmt: skip
BAD_PATH = _rule(
    "CP218", _E, "Redirect path is not /redirect/<connectorName>",
    "Use the path /redirect/<connectorName> and nothing else.",
    "https://global.consent.azure-apihub.us/oauth/redirect/contosotasks",
)  # fmt: skip
NOT_CANONICAL = _rule(
    "CP219", _E, "Redirect scheme or host is not written canonically",
    "Write the scheme and host in lowercase, without a trailing dot.",
    "HTTPS://Global.Consent.Azure-ApiHub.us/redirect/contosotasks",
)  # fmt: skip
NOT_REGISTERED = _rule(
    "CP220", _E, "The cloud's redirect is not registered on its OAuth app",
    "Add the cloud's redirect to the redirect URLs of this cloud's OAuth app.",
    "clouds.gcch.oauth_app.redirect_urls: [] (connector contosotasks)",
)  # fmt: skip
NAME_UNKNOWN = _rule(
    "CP221", _W, "Redirect cannot be checked: the connector name is unknown",
    "Set connector.name to the connector's internal name (from its URL in the maker portal, "
    "or ask your Microsoft contact); never derive it from the display name.",
    "connector.name: null, with clouds.gcch.oauth_app.redirect_urls set",
)  # fmt: skip
MOONCAKE_UNVERIFIED = _rule(
    "CP222", _W, "Mooncake redirect is unverified: no expected redirect entered",
    "Ask your Microsoft contact for the Mooncake redirect and enter it in "
    "clouds.mooncake.expected_redirect; it stays unverified.",
    "clouds.mooncake.expected_redirect: null",
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    UNPARSEABLE, WHITESPACE, NOT_HTTPS, USERINFO, PORT, DEFAULT_PORT, QUERY_FRAGMENT,
    TRAILING_SLASH, AMBIGUOUS_PATH, DISGUISED_HOST, LOOKALIKE, OTHER_CLOUD_HOST,
    NOT_CONSENT_HOST, REGIONAL_HOST, NO_CONNECTOR_NAME, WRONG_NAME, NAME_CASE, BAD_PATH,
    NOT_CANONICAL, NOT_REGISTERED, NAME_UNKNOWN, MOONCAKE_UNVERIFIED,
)  # fmt: skip

_K = UrlProblemKind
_GENERIC: dict[UrlProblemKind, Rule] = {
    _K.EMPTY: UNPARSEABLE,
    _K.TOO_LONG: UNPARSEABLE,
    _K.UNPARSEABLE: UNPARSEABLE,
    _K.NOT_ABSOLUTE: UNPARSEABLE,
    _K.INVALID_HOST: UNPARSEABLE,
    _K.INVALID_PORT: UNPARSEABLE,
    _K.SURROUNDING_WHITESPACE: WHITESPACE,
    _K.INNER_CONTROL: WHITESPACE,
    _K.NOT_HTTPS: NOT_HTTPS,
    _K.USERINFO: USERINFO,
    _K.NON_DEFAULT_PORT: PORT,
    _K.EXPLICIT_DEFAULT_PORT: DEFAULT_PORT,
    _K.QUERY: QUERY_FRAGMENT,
    _K.FRAGMENT: QUERY_FRAGMENT,
    _K.DOT_SEGMENT: AMBIGUOUS_PATH,
    _K.ENCODED_SEPARATOR: AMBIGUOUS_PATH,
    _K.BACKSLASH: AMBIGUOUS_PATH,
    _K.NON_ASCII_HOST: DISGUISED_HOST,
    _K.PUNYCODE_HOST: DISGUISED_HOST,
    _K.ENCODED_HOST: DISGUISED_HOST,
    _K.NOT_LOWERCASE: NOT_CANONICAL,
    _K.TRAILING_DOT: NOT_CANONICAL,
}
_DISGUISES = (_K.NON_ASCII_HOST, _K.PUNYCODE_HOST, _K.ENCODED_HOST)
_PATH_TRICKS = (_K.DOT_SEGMENT, _K.ENCODED_SEPARATOR, _K.BACKSLASH)
# Internal names are lowercase ASCII letters, digits and hyphens (custom-style ids add a
# hex suffix: highspot-5f79b88ef370762934-5f63e14e61ad877cec); PRODUCT §3.
_CONNECTOR_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SHARED_PREFIX = "shared_"
_NAME_PLACEHOLDER = "<connectorName>"


class _Emit(Protocol):
    def __call__(self, rule: Rule, what: str, hint: str | None = None) -> None: ...


@dataclass(frozen=True)
class _Target:
    """What a redirect for one cloud must be, as far as it is known."""

    cloud: Cloud
    expected: str | None
    """The exact URL to register, when known."""
    host: str | None
    """The consent host it must use, when known."""
    segments: tuple[str, ...] | None
    """Its path segments, when known (("redirect", name) for the published form)."""
    unverified: bool
    """The expectation is the user's (Mooncake), not the catalog's."""

    @property
    def shown(self) -> str:
        """The redirect to register, for a hint."""
        if self.expected:
            return self.expected
        template = self.cloud.redirect_for(_NAME_PLACEHOLDER)
        return template or f"the redirect Microsoft gives for {self.cloud.name}"

    def register_hint(self) -> str:
        tail = " (unverified: it is the value you entered)" if self.unverified else ""
        return f"Register exactly {self.shown} on the {self.cloud.short_name} app{tail}."


def _target(cloud: Cloud, connector_name: str | None, expected: str | None) -> _Target:
    unverified = cloud.consent_redirect.value is None
    if expected is None and connector_name and not unverified:
        expected = cloud.redirect_for(connector_name)
    host = cloud.consent_host
    segments: tuple[str, ...] | None = None
    if expected:
        parsed = inspect_url(expected)
        if parsed.usable:
            host = parsed.host_ascii
            segments = tuple(s for s in parsed.path.split("/") if s)
    elif not unverified:
        segments = ("redirect",)
    return _Target(cloud, expected, host, segments, unverified)


def check_redirect_url(
    url: str,
    *,
    cloud: Cloud,
    connector_name: str | None,
    path: str,
    expected: str | None = None,
    catalog: CloudCatalog | None = None,
) -> list[Finding]:
    """Check one registered (or entered) redirect URL for one cloud.

    `expected` is the exact redirect the cloud needs: for the US clouds the catalog's
    (`cloud.redirect_for(name)`, derived here when only `connector_name` is given); for
    Mooncake the one the user entered, which is unverified. Never raises.
    """
    catalog = catalog or load_catalog()
    target = _target(cloud, connector_name, expected)
    inspected = inspect_url(url)
    findings: list[Finding] = []
    subject = f"{path} {display_value(url)}"

    def emit(rule: Rule, what: str, hint: str | None = None) -> None:
        findings.append(
            rule.finding(
                f"{subject} ({cloud.short_name}): {what}.",
                path=path,
                cloud=cloud.id,
                hint=hint or f"{rule.hint} {target.register_hint()}",
            )
        )

    imitated = _imitated_by_disguise(inspected, catalog)
    for problem in inspected.problems:
        detail = problem.detail
        if problem.kind in _DISGUISES and imitated:
            detail += f"; it imitates {imitated}"
            imitated = None
        emit(_GENERIC[problem.kind], detail)
    if url in cloud.known_consent_redirects.value:
        return findings  # a legacy or regional redirect the catalog knows for this cloud
    if not inspected.usable or inspected.has(*_DISGUISES):
        return findings
    _check_host_and_path(inspected, target, catalog, emit)
    return findings


def _imitated_by_disguise(inspected: InspectedUrl, catalog: CloudCatalog) -> str | None:
    """The Microsoft host a Unicode, punycode or %-escaped host imitates, if any."""
    if not inspected.has(*_DISGUISES) or not inspected.host:
        return None
    return lookalike_of(inspected.host, microsoft_hosts(catalog))


def _check_host_and_path(
    inspected: InspectedUrl,
    target: _Target,
    catalog: CloudCatalog,
    emit: _Emit,
) -> None:
    host = inspected.host_ascii or ""
    cloud = target.cloud
    if inspected.ip is not None:
        emit(NOT_CONSENT_HOST, f"its host is an IP address, {inspected.ip.describe()}")
        return
    imitated = lookalike_of(host, microsoft_hosts(catalog))
    if imitated:
        emit(LOOKALIKE, f"its host {host} imitates {imitated} but belongs to someone else")
        return
    if target.host is not None and host == target.host:
        _check_path(inspected, target, emit)
        return
    other = _other_cloud_with_consent_host(host, cloud, catalog)
    if other is not None and (target.host is not None or target.unverified):
        # Even where this cloud's redirect is unknown (Mooncake), another cloud's consent
        # host is certainly not it.
        emit(
            OTHER_CLOUD_HOST,
            f"{host} is the consent host of {other.short_name}, not of {cloud.name}",
        )
        return
    suffix = cloud.consent_host_suffix.value
    if suffix and (host == suffix or host.endswith("." + suffix)) and target.host:
        emit(
            REGIONAL_HOST,
            f"{host} is a regional or other consent host; {cloud.name} needs {target.host}",
        )
        _check_path(inspected, target, emit)
        return
    if target.host is not None:
        emit(NOT_CONSENT_HOST, f"its host {host} is not {target.host}")


def _check_path(inspected: InspectedUrl, target: _Target, emit: _Emit) -> None:
    if inspected.has_trailing_slash:
        emit(TRAILING_SLASH, f"its path {inspected.path} ends with a slash")
    if inspected.has(*_PATH_TRICKS) or target.segments is None:
        return
    if "//" in inspected.path.rstrip("/"):
        # Redirects match exactly: /redirect//name is not /redirect/name.
        emit(BAD_PATH, f"its path {display_value(inspected.path)} has an empty segment (//)")
        return
    segments = tuple(s for s in inspected.path.split("/") if s)
    expected = target.segments
    if expected[:1] != ("redirect",):
        # A Mooncake redirect of another shape (the user's, unverified): compare whole.
        if segments != expected:
            emit(BAD_PATH, f"its path differs from the expected (unverified) {target.shown}")
        return
    if not segments or segments[0] != "redirect":
        what = f"its path is {display_value(inspected.path or '/')}, not /redirect/<name>"
        if segments and segments[0].lower() == "redirect":
            what += " ('redirect' must be lowercase)"
        emit(BAD_PATH, what)
        return
    if len(segments) == 1:
        emit(
            NO_CONNECTOR_NAME,
            "it is the shared /redirect without the connector name; "
            f"{target.cloud.name} needs the per-connector redirect",
        )
        return
    if len(segments) > 2:
        emit(BAD_PATH, f"its path {inspected.path} has segments after the connector name")
        return
    _check_name(segments[1], expected[1] if len(expected) > 1 else None, emit)


def _check_name(written: str, expected: str | None, emit: _Emit) -> None:
    if expected is not None:
        if written == expected:
            return
        if written.lower() == expected.lower():
            emit(NAME_CASE, f"its connector name {written} differs in case from {expected}")
        elif written.lower() == _SHARED_PREFIX + expected:
            emit(WRONG_NAME, f"its connector name {written} has the {_SHARED_PREFIX} prefix")
        else:
            emit(WRONG_NAME, f"its connector name {written} is not this connector's {expected}")
        return
    if written != written.lower():
        emit(NAME_CASE, f"its connector name {written} is not lowercase; internal names are")
    elif written.startswith(_SHARED_PREFIX):
        emit(WRONG_NAME, f"its connector name {written} has the {_SHARED_PREFIX} prefix")
    elif not _CONNECTOR_NAME.match(written):
        emit(
            WRONG_NAME,
            f"{display_value(written)} is not a connector name "
            "(lowercase ASCII letters, digits and hyphens)",
        )


def _other_cloud_with_consent_host(host: str, cloud: Cloud, catalog: CloudCatalog) -> Cloud | None:
    own = cloud.consent_host_suffix.value
    for other in catalog.clouds:
        suffix = other.consent_host_suffix.value
        if other.id == cloud.id or suffix is None or suffix == own:
            continue
        if host == other.consent_host or host == suffix or host.endswith("." + suffix):
            return other
    return None


def check_expected_redirect(
    url: str, *, cloud: Cloud, path: str, catalog: CloudCatalog | None = None
) -> list[Finding]:
    """The generic traps of a redirect the user entered for a cloud without a published
    one (Mooncake): https, no user-info, port, query or whitespace, plain ASCII, no
    look-alike. Its host and path cannot be checked: they are unverified."""
    catalog = catalog or load_catalog()
    inspected = inspect_url(url)
    hint = (
        f"Copy the redirect exactly as Microsoft gave it for {cloud.name}; "
        "it stays unverified until Microsoft confirms it."
    )
    imitated = _imitated_by_disguise(inspected, catalog)
    findings = [
        _GENERIC[p.kind].finding(
            f"{path} {display_value(url)} ({cloud.short_name}, unverified): {p.detail}"
            + (f"; it imitates {imitated}." if imitated and p.kind in _DISGUISES else "."),
            path=path,
            cloud=cloud.id,
            hint=hint,
        )
        for p in inspected.problems
    ]
    if inspected.usable and inspected.host_ascii and not inspected.has(*_DISGUISES):
        if inspected.ip is not None:
            findings.append(
                NOT_CONSENT_HOST.finding(
                    f"{path} {display_value(url)} ({cloud.short_name}, unverified): its host "
                    f"is an IP address, {inspected.ip.describe()}.",
                    path=path,
                    cloud=cloud.id,
                    hint=hint,
                )
            )
        elif imitated := lookalike_of(inspected.host_ascii, microsoft_hosts(catalog)):
            findings.append(
                LOOKALIKE.finding(
                    f"{path} {display_value(url)} ({cloud.short_name}, unverified): its host "
                    f"{inspected.host_ascii} imitates {imitated} but belongs to someone else.",
                    path=path,
                    cloud=cloud.id,
                    hint=hint,
                )
            )
    return findings


def _close_match(registered: list[str], expected: str) -> int | None:
    """The index of a registered redirect that differs from `expected` only in ways the
    per-URL findings explain (case, whitespace, a trailing slash or :443)."""

    def loose(value: str) -> str:
        text = inspect_url(value).text.lower().replace(":443/", "/")
        return text.rstrip("/")

    for index, value in enumerate(registered):
        if loose(value) == loose(expected):
            return index
    return None


def check(ctx: RuleContext) -> Iterable[Finding]:
    connector = ctx.project.connector
    if not needs_oauth_app(connector):
        return []
    findings: list[Finding] = []
    for cloud_id, config in ctx.project.clouds.items():
        cloud = ctx.catalog.get(cloud_id)
        base = f"clouds.{cloud_id}.oauth_app.redirect_urls"
        registered = config.oauth_app.redirect_urls
        expected: str | None = None
        if cloud.consent_redirect.value is not None:
            if connector.name:
                expected = cloud.redirect_for(connector.name)
            else:
                findings.append(
                    NAME_UNKNOWN.finding(
                        f"The {cloud.name} redirect cannot be checked (C3 stays unverified): "
                        f"connector.name is not set, so the required "
                        f"{cloud.redirect_for(_NAME_PLACEHOLDER)} is not known.",
                        path=base,
                        cloud=cloud_id,
                    )
                )
        else:
            expected = _mooncake_expected(ctx, cloud, config.expected_redirect, findings)
        for index, url in enumerate(registered):
            findings.extend(
                check_redirect_url(
                    url,
                    cloud=cloud,
                    connector_name=connector.name,
                    path=f"{base}[{index}]",
                    expected=expected,
                    catalog=ctx.catalog,
                )
            )
        if expected is not None and expected not in registered:
            findings.append(_not_registered(cloud, expected, registered, base))
    return findings


def _mooncake_expected(
    ctx: RuleContext, cloud: Cloud, entered: str | None, findings: list[Finding]
) -> str | None:
    """The user-entered redirect for a cloud without a published one, when usable."""
    path = f"clouds.{cloud.id}.expected_redirect"
    if entered is None or not entered.strip():
        findings.append(
            MOONCAKE_UNVERIFIED.finding(
                f"No redirect is published for {cloud.name}, and {path} is empty: C3 stays "
                "unverified. Take the redirect Microsoft gives you.",
                path=path,
                cloud=cloud.id,
            )
        )
        return None
    problems = check_expected_redirect(entered, cloud=cloud, path=path, catalog=ctx.catalog)
    findings.extend(problems)
    return None if problems else entered


def _not_registered(cloud: Cloud, expected: str, registered: list[str], base: str) -> Finding:
    unverified = cloud.consent_redirect.value is None
    label = "the redirect you entered (unverified)" if unverified else "the required redirect"
    if not registered:
        what = f"no redirect URL is registered on the {cloud.short_name} app"
    else:
        what = f"{label} {expected} is not among the {len(registered)} registered"
        close = _close_match(registered, expected)
        if close is not None:
            what += f"; {base}[{close}] is close but not exact (see its findings)"
    return NOT_REGISTERED.finding(
        f"{cloud.name}: {what}.",
        path=base,
        cloud=cloud.id,
        hint=f"Register {expected} on the {cloud.short_name} app and list it in {base}"
        + (" (unverified: it is the value you entered)." if unverified else "."),
    )
