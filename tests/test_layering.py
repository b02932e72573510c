"""The campaign logic in `hrcities` stays plain Python: it never imports Streamlit."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("load", "metrics", "filters", "search", "peers", "i18n", "geo")
SOURCES = sorted(p for p in (ROOT / "hrcities").rglob("*.py") if "migrations" not in p.parts)


def test_importing_hrcities_does_not_load_streamlit():
    imports = ", ".join(f"hrcities.{m}" for m in MODULES)
    code = f"import {imports}, sys; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
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
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append(str(node.args[0].value))
    return names


def test_there_are_modules_to_scan():
    assert {p.stem for p in SOURCES} >= set(MODULES)


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_module_never_imports_streamlit(path):
    names = imported_names(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    offending = [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    assert offending == []


@pytest.mark.parametrize(
    "source, found",
    [
        ("import streamlit as st", True),
        ("from streamlit import cache_data", True),
        ("import streamlit.components.v1", True),
        ("__import__('streamlit')", True),
        ("import pandas as pd\nfrom .dates import parse_partial_date", False),
        ("streamlit_like = 1", False),
    ],
)
def test_scanner_sees_streamlit_imports(source, found):
    names = imported_names(ast.parse(source))
    assert any(n == "streamlit" or n.startswith("streamlit.") for n in names) is found


# -- the direction of imports: views -> components -> hrcities, nothing upward ---------------------------

LAYERS = {"hrcities": 0, "components": 1, "views": 2}  # a module may import its own layer or lower ones
# Streamlit's private modules (streamlit.runtime, streamlit.util, ...) are used nowhere: only its public API.
PRIVATE_STREAMLIT_ALLOWED: set[str] = set()
PUBLIC_STREAMLIT = ("streamlit", "streamlit.testing", "streamlit.components")


def layer_of(relative: str) -> int | None:
    return LAYERS.get(relative.split("/", 1)[0])


def violations(relative: str, source: str) -> list[str]:
    """What the module at `relative` (e.g. 'components/cards.py') imports against the layering rules."""
    own = layer_of(relative)
    found = []
    for name in imported_names(ast.parse(source)):
        top = name.split(".", 1)[0]
        if own is not None and top in LAYERS and LAYERS[top] > own:
            found.append(f"{relative} imports {name} (a higher layer)")
        if own == 0 and top == "streamlit":
            found.append(f"{relative} imports {name} (the campaign logic is plain Python)")
        private = top == "streamlit" and not any(
            name == p or name.startswith(p + ".") for p in PUBLIC_STREAMLIT
        )
        private = private or name.startswith("streamlit.") and name.split(".")[1] in {"runtime", "util"}
        if private and relative not in PRIVATE_STREAMLIT_ALLOWED:
            found.append(f"{relative} imports {name} (a private Streamlit module)")
    return found


ALL_SOURCES = sorted(
    p for layer in LAYERS for p in (ROOT / layer).rglob("*.py") if "migrations" not in p.parts
)


def test_every_layer_is_scanned_including_the_store():
    scanned = {p.relative_to(ROOT).as_posix() for p in ALL_SOURCES}
    assert "hrcities/store/store.py" in scanned and "components/state.py" in scanned
    assert "views/campaign/progress.py" in scanned


@pytest.mark.parametrize("path", ALL_SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in ALL_SOURCES])
def test_imports_point_down_the_layers(path):
    relative = path.relative_to(ROOT).as_posix()
    assert violations(relative, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "relative, source, expected",
    [
        ("components/cards.py", "from views.templates import city", "a higher layer"),
        ("hrcities/store/store.py", "import components.state", "a higher layer"),
        ("hrcities/record.py", "import streamlit as st", "plain Python"),
        ("components/cards.py", "from streamlit.runtime.scriptrunner import get_script_run_ctx", "private"),
        ("views/campaign/map.py", "import streamlit.util", "private"),
    ],
)
def test_a_deliberate_violation_is_caught(relative, source, expected):
    found = violations(relative, source)
    assert found and expected in found[0]


def test_allowed_imports_pass():
    assert (
        violations("views/campaign/map.py", "from components import charts\nfrom hrcities import figures")
        == []
    )
    assert (
        violations("components/cards.py", "import streamlit as st\nfrom hrcities.load import Campaign") == []
    )


# -- one cache boundary: Streamlit's cache in components/state.py only, memo keys inside hrcities ---------

CACHE_BOUNDARY = "components/state.py"


def cache_violations(relative: str, source: str) -> list[str]:
    """Caches used outside their one place: `st.cache_*` outside `components/state.py`, or a
    `Campaign.memo` key built outside `hrcities` (pages and components ask hrcities for derived data)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in {"cache_data", "cache_resource", "cache"} and relative != CACHE_BOUNDARY:
            if isinstance(node.value, ast.Name) and node.value.id == "st":
                found.append(f"{relative} uses st.{node.attr} (only {CACHE_BOUNDARY} caches)")
        if node.attr == "memo" and layer_of(relative) != 0:
            found.append(f"{relative} builds a memo key (derived data belong in hrcities)")
    return found


@pytest.mark.parametrize(
    "path", ALL_SOURCES + [ROOT / "app.py"], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_caches_live_at_their_one_place(path):
    relative = path.relative_to(ROOT).as_posix()
    assert cache_violations(relative, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "relative, source, expected",
    [
        ("views/campaign/open_data.py", "@st.cache_resource\ndef f(): pass", "st.cache_resource"),
        ("components/cards.py", "x = st.cache_data(f)", "st.cache_data"),
        ("views/campaign/map.py", "fig = c.memo(('map', s), build)", "memo key"),
        ("components/urlstate.py", "options = c.memo('url_options', build)", "memo key"),
    ],
)
def test_a_cache_in_the_wrong_place_is_caught(relative, source, expected):
    found = cache_violations(relative, source)
    assert found and expected in found[0]


def test_the_boundary_and_hrcities_may_cache():
    assert cache_violations(CACHE_BOUNDARY, "@st.cache_resource\ndef _source(url): pass") == []
    assert (
        cache_violations(
            "hrcities/practice_index.py", "c.memo(('practice_index', translations), build, keep=True)"
        )
        == []
    )


# -- small modules: no module of the logic over about 400 lines ---------------------------------------

MAX_LOGIC_LINES = 430


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_each_logic_module_stays_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LOGIC_LINES, f"{path.name}: {lines} lines; split it along its seams"
