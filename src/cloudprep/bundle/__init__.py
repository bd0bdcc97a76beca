"""Submission bundles: export, safe reading, re-validation, the leak scanner and SARIF.

Import the function you need from its module (`cloudprep.bundle.export.export_bundle`,
`cloudprep.bundle.validate.validate_bundle`, `cloudprep.bundle.archive.open_bundle_safely`):
this package imports nothing by itself, so each command loads only what it uses.
"""
