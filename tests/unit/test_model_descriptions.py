"""The project models' field descriptions (the project file's JSON schema) are their
attribute docstrings, exactly as pydantic's `use_attribute_docstrings` would set them."""

from __future__ import annotations

import pytest
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from cloudprep.core import models

MODELS = sorted(
    (
        m
        for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, models.FileModel) and m is not models.FileModel
    ),
    key=lambda m: m.__name__,
)


def test_every_model_is_covered() -> None:
    assert {m.__name__ for m in MODELS} >= {"Project", "Connector", "GaInputs", "CloudConfig"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_fields_description_is_its_docstring(model: type[models.FileModel]) -> None:
    expected = extract_docstrings_from_cls(model, use_inspect=True)
    described = {
        name: info.description
        for name, info in model.model_fields.items()
        if info.description is not None
    }
    assert described == expected
