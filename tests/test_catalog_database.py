"""Opening the catalog: a database that is read-only, unreachable, damaged or
named by a bad URL is refused in one sentence; any other database error is a
bug and is never reported as one of those."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from journeys.catalog import Catalog, database_trouble
from journeys.errors import CatalogError

NOBODY = 65534


def run_unprivileged(action: Callable[[], str]) -> str:
    """`action()` in a process that file permissions apply to: a forked child
    that drops root to `nobody` (root would write a read-only file anyway)."""
    if os.geteuid() != 0:
        return action()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report the outcome through the pipe, then leave
        os.close(read_end)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome = action()
        except BaseException as error:
            outcome = f"{type(error).__name__}: {error}"
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(pid, 0)
    return outcome


def refusal_key(action: Callable[[], object]) -> str:
    try:
        action()
    except CatalogError as error:
        return error.key
    return "accepted"


def test_a_constraint_violation_is_never_reported_as_database_trouble(
    catalog_url: str,
) -> None:
    catalog = Catalog.open(catalog_url)
    duplicate = "insert into schema_info (id, version) values (1, 1)"
    with (
        pytest.raises(sa.exc.IntegrityError) as violation,
        catalog.engine.begin() as conn,
    ):
        conn.exec_driver_sql(duplicate)
    assert database_trouble(violation.value) is None


def test_a_read_only_catalog_file_is_read_but_every_change_is_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "catalog.sqlite"
    Catalog.open(f"sqlite:///{path}").add_category("Promo", "ana")
    read_only = Catalog.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert [c.name for c in read_only.categories()] == ["Default", "Promo"]
    with pytest.raises(CatalogError) as refused:
        read_only.add_category("Other", "bea")
    assert refused.value.key == "catalog.read_only"
    assert "read-only" in str(refused.value)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A temporary folder any user may enter (pytest's own are its owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="journeys-catalog-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_catalog_in_a_folder_the_app_cannot_write_is_refused_as_read_only(
    open_folder: Path,
) -> None:
    url = f"sqlite:///{open_folder / 'catalog.sqlite'}"
    Catalog.open(url).add_category("Promo", "ana")
    (open_folder / "catalog.sqlite").chmod(0o444)
    open_folder.chmod(0o555)
    outcome = run_unprivileged(
        lambda: refusal_key(lambda: Catalog.open(url).add_category("X", "bea"))
    )
    assert outcome == "catalog.read_only"


def test_a_new_catalog_in_a_folder_the_app_cannot_write_is_refused_as_read_only(
    open_folder: Path,
) -> None:
    open_folder.chmod(0o555)
    for path in (open_folder / "catalog.sqlite", open_folder / "data" / "c.sqlite"):
        outcome = run_unprivileged(
            lambda path=path: refusal_key(lambda: Catalog.open(f"sqlite:///{path}"))
        )
        assert outcome == "catalog.read_only", path


def test_a_new_catalog_in_a_missing_folder_that_cannot_be_made_is_refused(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CatalogError) as refused:
        Catalog.open(f"sqlite:///{blocker / 'data' / 'catalog.sqlite'}")
    assert refused.value.key == "catalog.unreachable"


def test_a_read_only_postgresql_database_refuses_changes_in_one_sentence(
    postgres_url: str,
) -> None:
    Catalog.open(postgres_url).add_category("Promo", "ana")
    database = sa.make_url(postgres_url).database
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(
            f"alter database {database} set default_transaction_read_only = on"
        )
    admin.dispose()
    standby = Catalog.open(postgres_url)
    assert [c.name for c in standby.categories()] == ["Default", "Promo"]
    with pytest.raises(CatalogError) as refused:
        standby.add_category("Other", "bea")
    assert refused.value.key == "catalog.read_only"


def test_a_server_that_is_not_there_is_refused_in_one_sentence() -> None:
    with pytest.raises(CatalogError) as refused:
        Catalog.open("postgresql://nobody@127.0.0.1:1/catalog")
    assert refused.value.key == "catalog.unreachable"


def test_a_plain_postgresql_url_uses_the_installed_psycopg_driver(
    postgres_url: str,
) -> None:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    catalog = Catalog.open(plain)
    assert catalog.engine.dialect.driver == "psycopg"
    assert [c.name for c in catalog.categories()] == ["Default"]


@pytest.mark.parametrize(
    "url", ["not a url", "mysql://user@host/catalog", "nosuchdb://x"]
)
def test_a_url_naming_no_usable_database_is_refused_in_one_sentence(
    url: str,
) -> None:
    with pytest.raises(CatalogError) as refused:
        Catalog.open(url)
    assert refused.value.key == "catalog.bad_url"
    assert "JOURNEYS_CATALOG_URL" in str(refused.value)
