"""The pure domain core: models, the cloud catalog, URL checks, rules, GA evaluation,
the checklist, connector import and project-file I/O. Nothing here imports textual, rich
or keyring.

The records most commands import (findings, rules, the catalog, requirements, URL
inspection, the GA evaluation and the checklist) are `NamedTuple`s or slotted classes
rather than dataclasses: on Python 3.11 a frozen dataclass costs about 0.6 ms to define (it
compiles each generated method), which would take `check-url` past its start-up budget
(issue 15)."""
