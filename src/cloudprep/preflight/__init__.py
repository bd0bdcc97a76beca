"""The opt-in online preflight (PRODUCT §13): the only code that uses the network.

A pure part plans the checks and turns answers into results and CP7xx findings; a thin
adapter (`cloudprep.preflight.network`, the only importer of httpx and truststore) talks to
the hosts. Importing this package, or any module but `network`, loads no network stack.

- `plan`: which hosts each target cloud's checks contact, and a digest of their inputs.
- `answers`: what the network adapter hands back (never a token, never a secret).
- `interpret`: answers → check records and findings.
- `runner`: the checks in order, under a per-request timeout and a total budget.
- `record`: the result as saved in the per-user state file and embedded in a bundle.
- `state`: that state file, keyed by project id, outside the project.
- `summary`: the one line per cloud SUBMISSION.md shows.
- `proxy`: which proxy the environment names for a URL (stdlib only; for `--dry-run`).
- `hosts`: the hosts a plan contacts and their routes, as printed before connecting.
- `client_secrets`: the client secrets a plan needs, from the keyring, for one run.
"""
