"""The Textual wizard (`cloudprep` with no command): the only package that imports textual.

Nothing is imported here, so `import cloudprep.tui.launch` stays as light as it can be.
"""
