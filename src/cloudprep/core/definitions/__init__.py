"""Per-cloud connector definitions (PRODUCT §14): each cloud's apiProperties.json and
swagger generated from the imported source by editing value spans only, and a lint (CP8xx)
that judges such files, generated or edited by hand."""
