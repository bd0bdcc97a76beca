"""The import's plain `connector` section and the pydantic model stay in step: the same
fields in the same order, the same JSON, the same rule findings, the same limits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from annotated_types import MaxLen
from pydantic import BaseModel, ValidationError

from cloudprep.core.catalog import load_catalog
from cloudprep.core.connector_import import import_connector, is_connector_file_name
from cloudprep.core.connector_section import ConnectorSection, EndpointSection, OAuthSection
from cloudprep.core.model_kinds import MAX_CONNECTOR_NAME, AuthKind, HostMode, RedirectMode
from cloudprep.core.models import Connector, ConnectorEndpoint, ConnectorOAuth
from cloudprep.core.project_text import connector_text_fields
from cloudprep.core.rules.connector import check_connector

DATA = Path(__file__).resolve().parents[1] / "data" / "connectors"


def _folders(root: Path) -> list[Path]:
    """The connector folders under `root` (one holds no connector file on purpose)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and any(is_connector_file_name(f.name) for f in p.iterdir())
    )


@pytest.mark.parametrize(
    ("section", "model"),
    [
        (ConnectorSection, Connector),
        (OAuthSection, ConnectorOAuth),
        (EndpointSection, ConnectorEndpoint),
    ],
)
def test_the_sections_have_the_models_fields_in_order(
    section: type, model: type[BaseModel]
) -> None:
    fields = [f.name for f in dataclasses.fields(section)]
    expected = [name for name in model.model_fields if name != "source"]
    assert fields == expected


def test_the_models_only_value_limit_is_the_one_the_section_checks() -> None:
    limited = {
        (model.__name__, name): field.metadata
        for model in (Connector, ConnectorOAuth, ConnectorEndpoint)
        for name, field in model.model_fields.items()
        if field.metadata
    }
    assert limited == {("Connector", "name"): [MaxLen(MAX_CONNECTOR_NAME)]}


def _check_same(folder: Path) -> None:
    catalog = load_catalog()
    result = import_connector(folder, catalog=catalog, build_model=False)
    model = result.section.to_model()
    assert result.section.as_json() == model.model_dump(mode="json", by_alias=True)
    assert list(result.section.as_json()) == list(model.model_dump(mode="json", by_alias=True))
    assert connector_text_fields(result.section) == connector_text_fields(model)
    assert check_connector(result.section, catalog=catalog) == check_connector(
        model, catalog=catalog
    )
    assert result.section.all_auth_kinds == model.all_auth_kinds
    assert result.section.is_aad == model.is_aad
    assert result.section.is_aad_certificate == model.is_aad_certificate
    eager = import_connector(folder, catalog=catalog)
    assert eager.connector == model
    assert eager.findings == result.findings


@pytest.mark.parametrize("folder", _folders(DATA), ids=lambda p: p.name)
def test_section_and_model_agree_on_each_test_connector(folder: Path) -> None:
    _check_same(folder)


@pytest.mark.corpus
def test_section_and_model_agree_on_the_corpus(corpus_dir: Path) -> None:
    for folder in _folders(corpus_dir):
        _check_same(folder)


def test_a_name_over_the_limit_fails_as_the_model_does() -> None:
    long = "x" * (MAX_CONNECTOR_NAME + 1)
    with pytest.raises(ValidationError) as from_model:
        Connector(name=long)
    with pytest.raises(ValidationError) as from_section:
        ConnectorSection(name=long).check_model_limits()
    assert str(from_section.value) == str(from_model.value)
    ConnectorSection(name="x" * MAX_CONNECTOR_NAME).check_model_limits()


def test_to_model_copies_every_value() -> None:
    section = ConnectorSection(
        name="contoso",
        display_name="Contoso",
        publisher="Contoso Ltd",
        auth=AuthKind.OAUTH2,
        auth_options=[AuthKind.OAUTH2, AuthKind.BASIC],
        identity_provider="aad",
        oauth=OAuthSection(
            login_uri="https://login.microsoftonline.com",
            resource_uri="https://graph.microsoft.com",
            tenant_id="common",
            scopes=["User.Read"],
            redirect_mode=RedirectMode.GLOBAL_PER_CONNECTOR,
            redirect_urls=["https://global.consent.azure-apim.net/redirect/contoso"],
            client_id="id",
        ),
        endpoint=EndpointSection(url="https://api.contoso.com", host_mode=HostMode.PER_CONNECTION),
    )
    model = section.to_model()
    assert model.model_dump(mode="json") == section.as_json()
    assert model.oauth is not None
    assert model.oauth.scopes == ["User.Read"]
    assert model.endpoint.host_mode is HostMode.PER_CONNECTION
