"""Projects for the secrets tests, written by hand (PRODUCT §6 says what each needs)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from cloudprep.core.models import Project

PROJECT_ID = uuid.UUID("5a0c7f3e-9b1d-4e2a-8c6f-1d3b5e7a9c20")


def oauth_project_data(clouds: tuple[str, ...] = ("gcch", "mooncake")) -> dict[str, Any]:
    """An aad OAuth connector: every target cloud needs client-secret, test-username and
    test-password."""
    return {
        "schema_version": 1,
        "project_id": str(PROJECT_ID),
        "connector": {
            "name": "contosotasks",
            "display_name": "Contoso Tasks",
            "auth": "oauth2",
            "identity_provider": "aad",
        },
        "clouds": {cloud: {"endpoint": {"mode": "same_as_commercial"}} for cloud in clouds},
    }


def multi_auth_data(clouds: tuple[str, ...] = ("gcch", "mooncake")) -> dict[str, Any]:
    """OAuth plus API key: every kind is needed in every cloud."""
    data = oauth_project_data(clouds)
    data["connector"]["auth_options"] = ["oauth2", "api_key"]
    return data


def no_auth_data() -> dict[str, Any]:
    data = oauth_project_data(("gcc",))
    data["connector"] = {"name": "opendata", "auth": "none"}
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def project(data: dict[str, Any]) -> Project:
    return Project.model_validate(data)
