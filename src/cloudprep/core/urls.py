"""URL inspection for the safety rules: parse once, name every problem, judge nothing.

`inspect_url` splits a URL with `urllib.parse.urlsplit`, classifies its host with
`ipaddress` and checks host syntax with `validators`, and adds what those miss: the
characters a browser silently drops (tabs, newlines) or reads differently (backslashes,
percent-encoded or full-width hosts), IPv4 addresses in the forms a browser accepts
(`3232235777`, `0xC0A80001`, `0177.0.0.1`, `127.1`), IPv4-mapped IPv6, and Unicode or
punycode hosts. Which of these is an error depends on the field, so the rules decide.

`lookalike_of` compares a host with the Microsoft hosts of the cloud catalog (login, Graph
and consent hosts) and finds the usual tricks: a Microsoft host used as the first labels of
another domain, homoglyphs and near-misses of its registrable domain.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from enum import StrEnum
from functools import cache, lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urlsplit

from cloudprep.core.catalog import CloudCatalog

MAX_URL_LENGTH = 2048
"""Longer URLs are refused by browsers and identity providers alike."""

_SHOWN_LENGTH = 160
_BROWSER_DROPPED = str.maketrans("", "", "\t\n\r")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_DOT_SEGMENTS = frozenset({".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"})
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c)", re.I)


class UrlProblemKind(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    SURROUNDING_WHITESPACE = "surrounding_whitespace"
    INNER_CONTROL = "inner_control"
    """Whitespace, control or invisible (format) characters inside the value."""
    UNPARSEABLE = "unparseable"
    NOT_ABSOLUTE = "not_absolute"
    """No scheme, or no `//host` part."""
    NOT_HTTPS = "not_https"
    NOT_LOWERCASE = "not_lowercase"
    """The scheme or the host is not written in lowercase."""
    USERINFO = "userinfo"
    BACKSLASH = "backslash"
    ENCODED_HOST = "encoded_host"
    """The host has %-escapes, which a browser decodes before it resolves the name."""
    INVALID_PORT = "invalid_port"
    EXPLICIT_DEFAULT_PORT = "explicit_default_port"
    NON_DEFAULT_PORT = "non_default_port"
    QUERY = "query"
    FRAGMENT = "fragment"
    NON_ASCII_HOST = "non_ascii_host"
    PUNYCODE_HOST = "punycode_host"
    TRAILING_DOT = "trailing_dot"
    INVALID_HOST = "invalid_host"
    DOT_SEGMENT = "dot_segment"
    ENCODED_SEPARATOR = "encoded_separator"


FATAL_PROBLEMS = frozenset(
    {
        UrlProblemKind.EMPTY,
        UrlProblemKind.UNPARSEABLE,
        UrlProblemKind.NOT_ABSOLUTE,
        UrlProblemKind.INVALID_HOST,
    }
)
"""Problems after which the host cannot be judged."""


class UrlProblem(NamedTuple):
    kind: UrlProblemKind
    detail: str
    """What exactly is wrong, as a phrase for a message (e.g. "port 8443")."""
    chars: str = ""
    """For a non-ASCII host: its unusual characters, described ("U+043E CYRILLIC …")."""


class AddressCategory(StrEnum):
    PUBLIC = "public"
    LOOPBACK = "loopback"
    PRIVATE = "private"
    LINK_LOCAL = "link-local"
    SHARED = "shared (carrier-grade NAT, 100.64.0.0/10)"
    UNSPECIFIED = "unspecified"
    MULTICAST = "multicast"
    RESERVED = "reserved"


IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")


class IpLiteral(NamedTuple):
    written: str
    address: IpAddress
    form: str
    """How it was written: "dotted IPv4", "decimal", "hexadecimal", "octal", "shortened
    IPv4", "mixed-radix IPv4", "IPv6" or "IPv4-mapped IPv6"."""
    category: AddressCategory

    @property
    def is_public(self) -> bool:
        return self.category is AddressCategory.PUBLIC

    def describe(self) -> str:
        """E.g. "3232235777 (the IPv4 address 192.168.0.1 written in decimal; private)"."""
        if self.form == "dotted IPv4":
            return f"{self.written} (an IPv4 address; {self.category.value})"
        if self.form == "IPv6":
            return f"{self.written} (an IPv6 address; {self.category.value})"
        address: IpAddress = self.address
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return (
            f"{self.written} (the IP address {address} written as {self.form}; "
            f"{self.category.value})"
        )


class InspectedUrl(NamedTuple):
    """One URL taken apart. `host` is lowercased Unicode without a trailing dot;
    `host_ascii` is its IDNA (punycode) form, the name that is actually resolved."""

    raw: str
    text: str
    """The value without surrounding whitespace, and with the tabs and newlines a browser
    drops removed: what a browser would actually open."""
    scheme: str
    scheme_as_written: str
    netloc: str
    userinfo: str | None
    host_as_written: str | None
    host: str | None
    host_ascii: str | None
    port: int | None
    path: str
    query: str
    fragment: str
    ip: IpLiteral | None
    problems: tuple[UrlProblem, ...]

    def has(self, *kinds: UrlProblemKind) -> bool:
        return any(p.kind in kinds for p in self.problems)

    @property
    def usable(self) -> bool:
        """True when the host is known well enough to compare it with others."""
        return self.host_ascii is not None and not self.has(*FATAL_PROBLEMS)

    @property
    def has_trailing_slash(self) -> bool:
        return len(self.path) > 1 and self.path.endswith("/")


# ---------------------------------------------------------------------------------------
# Characters


def _is_invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


_ASCII_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def _invisible_in(text: str) -> list[str]:
    """The distinct whitespace, control and format characters of `text`, in order of first
    appearance (linear and fast even for huge pasted values)."""
    if text.isascii():
        return list(dict.fromkeys(_ASCII_INVISIBLE.findall(text)))
    return [ch for ch in dict.fromkeys(text) if _is_invisible(ch)]


def describe_char(ch: str) -> str:
    """E.g. "U+0430 CYRILLIC SMALL LETTER A"."""
    name = unicodedata.name(ch, "") or {
        "\t": "TAB",
        "\n": "LINE FEED",
        "\r": "CARRIAGE RETURN",
    }.get(ch, "CONTROL CHARACTER")
    return f"U+{ord(ch):04X} {name}"


def _describe_chars(chars: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(chars))
    shown = ", ".join(describe_char(c) for c in unique[:limit])
    more = len(unique) - limit
    return shown + (f" and {more} more" if more > 0 else "")


# scheme://userinfo@ — the user-info of a URL may hold a password or a token.
_USERINFO = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9+.\-]*:[\\/]*)([^/?#\\]*)@")


def redact_userinfo(value: str) -> str:
    """The value with a URL's user-info replaced by `***`: it may be a password or token."""
    match = _USERINFO.match(value)
    if match is None:
        return value
    return f"{match.group(1)}***@{value[match.end() :]}"


def display_value(value: str) -> str:
    """A value quoted for a message: user-info redacted, invisible characters escaped, long
    values cut."""
    value = redact_userinfo(value)
    head = value[: _SHOWN_LENGTH + 1]
    escaped = "".join(
        ch if not _is_invisible(ch) or ch == " " else f"\\u{ord(ch):04x}" for ch in head
    )
    if len(value) > _SHOWN_LENGTH or len(escaped) > _SHOWN_LENGTH:
        escaped = f"{escaped[:_SHOWN_LENGTH]}… ({len(value)} characters)"
    return f"'{escaped}'"


def is_guid(value: str) -> bool:
    """A GUID in its canonical 8-4-4-4-12 form (any case), as Entra ID shows client ids."""
    return _GUID.match(value) is not None


# ---------------------------------------------------------------------------------------
# IP addresses


def address_category(address: IpAddress) -> AddressCategory:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_category(address.ipv4_mapped)
    if address.is_unspecified:
        return AddressCategory.UNSPECIFIED
    if address.is_loopback:
        return AddressCategory.LOOPBACK
    if address.is_link_local:
        return AddressCategory.LINK_LOCAL
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        # ipaddress calls 100.64.0.0/10 neither private nor global.
        return AddressCategory.SHARED
    if address.is_multicast:
        return AddressCategory.MULTICAST
    if address.is_private:
        return AddressCategory.PRIVATE
    if address.is_reserved or not address.is_global:
        return AddressCategory.RESERVED
    return AddressCategory.PUBLIC


def _ipv4_number(part: str) -> tuple[int, str] | None:
    """One part of a browser-style IPv4 host: decimal, 0x-hex or 0-octal."""
    if part[:2].lower() == "0x":
        digits = part[2:]
        if digits and not re.fullmatch(r"[0-9a-fA-F]+", digits):
            return None
        return (int(digits, 16) if digits else 0), "hexadecimal"
    if len(part) > 1 and part.startswith("0"):
        if not re.fullmatch(r"[0-7]+", part):
            return None
        return int(part, 8), "octal"
    if not part.isascii() or not part.isdigit():
        return None
    if len(part) > 10:
        # Out of range whatever it is (10**10 > 2**32); `int` refuses past 4,300 digits.
        return 2**32, "decimal"
    return int(part), "decimal"


def _ends_in_number(host: str) -> bool:
    """The WHATWG URL test: a host whose last label is numeric is parsed as IPv4."""
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels = labels[:-1]
    last = labels[-1]
    if last.isascii() and last.isdigit():
        return True
    return last[:2].lower() == "0x" and re.fullmatch(r"[0-9a-fA-F]*", last[2:]) is not None


def _parse_ipv4_like(host: str) -> tuple[ipaddress.IPv4Address, str] | str | None:
    if not host or not _ends_in_number(host):
        return None
    parts = host.split(".")
    if parts[-1] == "":
        parts = parts[:-1]
    if len(parts) > 4 or any(p == "" for p in parts):
        return f"{host} looks like an IPv4 address but is not a valid one"
    numbers: list[int] = []
    forms: set[str] = set()
    for part in parts:
        parsed = _ipv4_number(part)
        if parsed is None:
            return f"{host} looks like an IPv4 address but is not a valid one"
        numbers.append(parsed[0])
        forms.add(parsed[1])
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return f"{host} looks like an IPv4 address but a part is out of range"
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    if {"hexadecimal", "octal"} <= forms:
        form = "mixed-radix IPv4"
    elif "hexadecimal" in forms or "octal" in forms:
        form = "hexadecimal" if "hexadecimal" in forms else "octal"
    elif len(parts) == 1:
        form = "decimal"
    elif len(parts) < 4:
        form = "shortened IPv4"
    else:
        form = "dotted IPv4"
    return ipaddress.IPv4Address(value), form


def parse_ip_literal(host: str, *, bracketed: bool = False) -> IpLiteral | str | None:
    """An IP literal in any form a browser accepts, None for a name, or an error text."""
    if bracketed or ":" in host:
        try:
            address = ipaddress.IPv6Address(unquote(host))
        except ValueError:
            return f"[{host}] is not a valid IPv6 address"
        form = "IPv4-mapped IPv6" if address.ipv4_mapped is not None else "IPv6"
        return IpLiteral(host, address, form, address_category(address))
    parsed = _parse_ipv4_like(host)
    if parsed is None or isinstance(parsed, str):
        return parsed
    return IpLiteral(host, parsed[0], parsed[1], address_category(parsed[0]))


def is_ip_literal(host: str) -> bool:
    """True for any host a browser would read as an IP address."""
    bracketed = host.startswith("[") and host.endswith("]")
    parsed = parse_ip_literal(host.strip("[]"), bracketed=bracketed)
    return isinstance(parsed, IpLiteral)


# ---------------------------------------------------------------------------------------
# Names


_LOOPBACK_NAMES = {
    "localhost": "the local machine",
    "localhost.localdomain": "the local machine",
    "ip6-localhost": "the local machine",
    "ip6-loopback": "the local machine",
    # Public names whose DNS answers 127.0.0.1, used to reach a local server by name.
    "localtest.me": "a public name that resolves to 127.0.0.1",
    "lvh.me": "a public name that resolves to 127.0.0.1",
    "vcap.me": "a public name that resolves to 127.0.0.1",
}
_SPECIAL_SUFFIXES = {
    "localhost": "the local machine (RFC 6761)",
    "local": "a multicast-DNS name on the local network (RFC 6762)",
    "internal": "a name reserved for private networks",
    "home.arpa": "a home-network name (RFC 8375)",
    "lan": "not a public top-level domain (used on private networks)",
    "corp": "not a public top-level domain (used on private networks)",
    "home": "not a public top-level domain (used on private networks)",
    "test": "a name reserved for testing (RFC 6761)",
    "invalid": "a name reserved as invalid (RFC 6761)",
    "example": "a name reserved for documentation (RFC 6761)",
    "onion": "a Tor onion service (RFC 7686)",
    "localtest.me": "a public name that resolves to 127.0.0.1",
    "lvh.me": "a public name that resolves to 127.0.0.1",
}
_DOCUMENTATION_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
_EMBEDDED_IP_SERVICES = ("nip.io", "sslip.io", "xip.io", "traefik.me")


def special_use_reason(host: str) -> str | None:
    """Why `host` cannot be a public backend (localhost, .local, .internal, nip.io …),
    or None. A bare single label other than localhost is left to `is_single_label`."""
    host = host.rstrip(".").lower()
    if host in _LOOPBACK_NAMES:
        return _LOOPBACK_NAMES[host]
    labels = host.split(".")
    for index in range(1, len(labels)):
        suffix = ".".join(labels[index:])
        if suffix in _SPECIAL_SUFFIXES:
            return _SPECIAL_SUFFIXES[suffix]
    if host in _DOCUMENTATION_DOMAINS or any(
        host.endswith("." + d) for d in _DOCUMENTATION_DOMAINS
    ):
        return "a domain reserved for documentation (RFC 2606)"
    for service in _EMBEDDED_IP_SERVICES:
        if host.endswith("." + service):
            embedded = host[: -len(service) - 1]
            candidate = re.search(r"(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3})$", embedded)
            if candidate:
                address = candidate.group(1).replace("-", ".")
                return f"a wildcard-DNS name that resolves to the IP address {address}"
            return "a wildcard-DNS name that resolves to the IP address written in it"
    return None


def is_single_label(host: str) -> bool:
    """A name with no dot (after any trailing dot), such as `api` or `intranet`."""
    return "." not in host.rstrip(".") and not is_ip_literal(host)


# Lowercase letter-digit-hyphen labels under an alphabetic top-level label: a subset of what
# `validators` accepts (tests/unit/test_urls.py checks that), and nearly every real host.
_PLAIN_HOSTNAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def is_valid_hostname(ascii_host: str) -> bool:
    """Host-name syntax (labels, lengths, characters), via `validators`. A plain host is
    answered without it, so checking one URL does not load that package."""
    if not ascii_host or len(ascii_host) > 253:
        return False
    if _PLAIN_HOSTNAME.fullmatch(ascii_host):
        return True
    import validators

    try:
        result = validators.hostname(
            ascii_host,
            skip_ipv4_addr=True,
            skip_ipv6_addr=True,
            may_have_port=False,
            maybe_simple=True,
        )
    except (ValueError, TypeError):
        return False
    return result is True


# ---------------------------------------------------------------------------------------
# Parsing


def _split_host(netloc: str) -> tuple[str | None, str, bool]:
    """(userinfo, host as written, bracketed) from a netloc."""
    userinfo: str | None = None
    hostport = netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        return userinfo, hostport[1:end] if end > 0 else hostport[1:], True
    return userinfo, hostport.split(":", 1)[0], False


def _valid_port(text: str) -> bool:
    """1–65535 in ASCII digits. Port 0 parses, but no server listens on it; the length is
    checked first, as `int` refuses a string of more than 4,300 digits (with an error)."""
    return text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) <= 65535


def _port_text(netloc: str) -> str | None:
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        rest = hostport[hostport.find("]") + 1 :] if "]" in hostport else ""
        return rest[1:] if rest.startswith(":") else None
    if ":" in hostport:
        return hostport.split(":", 1)[1]
    return None


def _decode_punycode(ascii_host: str) -> str | None:
    try:
        return ascii_host.encode("ascii").decode("idna").lower()
    except (UnicodeError, ValueError):
        return None


_IDNA_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def _idna_encode(host: str) -> str | None:
    """The IDNA 2003 form Python (and, for these cases, browsers) resolve; full-width
    letters and dots are folded to ASCII on the way. Names beyond the DNS limits (253
    characters, 63 per label) are refused first: punycode encoding is quadratic."""
    if len(host) > 253 or any(len(label) > 63 for label in _IDNA_DOTS.split(host)):
        return None
    try:
        return host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return None


def inspect_url(raw: str) -> InspectedUrl:
    """Take a URL apart and list its problems. Never raises."""
    problems: list[UrlProblem] = []

    def add(kind: UrlProblemKind, detail: str, chars: str = "") -> None:
        problems.append(UrlProblem(kind, detail, chars))

    strippable = "".join(_invisible_in(raw))
    start = len(raw) - len(raw.lstrip(strippable))
    trimmed = raw.strip(strippable)
    end = start + len(trimmed)
    if trimmed != raw:
        surrounding = list(dict.fromkeys(raw[:start] + raw[end:]))
        add(
            UrlProblemKind.SURROUNDING_WHITESPACE,
            f"it has leading or trailing whitespace ({_describe_chars(surrounding)})",
        )
    invisible = _invisible_in(trimmed)
    inner = [ch for ch in invisible if ch != " "] + ([" "] if " " in invisible else [])
    if inner:
        add(
            UrlProblemKind.INNER_CONTROL,
            f"it contains whitespace or invisible characters ({_describe_chars(inner)}); "
            "a browser drops tabs and newlines silently, so what it opens differs from what "
            "is written",
        )
    text = trimmed.translate(_BROWSER_DROPPED)

    def result(
        split: SplitResult | None = None,
        *,
        scheme_as_written: str = "",
        userinfo: str | None = None,
        host_as_written: str | None = None,
        host: str | None = None,
        host_ascii: str | None = None,
        port: int | None = None,
        ip: IpLiteral | None = None,
    ) -> InspectedUrl:
        return InspectedUrl(
            raw=raw,
            text=text,
            scheme=scheme_as_written.lower(),
            scheme_as_written=scheme_as_written,
            netloc=split.netloc if split else "",
            userinfo=userinfo,
            host_as_written=host_as_written,
            host=host,
            host_ascii=host_ascii,
            port=port,
            path=split.path if split else "",
            query=split.query if split else "",
            fragment=split.fragment if split else "",
            ip=ip,
            problems=tuple(problems),
        )

    if not text:
        add(UrlProblemKind.EMPTY, "it is empty")
        return result()
    if len(text) > MAX_URL_LENGTH:
        add(
            UrlProblemKind.TOO_LONG,
            f"it is {len(text)} characters long (more than {MAX_URL_LENGTH})",
        )

    # Browsers read a backslash as a slash in http(s) URLs; urlsplit does not. Parse the
    # browser's reading, and say when the two differ.
    browser_text = text.replace("\\", "/")
    if "\\" in text:
        detail = "it contains a backslash (\\), which a browser reads as a slash"
        try:
            python_host = urlsplit(text).hostname
            browser_host = urlsplit(browser_text).hostname
        except ValueError:
            python_host = browser_host = None
        if python_host != browser_host and browser_host:
            detail += f": a browser opens host {browser_host}, not {python_host}"
        add(UrlProblemKind.BACKSLASH, detail)

    scheme_match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", browser_text)
    if scheme_match is None:
        add(
            UrlProblemKind.NOT_ABSOLUTE,
            "it is not an absolute URL (it must start with https://)",
        )
        return result()
    scheme_as_written = scheme_match.group(1)
    if not browser_text[len(scheme_as_written) + 1 :].startswith("//"):
        add(
            UrlProblemKind.NOT_ABSOLUTE,
            f"it has no host part (write {scheme_as_written.lower()}://host/…)",
        )
        return result(scheme_as_written=scheme_as_written)

    try:
        split = urlsplit(browser_text)
    except ValueError as error:
        add(UrlProblemKind.UNPARSEABLE, f"it cannot be parsed as a URL ({error})")
        return result(scheme_as_written=scheme_as_written)

    if scheme_as_written.lower() != "https":
        add(UrlProblemKind.NOT_HTTPS, f"it uses {scheme_as_written.lower()}://, not https://")

    userinfo, host_as_written, bracketed = _split_host(split.netloc)
    if userinfo is not None:
        add(
            UrlProblemKind.USERINFO,
            "it has user-info before the host (not shown: it may hold a password); "
            f"the real host is {host_as_written or '(none)'}",
        )
    if not host_as_written:
        add(UrlProblemKind.NOT_ABSOLUTE, "it has no host")
        return result(split, scheme_as_written=scheme_as_written, userinfo=userinfo)

    if host_as_written != host_as_written.lower() or scheme_as_written != scheme_as_written.lower():
        add(
            UrlProblemKind.NOT_LOWERCASE,
            "its scheme or host is not written in lowercase",
        )

    # Port
    port: int | None = None
    port_text = _port_text(split.netloc)
    if port_text is not None:
        default = 443 if scheme_as_written.lower() == "https" else 80
        if port_text == "":
            add(UrlProblemKind.EXPLICIT_DEFAULT_PORT, "it has an empty port (a ':' after the host)")
        elif not _valid_port(port_text):
            add(
                UrlProblemKind.INVALID_PORT,
                f"its port {display_value(port_text)} is not a valid port",
            )
        else:
            port = int(port_text)
            if port == default:
                add(
                    UrlProblemKind.EXPLICIT_DEFAULT_PORT,
                    f"it spells out the default port :{port}",
                )
            else:
                add(UrlProblemKind.NON_DEFAULT_PORT, f"it uses port {port}")

    before_fragment = browser_text.partition("#")[0]
    if "?" in before_fragment:
        add(UrlProblemKind.QUERY, f"it has a query ({display_value('?' + split.query)})")
    if "#" in browser_text:
        add(UrlProblemKind.FRAGMENT, f"it has a fragment ({display_value('#' + split.fragment)})")

    segments = split.path.split("/")
    dots = [s for s in segments if s.lower() in _DOT_SEGMENTS]
    if dots:
        add(
            UrlProblemKind.DOT_SEGMENT,
            f"its path has a {display_value(dots[0])} segment, which a browser or server "
            "resolves to a different path",
        )
    if found := _ENCODED_SEPARATOR.search(split.path):
        add(
            UrlProblemKind.ENCODED_SEPARATOR,
            f"its path has an encoded separator ({found.group(0)}), which servers decode "
            "inconsistently",
        )

    # Host
    host_text = host_as_written
    if "%" in host_text and not bracketed:
        decoded = unquote(host_text)
        add(
            UrlProblemKind.ENCODED_HOST,
            f"its host {host_text} is percent-encoded; a browser decodes it to {decoded}",
        )
        host_text = decoded
    if host_text.endswith(".") and not bracketed:
        add(UrlProblemKind.TRAILING_DOT, f"its host {host_text} ends with a dot")
    host = host_text.lower().rstrip(".") if not bracketed else host_text.lower()
    if not host:
        add(UrlProblemKind.INVALID_HOST, "its host is empty")
        return result(
            split,
            scheme_as_written=scheme_as_written,
            userinfo=userinfo,
            host_as_written=host_as_written,
            port=port,
        )

    # A browser maps a Unicode host to ASCII (full-width digits and dots, circled or
    # compatibility digits) before it tries IPv4: １２７．０．０．１ opens 127.0.0.1.
    ip_host = host
    if not bracketed and not host.isascii():
        folded = _idna_encode(host)
        if folded is not None and _ends_in_number(folded):
            ip_host = folded
    ip = parse_ip_literal(ip_host, bracketed=bracketed)
    if ip_host != host and ip is not None:
        chars = _describe_chars([ch for ch in dict.fromkeys(host) if not ch.isascii()])
        add(
            UrlProblemKind.NON_ASCII_HOST,
            f"its host has non-ASCII characters ({chars}) and resolves as {ip_host}",
            chars,
        )
    if isinstance(ip, str):
        add(UrlProblemKind.INVALID_HOST, ip)
        return result(
            split,
            scheme_as_written=scheme_as_written,
            userinfo=userinfo,
            host_as_written=host_as_written,
            host=host,
            port=port,
        )
    if ip is not None:
        return result(
            split,
            scheme_as_written=scheme_as_written,
            userinfo=userinfo,
            host_as_written=host_as_written,
            host=host,
            host_ascii=ip_host,
            port=port,
            ip=ip,
        )

    host_ascii = _idna_encode(host)
    non_ascii = [] if host.isascii() else [ch for ch in dict.fromkeys(host) if not ch.isascii()]
    if non_ascii:
        reads_as = host_ascii if host_ascii is not None else "(no valid name)"
        chars = _describe_chars(non_ascii)
        add(
            UrlProblemKind.NON_ASCII_HOST,
            f"its host has non-ASCII characters ({chars}) and resolves as {reads_as}",
            chars,
        )
    if host_ascii is None or not is_valid_hostname(host_ascii):
        add(UrlProblemKind.INVALID_HOST, f"its host {display_value(host)} is not a valid host name")
        return result(
            split,
            scheme_as_written=scheme_as_written,
            userinfo=userinfo,
            host_as_written=host_as_written,
            host=host,
            port=port,
        )
    shown = _decode_punycode(host_ascii)
    if not non_ascii and any(label.startswith("xn--") for label in host_ascii.split(".")):
        add(
            UrlProblemKind.PUNYCODE_HOST,
            f"its host {host_ascii} has punycode labels"
            + (f" and displays as {shown}" if shown else ""),
        )
    # The canonical Unicode form: full-width letters and dots folded, punycode decoded.
    host = shown if shown is not None else host
    return result(
        split,
        scheme_as_written=scheme_as_written,
        userinfo=userinfo,
        host_as_written=host_as_written,
        host=host,
        host_ascii=host_ascii,
        port=port,
    )


def host_of(url: str | None) -> str | None:
    """The ASCII host of a URL, or None when it has no usable host."""
    if not url:
        return None
    inspected = inspect_url(url)
    return inspected.host_ascii if inspected.usable else None


# ---------------------------------------------------------------------------------------
# Look-alikes of Microsoft hosts

# Microsoft-owned registrable domains that are never look-alikes themselves, though some
# are a letter away from a catalog domain (azure-api.net vs azure-apim.net). Only the
# catalog's own domains are used as targets to imitate.
# fmt: off
_OTHER_MICROSOFT_DOMAINS = frozenset((
    "microsoft.com", "microsoft.us", "microsoft.de", "microsoft.net", "microsoftonline.de",
    "microsoftonline-p.com", "microsoftonline-p.net", "azure.com", "azure.net", "azure.us",
    "azure.cn", "azure-api.net", "azure-api.us", "azure-api.cn", "azure-apihub.net",
    "azurewebsites.net", "azurewebsites.us", "chinacloudsites.cn", "azureedge.net",
    "usgovcloudapi.net", "cloudapp.net", "windows.com", "dynamics.com",
    "microsoftdynamics.us", "appsplatform.us", "sharepoint.com", "sharepoint.us",
    "office.com", "office.net", "office365.com", "office365.us", "live.com", "outlook.com",
    "powerapps.com", "powerautomate.com", "microsoftcrmportals.com",
))

_CONFUSABLES = str.maketrans(
    "авеёкмнорстухѕіїјһԁԛԝӏոսօց"  # Cyrillic and Armenian
    "αβεηικνορτυχω"               # Greek
    "ıɩɑɡʟᴏℓꞁ"                    # Latin look-alikes
    "01i|_",                      # ASCII swaps: applied to both sides, so they only add matches
    "abeekmhopctyxsiijhdqwlnuog"
    "abenikvoptuxw"
    "iiagloll"
    "olll-",
)
# fmt: on


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """A crude confusable skeleton (in the spirit of Unicode TR 39): full-width forms
    folded, accents stripped, Cyrillic and Greek look-alikes mapped to Latin, and the
    usual ASCII swaps (0/o, 1/l/i, rn/m, vv/w) collapsed."""
    lowered = text.lower()
    if lowered.isascii():  # ASCII has nothing to fold and no accent to strip
        stripped = lowered
    else:
        folded = unicodedata.normalize("NFKD", lowered)
        stripped = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    mapped = stripped.translate(_CONFUSABLES)
    return mapped.replace("rn", "m").replace("vv", "w").replace("。", ".")


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance when it is at most `limit`, else limit + 1.

    Only the diagonal band |i - j| <= limit is computed: a cell outside it costs more than
    `limit` edits, so it can never lead to a distance within the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    width = len(b)
    previous = [min(j, over) for j in range(width + 1)]
    for i, ca in enumerate(a, 1):
        low, high = max(1, i - limit), min(width, i + limit)
        current = [over] * (width + 1)
        current[0] = min(i, over)
        best = current[0] if low == 1 else over
        for j in range(low, high + 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
            current[j] = cost if cost < over else over
            best = min(best, current[j])
        if best > limit:
            return over
        previous = current
    return previous[-1]


def _registrable(host: str) -> str:
    """The last two labels: enough for every domain in the catalog."""
    return ".".join(host.split(".")[-2:])


class MicrosoftHosts(NamedTuple):
    """The Microsoft hosts a look-alike may imitate, and the domains Microsoft owns."""

    hosts: tuple[str, ...]
    """Full host names from the catalog (login, Graph and consent hosts), in catalog
    order, so a tie names the commercial host first."""
    domains: tuple[str, ...]
    """Their registrable domains (e.g. microsoftonline.us, azure-apihub.us), likewise."""
    owned: frozenset[str]
    """Every Microsoft registrable domain known here: never a look-alike."""

    def is_owned(self, host: str) -> bool:
        """`host` is one of `owned` or under one: one set lookup per label of the host."""
        labels = host.split(".")
        return any(".".join(labels[i:]) in self.owned for i in range(len(labels)))


@cache
def microsoft_hosts(catalog: CloudCatalog) -> MicrosoftHosts:
    found: list[str] = []
    for cloud in catalog.clouds:
        found.extend(cloud.accepted_login_hosts)
        found.extend(cloud.issuer_hosts.value)
        found.append(cloud.graph_host.value)
        if cloud.consent_host:
            found.append(cloud.consent_host)
        for known in cloud.known_consent_redirects.value:
            known_host = urlsplit(known).hostname
            if known_host:
                found.append(known_host)
    hosts = tuple(dict.fromkeys(h.lower() for h in found))
    domains = tuple(dict.fromkeys(_registrable(h) for h in hosts))
    # Every Microsoft service host of the catalog (Power BI, Key Vault, Storage …) and the
    # consent hosts guessed for Mooncake are Microsoft's own, never look-alikes.
    service_domains = {
        _registrable(value)
        for family in catalog.services
        for value in (s.value for s in family.hosts.values())
        if value is not None
    }
    guessed = {_registrable(h) for c in catalog.clouds for h in c.consent_host_guesses.value}
    return MicrosoftHosts(
        hosts=hosts,
        domains=domains,
        owned=frozenset(domains) | _OTHER_MICROSOFT_DOMAINS | service_domains | guessed,
    )


def lookalike_of(host: str, known: MicrosoftHosts) -> str | None:
    """The Microsoft host or domain that `host` imitates, or None.

    `host` is a lowercased name (Unicode or ASCII, no trailing dot). An ASCII host under a
    domain Microsoft owns is never a look-alike (whether it is the *right* host for a cloud
    is the rules' question); a Unicode or punycode spelling of a catalog host always is.
    """
    host = host.lower().rstrip(".")
    if len(host) > 253:
        return None  # not a resolvable name, so it imitates nothing
    ascii_host = _idna_encode(host) or host
    shape = skeleton(_decode_punycode(ascii_host) or host)
    hosts, owned, domains = _lookalike_targets(known)
    if host != ascii_host or "xn--" in ascii_host:
        # A Unicode or punycode spelling of a Microsoft host imitates it even when it sits
        # under a Microsoft domain (glоbal.consent.azure-apihub.us with a Cyrillic о).
        for target in known.hosts:
            if shape == skeleton(target) and ascii_host != target:
                return target
    if known.is_owned(ascii_host):
        return None
    dotted = "." + ascii_host
    # 1. A Microsoft host or domain used as the first labels of another domain:
    #    login.microsoftonline.us.evil.com, graph.microsoft.us-secure.net.
    for target, prefixes, _, _ in hosts:
        if ascii_host.startswith(prefixes):
            return target
    for target, as_label, as_prefix in owned:
        if as_label in dotted or as_prefix in dotted:
            return target
    # 2. Homoglyphs and the usual swaps: glоbal.consent… (Cyrillic о), rnicrosoftonline.com.
    for target, _, target_shape, shape_label in hosts:
        if shape == target_shape or shape.startswith(shape_label):
            return target
    tail = _registrable(ascii_host)
    tail_shape = skeleton(_registrable(host))
    for target, target_shape, _, _, _ in domains:
        if tail_shape == target_shape:
            return target
    # 3. Near-misses of a catalog domain: microsoftonline.co, microsoftonlin.com.
    # An edit changes at most two of the characters that only one side has, so a pair with
    # more than 2 * limit of those is further apart than the limit.
    tail_chars = set(tail)
    for target, _, limit, _, chars in domains:
        if (
            limit
            and len(chars.symmetric_difference(tail_chars)) <= 2 * limit
            and 0 < _distance(tail, target, limit) <= limit
        ):
            return target
    # 4. The brand of a catalog domain inside another registrable label:
    #    login-microsoftonline.com, microsoftonline-us.net.
    label = tail.split(".")[0]
    for target, _, _, brand, _ in domains:
        if len(brand) >= 10 and brand in label and label != brand:
            return target
    return None


@cache
def _lookalike_targets(
    known: MicrosoftHosts,
) -> tuple[
    tuple[tuple[str, tuple[str, str], str, str], ...],
    tuple[tuple[str, str, str], ...],
    tuple[tuple[str, str, int, str, frozenset[str]], ...],
]:
    """What `lookalike_of` compares a host with, worked out once per set of hosts rather
    than for every host: (host, its `host.`/`host-` prefixes, skeleton, skeleton + `.`),
    longest first; (owned domain, `.domain.`, `.domain-`), longest first; (domain,
    skeleton, edit distance allowed, brand, its characters), in catalog order. The sorts
    are stable, so ties keep the order of `known`."""
    hosts = tuple(
        (t, (t + ".", t + "-"), skeleton(t), skeleton(t) + ".")
        for t in sorted(known.hosts, key=len, reverse=True)
    )
    owned = tuple(
        (t, "." + t + ".", "." + t + "-") for t in sorted(known.owned, key=len, reverse=True)
    )
    domains = tuple(
        (
            t,
            skeleton(t),
            2 if len(t) >= 13 else 1 if len(t) >= 8 else 0,
            t.split(".")[0],
            frozenset(t),
        )
        for t in known.domains
    )
    return hosts, owned, domains


def imitation(problem: UrlProblem, imitated: str) -> str:
    """A disguised host's problem, said briefly for a message: what it hides and whom it
    imitates ("its host has U+043E CYRILLIC SMALL LETTER O and imitates login.…")."""
    if problem.chars:
        return f"its host has {problem.chars} and imitates {imitated}"
    return f"{problem.detail}; it imitates {imitated}"
