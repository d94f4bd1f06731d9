"""Typed errors, one per domain; each carries a message key the UI translates."""

from __future__ import annotations

from typing import Any


class JourneysError(Exception):
    """Base error: `key` names a message in the i18n catalogs, `params` fill it.

    The English text is kept as the exception's own message so logs and the
    command line read well without the catalogs.
    """

    def __init__(self, key: str, english: str, **params: Any) -> None:
        super().__init__(english.format(**params) if params else english)
        self.key = key
        self.params = params


class CatalogError(JourneysError):
    """A change to campaigns or categories was refused."""


class IngestError(JourneysError):
    """A file could not be imported."""


class QueryError(JourneysError):
    """A metric query failed or was given bad parameters."""


class StoreError(JourneysError):
    """The event store is missing, unreadable or busy."""
