"""Extractors: one small module per job, selectable by name through :mod:`.registry`."""
