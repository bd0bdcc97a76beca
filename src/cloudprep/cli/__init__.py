"""The command line: argument parsing, output formats, exit codes and stderr in one place.

Nothing here imports textual except the wizard command, and only when it runs.
"""
