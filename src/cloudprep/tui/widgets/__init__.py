"""Reusable wizard widgets; each carries its own DEFAULT_CSS."""
