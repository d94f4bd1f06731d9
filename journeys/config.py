"""Settings read from the environment, with the embedded defaults of DESIGN.md."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    catalog_url: str
    import_dir: Path
    max_upload_mb: int
    author: str

    @property
    def events_dir(self) -> Path:
        return self.data_dir / "events"


def default_author() -> str:
    """The name recorded in the change log when nobody is signed in."""
    configured = os.environ.get("JOURNEYS_AUTHOR", "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("JOURNEYS_DATA_DIR", PROJECT_ROOT / "data"))
    catalog_url = os.environ.get(
        "JOURNEYS_CATALOG_URL", f"sqlite:///{data_dir / 'catalog.sqlite'}"
    )
    import_dir = Path(os.environ.get("JOURNEYS_IMPORT_DIR", data_dir / "imports"))
    return Settings(
        data_dir=data_dir,
        catalog_url=catalog_url,
        import_dir=import_dir,
        max_upload_mb=int(os.environ.get("JOURNEYS_MAX_UPLOAD_MB", "200")),
        author=default_author(),
    )
