"""The one shape of a connector's internal API name (PRODUCT §3).

Internal names are lowercase ASCII letters and digits, with dots, dashes and underscores
inside (`teamforms`, `highspot-5f79b88ef370762934-5f63e14e61ad877cec`,
`n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f`), never with the
`shared_` prefix of the API id. `connector.name` (CP103), a redirect's last segment
(CP216) and the import's reading of a redirect URL all use this pattern.
"""

from __future__ import annotations

import re

SHARED_PREFIX = "shared_"
_PATTERN = r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?"
_NAME = re.compile(_PATTERN)
_NAME_ANY_CASE = re.compile(_PATTERN, re.IGNORECASE)
ALLOWED_CHARACTERS = "lowercase ASCII letters, digits, dots, dashes and underscores"


def is_internal_name(name: str) -> bool:
    """True when `name` has the shape of an internal API name."""
    return _NAME.fullmatch(name) is not None and not name.startswith(SHARED_PREFIX)


def is_name_in_any_case(segment: str) -> bool:
    """True when `segment` would be a name but for its case (`ContosoTasks`): how a
    redirect's last segment is recognised before its case is judged."""
    return _NAME_ANY_CASE.fullmatch(segment) is not None
