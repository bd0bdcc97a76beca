"""The project models' field descriptions in the JSON schema are their attribute docstrings,
exactly as pydantic's own `use_attribute_docstrings` would have set them."""

from __future__ import annotations

from typing import Any

import pytest

from cloudprep.core import models
from cloudprep.core.attribute_docs import attribute_docstrings

MODELS = sorted(
    (
        m
        for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, models.FileModel) and m is not models.FileModel
    ),
    key=lambda m: m.__name__,
)


def _pydantic_docstrings(model: type[models.FileModel]) -> dict[str, str]:
    # pydantic's own extraction, as the reference: a private module, so the comparison
    # skips (with its reason) if a pydantic release moves it.
    try:
        from pydantic._internal._docs_extraction import extract_docstrings_from_cls
    except ImportError as exc:  # pragma: no cover - depends on the pydantic release
        pytest.skip(f"pydantic's docstring extraction moved: {exc}")
    found: dict[str, str] = extract_docstrings_from_cls(model, use_inspect=True)
    return {name: doc for name, doc in found.items() if name in model.model_fields}


def test_every_model_is_covered() -> None:
    assert {m.__name__ for m in MODELS} >= {"Project", "Connector", "GaInputs", "CloudConfig"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_fields_docstring_is_read_as_pydantic_reads_it(
    model: type[models.FileModel],
) -> None:
    ours = {k: v for k, v in attribute_docstrings(model).items() if k in model.model_fields}
    assert ours == _pydantic_docstrings(model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_fields_schema_description_is_its_docstring(model: type[models.FileModel]) -> None:
    properties: dict[str, Any] = model.model_json_schema(by_alias=True)["properties"]
    described = {
        name: properties[info.alias or name]["description"]
        for name, info in model.model_fields.items()
        if "description" in properties.get(info.alias or name, {})
    }
    assert described == _pydantic_docstrings(model)
