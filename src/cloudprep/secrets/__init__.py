"""Secrets in the OS keyring (PRODUCT §6): the only package that imports `keyring`.

Importing this package (or any of its modules) does not import `keyring`: the library is
loaded inside the functions that touch a secret, so commands that need no secret stay fast
and never depend on a working keyring.

- `cloudprep.secrets.keys`: where a secret lives (service `cloudprep`, username
  `<project_id>/<cloud>/<kind>`).
- `cloudprep.secrets.values`: a secret value as a `SecretStr`, validated without echoing it.
- `cloudprep.secrets.diagnosis`: every way the keyring can be unusable, as one clear
  `KeyringUnavailable` each, with the fix on Linux, macOS and Windows.
- `cloudprep.secrets.store`: `SecretStore` (has/get/set/delete) and `open_store()`.
- `cloudprep.secrets.presence`: `lookup_presence(project)` for the rules, and the inventory
  `cloudprep secret list` shows.
"""
