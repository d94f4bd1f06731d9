"""Fixtures shared by every test module. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from journeys.workspace import Workspace
from tests import pg_server

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout the tests run from."""
    return REPO_ROOT


# A copy of shared/examples/metrics: the worked example every metric test reproduces.
EXAMPLES = REPO_ROOT / "tests" / "fixtures" / "example"


def read_canonical_csv(path: Path) -> pl.DataFrame:
    """A canonical events CSV as a frame of EVENT_SCHEMA (test helper)."""
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns(pl.col("ts").str.to_datetime(time_zone="UTC"))


@pytest.fixture
def example_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The worked example of shared/examples/metrics in a fresh data folder.

    The environment points at it too, so an AppTest of app.py reads it.
    """
    monkeypatch.setenv("JOURNEYS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JOURNEYS_CATALOG_URL", raising=False)
    monkeypatch.setenv("JOURNEYS_AUTHOR", "tester")
    workspace = Workspace.open()
    catalog = json.loads((EXAMPLES / "catalog.json").read_text(encoding="utf-8"))
    workspace.catalog.seed(catalog, actor="tester")
    events = read_canonical_csv(EXAMPLES / "events.csv")
    workspace.store.append(events, author="tester", source="examples/events.csv")
    return workspace


@pytest.fixture
def empty_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """An empty data folder (the app would fill it with demo data)."""
    monkeypatch.setenv("JOURNEYS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JOURNEYS_CATALOG_URL", raising=False)
    monkeypatch.setenv("JOURNEYS_AUTHOR", "tester")
    monkeypatch.setenv("JOURNEYS_DEMO_EVENTS", "5000")
    return Workspace.open()


@pytest.fixture
def fresh_streamlit_caches() -> Iterator[None]:
    """AppTests share one process: forget cached workspaces and figures around each."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for the session (see tests/pg_server.py).

    Skipped with the reason where it cannot start; under CI (CI=true) that fails.
    """
    reason = pg_server.why_unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"PostgreSQL tests cannot run: {reason}")
        pytest.skip(f"PostgreSQL tests cannot run: {reason}")
    with pg_server.throwaway_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the throwaway server."""
    with pg_server.fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty catalog database: a SQLite file, then a PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'catalog.sqlite'}"
