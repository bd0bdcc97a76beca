"""core/urls.py: parsing, IP literals in every spelling, special names and look-alikes.

Every expectation below is written by hand (addresses worked out on paper, e.g.
3232235777 = 192·2²⁴ + 168·2¹⁶ + 1·2⁸ + 1).
"""

from __future__ import annotations

import ipaddress

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.urls import (
    AddressCategory,
    InspectedUrl,
    UrlProblem,
    UrlProblemKind,
    display_value,
    host_of,
    inspect_url,
    is_guid,
    is_ip_literal,
    is_single_label,
    is_valid_hostname,
    lookalike_of,
    microsoft_hosts,
    parse_ip_literal,
    skeleton,
    special_use_reason,
)

K = UrlProblemKind


def kinds(url: str) -> set[UrlProblemKind]:
    return {p.kind for p in inspect_url(url).problems}


def problem_of(inspected: InspectedUrl, kind: UrlProblemKind) -> UrlProblem | None:
    return next((p for p in inspected.problems if p.kind is kind), None)


# --- parsing ------------------------------------------------------------------------------


def test_clean_url_has_no_problem_and_its_parts() -> None:
    inspected = inspect_url("https://global.consent.azure-apihub.us/redirect/teamforms")
    assert inspected.problems == ()
    assert inspected.scheme == "https"
    assert inspected.host == "global.consent.azure-apihub.us"
    assert inspected.host_ascii == "global.consent.azure-apihub.us"
    assert inspected.port is None
    assert inspected.path == "/redirect/teamforms"
    assert inspected.usable
    assert not inspected.has_trailing_slash


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {K.EMPTY}),
        ("   ", {K.SURROUNDING_WHITESPACE, K.EMPTY}),
        (" https://a.example.com/x", {K.SURROUNDING_WHITESPACE}),
        ("https://a.example.com/x\n", {K.SURROUNDING_WHITESPACE}),
        ("\ufeffhttps://a.example.com/x", {K.SURROUNDING_WHITESPACE}),  # BOM
        ("https://a.example.com/x\u00a0", {K.SURROUNDING_WHITESPACE}),  # NBSP
        ("https://a.example.com/re\tdirect", {K.INNER_CONTROL}),
        ("https://a.example.com/re\ndirect", {K.INNER_CONTROL}),
        ("https://a.example.com/re direct", {K.INNER_CONTROL}),
        ("https://a.exa\u200bmple.com/x", {K.INNER_CONTROL, K.NON_ASCII_HOST}),  # zero-width
        ("https://a.example.com/\u202ex", {K.INNER_CONTROL}),  # right-to-left override
        ("a.example.com/x", {K.NOT_ABSOLUTE}),
        ("//a.example.com/x", {K.NOT_ABSOLUTE}),
        ("https:a.example.com", {K.NOT_ABSOLUTE}),
        ("https:/a.example.com", {K.NOT_ABSOLUTE}),
        ("https://", {K.NOT_ABSOLUTE}),
        ("https://:443/x", {K.NOT_ABSOLUTE}),
        ("http://a.example.com/x", {K.NOT_HTTPS}),
        ("ftp://a.example.com/x", {K.NOT_HTTPS}),
        ("javascript://a.example.com/%0aalert(1)", {K.NOT_HTTPS}),
        ("HTTPS://a.example.com/x", {K.NOT_LOWERCASE}),
        ("https://A.Example.com/x", {K.NOT_LOWERCASE}),
        ("https://evil.example@a.example.com/x", {K.USERINFO}),
        ("https://user:pass@a.example.com/x", {K.USERINFO}),
        ("https://a.example.com/x@evil.example", set()),  # an @ in the path is no user-info
        ("https://a.example.com:8443/x", {K.NON_DEFAULT_PORT}),
        ("https://a.example.com:443/x", {K.EXPLICIT_DEFAULT_PORT}),
        ("https://a.example.com:/x", {K.EXPLICIT_DEFAULT_PORT}),
        ("http://a.example.com:80/x", {K.NOT_HTTPS, K.EXPLICIT_DEFAULT_PORT}),
        ("https://a.example.com:99999/x", {K.INVALID_PORT}),
        ("https://a.example.com:4a3/x", {K.INVALID_PORT}),
        ("https://a.example.com:0/x", {K.INVALID_PORT}),  # no server listens on port 0
        ("https://a.example.com:00/x", {K.INVALID_PORT}),
        pytest.param(
            "https://a.example.com:" + "9" * 5000 + "/x",
            {K.INVALID_PORT, K.TOO_LONG},
            id="port of 5000 digits",
        ),
        ("https://a.example.com/x?", {K.QUERY}),
        ("https://a.example.com/x?a=1", {K.QUERY}),
        ("https://a.example.com/x#", {K.FRAGMENT}),
        ("https://a.example.com/x#?a", {K.FRAGMENT}),
        ("https://a.example.com/x/../y", {K.DOT_SEGMENT}),
        ("https://a.example.com/x/./y", {K.DOT_SEGMENT}),
        ("https://a.example.com/x/%2e%2e/y", {K.DOT_SEGMENT}),
        ("https://a.example.com/x/%2E./y", {K.DOT_SEGMENT}),
        ("https://a.example.com/x/.%2e", {K.DOT_SEGMENT}),
        ("https://a.example.com/x%2Fy", {K.ENCODED_SEPARATOR}),
        ("https://a.example.com/x%5cy", {K.ENCODED_SEPARATOR}),
        ("https://a.example.com\\x", {K.BACKSLASH}),
        ("https://a.example.com./x", {K.TRAILING_DOT}),
        ("https://a..example.com/x", {K.INVALID_HOST}),
        ("https://-a.example.com/x", {K.INVALID_HOST}),
        ("https://a_b.example.com/x", {K.INVALID_HOST}),
        ("https://" + "a" * 64 + ".example.com/", {K.INVALID_HOST}),
        ("https://[::1/x", {K.UNPARSEABLE}),
        ("https://[zz]/x", {K.UNPARSEABLE}),
        ("https://a.example．com／x", {K.UNPARSEABLE}),  # full-width solidus in the host
        ("https://1.2.3.256/", {K.INVALID_HOST}),
        ("https://1.2.3.4.5/", {K.INVALID_HOST}),
        ("https://0x1g.example.0x/", {K.INVALID_HOST}),
        ("https://a.example.com%2eevil.example/x", {K.ENCODED_HOST}),
        ("https://xn--80ak6aa92e.com/", {K.PUNYCODE_HOST}),
        ("https://аpple.com/", {K.NON_ASCII_HOST}),  # Cyrillic а
        ("https://a.example．com/x", {K.NON_ASCII_HOST}),  # full-width full stop
        ("https://ａ.example.com/x", {K.NON_ASCII_HOST}),  # full-width letter
    ],
)
def test_problem_kinds(url: str, expected: set[UrlProblemKind]) -> None:
    assert kinds(url) == expected


def test_too_long_url() -> None:
    url = "https://a.example.com/" + "x" * 3000
    assert kinds(url) == {K.TOO_LONG}


def test_dropped_tab_does_not_hide_the_path_a_browser_opens() -> None:
    inspected = inspect_url("https://a.example.com/redi\trect/x")
    assert inspected.text == "https://a.example.com/redirect/x"
    assert inspected.path == "/redirect/x"
    assert inspected.has(K.INNER_CONTROL)


def test_backslash_is_read_as_a_browser_reads_it() -> None:
    inspected = inspect_url("https://evil.example\\@a.example.com/x")
    assert inspected.host == "evil.example"
    problem = problem_of(inspected, K.BACKSLASH)
    assert problem is not None
    assert "evil.example" in problem.detail and "a.example.com" in problem.detail


def test_userinfo_detail_names_the_real_host() -> None:
    inspected = inspect_url("https://global.consent.azure-apihub.us@evil.example/redirect/x")
    assert inspected.host == "evil.example"
    problem = problem_of(inspected, K.USERINFO)
    assert problem is not None and "the real host is evil.example" in problem.detail


def test_percent_encoded_host_is_decoded_like_a_browser() -> None:
    inspected = inspect_url("https://global.consent.azure-apihub.us%2eevil.example/redirect")
    assert inspected.host == "global.consent.azure-apihub.us.evil.example"


def test_full_width_host_folds_to_ascii_but_is_reported() -> None:
    inspected = inspect_url("https://global．consent．azure-apihub．us/redirect/x")
    assert inspected.host_ascii == "global.consent.azure-apihub.us"
    problem = problem_of(inspected, K.NON_ASCII_HOST)
    assert problem is not None and "FULLWIDTH FULL STOP" in problem.detail


def test_homoglyph_host_names_the_character() -> None:
    problem = problem_of(inspect_url("https://lоgin.microsoftonline.us"), K.NON_ASCII_HOST)
    assert problem is not None
    assert "U+043E CYRILLIC SMALL LETTER O" in problem.detail


def test_punycode_host_shows_its_unicode_form() -> None:
    inspected = inspect_url("https://xn--80ak6aa92e.com/")
    assert inspected.host == "аррӏе.com"
    problem = problem_of(inspected, K.PUNYCODE_HOST)
    assert problem is not None and "аррӏе.com" in problem.detail


def test_trailing_slash_and_segments() -> None:
    inspected = inspect_url("https://a.example.com/redirect/x/")
    assert inspected.has_trailing_slash
    assert not inspect_url("https://a.example.com/").has_trailing_slash


@pytest.mark.parametrize(
    "url",
    [
        "\x00",
        "\ud800",
        "https://\ud800.example.com/",
        "https://[",
        "https://]",
        "https://%",
        "https://%zz/",
        "https://a:b:c@d:e:f/",
        "https://xn--/",
        "https://xn--zz--.com/",
        "https://xn--a.xn--b/",
        "https://@/",
        "https://[::ffff:1.2.3]/",
        "https://[fe80::1%25]/",
        "https://{{host}}:{{port}}/",
        "h" * 100_000,
        "https://" + "a." * 50_000 + "com/",
        "https://" + "a" * 100_000 + ".com/",
        "https://a.example.com/" + "%" * 10_000,
        "https://0x" + "f" * 1000 + "/",
        "https://" + "9" * 1000 + "/",
        # More digits than `int` converts (4,300): in a host part and in a port.
        pytest.param("https://" + "9" * 5000 + "/", id="host of 5000 digits"),
        pytest.param("https://1." + "9" * 5000 + "/", id="host part of 5000 digits"),
        pytest.param("https://a.example.com:" + "9" * 5000 + "/", id="port of 5000 digits"),
        pytest.param("https://[::1]:" + "9" * 5000 + "/", id="IPv6 port of 5000 digits"),
        "\\\\server\\share",
        "https:\\\\a.example.com\\x",
        "mailto:someone@example.com",
        "data:text/html,<script>",
        "  \t\n  ",
    ],
)
def test_never_raises(url: str) -> None:
    inspected = inspect_url(url)
    assert inspected.raw == url
    display_value(url)
    if inspected.host:
        lookalike_of(inspected.host, microsoft_hosts(load_catalog()))


# --- IP literals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "address", "form", "category"),
    [
        ("192.168.1.1", "192.168.1.1", "dotted IPv4", AddressCategory.PRIVATE),
        ("3232235777", "192.168.1.1", "decimal", AddressCategory.PRIVATE),
        ("0xc0a80001", "192.168.0.1", "hexadecimal", AddressCategory.PRIVATE),
        ("0xC0A80001", "192.168.0.1", "hexadecimal", AddressCategory.PRIVATE),
        ("0300.0250.0.1", "192.168.0.1", "octal", AddressCategory.PRIVATE),
        ("0177.0.0.1", "127.0.0.1", "octal", AddressCategory.LOOPBACK),
        ("0x7f.0.0.1", "127.0.0.1", "hexadecimal", AddressCategory.LOOPBACK),
        ("0x7f.00.0x0.1", "127.0.0.1", "mixed-radix IPv4", AddressCategory.LOOPBACK),
        ("127.1", "127.0.0.1", "shortened IPv4", AddressCategory.LOOPBACK),
        ("127.0.1", "127.0.0.1", "shortened IPv4", AddressCategory.LOOPBACK),
        ("2130706433", "127.0.0.1", "decimal", AddressCategory.LOOPBACK),
        ("127.0.0.1.", "127.0.0.1", "dotted IPv4", AddressCategory.LOOPBACK),
        ("10.0.0.5", "10.0.0.5", "dotted IPv4", AddressCategory.PRIVATE),
        ("172.16.0.1", "172.16.0.1", "dotted IPv4", AddressCategory.PRIVATE),
        ("169.254.169.254", "169.254.169.254", "dotted IPv4", AddressCategory.LINK_LOCAL),
        ("100.64.0.1", "100.64.0.1", "dotted IPv4", AddressCategory.SHARED),
        ("100.127.255.254", "100.127.255.254", "dotted IPv4", AddressCategory.SHARED),
        ("0.0.0.0", "0.0.0.0", "dotted IPv4", AddressCategory.UNSPECIFIED),  # noqa: S104
        ("0", "0.0.0.0", "decimal", AddressCategory.UNSPECIFIED),  # noqa: S104
        ("224.0.0.1", "224.0.0.1", "dotted IPv4", AddressCategory.MULTICAST),
        ("20.42.0.17", "20.42.0.17", "dotted IPv4", AddressCategory.PUBLIC),
        ("100.128.0.1", "100.128.0.1", "dotted IPv4", AddressCategory.PUBLIC),
    ],
)
def test_ipv4_literals_in_every_form(
    host: str, address: str, form: str, category: AddressCategory
) -> None:
    literal = parse_ip_literal(host)
    assert not isinstance(literal, str) and literal is not None
    assert literal.address == ipaddress.ip_address(address)
    assert literal.form == form
    assert literal.category is category
    assert is_ip_literal(host)


@pytest.mark.parametrize(
    ("host", "category", "form"),
    [
        ("::1", AddressCategory.LOOPBACK, "IPv6"),
        ("::ffff:127.0.0.1", AddressCategory.LOOPBACK, "IPv4-mapped IPv6"),
        ("::ffff:7f00:1", AddressCategory.LOOPBACK, "IPv4-mapped IPv6"),
        ("::ffff:192.168.0.1", AddressCategory.PRIVATE, "IPv4-mapped IPv6"),
        ("::ffff:100.64.0.1", AddressCategory.SHARED, "IPv4-mapped IPv6"),
        ("fe80::1", AddressCategory.LINK_LOCAL, "IPv6"),
        ("fe80::1%25eth0", AddressCategory.LINK_LOCAL, "IPv6"),
        ("fd00::1", AddressCategory.PRIVATE, "IPv6"),
        ("::", AddressCategory.UNSPECIFIED, "IPv6"),
        ("2606:4700::1111", AddressCategory.PUBLIC, "IPv6"),
    ],
)
def test_ipv6_literals(host: str, category: AddressCategory, form: str) -> None:
    literal = parse_ip_literal(host, bracketed=True)
    assert not isinstance(literal, str) and literal is not None
    assert literal.category is category
    assert literal.form == form
    assert is_ip_literal(f"[{host}]")


def test_ip_literal_from_a_url_and_its_description() -> None:
    inspected = inspect_url("http://3232235777/api")
    assert inspected.ip is not None
    assert inspected.ip.describe() == (
        "3232235777 (the IP address 192.168.1.1 written as decimal; private)"
    )
    mapped = inspect_url("https://[::ffff:127.0.0.1]/").ip
    assert mapped is not None and "127.0.0.1" in mapped.describe()


@pytest.mark.parametrize(
    "host",
    ["api.teamforms.app", "1.2.3.4.example.com", "123.example.com", "0x.example.com", "a1"],
)
def test_names_are_not_ip_literals(host: str) -> None:
    assert parse_ip_literal(host) is None
    assert not is_ip_literal(host)


def test_invalid_numeric_host_is_an_error_text() -> None:
    assert isinstance(parse_ip_literal("1.2.3.256"), str)
    assert isinstance(parse_ip_literal("4294967296"), str)
    assert isinstance(parse_ip_literal("08.1.1.1"), str)  # 8 is not an octal digit
    assert "out of range" in str(parse_ip_literal("1." + "9" * 5000))


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "localhost.",
        "api.localhost",
        "localhost.localdomain",
        "printer.local",
        "db.internal",
        "router.home.arpa",
        "api.test",
        "api.example",
        "www.example.com",
        "example.org",
        "abc.onion",
        "nas.lan",
        "localtest.me",
        "api.localtest.me",
        "127.0.0.1.nip.io",
        "app-10-0-0-1.sslip.io",
    ],
)
def test_special_use_names(host: str) -> None:
    assert special_use_reason(host) is not None


@pytest.mark.parametrize(
    "host",
    [
        "api.teamforms.app",
        "api.va.gov",
        "api.zippopotam.us",
        "local.contoso.com",
        "internal-api.contoso.com",
        "testing.contoso.com",
        "examples.contoso.com",
        "api.contoso.com",
    ],
)
def test_ordinary_names_are_not_special(host: str) -> None:
    assert special_use_reason(host) is None


def test_single_label() -> None:
    assert is_single_label("intranet")
    assert is_single_label("api.")
    assert not is_single_label("api.contoso.com")
    assert not is_single_label("3232235777")  # an IP literal, not a name


# --- look-alikes --------------------------------------------------------------------------

KNOWN = microsoft_hosts(load_catalog())


@pytest.mark.parametrize(
    ("host", "imitated"),
    [
        ("global.consent.azure-apihub.us.evil.com", "global.consent.azure-apihub.us"),
        ("login.microsoftonline.us.evil.com", "login.microsoftonline.us"),
        ("login.microsoftonline.com-secure.net", "login.microsoftonline.com"),
        ("graph.microsoft.us-proxy.net", "graph.microsoft.us"),
        ("api.microsoftonline.us.attacker.io", "microsoftonline.us"),
        ("login.micros0ftonline.com", "login.microsoftonline.com"),
        ("login.rnicrosoftonline.com", "login.microsoftonline.com"),
        ("login.microsoftonIine.com".lower(), "login.microsoftonline.com"),
        ("login.microsoftonlin.com", "microsoftonline.com"),
        ("login.microsoftonline.co", "microsoftonline.com"),
        ("global.consent.azure-apihubb.us", "azure-apihub.us"),
        ("login-microsoftonline.com", "microsoftonline.com"),
        ("microsoftonline-us.net", "microsoftonline.com"),
        ("glоbal.consent.azure-apihub.us", "global.consent.azure-apihub.us"),  # Cyrillic о
        ("ｌogin.microsoftonline.us", None),  # folds to the real host: not a look-alike name
        ("xn--glbal-kye.consent.azure-apihub.us", "global.consent.azure-apihub.us"),
    ],
)
def test_lookalikes(host: str, imitated: str | None) -> None:
    assert lookalike_of(host, KNOWN) == imitated


@pytest.mark.parametrize(
    "host",
    [
        "login.microsoftonline.com",
        "login.windows.net",
        "login.microsoftonline.us",
        "login.chinacloudapi.cn",
        "login.partner.microsoftonline.cn",
        "graph.microsoft.com",
        "graph.microsoft.us",
        "dod-graph.microsoft.us",
        "microsoftgraph.chinacloudapi.cn",
        "global.consent.azure-apim.net",
        "europe-001.consent.azure-apim.net",
        "global.consent.azure-apihub.us",
        "eastus.api.cognitive.microsoft.com",
        "merchanty-6b925ca8-d372-4245-bc5a-94b5fdb6c067.api.dfp.dynamics.com",
        "vragroupmanagerapprovalflow-h8tvt-uzi02fbsspubp3eg.azurewebsites.net",
        "cdkapi.azure-api.net",
        "contoso.azure-api.us",
        "api.teamforms.app",
        "api.va.gov",
        "go-api.avepointonlineservices.com",
        "sdpondemand.manageengine.com",
        "api.zippopotam.us",
        "www.docusign.net",
        "apis.cm.prd.cloudapp.n-able.com",
        "login.contoso.com",
        "graph.contoso.us",
    ],
)
def test_not_lookalikes(host: str) -> None:
    assert lookalike_of(host, KNOWN) is None


@pytest.mark.parametrize(
    ("host", "imitated"),
    [
        # microsoftonline.com is 19 characters long: 2 edits are still a look-alike, 3 are not.
        ("microsftonline.co", "microsoftonline.com"),
        ("login.microsftonline.co", "microsoftonline.com"),
        ("micrsftonline.co", None),
        # microsoft.us is 12: 1 edit is a look-alike, 2 are not.
        ("microsofts.us", "microsoft.us"),
        ("graph.microsofts.us", "microsoft.us"),
        ("microsoftss.us", None),
    ],
)
def test_lookalikes_at_the_edge_of_the_allowed_edit_distance(
    host: str, imitated: str | None
) -> None:
    assert lookalike_of(host, KNOWN) == imitated


def test_skeleton_folds_homoglyphs() -> None:
    assert skeleton("glоbal") == skeleton("global")  # Cyrillic о
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert skeleton("ｌｏｇｉｎ") == skeleton("login")
    assert skeleton("contoso") != skeleton("microsoft")


# --- small helpers ------------------------------------------------------------------------


def test_display_value_escapes_invisible_characters_and_cuts() -> None:
    assert display_value("a\tb") == "'a\\u0009b'"
    assert display_value("a\u200bb") == "'a\\u200bb'"
    assert display_value("a b") == "'a b'"
    long = display_value("x" * 500)
    assert long.endswith("… (500 characters)'")
    assert len(long) < 200


def test_is_guid() -> None:
    assert is_guid("bc448462-34a5-4c24-9963-4060a4e573ef")
    assert is_guid("BC448462-34A5-4C24-9963-4060A4E573EF")
    assert not is_guid("00000000-0000-0000-0000-00000000000")  # 11 digits in the last group
    assert not is_guid("{bc448462-34a5-4c24-9963-4060a4e573ef}")
    assert not is_guid("bc44846234a54c2499634060a4e573ef")
    assert not is_guid(" bc448462-34a5-4c24-9963-4060a4e573ef")


def test_host_of() -> None:
    assert host_of("https://Login.Windows.NET/common") == "login.windows.net"
    assert host_of("not a url") is None
    assert host_of(None) is None


def test_host_name_syntax_is_validators_answer_with_or_without_the_fast_path() -> None:
    """Plain hosts are answered without loading `validators`; the answer must be the one it
    gives, for plain hosts and unusual ones alike (a fixed sample of generated names)."""
    import random

    import validators

    rnd = random.Random(15)
    letters = "abcdefghijklmnopqrstuvwxyz"
    alphabet = letters + "0123456789-_"
    hosts = ["a.b", "localhost", "1.com", "a--b.com", "xn--80ak6aa92e.com", "a" * 64 + ".com"]
    for _ in range(3000):
        labels = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.choice([1, 2, 5, 63, 64])))
            for _ in range(rnd.randint(1, 4))
        ]
        labels.append("".join(rnd.choice(letters + "0") for _ in range(rnd.choice([1, 2, 6]))))
        hosts.append(".".join(labels))
    for host in hosts:
        expected = validators.hostname(
            host, skip_ipv4_addr=True, skip_ipv6_addr=True, may_have_port=False, maybe_simple=True
        )
        assert is_valid_hostname(host) is (expected is True), host
