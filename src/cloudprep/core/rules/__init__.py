"""The rules: each has a stable id (CP1xx…CP6xx), a severity, a title and a fix hint,
and is documented in docs/rules.md. `registry.all_rules()` is the one registry the CLI,
the wizard and the bundle read."""
