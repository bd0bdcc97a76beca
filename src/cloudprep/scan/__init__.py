"""The fleet scan (`cloudprep scan DIR`, PRODUCT §12): every connector folder under a tree,
imported with the same code as `cloudprep init --from-connector`, one row each.

- `discovery`: finds the connector folders (any depth, symlink loops and unreadable folders
  reported, never followed twice);
- `report`: the rows, the summary and the exit decision (plain data, picklable);
- `runner`: runs the import over the folders, in-process or in worker processes, and stops
  cleanly on Ctrl-C with the partial result;
- `render`: the text, JSON and CSV renderers;
- `progress`: the progress bar, the only place that imports rich, and only on a TTY.

Nothing here imports textual or keyring; importing this package imports nothing heavy.
"""
