"""CP201–CP229: the consent redirect URLs registered on each target cloud's OAuth app.

A redirect is matched exactly by the identity provider, so anything but the exact string
`https://global.consent.azure-apihub.us/redirect/<connectorName>` (for the US clouds;
PRODUCT §2) fails at sign-in or, worse, sends the authorization code elsewhere. The
per-URL checks are `check_redirect_url`; whether the cloud's required redirect is
registered at all (checklist C3) is in `check`.
"""

from __future__ import annotations

from collections.abc import Iterable

from cloudprep.core.catalog import Cloud, CloudCatalog, load_catalog
from cloudprep.core.connector_name import ALLOWED_CHARACTERS, SHARED_PREFIX, is_internal_name
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.requirements import RedirectRequirement, redirect_requirement
from cloudprep.core.rules.base import NO_DOC, Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.url_policy import (
    DISGUISES,
    FindingSink,
    UrlPolicy,
    report_url_problems,
)
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


def _rule(
    rule_id: str, severity: Severity, title: str, hint: str, example: str, doc: RuleDoc = NO_DOC
) -> Rule:
    return Rule(rule_id, severity, Scope.CLOUD, title, hint, example, doc)


_E, _W = Severity.ERROR, Severity.WARNING

UNPARSEABLE = _rule(
    "CP201", _E, "Redirect URL is empty or cannot be parsed",
    "Enter the full redirect, starting with https://.",
    "global.consent.azure-apihub.us/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the value is empty, has no `scheme://host` part, cannot be split by "
            "`urllib.parse.urlsplit`, has an invalid host name (checked with `validators`: "
            "empty labels, labels over 63 characters, underscores, leading hyphens), an "
            "invalid port, a number-like host that is no valid IPv4 address (`1.2.3.256`), or "
            "is longer than 2048 characters."
        ),
        why="nothing can be registered or compared until the value is a URL.",
        fix="enter the full redirect, starting with `https://`.",
        example="`global.consent.azure-apihub.us/redirect/contosotasks`.",
    ),
)  # fmt: skip
WHITESPACE = _rule(
    "CP202", _E, "Redirect URL has whitespace or invisible characters",
    "Remove the spaces, tabs, newlines and invisible characters.",
    f" {_GOV}\n",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "leading or trailing whitespace (spaces, tabs, newlines, no-break spaces, a BOM), "
            "and any whitespace, control or invisible format character inside the value (tab, "
            "newline, NUL, zero-width space, right-to-left override). The message names each "
            "character (`U+0009 TAB`)."
        ),
        why=(
            "redirects match exactly. Worse, a browser and `urlsplit` silently drop tabs and "
            "newlines, so `…/redi⇥rect/x` opens `…/redirect/x` while the registered string is "
            "something else."
        ),
        fix="remove the characters; retype the URL rather than pasting it from a document.",
        example="` https://global.consent.azure-apihub.us/redirect/contosotasks` (leading space).",
    ),
)  # fmt: skip
NOT_HTTPS = _rule(
    "CP203", _E, "Redirect URL is not https",
    "Use https://.",
    "http://global.consent.azure-apihub.us/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="the scheme is anything but `https` (`http`, `HTTP`, `ftp`, …).",
        why=(
            "the consent service redirects over https only, and an http redirect sends the "
            "authorization code in clear text (PRODUCT §7)."
        ),
        fix="use `https://`.",
        example="`http://global.consent.azure-apihub.us/redirect/contosotasks`.",
    ),
)  # fmt: skip
USERINFO = _rule(
    "CP204", _E, "Redirect URL has a user-info part (user@host)",
    "Remove everything between https:// and the @; the real host is the part after it.",
    "https://global.consent.azure-apihub.us@evil.example/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "anything before an `@` in the authority. The message names the real host (the "
            "part after the last `@`). An `@` in the path is not user-info and is judged as "
            "part of the name (CP216)."
        ),
        why=(
            "`https://global.consent.azure-apihub.us@evil.example/…` reads like the consent "
            "host but goes to `evil.example` (PRODUCT §7)."
        ),
        fix="remove everything between `https://` and the `@`.",
        example="`https://evil.com@global.consent.azure-apihub.us/redirect/contosotasks`.",
    ),
)  # fmt: skip
PORT = _rule(
    "CP205", _E, "Redirect URL has a port",
    "Remove the port: the consent redirect has none.",
    "https://global.consent.azure-apihub.us:8443/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="an explicit port other than 443 (`:8443`, `:80`).",
        why=(
            "the consent service listens on the default https port; the registered string "
            "must match the one it sends, which has no port."
        ),
        fix="remove the port.",
        example="`https://global.consent.azure-apihub.us:8443/redirect/contosotasks`.",
    ),
)  # fmt: skip
DEFAULT_PORT = _rule(
    "CP206", _E, "Redirect URL spells out the default port :443",
    "Remove ':443': redirects are matched exactly, and the consent service sends none.",
    "https://global.consent.azure-apihub.us:443/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="an explicit `:443` (or an empty port, a bare `:` after the host).",
        why=(
            "equivalent for a browser, but redirects are compared as strings (PRODUCT §7: \"an "
            "explicit `:443` (redirects match exactly)\")."
        ),
        fix="remove `:443`.",
        example="`https://global.consent.azure-apihub.us:443/redirect/contosotasks`.",
    ),
)  # fmt: skip
QUERY_FRAGMENT = _rule(
    "CP207", _E, "Redirect URL has a query or a fragment",
    "Remove everything from the ? or # on.",
    f"{_GOV}?tenant=contoso",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="a `?` or a `#`, even with nothing after it.",
        why="the consent redirect has neither; a registered query breaks the exact match.",
        fix="remove everything from the `?` or `#` on.",
        example="`https://global.consent.azure-apihub.us/redirect/contosotasks?tenant=contoso`.",
    ),
)  # fmt: skip
TRAILING_SLASH = _rule(
    "CP208", _E, "Redirect URL ends with a slash",
    "Remove the trailing slash: redirects are matched exactly.",
    f"{_GOV}/",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="the path ends with `/` (the shared `…/redirect/` also gets CP215).",
        why="`…/redirect/contosotasks/` is another string than `…/redirect/contosotasks`.",
        fix="remove the trailing slash.",
        example="`https://global.consent.azure-apihub.us/redirect/contosotasks/`.",
    ),
)  # fmt: skip
AMBIGUOUS_PATH = _rule(
    "CP209", _E, "Redirect path has dot segments, encoded separators or backslashes",
    "Write the path plainly as /redirect/<connectorName>.",
    "https://global.consent.azure-apihub.us/redirect/%2e%2e/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "a `.` or `..` path segment, raw or percent-encoded (`%2e%2e`, `.%2E`), an "
            "encoded `/` or `\\` (`%2F`, `%5C`), or a backslash anywhere. For a backslash the "
            "message says which host a browser opens: browsers read `\\` as `/` in https URLs, "
            "`urlsplit` does not, so `https://evil.example\\@host/` is `evil.example` to one "
            "and `host` to the other."
        ),
        why=(
            "such paths are normalized differently by browsers, proxies and servers: what is "
            "registered and what is followed differ (PRODUCT §7)."
        ),
        fix="write the path plainly as `/redirect/<connectorName>`.",
        example="`https://global.consent.azure-apihub.us/redirect/%2e%2e/contosotasks`.",
    ),
)  # fmt: skip
DISGUISED_HOST = _rule(
    "CP210", _E, "Redirect host is not plain ASCII (homoglyph, punycode or %-escape)",
    "Type the host again in plain ASCII.",
    "https://glоbal.consent.azure-apihub.us/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the host has non-ASCII characters (a Cyrillic `о`, full-width letters or dots "
            "such as `．`), `xn--` punycode labels, or percent-escapes (`%2e`). The message "
            "names each character (`U+043E CYRILLIC SMALL LETTER O`), what the host resolves "
            "as, and which Microsoft host it imitates when it looks like one."
        ),
        why=(
            "homoglyph and punycode hosts look like `global.consent.azure-apihub.us` and are "
            "not (PRODUCT §7); full-width dots fold to ASCII only in some parsers."
        ),
        fix="type the host again in plain ASCII.",
        example="`https://glоbal.consent.azure-apihub.us/redirect/contosotasks` (Cyrillic `о`).",
    ),
)  # fmt: skip
LOOKALIKE = _rule(
    "CP211", _E, "Redirect host imitates a Microsoft host",
    "Register the real consent redirect; never a host that merely contains it.",
    "https://global.consent.azure-apihub.us.evil.example/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "an ASCII host outside Microsoft's domains that imitates a catalog host (consent, "
            "login or Graph host): a catalog host used as the first labels of another domain "
            "(`global.consent.azure-apihub.us.evil.com`, `…azure-apihub.us-evil.com`), a "
            "near-miss of its domain (`azure-apihubb.us`, one or two letters off), the usual "
            "swaps (`0`/`o`, `rn`/`m`, `1`/`l`), or the brand of a catalog domain inside "
            "another label (`login-microsoftonline.com`)."
        ),
        why="a look-alike host receives the authorization code (PRODUCT §7).",
        fix="register the real consent redirect.",
        example="`https://global.consent.azure-apihub.us.evil.example/redirect/contosotasks`.",
    ),
)  # fmt: skip
OTHER_CLOUD_HOST = _rule(
    "CP212", _E, "Redirect uses the consent host of another cloud",
    "Register this cloud's own consent redirect; another cloud's consent host never calls it.",
    "https://global.consent.azure-apim.net/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the host is the consent host, or under the consent domain, of another cloud: the "
            "commercial `global.consent.azure-apim.net` or any `*.consent.azure-apim.net` "
            "(regional ones included) for a US government cloud; the US government "
            "`global.consent.azure-apihub.us` (shared by GCC, GCC High, DoD and Azure "
            "Government) for the commercial cloud or Mooncake. For Mooncake it fires whether "
            "or not an expected redirect is entered: another cloud's consent host is "
            "certainly not Mooncake's. The two hosts guessed for Mooncake "
            "(`global.consent.azure-apim.cn`, `global.consent.azure-apihub.cn`) are treated "
            "alike, as unverified Mooncake hosts."
        ),
        why=(
            "the government clouds have their own consent service, "
            "`global.consent.azure-apihub.us` (the GA page). The commercial redirect on a "
            "government app is the most common copy-paste mistake (PRODUCT §1)."
        ),
        fix=(
            "register the cloud's own consent redirect (for the US government clouds "
            "`https://global.consent.azure-apihub.us/redirect/<connectorName>`)."
        ),
        example="`https://global.consent.azure-apim.net/redirect/contosotasks` for GCC High.",
    ),
)  # fmt: skip
NOT_CONSENT_HOST = _rule(
    "CP213", _E, "Redirect host is not the cloud's consent host",
    "Register this cloud's consent redirect. An extra URI beside the exact redirect is only "
    "a warning; remove it unless another client needs it.",
    "https://contoso.example/oauth/callback",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "any other host, including IP literals (any spelling) and local names, when the "
            "cloud's consent host is known (always for the US clouds; for Mooncake once "
            "`expected_redirect` is entered). For Mooncake's own `expected_redirect`, an "
            "IP-literal host. When the exact redirect is registered too, an extra URI that is "
            "not hostile (no look-alike, user-info, http, homoglyph or other cloud's consent "
            "host) is a warning, and so are its other findings."
        ),
        why=(
            "only the consent service's redirect completes the connection's sign-in. Entra "
            "allows several redirect URIs on an app and the source pages do not forbid "
            "extras, so beside the exact redirect an extra is a warning; without it, the app "
            "cannot work."
        ),
        fix="register the cloud's consent redirect; remove extras no other client needs.",
        example="`https://contoso.example/oauth/callback` for GCC High.",
    ),
)  # fmt: skip
REGIONAL_HOST = _rule(
    "CP214", _E, "Redirect uses a regional consent host, not the global one",
    "Register the global consent redirect.",
    "https://usgov-001.consent.azure-apihub.us/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the host is under the cloud's consent domain (`consent.azure-apihub.us`) but is "
            "not its global host (`global.consent.azure-apihub.us`), e.g. a regional host. "
            "Often comes with CP215."
        ),
        why=(
            "the GA page publishes one government redirect, the global per-connector one "
            "(PRODUCT §2, §7: \"a regional `…consent.azure-apihub.us/redirect` without the "
            "connector name\")."
        ),
        fix="register the global redirect.",
        example="`https://usgov-001.consent.azure-apihub.us/redirect/contosotasks`.",
    ),
)  # fmt: skip
NO_CONNECTOR_NAME = _rule(
    "CP215", _E, "Redirect has no connector name",
    "Add the connector's internal name: /redirect/<connectorName>.",
    "https://global.consent.azure-apihub.us/redirect",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks="on the consent host, the path is `/redirect` (or `/redirect/`) with no name.",
        why=(
            "the government redirect is per connector, `…/redirect/<connectorName>` (PRODUCT "
            "§2); the shared form is the commercial legacy one."
        ),
        fix="add the connector's internal name.",
        example="`https://global.consent.azure-apihub.us/redirect`.",
    ),
)  # fmt: skip
WRONG_NAME = _rule(
    "CP216", _E, "Redirect names another connector",
    "Use the connector's internal name exactly (lowercase, no shared_ prefix).",
    "https://global.consent.azure-apihub.us/redirect/shared_contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the name after `/redirect/` differs from `connector.name` (or from the name in "
            "Mooncake's `expected_redirect`) by more than case; when the name is unknown, a "
            "name with the `shared_` prefix or one that is not an internal name (lowercase "
            "ASCII letters, digits, dots, dashes and underscores: the one pattern CP103 uses "
            "too)."
        ),
        why=(
            "the internal name is Microsoft's, lowercase, without `shared_`, and cannot be "
            "derived from the display name (\"N-able Cloud Commander\" is "
            "`n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f`; PRODUCT §3)."
        ),
        fix="use `connector.name` exactly.",
        example="`https://global.consent.azure-apihub.us/redirect/shared_contosotasks`.",
    ),
)  # fmt: skip
NAME_CASE = _rule(
    "CP217", _E, "Redirect connector name differs in case",
    "Write the connector name in lowercase, exactly as Microsoft assigned it.",
    "https://global.consent.azure-apihub.us/redirect/ContosoTasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "the name equals `connector.name` except for case; when the name is unknown or "
            "is not an internal name, any uppercase letter in it."
        ),
        why=(
            "internal names are lowercase (PRODUCT §3) and redirect paths match "
            "case-sensitively."
        ),
        fix="write the name in lowercase.",
        example="`https://global.consent.azure-apihub.us/redirect/ContosoTasks`.",
    ),
)  # fmt: skip
BAD_PATH = _rule(
    "CP218", _E, "Redirect path is not /redirect/<connectorName>",
    "Use the path /redirect/<connectorName> and nothing else.",
    "https://global.consent.azure-apihub.us/oauth/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "on the consent host, a path other than `/redirect/<name>`: no path, "
            "`/Redirect/…`, `/redirects/…`, a prefix (`/oauth/redirect/…`) or segments after "
            "the name. For Mooncake with an `expected_redirect` of another shape, any path "
            "other than the expected one."
        ),
        why="the consent service serves exactly `/redirect/<connectorName>` (PRODUCT §2).",
        fix="use the path `/redirect/<connectorName>`.",
        example="`https://global.consent.azure-apihub.us/oauth/redirect/contosotasks`.",
    ),
)  # fmt: skip
NOT_CANONICAL = _rule(
    "CP219", _E, "Redirect scheme or host is not written canonically",
    "Write the scheme and host in lowercase, without a trailing dot.",
    "HTTPS://Global.Consent.Azure-ApiHub.us/redirect/contosotasks",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls[i]`",
        checks=(
            "uppercase letters in the scheme or host (`HTTPS://`, `Global.Consent…`), or a "
            "host ending with a dot (`global.consent.azure-apihub.us.`)."
        ),
        why=(
            "browsers normalize these, but the registered redirect is compared as a string; "
            "many OAuth providers other than Entra ID compare it byte for byte."
        ),
        fix="write the scheme and host in lowercase, without a trailing dot.",
        example="`HTTPS://Global.Consent.Azure-ApiHub.us/redirect/contosotasks`.",
    ),
)  # fmt: skip
NOT_REGISTERED = _rule(
    "CP220", _E, "The cloud's redirect is not registered on its OAuth app",
    "Add the cloud's redirect to the redirect URLs of this cloud's OAuth app.",
    "clouds.gcch.oauth_app.redirect_urls: [] (connector contosotasks)",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls`",
        checks=(
            "checklist C3. For a US cloud with `connector.name` set, the exact "
            "`https://global.consent.azure-apihub.us/redirect/<name>` is not among the "
            "registered URLs (an exact string comparison). For Mooncake, the entered "
            "`expected_redirect` (when it passes its own checks) is not among them; the "
            "message says **unverified**. When a registered URL is the same but for case, "
            "whitespace, a trailing slash or `:443`, the message points at it."
        ),
        why=(
            "the GA page: \"add the global redirect for government clouds\" to each government "
            "cloud's app (PRODUCT §2)."
        ),
        fix="register the exact redirect on that cloud's app, and list it.",
        example=(
            "`clouds.gcch.oauth_app.redirect_urls: []` with "
            "`connector.name: \"contosotasks\"`."
        ),
    ),
)  # fmt: skip
NAME_UNKNOWN = _rule(
    "CP221", _W, "Redirect cannot be checked: the connector name is unknown",
    "Set connector.name to the connector's internal name (from its URL in the maker portal, "
    "or ask your Microsoft contact); never derive it from the display name.",
    "connector.name: null, with clouds.gcch.oauth_app.redirect_urls set",
    doc=RuleDoc(
        location="`clouds.<cloud>.oauth_app.redirect_urls`",
        checks=(
            "a US cloud's redirect while `connector.name` is null, or is not an internal name "
            "(CP103: capitals, a `shared_` prefix, spaces): the consent service calls the "
            "connector by its internal name, so no redirect made of another name is the one "
            "to register."
        ),
        why=(
            "the required redirect contains the internal name, which Microsoft assigns and "
            "which is never derived from the display name (PRODUCT §3), so C3 stays "
            "unverified. A warning rather than an error: the registered URLs are still "
            "checked for every other trap, the missing name itself is reported at connector "
            "level (CP101/CP102), and the checklist shows C3 as unverified, so the request "
            "cannot look complete."
        ),
        fix=(
            "set `connector.name` (from the connector's URL in the maker portal, or ask your "
            "Microsoft contact)."
        ),
        example="`connector.name: null`, with `clouds.gcch.oauth_app.redirect_urls` set.",
    ),
)  # fmt: skip
MOONCAKE_UNVERIFIED = _rule(
    "CP222", _W, "Mooncake redirect is unverified: no expected redirect entered",
    "Ask your Microsoft contact for the Mooncake redirect and enter it in "
    "clouds.mooncake.expected_redirect; it stays unverified.",
    "clouds.mooncake.expected_redirect: null",
    doc=RuleDoc(
        location="`clouds.mooncake.expected_redirect`",
        checks="`clouds.mooncake.expected_redirect` is empty.",
        why=(
            "no public consent redirect is documented for Mooncake, and a Microsoft statement "
            "says Power Apps and Power Automate there do not integrate third-party connectors "
            "(PRODUCT §3). C3 stays unverified until the user enters the redirect Microsoft "
            "gives. Once entered, the value gets the generic traps (CP201–CP211, CP213 for an "
            "IP host, CP219), always marked unverified, and the registered URLs are compared "
            "with it."
        ),
        fix="ask the Microsoft contact for the Mooncake redirect, enter it, and register it.",
        example="`clouds.mooncake.expected_redirect: null`.",
    ),
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    UNPARSEABLE, WHITESPACE, NOT_HTTPS, USERINFO, PORT, DEFAULT_PORT, QUERY_FRAGMENT,
    TRAILING_SLASH, AMBIGUOUS_PATH, DISGUISED_HOST, LOOKALIKE, OTHER_CLOUD_HOST,
    NOT_CONSENT_HOST, REGIONAL_HOST, NO_CONNECTOR_NAME, WRONG_NAME, NAME_CASE, BAD_PATH,
    NOT_CANONICAL, NOT_REGISTERED, NAME_UNKNOWN, MOONCAKE_UNVERIFIED,
)  # fmt: skip

DOC_SECTIONS: dict[str, str] = {
    "CP201": """\
## CP2xx: redirect URLs

CP201–CP222 are cloud-level (`cloudprep.core.rules.redirect`): they look at the redirect URLs
registered on each target cloud's OAuth app (`clouds.<cloud>.oauth_app.redirect_urls[i]`) and,
for Mooncake, at `clouds.mooncake.expected_redirect`. They apply only when the connector needs
an OAuth app per cloud (an `oauth2` auth kind, not `aadcertificate`; PRODUCT §6). A redirect is
matched exactly by the identity provider, so every one of them is an error except CP221 and
CP222. The per-URL checks are one function, `check_redirect_url`, which `cloudprep check`,
`cloudprep check-url redirect` and the wizard's live validation all call. Each message names
the field path and the value (invisible characters escaped); each hint gives the exact redirect
to register (`Register exactly https://global.consent.azure-apihub.us/redirect/<name> on the
GCC High app.`).

Source of the expected value: for GCC, GCC High, DoD and Azure Government the catalog's
`https://global.consent.azure-apihub.us/redirect/<connectorName>` (the GA page; PRODUCT §2),
with `<connectorName>` = `connector.name`. For Mooncake no redirect is published (PRODUCT §3):
the user enters the one Microsoft gives in `expected_redirect`, and every message about it says
**unverified**. For the commercial cloud (`check-url --cloud commercial`), the catalog's known
legacy and regional redirects (`https://global.consent.azure-apim.net/redirect`,
`https://europe-001.consent.azure-apim.net/redirect`,
`https://msmanaged-na.consent.azure-apim.net/redirect`) are accepted as they are; whether the
connector should move to the per-connector form is CP230.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


_K = UrlProblemKind
# A redirect is matched exactly: every problem of the URL is an error of its own rule.
REDIRECT_POLICY = UrlPolicy("redirect", always={
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
})  # fmt: skip
_DISGUISES = DISGUISES
_PATH_TRICKS = (_K.DOT_SEGMENT, _K.ENCODED_SEPARATOR, _K.BACKSLASH)
_SHARED_PREFIX = SHARED_PREFIX


def _register_hint(cloud: Cloud, target: RedirectRequirement) -> str:
    entered = target.unverified and target.exact.value
    tail = " (unverified: it is the value you entered)" if entered else ""
    shown = (
        target.shown
        if not target.unverified or entered
        else (f"the redirect Microsoft gives for {cloud.name}")
    )
    return f"Register exactly {shown} on the {cloud.short_name} app{tail}."


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

    What the cloud requires comes from `requirements.redirect_requirement`: for the US
    clouds the catalog's redirect for `connector_name`; for Mooncake `expected`, the one the
    user entered, which is unverified. Never raises.
    """
    catalog = catalog or load_catalog()
    target = redirect_requirement(cloud, connector_name=connector_name, entered=expected)
    inspected = inspect_url(url)
    register = _register_hint(cloud, target)
    sink = FindingSink(path, cloud.id, default_hint=lambda rule: f"{rule.hint} {register}")
    report_url_problems(inspected, REDIRECT_POLICY, sink, catalog=catalog)
    if url in cloud.known_consent_redirects.value or _is_shared_legacy(inspected, cloud):
        return sink.findings  # a legacy or regional redirect the catalog knows for this cloud
    if not inspected.usable or inspected.has(*_DISGUISES):
        return sink.findings
    _check_host_and_path(inspected, target, cloud, catalog, sink)
    return sink.findings


def _is_shared_legacy(inspected: InspectedUrl, cloud: Cloud) -> bool:
    """The shared `/redirect` on the cloud's global or a regional consent host
    (`asia-001.consent.azure-apim.net`, `msmanaged-na.consent.azure-apim.net`): one family
    of legacy hosts, known for the clouds that list any of them (commercial)."""
    suffix = cloud.consent_host_suffix.value
    host = inspected.host_ascii or ""
    return (
        bool(cloud.known_consent_redirects.value)
        and suffix is not None
        and not inspected.problems
        and host.endswith("." + suffix)
        and inspected.path == "/redirect"
    )


def _check_host_and_path(
    inspected: InspectedUrl,
    target: RedirectRequirement,
    cloud: Cloud,
    catalog: CloudCatalog,
    sink: FindingSink,
) -> None:
    host = inspected.host_ascii or ""
    if inspected.ip is not None:
        sink.emit(NOT_CONSENT_HOST, f"its host is an IP address, {inspected.ip.describe()}")
        return
    imitated = lookalike_of(host, microsoft_hosts(catalog))
    if imitated:
        sink.emit(LOOKALIKE, f"its host {host} imitates {imitated} but belongs to someone else")
        return
    if target.consent_host is not None and host == target.consent_host:
        _check_path(inspected, target, cloud, sink)
        return
    others = _other_clouds_with_consent_host(host, cloud, catalog)
    if others and (target.consent_host is not None or target.unverified):
        # Even where this cloud's redirect is unknown (Mooncake), another cloud's consent
        # host is certainly not it.
        names = [c.short_name for c in others]
        shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        sink.emit(
            OTHER_CLOUD_HOST,
            f"{host} is the consent host of {shown}, not of {cloud.name}",
        )
        return
    suffix = cloud.consent_host_suffix.value
    if suffix and (host == suffix or host.endswith("." + suffix)) and target.consent_host:
        sink.emit(
            REGIONAL_HOST,
            f"{host} is a regional or other consent host; {cloud.name} needs {target.consent_host}",
        )
        _check_path(inspected, target, cloud, sink)
        return
    if target.consent_host is not None:
        sink.emit(NOT_CONSENT_HOST, f"its host {host} is not {target.consent_host}")


def _check_path(
    inspected: InspectedUrl, target: RedirectRequirement, cloud: Cloud, sink: FindingSink
) -> None:
    if inspected.has_trailing_slash:
        sink.emit(TRAILING_SLASH, f"its path {inspected.path} ends with a slash")
    if inspected.has(*_PATH_TRICKS) or target.path_segments is None:
        return
    if "//" in inspected.path.rstrip("/"):
        # Redirects match exactly: /redirect//name is not /redirect/name.
        sink.emit(BAD_PATH, f"its path {display_value(inspected.path)} has an empty segment (//)")
        return
    segments = tuple(s for s in inspected.path.split("/") if s)
    expected = target.path_segments
    if expected[:1] != ("redirect",):
        # A Mooncake redirect of another shape (the user's, unverified): compare whole.
        if segments != expected:
            sink.emit(BAD_PATH, f"its path differs from the expected (unverified) {target.shown}")
        return
    if not segments or segments[0] != "redirect":
        what = f"its path is {display_value(inspected.path or '/')}, not /redirect/<name>"
        if segments and segments[0].lower() == "redirect":
            what += " ('redirect' must be lowercase)"
        sink.emit(BAD_PATH, what)
        return
    if len(segments) == 1:
        sink.emit(
            NO_CONNECTOR_NAME,
            "it is the shared /redirect without the connector name; "
            f"{cloud.name} needs the per-connector redirect",
        )
        return
    if len(segments) > 2:
        sink.emit(BAD_PATH, f"its path {inspected.path} has segments after the connector name")
        return
    _check_name(segments[1], expected[1] if len(expected) > 1 else None, sink)


def _check_name(written: str, expected: str | None, sink: FindingSink) -> None:
    if expected is not None:
        if written == expected:
            return
        if written.lower() == expected.lower():
            sink.emit(NAME_CASE, f"its connector name {written} differs in case from {expected}")
        elif written.lower() == _SHARED_PREFIX + expected:
            sink.emit(WRONG_NAME, f"its connector name {written} has the {_SHARED_PREFIX} prefix")
        else:
            sink.emit(
                WRONG_NAME, f"its connector name {written} is not this connector's {expected}"
            )
        return
    if written != written.lower():
        sink.emit(NAME_CASE, f"its connector name {written} is not lowercase; internal names are")
    elif written.startswith(_SHARED_PREFIX):
        sink.emit(WRONG_NAME, f"its connector name {written} has the {_SHARED_PREFIX} prefix")
    elif not is_internal_name(written):
        sink.emit(
            WRONG_NAME,
            f"{display_value(written)} is not a connector name ({ALLOWED_CHARACTERS})",
        )


def _other_clouds_with_consent_host(
    host: str, cloud: Cloud, catalog: CloudCatalog
) -> tuple[Cloud, ...]:
    """Every other cloud whose consent domain `host` is in (the four US government clouds
    share azure-apihub.us), when it is not this cloud's own."""
    own = cloud.consent_host_suffix.value
    found: list[Cloud] = []
    for other in catalog.clouds:
        suffix = other.consent_host_suffix.value
        if other.id == cloud.id or suffix is None or suffix == own:
            continue
        if host == other.consent_host or host == suffix or host.endswith("." + suffix):
            found.append(other)
    return tuple(found)


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
    sink = FindingSink(
        path, cloud.id, subject=f"{path} (unverified)", default_hint=lambda _rule: hint
    )
    report_url_problems(inspected, REDIRECT_POLICY, sink, catalog=catalog)
    if inspected.usable and inspected.host_ascii and not inspected.has(*_DISGUISES):
        if inspected.ip is not None:
            sink.emit(NOT_CONSENT_HOST, f"its host is an IP address, {inspected.ip.describe()}")
        elif imitated := lookalike_of(inspected.host_ascii, microsoft_hosts(catalog)):
            sink.emit(
                LOOKALIKE,
                f"its host {inspected.host_ascii} imitates {imitated} but belongs to someone else",
            )
    return sink.findings


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
        required = ctx.requirements(cloud_id).redirect
        cloud = ctx.catalog.get(cloud_id)
        base = FieldPath("clouds", cloud_id, "oauth_app", "redirect_urls")
        registered = config.oauth_app.redirect_urls
        expected = required.exact.value
        if not required.unverified:
            if expected is None:
                findings.append(
                    NAME_UNKNOWN.finding(
                        f"connector.name is not set, so {base} cannot be checked against "
                        f"{required.shown}."
                        if not connector.name
                        else f"connector.name is not an internal name (CP103), so {base} "
                        "cannot be checked.",
                        path=base,
                        cloud=cloud_id,
                    )
                )
        else:
            expected = _mooncake_expected(ctx, cloud, config.expected_redirect, findings)
        exact_registered = expected is not None and expected in registered
        for index, url in enumerate(registered):
            found = check_redirect_url(
                url,
                cloud=cloud,
                connector_name=connector.name,
                path=base.child(index),
                expected=expected,
                catalog=ctx.catalog,
            )
            if exact_registered and not any(f.rule in _HOSTILE for f in found):
                found = [_as_extra(f, expected or "") for f in found]
            findings.extend(found)
        if expected is not None and expected not in registered:
            findings.append(_not_registered(cloud, expected, registered, base))
    return findings


_HOSTILE = frozenset(
    r.id for r in (NOT_HTTPS, USERINFO, DISGUISED_HOST, LOOKALIKE, OTHER_CLOUD_HOST)
)
"""What stays an error on an extra redirect URI: it could send the authorization code to
someone else, or the app is another cloud's."""


def _as_extra(finding: Finding, expected: str) -> Finding:
    """An extra, harmless redirect URI beside the exact one: Entra allows several, so it is
    a warning (issue 10; the source pages do not forbid it)."""
    if finding.rule != NOT_CONSENT_HOST.id:
        return finding._replace(severity=Severity.WARNING)
    return finding._replace(
        severity=Severity.WARNING,
        message=f"{finding.path} is an extra redirect URI beside the exact {expected}.",
        hint="Remove it unless another client of this app needs it; the consent service "
        "only uses the exact redirect.",
    )


def _mooncake_expected(
    ctx: RuleContext, cloud: Cloud, entered: str | None, findings: list[Finding]
) -> str | None:
    """The user-entered redirect for a cloud without a published one, when usable."""
    path = f"clouds.{cloud.id}.expected_redirect"
    if entered is None or not entered.strip():
        findings.append(
            MOONCAKE_UNVERIFIED.finding(
                f"{path} is empty and no redirect is published for {cloud.short_name}, so C3 "
                "stays unverified.",
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
