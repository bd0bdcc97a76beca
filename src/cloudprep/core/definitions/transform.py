"""One cloud's connector files, made from the commercial ones by editing value spans only.

What changes, and where each new value comes from (`cloud_values`, never re-derived here):
- each OAuth setting (`oAuthSettings` of every oauthSetting parameter, also in
  `connectionParameterSets`): `clientId`; `customParameters.loginUri` (any case); the resource
  (`customParameters.resourceUri`, `properties.AzureActiveDirectoryResourceId`); a tenant id
  pinned to a GUID (flagged, replaced only by the cloud's own `tenant_id`); `redirectMode` and
  `redirectUrl`; any other Microsoft service URL in the setting (scopes such as
  `https://graph.microsoft.com/.default`, authorization and token URLs) moved to this cloud's
  host for the same service. A `clientSecret` (there or among `customParameters`) is left out.
- the swagger: `host`, `basePath` and `schemes` from the cloud's endpoint decision, and the
  Microsoft URLs in `securityDefinitions`.
- policy templates: the commercial endpoint host (with a specific endpoint) and Microsoft URLs.
Everything else, including a generic OAuth provider's own hosts, is kept byte-for-byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cloudprep.core.definitions.cloud_values import DefinitionValues, equivalent_url
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import (
    JsonNode,
    JsonText,
    TextEdit,
    apply_edits,
    escape_pointer_token,
    insert_member,
    json_string,
    remove_entries,
    remove_entry,
    replace_key,
    replace_value,
    walk_keys,
    walk_strings,
)
from cloudprep.core.definitions.schemas import file_pointer
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding
from cloudprep.core.models import EndpointMode
from cloudprep.core.placeholder_hosts import is_placeholder_host
from cloudprep.core.rules import definitions as rules

SECRET_SHOWN_AS = "(a secret: not shown)"  # noqa: S105 - the mask, not a secret
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>,]+")
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Change:
    file: ConnectorFile
    pointer: str
    old: str | None
    """The value before (None: the member was added)."""
    new: str | None
    """The value after (None: the member was left out)."""


@dataclass
class _Editor:
    file: ConnectorFile
    document: JsonText
    cloud_id: str
    edits: list[TextEdit] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    handled: set[int] = field(default_factory=set)
    masks: list[TextEdit] = field(default_factory=list)
    """Edits of the source text that hide a secret before it is shown (the diff)."""

    def where(self, pointer: str) -> FieldPath:
        return file_pointer(self.file, pointer)

    def set_string(self, node: JsonNode, pointer: str, new: str) -> None:
        self.handled.add(node.start)
        if node.kind == "string" and node.value == new:
            return
        self.edits.append(replace_value(node, json_string(new)))
        old = node.value if node.kind == "string" else self.document.text[node.start : node.end]
        self.changes.append(Change(self.file, pointer, str(old), new))

    def ensure_member(self, parent: JsonNode, pointer: str, key: str, new: str) -> None:
        same = [m for m in parent.members if m.key.casefold() == key.casefold()]
        for member in same:  # each of equal keys: readers differ on which one counts
            self.set_string(member.value, f"{pointer}/{escape_pointer_token(member.key)}", new)
        if same:
            return
        self.edits.append(insert_member(self.document.text, parent, key, json_string(new)))
        self.changes.append(Change(self.file, f"{pointer}/{escape_pointer_token(key)}", None, new))

    def remove_member(
        self, parent: JsonNode, pointer: str, key: str, *, secret: bool = False
    ) -> bool:
        # Every member of that name: JSON readers take the last of equal keys, so leaving
        # out only the first would keep the one in use (a client secret, written out).
        found = {i for i, m in enumerate(parent.members) if m.key.casefold() == key.casefold()}
        for index in sorted(found):
            member = parent.members[index]
            old = member.value.value if member.value.kind == "string" else None
            if secret:
                # Never shown: not in the changes, and masked in the diff's old side.
                old = SECRET_SHOWN_AS
                self.masks.append(replace_value(member.value, json_string(SECRET_SHOWN_AS)))
            self.changes.append(
                Change(self.file, f"{pointer}/{escape_pointer_token(member.key)}", old, None)
            )
            self.handled.update(n.start for _, n in walk_strings(member.value))
        self.edits.extend(remove_entries(self.document.text, parent, found))
        return bool(found)

    def move_microsoft_urls(self, node: JsonNode, pointer: str) -> None:
        """Every Microsoft service URL in the strings under `node`, moved to this cloud."""
        for path, string in walk_strings(node, pointer):
            if string.start in self.handled:
                continue
            text = str(string.value)
            moved = self.moved(text)
            if moved != text:
                self.set_string(string, path, moved)
        for path, member in walk_keys(node, pointer):
            moved = self.moved(member.key)
            if moved != member.key:
                self.edits.append(replace_key(member, moved))
                self.changes.append(Change(self.file, f"{path} (key)", member.key, moved))

    def moved(self, text: str) -> str:
        return _URL.sub(lambda m: equivalent_url(m.group(), self.cloud_id) or m.group(), text)

    def shown_source(self) -> str:
        return apply_edits(self.document.text, self.masks)

    def result(self) -> bytes:
        text = apply_edits(self.document.text, self.edits)
        return JsonText(text=text, bom=self.document.bom, root=self.document.root).to_bytes()


@dataclass(frozen=True)
class CloudFiles:
    """A cloud's two connector files and what was changed to make them."""

    cloud_id: str
    files: dict[ConnectorFile, bytes]
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]
    shown_sources: dict[ConnectorFile, str]
    """The commercial texts as a diff may show them: any secret value masked."""


def transform_files(values: DefinitionValues, sources: dict[ConnectorFile, JsonText]) -> CloudFiles:
    """`sources` (the commercial files, parsed) rewritten for `values.cloud_id`."""
    editors: dict[ConnectorFile, _Editor] = {}
    endpoint_move: _EndpointMove | None = None
    if (swagger := sources.get(ConnectorFile.SWAGGER)) is not None:
        editor = _Editor(ConnectorFile.SWAGGER, swagger, values.cloud_id)
        endpoint_move = _swagger(editor, values)
        editors[ConnectorFile.SWAGGER] = editor
    if (properties := sources.get(ConnectorFile.API_PROPERTIES)) is not None:
        editor = _Editor(ConnectorFile.API_PROPERTIES, properties, values.cloud_id)
        _properties(editor, values, endpoint_move)
        editors[ConnectorFile.API_PROPERTIES] = editor
    ordered = [editors[k] for k in ConnectorFile if k in editors]
    return CloudFiles(
        cloud_id=values.cloud_id,
        files={e.file: e.result() for e in ordered},
        changes=tuple(c for e in ordered for c in e.changes),
        findings=tuple(f for e in ordered for f in e.findings),
        shown_sources={e.file: e.shown_source() for e in ordered},
    )


# ---------------------------------------------------------------------------- swagger
def _swagger(editor: _Editor, values: DefinitionValues) -> _EndpointMove | None:
    """Edit host/basePath/schemes and the security URLs; return the endpoint's move when a
    specific endpoint replaces a fixed commercial host, for the policy templates."""
    root = editor.document.root
    for key in ("securityDefinitions", "security"):
        if (security := root.get(key)) is not None:
            editor.move_microsoft_urls(security, f"/{key}")
    paths = root.get("paths")
    for path in paths.members if paths is not None else ():
        for operation in path.value.members:
            if (security := operation.value.get("security")) is not None:
                editor.move_microsoft_urls(
                    security,
                    f"/paths/{escape_pointer_token(path.key)}/"
                    f"{escape_pointer_token(operation.key)}/security",
                )
    if values.is_baseline:
        return None
    cid = values.cloud_id
    if values.endpoint_mode is None:
        editor.findings.append(
            rules.ENDPOINT_KEPT.finding(
                f"clouds.{cid}.endpoint is not decided; the swagger keeps the commercial host",
                path=editor.where("/host"),
                cloud=cid,
            )
        )
        return None
    if values.endpoint_mode is EndpointMode.PER_CONNECTION:
        # The connection supplies the host: the placeholder stays. A fixed host cannot be
        # turned into a connection parameter here (that is a change to the connector).
        if not values.commercial_per_connection:
            editor.findings.append(
                rules.ENDPOINT_KEPT.finding(
                    f"clouds.{cid}.endpoint is per connection, but the swagger has a fixed "
                    "host and no connection parameter for it; the host was kept",
                    path=editor.where("/host"),
                    cloud=cid,
                )
            )
        return None
    if values.endpoint_mode is not EndpointMode.SPECIFIC:
        return None  # same as commercial: the host stays
    try:
        parts = urlsplit(values.endpoint_url or "")
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        parts = urlsplit("")
    if not parts.hostname:
        editor.findings.append(
            rules.VALUE_UNKNOWN.finding(
                f"clouds.{cid}.endpoint.url is empty or not a URL; the swagger keeps the "
                "commercial host",
                path=editor.where("/host"),
                cloud=cid,
            )
        )
        return None
    # The host and port only: user-info is never part of a swagger host (the endpoint
    # rules flag it in the project).
    netloc = parts.netloc.rpartition("@")[2]
    old_host_node = root.get("host")
    old_host = str(old_host_node.value) if old_host_node and old_host_node.kind == "string" else ""
    editor.ensure_member(root, "", "host", netloc)
    base_path = parts.path.rstrip("/") or "/"
    base_node = root.get("basePath")
    if base_node is not None or base_path != "/":
        editor.ensure_member(root, "", "basePath", base_path)
    schemes = root.get("schemes")
    if schemes is not None and schemes.kind == "array" and schemes.items:
        first = schemes.items[0]
        editor.set_string(first, "/schemes/0", parts.scheme)
        for index in range(len(schemes.items) - 1, 0, -1):
            editor.edits.append(remove_entry(editor.document.text, schemes, index))
            old = schemes.items[index].value
            editor.changes.append(Change(editor.file, f"/schemes/{index}", str(old), None))
    if not old_host or is_placeholder_host(old_host) or old_host == netloc:
        return None
    old_base = str(base_node.value).rstrip("/") if base_node and base_node.kind == "string" else ""
    return _EndpointMove(
        old_bases=tuple(f"{scheme}://{old_host}{old_base}" for scheme in _schemes(schemes)),
        new_base=f"{parts.scheme}://{netloc}{base_path.rstrip('/')}",
        old_host=old_host,
        new_host=netloc,
    )


@dataclass(frozen=True)
class _EndpointMove:
    """The commercial endpoint and this cloud's, for text that names it (policy templates)."""

    old_bases: tuple[str, ...]
    """The commercial base URL with each scheme the swagger offered."""
    new_base: str
    old_host: str
    new_host: str

    def apply(self, text: str) -> str:
        """The base URL first (so a base path moves with it), then any bare mention of the
        host, as a whole host name. Each must end where a host or path segment ends: a
        longer host (`api.contoso.com.au`) or segment (`/v10`) is another address."""
        for old_base in self.old_bases:
            pattern = re.escape(old_base) + _ENDS_URL
            text = re.sub(pattern, lambda _: self.new_base, text)
        pattern = rf"(?<![A-Za-z0-9.-]){re.escape(self.old_host)}{_ENDS_HOST}"
        return re.sub(pattern, lambda _: self.new_host, text)


_ENDS_HOST = r"(?![A-Za-z0-9-]|\.[A-Za-z0-9])"
"""Not followed by more of a host name (a sentence's full stop may follow)."""
_ENDS_URL = r"(?![A-Za-z0-9_~%-]|[.:][A-Za-z0-9])"
"""Not followed by more of the last host label or path segment, or by a port."""


def _schemes(schemes: JsonNode | None) -> list[str]:
    items = schemes.items if schemes is not None else []
    return [str(i.value) for i in items if i.kind == "string"] or ["https"]


# ---------------------------------------------------------------------------- apiProperties
def _properties(
    editor: _Editor, values: DefinitionValues, endpoint_move: _EndpointMove | None
) -> None:
    properties = editor.document.root.get("properties")
    if properties is None or properties.kind != "object":
        return
    for pointer, settings in _oauth_settings(properties):
        _oauth(editor, values, settings, pointer)
    policies = properties.get("policyTemplateInstances")
    if policies is not None:
        base = "/properties/policyTemplateInstances"
        if endpoint_move is not None:
            for path, string in walk_strings(policies, base):
                text = str(string.value)
                if (moved := endpoint_move.apply(text)) != text:
                    editor.set_string(string, path, moved)
        editor.move_microsoft_urls(policies, base)


def _oauth_settings(properties: JsonNode) -> list[tuple[str, JsonNode]]:
    """Every oauthSetting parameter's `oAuthSettings` object, with its pointer."""
    found: list[tuple[str, JsonNode]] = []

    def scan(parameters: JsonNode | None, pointer: str) -> None:
        if parameters is None or parameters.kind != "object":
            return
        for member in parameters.members:
            param = member.value
            kind = param.get("type") if param.kind == "object" else None
            if kind is None or str(kind.value).casefold() != "oauthsetting":
                continue
            for setting in param.members:
                if setting.key.casefold() == "oauthsettings" and setting.value.kind == "object":
                    found.append(
                        (
                            f"{pointer}/{escape_pointer_token(member.key)}/"
                            f"{escape_pointer_token(setting.key)}",
                            setting.value,
                        )
                    )

    scan(properties.get("connectionParameters"), "/properties/connectionParameters")
    sets = properties.get("connectionParameterSets")
    set_list = sets.get("values") if sets is not None and sets.kind == "object" else None
    if set_list is not None:
        for index, item in enumerate(set_list.items):
            if item.kind == "object":
                scan(
                    item.get("parameters"),
                    f"/properties/connectionParameterSets/values/{index}/parameters",
                )
    return found


def _custom_parameters(settings: JsonNode, pointer: str) -> list[tuple[JsonNode, str]]:
    """Each `customParameters` object of an OAuth setting (the key in any case; a file may
    give it twice), with its pointer."""
    return [
        (member.value, f"{pointer}/{escape_pointer_token(member.key)}")
        for member in settings.members
        if member.key.casefold() == "customparameters" and member.value.kind == "object"
    ]


def _custom_value(
    settings: JsonNode, pointer: str, key: str
) -> tuple[JsonNode, str] | tuple[None, None]:
    """`customParameters.<key>.value` (keys in any case), as a string node and pointer."""
    for custom, where in _custom_parameters(settings, pointer):
        for member in custom.members:
            if member.key.casefold() != key.casefold() or member.value.kind != "object":
                continue
            value = member.value.get("value")
            if value is not None and value.kind == "string":
                return value, f"{where}/{escape_pointer_token(member.key)}/value"
    return None, None


def _oauth(editor: _Editor, values: DefinitionValues, settings: JsonNode, pointer: str) -> None:
    cid = values.cloud_id
    # A secret may also sit among the customParameters, beside the authorization URLs.
    for parent, where in [(settings, pointer), *_custom_parameters(settings, pointer)]:
        if editor.remove_member(parent, where, "clientSecret", secret=True):
            editor.findings.append(
                rules.SECRET_LEFT_OUT.finding(
                    "the source's clientSecret was left out of this cloud's file",
                    path=editor.where(f"{where}/clientSecret"),
                    cloud=cid,
                )
            )
    provider_node = settings.get("identityProvider", any_case=True)
    provider = str(provider_node.value).casefold() if provider_node is not None else ""
    if not values.is_baseline:
        _identity(editor, values, settings, pointer, provider)
        _redirect(editor, values, settings, pointer)
    editor.move_microsoft_urls(settings, pointer)


def _identity(
    editor: _Editor, values: DefinitionValues, settings: JsonNode, pointer: str, provider: str
) -> None:
    cid = values.cloud_id
    if provider != "aadcertificate":
        client = settings.get("clientId", any_case=True)
        if values.client_id:
            editor.ensure_member(settings, pointer, "clientId", values.client_id)
        elif client is not None:
            editor.findings.append(
                rules.VALUE_UNKNOWN.finding(
                    f"clouds.{cid}.oauth_app.client_id is empty; clientId keeps the "
                    "commercial app's id",
                    path=editor.where(f"{pointer}/clientId"),
                    cloud=cid,
                )
            )
    login, login_pointer = _custom_value(settings, pointer, "loginUri")
    microsoft_login = login is not None and (
        provider == "aad" or equivalent_url(str(login.value), cid) is not None
    )
    if login is not None and login_pointer is not None and values.login_uri and microsoft_login:
        editor.set_string(login, login_pointer, values.login_uri)
    resource, resource_pointer = _custom_value(settings, pointer, "resourceUri")
    resource_nodes = [(resource, resource_pointer)]
    extra = settings.get("properties", any_case=True)
    if extra is not None and extra.kind == "object":
        for member in extra.members:
            if member.key.casefold() == "azureactivedirectoryresourceid":
                resource_nodes.append(
                    (member.value, f"{pointer}/properties/{escape_pointer_token(member.key)}")
                )
    for node, node_pointer in resource_nodes:
        if node is None or node_pointer is None or node.kind != "string" or not node.value:
            continue
        if values.resource_uri:
            if equivalent_url(str(node.value), cid) is not None or provider == "aad":
                editor.set_string(node, node_pointer, values.resource_uri)
        elif equivalent_url(str(node.value), cid) is None and provider == "aad":
            editor.findings.append(
                rules.VALUE_UNKNOWN.finding(
                    f"clouds.{cid}.oauth_app.resource_uri is empty and the resource is not a "
                    "Microsoft service the catalog can move; it was kept",
                    path=editor.where(node_pointer),
                    cloud=cid,
                )
            )
    tenant, tenant_pointer = _custom_value(settings, pointer, "tenantId")
    if tenant is not None and tenant_pointer is not None and _GUID.fullmatch(str(tenant.value)):
        if values.tenant_id:
            editor.set_string(tenant, tenant_pointer, values.tenant_id)
        else:
            editor.handled.add(tenant.start)
            editor.findings.append(
                rules.COMMERCIAL_TENANT.finding(
                    "tenantId is a tenant of the commercial directory; it was kept, not guessed",
                    path=editor.where(tenant_pointer),
                    cloud=cid,
                )
            )


def _redirect(editor: _Editor, values: DefinitionValues, settings: JsonNode, pointer: str) -> None:
    cid = values.cloud_id
    if values.redirect_url is None:
        had = editor.remove_member(settings, pointer, "redirectUrl")
        # The copy some files keep under customParameters (RamQuest) goes too: the commercial
        # redirect is wrong in every other cloud.
        for parameters, where in _custom_parameters(settings, pointer):
            had = editor.remove_member(parameters, where, "redirectUrl") or had
        reason = values.redirect_missing or "the redirect for this cloud is not known"
        editor.findings.append(
            rules.VALUE_UNKNOWN.finding(
                reason + ("; the commercial redirectUrl was left out" if had else ""),
                path=editor.where(f"{pointer}/redirectUrl"),
                cloud=cid,
            )
        )
    else:
        editor.ensure_member(settings, pointer, "redirectUrl", values.redirect_url)
        # Some files keep a second copy under customParameters (RamQuest).
        custom, custom_pointer = _custom_value(settings, pointer, "redirectUrl")
        if custom is not None and custom_pointer is not None:
            editor.set_string(custom, custom_pointer, values.redirect_url)
        if not values.redirect_verified:
            editor.findings.append(
                rules.REDIRECT_UNVERIFIED.finding(
                    f"redirectUrl is clouds.{cid}.expected_redirect, entered by you: Microsoft "
                    "publishes no redirect for this cloud",
                    path=editor.where(f"{pointer}/redirectUrl"),
                    cloud=cid,
                )
            )
    if values.redirect_mode:
        editor.ensure_member(settings, pointer, "redirectMode", values.redirect_mode)
