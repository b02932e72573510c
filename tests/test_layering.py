"""The campaign logic in `hrcities` stays plain Python: it never imports Streamlit."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("load", "metrics", "filters", "search", "peers", "figures", "i18n", "geo")
SOURCES = sorted((ROOT / "hrcities").glob("*.py"))


def test_importing_hrcities_does_not_load_streamlit():
    imports = ", ".join(f"hrcities.{m}" for m in MODULES)
    code = f"import {imports}, sys; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def imported_names(tree: ast.AST) -> list[str]:
    """Every module an import statement names (absolute or relative)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "__import__" and node.args
              and isinstance(node.args[0], ast.Constant)):
            names.append(str(node.args[0].value))
    return names


def test_there_are_modules_to_scan():
    assert {p.stem for p in SOURCES} >= set(MODULES)


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_module_never_imports_streamlit(path):
    names = imported_names(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    offending = [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    assert offending == []


@pytest.mark.parametrize("source, found", [
    ("import streamlit as st", True),
    ("from streamlit import cache_data", True),
    ("import streamlit.components.v1", True),
    ("__import__('streamlit')", True),
    ("import pandas as pd\nfrom .dates import parse_partial_date", False),
    ("streamlit_like = 1", False),
])
def test_scanner_sees_streamlit_imports(source, found):
    names = imported_names(ast.parse(source))
    assert any(n == "streamlit" or n.startswith("streamlit.") for n in names) is found
