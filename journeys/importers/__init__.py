"""Importers: each source format is parsed into canonical rows plus a report."""
