"""The schemas' field descriptions come from the models' attribute docstrings, read only when
a schema is made (core.attribute_docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from cloudprep.core.attribute_docs import attribute_docstrings, describe_fields
from cloudprep.core.schemas import project_schema


def _property(schema: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = schema["$defs"][model]["properties"][name]
    return found


def test_a_field_docstring_is_its_description_cleaned_like_a_docstring() -> None:
    schema = project_schema()
    expected = _property(schema, "CloudConfig", "expected_redirect")["description"]
    assert expected.startswith("Mooncake only: the redirect Microsoft gave you (unverified).")
    assert "\n    " not in expected  # the docstring's indentation is gone


def test_an_aliased_field_is_described_under_its_alias() -> None:
    period = _property(project_schema(), "TelemetryPeriod", "from")
    assert period["description"] == "The first day the numbers cover."


def test_a_field_without_a_docstring_has_no_description() -> None:
    assert "description" not in _property(project_schema(), "CloudConfig", "endpoint")


def test_making_the_model_classes_reads_no_docstring() -> None:
    # What the laziness is for: the classes carry no description; only a schema has one.
    import cloudprep.core.models as models

    assert models.CloudConfig.model_fields["expected_redirect"].description is None


class _Base(BaseModel):
    shared: int = 0
    """From the base."""


class _Child(_Base):
    own: str = ""
    """The child's own field."""
    shared: int = 1
    """Told again by the child."""
    plain: str = ""
    value: str = "x"
    "A one-line string after the field counts too."


def test_the_nearest_class_wins_and_every_literal_after_a_field_counts() -> None:
    assert attribute_docstrings(_Child) == {
        "own": "The child's own field.",
        "shared": "Told again by the child.",
        "value": "A one-line string after the field counts too.",
    }
    schema = _Child.model_json_schema()
    describe_fields(schema, _Child)
    properties = schema["properties"]
    assert properties["shared"]["description"] == "Told again by the child."
    assert "description" not in properties["plain"]


def test_a_class_without_source_has_no_docstrings() -> None:
    made = type("Made", (BaseModel,), {"__annotations__": {"x": int}, "x": 0})
    assert attribute_docstrings(made) == {}
