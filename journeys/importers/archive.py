"""Unpack a .zip of import files, refusing any member that could escape or flood.

Only plain files are unpacked (folders are made as needed); a member with an
absolute path, a drive letter or `..`, a link or any other special file refuses
the whole archive, and so does a total unpacked size over the caller's bound
(the sizes the archive declares: reading stops at the declared size).
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import stat
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from journeys.errors import IngestError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
# What a .zip given by path (command line, server folder) may unpack to at
# most, and never more than the free space where it unpacks.
ZIP_MAX_BYTES = 20 * 1024 * MB
# A bad CRC, a damaged member, an encrypted one (RuntimeError), an unknown
# method (NotImplementedError), a file and a folder of one name (OSError).
UNZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)


def is_zip(path: Path) -> bool:
    return path.name.lower().endswith(".zip")


def unpack_limit(folder: Path) -> int:
    """How many bytes a .zip may unpack to in `folder`."""
    return min(ZIP_MAX_BYTES, shutil.disk_usage(folder).free)


def unpack_zip(source: bytes | Path, target: Path, max_bytes: int) -> None:
    """Unpack a zip archive (its bytes or its file) into `target`, refusing
    any member that could escape."""
    try:
        archive = zipfile.ZipFile(
            io.BytesIO(source) if isinstance(source, bytes) else source
        )
    except (zipfile.BadZipFile, OSError) as error:
        raise IngestError(
            "import.bad_zip",
            "This .zip file cannot be opened: {detail}",
            detail=str(error),
        ) from error
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > max_bytes:
            raise IngestError(
                "import.zip_too_large",
                "The .zip file unpacks to {size} MB, more than the {limit} MB allowed.",
                size=total // MB,
                limit=max_bytes // MB,
            )
        for member in members:
            if not _safe(member):
                raise IngestError(
                    "import.zip_unsafe",
                    "The .zip file holds an unsafe entry ({name}); nothing was unpacked.",
                    name=member.filename,
                )
        try:
            _extract(archive, members, target)
        except UNZIP_ERRORS as e:
            raise IngestError(
                "import.bad_zip",
                "This .zip file cannot be opened: {detail}",
                detail=str(e),
            ) from e
    logger.info("unpacked %d member(s) of %d bytes to %s", len(members), total, target)


def _safe(member: zipfile.ZipInfo) -> bool:
    """A member stays inside the target and is a plain file or a folder (a
    zip made without Unix modes says nothing, which is fine)."""
    path = PurePosixPath(member.filename.replace("\\", "/"))
    mode = member.external_attr >> 16
    kind = stat.S_IFMT(mode)
    return not (
        path.is_absolute()
        or ".." in path.parts
        or re.match(r"^[A-Za-z]:", member.filename)
        or kind not in (0, stat.S_IFREG, stat.S_IFDIR)
    )


def _extract(
    archive: zipfile.ZipFile, members: Sequence[zipfile.ZipInfo], target: Path
) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for member in members:
        if member.is_dir():
            continue
        destination = target / PurePosixPath(member.filename.replace("\\", "/"))
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, destination.open("wb") as sink:
            shutil.copyfileobj(source, sink)  # a member may be large
