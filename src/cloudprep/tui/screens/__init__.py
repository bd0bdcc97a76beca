"""The wizard's screens. Import a screen's module only when it is first shown."""
