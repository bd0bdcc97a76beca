"""CP301–CP329: the backend endpoint of each target cloud (checklist C1).

`check_endpoint_url` judges one backend base URL: https, no user-info, a public DNS name
(never an IP literal in any spelling, a local or reserved name, a single label or a
look-alike of a Microsoft host). With `cloud=None` it judges the commercial baseline, for
the connector-level rules. `check` applies it to every target cloud's endpoint decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cloudprep.core.catalog import Cloud, CloudCatalog, load_catalog
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.model_kinds import EndpointMode
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.requirements import (
    CONSENT_FAMILY,
    ISSUER_FAMILY,
    LOGIN_FAMILY,
    equivalent_url,
    service_host_cloud,
)
from cloudprep.core.rules.base import NO_DOC, Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.url_policy import (
    DISGUISES,
    FindingSink,
    UrlPolicy,
    report_url_problems,
)
from cloudprep.core.urls import (
    InspectedUrl,
    UrlProblemKind,
    display_value,
    host_of,
    inspect_url,
    is_single_label,
    lookalike_of,
    microsoft_hosts,
    special_use_reason,
)
from cloudprep.core.urls import (
    imitation as _imitation,
)


def _rule(
    rule_id: str, severity: Severity, title: str, hint: str, example: str, doc: RuleDoc = NO_DOC
) -> Rule:
    return Rule(rule_id, severity, Scope.CLOUD, title, hint, example, doc)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

UNDECIDED = _rule(
    "CP301", _W, "Endpoint not decided",
    "Set the endpoint mode: same_as_commercial, specific (with its url) or per_connection.",
    "clouds.gcch.endpoint.mode: null",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.mode`",
        checks="`mode` is null. The message says when a `url` is entered anyway.",
        why=(
            "checklist C1 needs the endpoint decided (same as commercial, specific, or per "
            "connection), and the GA page asks to \"provide the new endpoint if it differs\" "
            "(PRODUCT §2). A warning: the rest of the request can be prepared first."
        ),
        fix=(
            "set the mode: `same_as_commercial`, `specific` (with its `url`) or "
            "`per_connection`."
        ),
        example="`clouds.gcch.endpoint.mode: null`.",
    ),
)  # fmt: skip
SPECIFIC_WITHOUT_URL = _rule(
    "CP302", _E, "Specific endpoint without a URL",
    "Enter the cloud's backend base URL, or choose another mode.",
    'clouds.gcch.endpoint: {"mode": "specific", "url": null}',
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="`mode` is `specific` and `url` is null or blank.",
        why="\"specific\" promises Microsoft an endpoint that is not given.",
        fix="enter the cloud's backend base URL, or choose another mode.",
        example="`{\"mode\": \"specific\", \"url\": null}`.",
    ),
)  # fmt: skip
UNPARSEABLE = _rule(
    "CP303", _E, "Endpoint URL is empty or cannot be parsed",
    "Enter the full base URL, e.g. https://api.contoso.com/v1.",
    "api.contoso.com/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url` (or `connector.endpoint.url`)",
        checks=(
            "empty, no `scheme://host`, unparseable by `urlsplit` (an unclosed `[`), an "
            "invalid host name (per `validators`), an invalid port, a number-like host that "
            "is no valid address (`1.2.3.256`), longer than 2048 characters, or a backslash "
            "(a browser reads `\\` as `/`, so `https://evil.example\\@api.contoso.com/` opens "
            "`evil.example`; the message says so)."
        ),
        why="the endpoint must be unambiguous.",
        fix="enter the full base URL, e.g. `https://api.contoso.com/v1`.",
        example="`api.contoso.com/v1`.",
        scope_note="connector for the baseline",
    ),
)  # fmt: skip
WHITESPACE = _rule(
    "CP304", _E, "Endpoint URL has whitespace or invisible characters",
    "Remove the spaces, tabs, newlines and invisible characters.",
    " https://api.contoso.com/v1 ",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "leading or trailing whitespace, and whitespace, control or invisible characters "
            "inside (tab, newline, zero-width space); each is named."
        ),
        why=(
            "tabs and newlines are dropped silently by browsers and `urlsplit`; a zero-width "
            "space changes the host."
        ),
        fix="remove them.",
        example="` https://api.contoso.com/v1 `.",
    ),
)  # fmt: skip
NOT_HTTPS = _rule(
    "CP305", _E, "Endpoint URL is not https",
    "Use the backend's https:// URL.",
    "http://api.contoso.com/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="any scheme but `https`.",
        why="PRODUCT §7 (endpoints: \"not https\"); credentials and data cross the network.",
        fix="use the backend's `https://` URL.",
        example="`http://api.contoso.com/v1`.",
    ),
)  # fmt: skip
USERINFO = _rule(
    "CP306", _E, "Endpoint URL has a user-info part (user@host)",
    "Remove everything between https:// and the @; credentials never go in a URL.",
    "https://admin:hunter2@api.contoso.com/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="anything before an `@` in the authority; the message names the real host.",
        why=(
            "credentials never belong in a URL, and `https://api.contoso.com@evil.example/` "
            "goes to `evil.example` (PRODUCT §7)."
        ),
        fix="remove everything between `https://` and the `@`.",
        example="`https://admin:hunter2@api.contoso.com/v1`.",
    ),
)  # fmt: skip
IP_LITERAL = _rule(
    "CP307", _E, "Endpoint host is an IP address",
    "Use the backend's DNS name: Microsoft connects by name over TLS.",
    "https://20.42.0.17/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "a public IP literal in any spelling a browser accepts: dotted, one decimal "
            "number (`343539729`), hexadecimal (`0x14790011`), octal (`024.0171.0.021`), "
            "shortened (`20.121.17`), or IPv6 (`[2606:4700::1111]`). The message gives the "
            "address and how it was spelled."
        ),
        why=(
            "PRODUCT §7 (\"IP literals in any form\"): the connector reaches its backend by "
            "name over TLS, and an address is not portable between clouds."
        ),
        fix="use the backend's DNS name.",
        example="`https://20.42.0.17/v1`.",
    ),
)  # fmt: skip
NON_PUBLIC_IP = _rule(
    "CP308", _E, "Endpoint host is a loopback, private, link-local or CGNAT address",
    "Use the backend's public DNS name; this address is not reachable from the cloud.",
    "http://3232235777/api",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "an IP literal in any spelling whose address is loopback (`127.0.0.0/8`, `::1`), "
            "private (`10/8`, `172.16/12`, `192.168/16`, `fc00::/7`), link-local "
            "(`169.254/16`, `fe80::/10`, zone ids such as `[fe80::1%25eth0]` included), "
            "shared CGNAT space (`100.64.0.0/10`, which `ipaddress` calls neither private nor "
            "global), unspecified, multicast or reserved, IPv4-mapped IPv6 "
            "(`[::ffff:127.0.0.1]`) included. `http://3232235777` is `192.168.1.1`; "
            "`0xC0A80001` is `192.168.0.1`; `0177.0.0.1` and `127.1` are `127.0.0.1`."
        ),
        why=(
            "such addresses are not reachable from the cloud, and point at the caller's own "
            "network (PRODUCT §7)."
        ),
        fix="use the backend's public DNS name.",
        example="`http://3232235777/api`.",
    ),
)  # fmt: skip
LOCAL_NAME = _rule(
    "CP309", _E, "Endpoint host is a local or reserved name",
    "Use the backend's public DNS name.",
    "https://api.localhost/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "`localhost` and `*.localhost`, `localhost.localdomain`, names under `.local`, "
            "`.internal`, `.home.arpa`, `.lan`, `.corp`, `.home`, `.test`, `.invalid`, "
            "`.example`, `.onion`, the documentation domains `example.com/.net/.org`, public "
            "names that resolve to `127.0.0.1` (`localtest.me`, `lvh.me`) and wildcard-DNS "
            "names that embed an IP address (`127.0.0.1.nip.io`, `*.sslip.io`)."
        ),
        why=(
            "none of them is a public backend the cloud can reach (PRODUCT §7: \"names like "
            "`localhost`\")."
        ),
        fix="use the backend's public DNS name.",
        example="`https://api.localhost/v1`.",
    ),
)  # fmt: skip
SINGLE_LABEL = _rule(
    "CP310", _E, "Endpoint host is a single-label name",
    "Use the backend's fully qualified public DNS name.",
    "https://intranet/api",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="a host with no dot (`intranet`, `api`, `backend.`).",
        why="single labels resolve only through a local search domain (PRODUCT §7).",
        fix="use the fully qualified public name.",
        example="`https://intranet/api`.",
    ),
)  # fmt: skip
LOOKALIKE = _rule(
    "CP311", _E, "Endpoint host imitates a Microsoft host",
    "Use your backend's real host; this name only looks like Microsoft's.",
    "https://graph.microsoft.us.contoso-proxy.net/v1.0",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "the same look-alike tests as CP211 against the catalog's login, Graph and "
            "consent hosts, plus Unicode or punycode spellings of them (`grаph.microsoft.us` "
            "with a Cyrillic `а`). Hosts under Microsoft's own domains "
            "(`eastus.api.cognitive.microsoft.com`, `*.azurewebsites.net`, `*.azure-api.net`, "
            "`*.dynamics.com`) are never look-alikes."
        ),
        why="PRODUCT §7 (\"single-label hosts and look-alikes\").",
        fix="use the backend's real host.",
        example="`https://graph.microsoft.us.contoso-proxy.net/v1.0`.",
    ),
)  # fmt: skip
PLACEHOLDER = _rule(
    "CP312", _I, "Endpoint host is filled in per connection",
    "Set the endpoint mode to per_connection; each connection supplies its own host.",
    "https://{{replace_with_your_domain}}/api",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url` (or `connector.endpoint.url`)",
        checks=(
            "the host is a placeholder: `{{…}}` (raw or `%7B…%7D`), "
            "`DefinedInConnectionParameters` or `dynamichosturl` (`is_placeholder_host`). No "
            "other check runs on such a URL."
        ),
        why=(
            "PRODUCT §7: placeholder hosts mean `per_connection` mode and give an info "
            "finding, not an error."
        ),
        fix=(
            "set the cloud's endpoint mode to `per_connection` (or "
            "`connector.endpoint.host_mode`)."
        ),
        example="`https://{{replace_with_your_domain}}/api`.",
        scope_note="connector for the baseline",
    ),
)  # fmt: skip
COMMERCIAL_HOST_REUSED = _rule(
    "CP313", _W, "Commercial endpoint host reused in a government or sovereign cloud",
    "Confirm the host is reachable from, and compliant for, this cloud; otherwise give the "
    "cloud's own endpoint (mode specific).",
    'clouds.gcch.endpoint: {"mode": "same_as_commercial"}',
    doc=RuleDoc(
        location=(
            "`clouds.<cloud>.endpoint.url` (mode `specific`) or "
            "`clouds.<cloud>.endpoint.mode` (mode `same_as_commercial`)"
        ),
        checks=(
            "the cloud's endpoint host is the commercial endpoint's host "
            "(`connector.endpoint.url`, when its host is fixed): a `specific` URL on that "
            "host, or `same_as_commercial`. Applies to every target cloud, Mooncake included "
            "(its network is as separate as the government clouds'). Never for the commercial "
            "baseline itself. A host that is another cloud's Microsoft service is CP319 "
            "instead, and one on another cloud's Azure hosting CP320."
        ),
        why=(
            "PRODUCT §7: \"a host reused from commercial for a government cloud: a warning "
            "saying to confirm it is reachable from, and compliant for, that cloud, until "
            "`endpoint.confirmed` is set (then info)\". Once confirmed, C1 and Q1 are done."
        ),
        fix=(
            "confirm the host is reachable from, and compliant for, the cloud and set "
            "`clouds.<cloud>.endpoint.confirmed`; otherwise give the cloud's own endpoint "
            "(mode `specific`)."
        ),
        example=(
            "`{\"mode\": \"same_as_commercial\"}` for `gcch`, commercial "
            "`https://api.contoso.com/v1`."
        ),
        severity_note="info once `clouds.<cloud>.endpoint.confirmed` is set",
    ),
)  # fmt: skip
IDN_HOST = _rule(
    "CP314", _W, "Endpoint host is not plain ASCII",
    "Check the host letter by letter; prefer its plain ASCII (punycode) form.",
    "https://api.bücher.example.com/v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks=(
            "a Unicode, punycode or percent-escaped host that does not imitate a Microsoft "
            "host (those are CP311). The message names the characters and the name that is "
            "resolved."
        ),
        why=(
            "internationalized names are legitimate but easy to spoof; a reviewer should "
            "look."
        ),
        fix="check the host letter by letter; prefer its ASCII (punycode) form.",
        example="`https://api.bücher.example.com/v1`.",
    ),
)  # fmt: skip
QUERY_FRAGMENT = _rule(
    "CP315", _W, "Endpoint base URL has a query or a fragment",
    "Give the base URL only; parameters belong to the operations.",
    "https://api.contoso.com/v1?code=abc",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="a `?` or `#` in the base URL.",
        why=(
            "a base URL is `https://host/basePath`; parameters (often a key in a query) "
            "belong to the operations."
        ),
        fix="give the base URL only.",
        example="`https://api.contoso.com/v1?code=abc`.",
    ),
)  # fmt: skip
AMBIGUOUS_PATH = _rule(
    "CP316", _W, "Endpoint path has dot segments or encoded separators",
    "Write the base path plainly, e.g. /v1.",
    "https://api.contoso.com/v1/../admin",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="`.` or `..` segments (raw or `%2e`-encoded) or encoded `/` and `\\` in the path.",
        why=(
            "servers and proxies resolve them differently; the base path Microsoft configures "
            "may not be the one meant."
        ),
        fix="write the base path plainly.",
        example="`https://api.contoso.com/v1/../admin`.",
    ),
)  # fmt: skip
TRAILING_DOT = _rule(
    "CP317", _W, "Endpoint host ends with a dot",
    "Remove the trailing dot: TLS certificates and Host headers do not carry it.",
    "https://api.contoso.com./v1",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="a fully qualified host with its trailing dot (`api.contoso.com.`).",
        why=(
            "valid DNS, but TLS certificates and `Host` headers do not carry the dot, so "
            "requests can fail."
        ),
        fix="remove the trailing dot.",
        example="`https://api.contoso.com./v1`.",
    ),
)  # fmt: skip
URL_IGNORED = _rule(
    "CP318", _W, "Endpoint URL given but the mode is not specific",
    "Set the mode to specific to use this URL, or clear the URL.",
    'clouds.gcch.endpoint: {"mode": "same_as_commercial", "url": "https://api.contoso.us"}',
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`",
        checks="`url` is set while `mode` is `same_as_commercial` or `per_connection`.",
        why="the URL is ignored, which is rarely what was meant.",
        fix="set the mode to `specific`, or clear the URL.",
        example="`{\"mode\": \"same_as_commercial\", \"url\": \"https://api.contoso.us\"}`.",
    ),
)  # fmt: skip
OTHER_CLOUD_SERVICE = _rule(
    "CP319", _E, "Endpoint is another cloud's Microsoft service",
    "Use this cloud's host of the same service: a token of this cloud is not accepted there.",
    "https://graph.microsoft.com/v1.0 (for GCC High)",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`, or `.mode` when it is same_as_commercial",
        checks=(
            "the endpoint's host is a Microsoft service host (Graph, Power BI, Resource "
            "Manager, Key Vault, Storage, SQL, Office 365 Management, SharePoint, Outlook, a "
            "sign-in or consent host) of another cloud, per the catalog's service families."
        ),
        why=(
            "a token of this cloud has this cloud's audience; another cloud's service refuses "
            "it. `endpoint.confirmed` never downgrades it."
        ),
        fix=(
            "use the cloud's host of the same service (`requirements.equivalent_url`), named "
            "in the message."
        ),
        example="`https://graph.microsoft.com/v1.0` for GCC High.",
    ),
)  # fmt: skip
OTHER_CLOUD_HOSTING = _rule(
    "CP320", _W, "Backend runs on another cloud's Azure hosting",
    "Confirm the backend is reachable from, and compliant for, this cloud "
    "(clouds.<id>.endpoint.confirmed), or host it in this cloud.",
    "https://contoso.azurewebsites.net/api (for Mooncake)",
    doc=RuleDoc(
        location="`clouds.<cloud>.endpoint.url`, or `.mode` when it is same_as_commercial",
        checks=(
            "the publisher's backend is on Azure App Service or API Management of another "
            "column (`*.azurewebsites.net`, `*.azure-api.net` for GCC High, DoD, Azure "
            "Government or Mooncake; GCC uses the commercial column)."
        ),
        why=(
            "it may work, but whether it is reachable from, and compliant for, the cloud is "
            "the publisher's to confirm."
        ),
        fix="confirm it (`endpoint.confirmed`), or host the backend in the cloud.",
        example="`https://contoso.azurewebsites.net/api` for Mooncake.",
        severity_note="info once `clouds.<cloud>.endpoint.confirmed` is set",
    ),
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    UNDECIDED, SPECIFIC_WITHOUT_URL, UNPARSEABLE, WHITESPACE, NOT_HTTPS, USERINFO,
    IP_LITERAL, NON_PUBLIC_IP, LOCAL_NAME, SINGLE_LABEL, LOOKALIKE, PLACEHOLDER,
    COMMERCIAL_HOST_REUSED, IDN_HOST, QUERY_FRAGMENT, AMBIGUOUS_PATH, TRAILING_DOT,
    URL_IGNORED, OTHER_CLOUD_SERVICE, OTHER_CLOUD_HOSTING,
)  # fmt: skip

DOC_SECTIONS: dict[str, str] = {
    "CP301": """\
## CP3xx: endpoints

CP301–CP320 are cloud-level (`cloudprep.core.rules.endpoint`): they look at each target
cloud's endpoint decision, `clouds.<cloud>.endpoint` (checklist C1). The URL checks are one
function, `check_endpoint_url`; with no cloud it checks the commercial baseline
`connector.endpoint.url` for the connector-level rules (those findings carry no cloud, and
CP313 never fires for it). Ports and the host's letter case are fine on a backend and are not
reported. CP319 and CP320 judge the host against the catalog's Microsoft service families
(`core.requirements.service_host_cloud`): another cloud's Microsoft service is an error, the
publisher's backend on another cloud's Azure hosting a warning.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


_K = UrlProblemKind
# Ports are fine on a backend (https://api.contoso.com:8443), and so is the host's case; a
# disguised host is judged by `_check_host` (an imitation, or only a warning).
ENDPOINT_POLICY = UrlPolicy("endpoint", names_imitation=False, always={
    _K.EMPTY: UNPARSEABLE,
    _K.TOO_LONG: UNPARSEABLE,
    _K.UNPARSEABLE: UNPARSEABLE,
    _K.NOT_ABSOLUTE: UNPARSEABLE,
    _K.INVALID_HOST: UNPARSEABLE,
    _K.INVALID_PORT: UNPARSEABLE,
    _K.BACKSLASH: UNPARSEABLE,
    _K.SURROUNDING_WHITESPACE: WHITESPACE,
    _K.INNER_CONTROL: WHITESPACE,
    _K.NOT_HTTPS: NOT_HTTPS,
    _K.USERINFO: USERINFO,
    _K.QUERY: QUERY_FRAGMENT,
    _K.FRAGMENT: QUERY_FRAGMENT,
    _K.DOT_SEGMENT: AMBIGUOUS_PATH,
    _K.ENCODED_SEPARATOR: AMBIGUOUS_PATH,
    _K.TRAILING_DOT: TRAILING_DOT,
})  # fmt: skip
_DISGUISES = DISGUISES
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_AUTHORITY_END = re.compile(r"[/?#]")


def placeholder_host_in(url: str) -> str | None:
    """The placeholder host of a URL (`{{…}}`, DefinedInConnectionParameters,
    dynamichosturl), or None. Works on a bare host and on an unparseable URL too."""
    text = url.strip()
    match = _SCHEME.match(text)
    rest = text[match.end() :] if match else text
    end = len(rest)
    if "{" not in rest:  # nothing to be inside of: the first / ? # ends the authority
        found = _AUTHORITY_END.search(rest)
        if found:
            end = found.start()
    else:
        depth = 0
        for index, ch in enumerate(rest):  # the authority ends at / ? # outside any {…}
            depth += (ch == "{") - (ch == "}")
            if depth <= 0 and ch in "/?#":
                end = index
                break
    host = rest[:end].rpartition("@")[2]
    return host if is_placeholder_host(host) else None


def check_endpoint_url(
    url: str,
    *,
    cloud: Cloud | None,
    path: str,
    commercial_url: str | None = None,
    confirmed: bool = False,
    catalog: CloudCatalog | None = None,
) -> list[Finding]:
    """Check one backend base URL. `cloud=None` (or the commercial cloud) checks the
    commercial baseline; for a target cloud, `commercial_url` enables the warning that
    the commercial host is reused there. A Microsoft service host of another cloud is an
    error (CP319); the publisher's backend on another cloud's Azure hosting a warning
    (CP320). `confirmed` (the publisher confirmed the endpoint for this cloud) makes
    CP313 and CP320 info, never CP319. Never raises."""
    catalog = catalog or load_catalog()
    target = cloud if cloud is not None and cloud.target else None
    cloud_id = target.id if target else None
    sink = FindingSink(path, cloud_id)
    findings = sink.findings
    placeholder = placeholder_host_in(url)
    if placeholder is not None:
        mode_field = (
            f"clouds.{cloud_id}.endpoint.mode" if target else "connector.endpoint.host_mode"
        )
        sink.emit(
            PLACEHOLDER,
            f"its host {display_value(placeholder)} is a placeholder filled in per "
            "connection, so this endpoint is per_connection",
            hint=f"Set {mode_field} to per_connection; each connection supplies its host.",
        )
        return findings

    inspected = inspect_url(url)
    report_url_problems(inspected, ENDPOINT_POLICY, sink, catalog=catalog)
    if not inspected.usable or inspected.host_ascii is None:
        return findings
    _check_host(inspected, catalog, sink)
    if inspected.ip is not None or inspected.has(*_DISGUISES):
        return findings
    judged = _service_host_finding(
        url,
        inspected.host_ascii,
        cloud=target or catalog.commercial,
        catalog=catalog,
        confirmed=confirmed,
    )
    if judged is not None:
        rule, what, hint, severity = judged
        sink.emit(rule, what, hint=hint, severity=severity)
        if rule is OTHER_CLOUD_SERVICE:
            return findings

    if target is not None and commercial_url and (judged is None):
        commercial_host = host_of(commercial_url)
        if commercial_host is not None and commercial_host == inspected.host_ascii:
            sink.emit(
                COMMERCIAL_HOST_REUSED,
                f"its host {commercial_host} is the commercial endpoint's host",
                hint=_reuse_hint(target, commercial_host),
                severity=Severity.INFO if confirmed else None,
            )
    return findings


_Judged = tuple[Rule, str, str, Severity | None]


def _service_host_finding(
    url: str, host: str, *, cloud: Cloud, catalog: CloudCatalog, confirmed: bool
) -> _Judged | None:
    """CP319 for another cloud's Microsoft service host; CP320 for a target cloud's backend
    on another cloud's Azure hosting (info once confirmed); None otherwise."""
    owner = service_host_cloud(host, catalog=catalog)
    if owner is None or cloud.id in owner.clouds:
        return None
    owners = _clouds_named(catalog.get(c) for c in owner.clouds)
    if owner.kind == "hosting":
        if not cloud.target:
            return None
        family = catalog.service(owner.family)
        own = family.hosts[cloud.id].value
        where = f"*.{own}" if own else "its own region"
        return (
            OTHER_CLOUD_HOSTING,
            f"{host} is {family.name} in {owners}, not in {cloud.name}",
            f"Confirm {host} is reachable from, and compliant for, {cloud.name} (set "
            f"clouds.{cloud.id}.endpoint.confirmed), or host the backend in {where}.",
            Severity.INFO if confirmed else None,
        )
    name = _family_name(owner.family, catalog)
    equivalent = equivalent_url(url, cloud.id, catalog=catalog)
    if equivalent is not None:
        right = host_of(equivalent) or equivalent
        what = f"{host} is {name} in {owners}; {cloud.name} uses {right}"
        hint = f"Use {equivalent}: {host} does not accept tokens of {cloud.name}."
    else:
        what = f"{host} is {name} in {owners}; its {cloud.name} host is not known"
        hint = f"Ask Microsoft for the {cloud.name} host of {name}; {host} does not work there."
    return OTHER_CLOUD_SERVICE, what, hint, None


def _family_name(family: str, catalog: CloudCatalog) -> str:
    names = {LOGIN_FAMILY: "the sign-in host", ISSUER_FAMILY: "the token issuer"}
    if family == CONSENT_FAMILY:
        return "the consent host"
    if family in names:
        return names[family]
    return catalog.service(family).name


def _clouds_named(clouds: Iterable[Cloud]) -> str:
    names = [c.short_name for c in clouds]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _reuse_hint(cloud: Cloud, host: str) -> str:
    return (
        f"Confirm that {host} is reachable from {cloud.name} and compliant for it (set "
        f"clouds.{cloud.id}.endpoint.confirmed); otherwise set mode specific with the "
        f"{cloud.short_name} endpoint."
    )


def _check_host(inspected: InspectedUrl, catalog: CloudCatalog, sink: FindingSink) -> None:
    """One finding at most about what the host is."""
    host = inspected.host_ascii or ""
    known = microsoft_hosts(catalog)
    if inspected.ip is not None:
        rule = IP_LITERAL if inspected.ip.is_public else NON_PUBLIC_IP
        sink.emit(rule, f"its host is an IP address, {inspected.ip.describe()}")
        return
    if inspected.has(*_DISGUISES):
        shown = inspected.host or host
        imitated = lookalike_of(shown, known)
        problem = next(p for p in inspected.problems if p.kind in _DISGUISES)
        if imitated:
            sink.emit(LOOKALIKE, _imitation(problem, imitated))
            return
        sink.emit(IDN_HOST, problem.detail)
        # Judge the name it resolves as, too: ｌｏｃａｌｈｏｓｔ is localhost.
    else:
        imitated = lookalike_of(host, known)
        if imitated:
            sink.emit(LOOKALIKE, f"its host {host} imitates {imitated} but belongs to someone else")
            return
    reason = special_use_reason(host)
    if reason is not None:
        sink.emit(LOCAL_NAME, f"its host {host} is {reason}")
    elif is_single_label(host):
        sink.emit(SINGLE_LABEL, f"its host {host} has a single label, which only resolves locally")


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings: list[Finding] = []
    for cloud_id, config in ctx.project.clouds.items():
        cloud = ctx.catalog.get(cloud_id)
        commercial_url = ctx.requirements(cloud_id).endpoint.commercial_url
        endpoint = config.endpoint
        base = FieldPath("clouds", cloud_id, "endpoint")
        has_url = bool(endpoint.url and endpoint.url.strip())
        if endpoint.mode is None:
            findings.append(
                UNDECIDED.finding(
                    f"{cloud.name}: the endpoint is not decided ({base}.mode is null); "
                    "C1 needs it."
                    + (
                        f" A url is entered ({display_value(endpoint.url or '')})."
                        if has_url
                        else ""
                    ),
                    path=f"{base}.mode",
                    cloud=cloud_id,
                    hint="Set the mode: same_as_commercial, specific (with its url) or "
                    "per_connection"
                    + (" (specific, to use the url you entered)." if has_url else "."),
                )
            )
        elif endpoint.mode is EndpointMode.SPECIFIC:
            if not has_url:
                findings.append(
                    SPECIFIC_WITHOUT_URL.finding(
                        f"{cloud.name}: {base}.mode is specific but {base}.url is empty.",
                        path=f"{base}.url",
                        cloud=cloud_id,
                    )
                )
            else:
                findings.extend(
                    check_endpoint_url(
                        endpoint.url or "",
                        cloud=cloud,
                        path=f"{base}.url",
                        commercial_url=commercial_url,
                        confirmed=endpoint.confirmed,
                        catalog=ctx.catalog,
                    )
                )
        else:
            if endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL:
                findings.extend(
                    _same_as_commercial(
                        cloud, commercial_url, base, ctx.catalog, confirmed=endpoint.confirmed
                    )
                )
            if has_url:
                findings.append(
                    URL_IGNORED.finding(
                        f"{cloud.name}: {base}.url is {display_value(endpoint.url or '')} but "
                        f"the mode is {endpoint.mode.value}, so the url is ignored.",
                        path=f"{base}.url",
                        cloud=cloud_id,
                    )
                )
    return findings


def _same_as_commercial(
    cloud: Cloud,
    commercial_url: str | None,
    base: str,
    catalog: CloudCatalog,
    *,
    confirmed: bool,
) -> list[Finding]:
    """The commercial endpoint reused: CP319 when it is a Microsoft service of another
    cloud (never downgraded), CP320 when it runs on another cloud's Azure hosting, else
    CP313; the last two are info once the publisher confirmed the endpoint."""
    if not commercial_url or placeholder_host_in(commercial_url) is not None:
        return []
    host = host_of(commercial_url)
    if host is None:
        return []
    path = f"{base}.mode"
    judged = _service_host_finding(
        commercial_url, host, cloud=cloud, catalog=catalog, confirmed=confirmed
    )
    if judged is not None:
        rule, what, hint, severity = judged
        return [
            rule.finding(
                f"{path} is same_as_commercial ({cloud.short_name}), but {what}.",
                path=path,
                cloud=cloud.id,
                hint=hint,
                severity=severity,
            )
        ]
    state = "confirmed by you" if confirmed else "not confirmed"
    return [
        COMMERCIAL_HOST_REUSED.finding(
            f"{path} is same_as_commercial ({cloud.short_name}): {host} is reused, {state}.",
            path=path,
            cloud=cloud.id,
            hint=_reuse_hint(cloud, host),
            severity=Severity.INFO if confirmed else None,
        )
    ]
