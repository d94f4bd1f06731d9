"""Every JOURNEYS_* environment variable the product reads is documented in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"
SETTING = re.compile(r"JOURNEYS_[A-Z0-9_]+")


def product_sources() -> list[Path]:
    """Code that ships: the core package, the entry point, the pages and their parts."""
    sources = sorted((REPO_ROOT / "journeys").rglob("*.py"))
    sources += sorted((REPO_ROOT / "pages").glob("*.py"))
    sources += sorted((REPO_ROOT / "ui").glob("*.py"))
    app = REPO_ROOT / "app.py"
    return [*sources, app] if app.exists() else sources


def setting_names(source: str) -> set[str]:
    """Names of settings spelled as whole string literals, wherever they are read."""
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SETTING.fullmatch(node.value)
    }


def settings_read_by_product() -> list[str]:
    names: set[str] = set()
    for path in product_sources():
        names |= setting_names(path.read_text(encoding="utf-8"))
    return sorted(names)


def documented_settings() -> set[str]:
    return set(SETTING.findall(README.read_text(encoding="utf-8")))


def test_the_settings_scan_finds_literals_across_lines_and_ignores_prose() -> None:
    source = (
        "import os\n"
        "url = os.environ.get(\n"
        '    "JOURNEYS_CATALOG_URL", "sqlite://"\n'
        ")\n"
        'DEMO = "JOURNEYS_DEMO_EVENTS"\n'
        '"""Mentions JOURNEYS_NOT_A_SETTING in a sentence."""\n'
    )

    assert setting_names(source) == {"JOURNEYS_CATALOG_URL", "JOURNEYS_DEMO_EVENTS"}


def test_the_configuration_module_reads_the_data_directory_setting() -> None:
    config = (REPO_ROOT / "journeys" / "config.py").read_text(encoding="utf-8")

    assert "JOURNEYS_DATA_DIR" in setting_names(config)


@pytest.mark.parametrize("name", settings_read_by_product())
def test_each_setting_the_product_reads_is_documented_in_the_readme(
    name: str,
) -> None:
    assert name in documented_settings(), f"document {name} in README.md"
