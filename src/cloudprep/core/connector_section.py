"""The `connector` section as the import builds it: plain data, without pydantic.

`scan` imports a thousand folders and never writes a project, so it has no use for the
pydantic models, whose import and schema building cost more than a tenth of a second. The
import (`core.connector_import`) fills these classes; the rules read them as they read
the models (same attribute names), and `to_model` gives the pydantic `Connector` that a
project holds (`init --from-connector`, the wizard).

Nothing the models check is lost: every value is built with its declared type by the
import, and the one value limit the models add (`connector.name` at most
`MAX_CONNECTOR_NAME` characters) is checked by `check_model_limits`, which lets the model
itself raise its own error. `tests/unit/test_connector_section.py` holds the two in step
(the same fields, in the same order, the same dump, the same limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudprep.core.model_kinds import (
    MAX_CONNECTOR_NAME,
    AuthKind,
    ConnectorAuthKinds,
    HostMode,
    RedirectMode,
)

if TYPE_CHECKING:
    from cloudprep.core.models import Connector


@dataclass
class OAuthSection:
    """`connector.oauth` (`models.ConnectorOAuth`)."""

    login_uri: str | None = None
    resource_uri: str | None = None
    tenant_id: str | None = None
    scopes: list[str] = field(default_factory=list)
    redirect_mode: RedirectMode | None = None
    redirect_urls: list[str] = field(default_factory=list)
    client_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "login_uri": self.login_uri,
            "resource_uri": self.resource_uri,
            "tenant_id": self.tenant_id,
            "scopes": list(self.scopes),
            "redirect_mode": self.redirect_mode.value if self.redirect_mode else None,
            "redirect_urls": list(self.redirect_urls),
            "client_id": self.client_id,
        }


@dataclass
class EndpointSection:
    """`connector.endpoint` (`models.ConnectorEndpoint`)."""

    url: str | None = None
    host_mode: HostMode = HostMode.FIXED

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "host_mode": self.host_mode.value}


@dataclass
class ConnectorSection(ConnectorAuthKinds):
    """`connector` (`models.Connector`) as imported: `source` is only ever set on the model,
    when a project records where the connector came from."""

    name: str | None = None
    display_name: str = ""
    publisher: str = ""
    auth: AuthKind = AuthKind.NONE
    auth_options: list[AuthKind] = field(default_factory=list)
    identity_provider: str | None = None
    oauth: OAuthSection | None = None
    endpoint: EndpointSection = field(default_factory=EndpointSection)

    def check_model_limits(self) -> None:
        """Raise what building the model would raise: the model's own ValidationError for a
        name longer than the model allows. Every other value has its declared type by
        construction."""
        if self.name is not None and len(self.name) > MAX_CONNECTOR_NAME:
            self.to_model()

    def as_json(self) -> dict[str, Any]:
        """What `to_model().model_dump(mode="json", by_alias=True)` gives, keys in order."""
        return {
            "name": self.name,
            "display_name": self.display_name,
            "publisher": self.publisher,
            "auth": self.auth.value,
            "auth_options": [kind.value for kind in self.auth_options],
            "identity_provider": self.identity_provider,
            "oauth": self.oauth.as_json() if self.oauth is not None else None,
            "endpoint": self.endpoint.as_json(),
            "source": None,
        }

    def to_model(self) -> Connector:
        """The pydantic `Connector` (validated as any model is)."""
        from cloudprep.core.models import Connector, ConnectorEndpoint, ConnectorOAuth

        oauth = self.oauth
        return Connector(
            name=self.name,
            display_name=self.display_name,
            publisher=self.publisher,
            auth=self.auth,
            auth_options=list(self.auth_options),
            identity_provider=self.identity_provider,
            oauth=ConnectorOAuth(
                login_uri=oauth.login_uri,
                resource_uri=oauth.resource_uri,
                tenant_id=oauth.tenant_id,
                scopes=list(oauth.scopes),
                redirect_mode=oauth.redirect_mode,
                redirect_urls=list(oauth.redirect_urls),
                client_id=oauth.client_id,
            )
            if oauth is not None
            else None,
            endpoint=ConnectorEndpoint(url=self.endpoint.url, host_mode=self.endpoint.host_mode),
        )
