"""The pure domain core: models, the cloud catalog, URL checks, rules, GA evaluation,
the checklist, connector import and project-file I/O. Nothing here imports textual, rich
or keyring."""
