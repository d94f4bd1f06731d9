"""The core package runs without Streamlit and logs instead of printing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORE = REPO_ROOT / "journeys"
PRINT_ALLOWED = {CORE / "cli.py"}


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_roots(tree: ast.AST) -> set[str]:
    """Top-level package names imported anywhere in a module, nested imports included."""
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and called_name(node) == "import_module":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                roots.add(first.value.split(".")[0])
    return roots


def called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def print_call_lines(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]


def test_the_core_package_has_modules_to_check() -> None:
    assert CORE / "__init__.py" in core_files()


@pytest.mark.parametrize("path", core_files(), ids=lambda p: module_name(p))
def test_no_core_module_imports_streamlit(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    assert "streamlit" not in imported_roots(tree)


def test_the_import_scan_sees_plain_from_nested_and_dynamic_imports() -> None:
    source = (
        "import streamlit as st\n"
        "from streamlit.runtime import exists\n"
        "def later():\n"
        "    import importlib\n"
        "    importlib.import_module('streamlit.testing')\n"
        "from . import sibling\n"
    )

    assert imported_roots(ast.parse(source)) == {"streamlit", "importlib"}


def test_importing_every_core_module_leaves_streamlit_unloaded() -> None:
    modules = sorted({module_name(path) for path in core_files()})
    script = (
        f"import {', '.join(modules)}\n"
        "import sys\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
        "assert not loaded, loaded\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "path",
    [p for p in core_files() if p not in PRINT_ALLOWED],
    ids=lambda p: module_name(p),
)
def test_core_modules_log_instead_of_printing(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    assert print_call_lines(tree) == [], (
        f"print() in {path.name}; use the module logger"
    )


def test_the_print_scan_finds_a_print_call_and_its_line() -> None:
    source = "import logging\nx = 1\nprint('hello', x)\nlogging.info('fine')\n"

    assert print_call_lines(ast.parse(source)) == [3]
