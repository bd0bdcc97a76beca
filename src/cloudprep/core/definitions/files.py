"""The two files of a connector definition. Kept apart from `schemas` so that naming them
(the bundle's file list, SUBMISSION.md) does not load the schemas and the lint."""

from __future__ import annotations

from enum import StrEnum


class ConnectorFile(StrEnum):
    API_PROPERTIES = "apiProperties.json"
    SWAGGER = "apiDefinition.swagger.json"
