"""JSON Schemas generated from the models (never written by hand)."""

from __future__ import annotations

from typing import Any

from cloudprep.core.models import Project


def project_schema() -> dict[str, Any]:
    schema = Project.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
