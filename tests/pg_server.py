"""A throwaway PostgreSQL server for the catalog tests, from Debian's binaries.

`make test` installs the `postgresql` package when its binaries are missing;
the server runs from a temporary folder on a free local port, without fsync,
and is removed when the test session ends. PostgreSQL refuses to run as root,
so under root its commands run as the `postgres` system user (runuser).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

BINARIES = Path("/usr/lib/postgresql")
SYSTEM_USER = "postgres"


def find_bindir() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = [
        p.parent
        for p in BINARIES.glob("*/bin/pg_ctl")
        if p.parent.parent.name.isdigit()
    ]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


def why_unavailable() -> str | None:
    """None when a throwaway server can start here; otherwise the reason."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -r requirements.txt)"
    if find_bindir() is None:
        return "no PostgreSQL server binaries in /usr/lib/postgresql (make test installs the postgresql package)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            return "running as root without a postgres system user to run the server"
        if shutil.which("runuser") is None:
            return "running as root without runuser to drop to the postgres user"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server; yield the URL of its `postgres` database; stop and delete it."""
    bindir = find_bindir()
    assert bindir is not None
    as_owner: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="journeys-pg-"))
    if os.geteuid() == 0:
        as_owner = ["runuser", "-u", SYSTEM_USER, "--"]
        shutil.chown(root, SYSTEM_USER)
    data = root / "data"
    try:
        subprocess.run(
            [
                *as_owner,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "--no-locale",
                "--encoding=UTF8",
            ],
            check=True,
            capture_output=True,
        )
        for _attempt in range(3):  # another process may take the free port first
            port = _free_port()
            options = (
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            started = subprocess.run(
                [
                    *as_owner,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(root / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                capture_output=True,
                check=False,
            )
            if started.returncode == 0:
                break
        else:
            log = (root / "server.log").read_text("utf-8", "replace")
            raise RuntimeError(f"PostgreSQL did not start:\n{log[-2000:]}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *as_owner,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server, dropped afterwards; yields its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"create database {name}")
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f"drop database if exists {name} with (force)")
    finally:
        admin.dispose()
