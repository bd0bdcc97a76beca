"""cloudprep: get a Power Platform connector's GA and sovereign-cloud request ready to send."""

__version__ = "0.1.0"
