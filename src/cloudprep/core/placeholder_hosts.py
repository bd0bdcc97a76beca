"""Placeholder hosts: a swagger `host` that is filled in per connection, not a real host."""

from __future__ import annotations

import re

# Seen in PowerPlatformConnectors: `{{replace_with_your_domain}}`, `DefinedInConnectionParameters`
# and `dynamichostURL`, each paired with a dynamichosturl policy that sets the real host.
_PLACEHOLDER_NAMES = frozenset({"definedinconnectionparameters", "dynamichosturl"})
_TEMPLATE = re.compile(r"[{}]|%7b|%7d", re.IGNORECASE)


def is_placeholder_host(host: str) -> bool:
    """True when `host` stands for a host supplied per connection."""
    text = host.strip()
    if not text:
        return False
    if _TEMPLATE.search(text):
        return True
    bare = text.split(":", 1)[0].rstrip(".").lower()
    return bare in _PLACEHOLDER_NAMES
