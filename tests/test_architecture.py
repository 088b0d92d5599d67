"""The package dependency rules of DESIGN.md section 2, checked on the source.

messages <- engine <- data <- training <- lessons <- gui/cli: a package may import only the
packages to its left, and no headless package may import Qt. The import scan reads every
module's AST, so a lazy import inside a function counts too.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "dlstudio"
QT = ("PySide6", "pyqtgraph", "shiboken6")
ALLOWED = {
    "messages": {"messages"},
    "engine": {"messages", "engine"},
    "data": {"messages", "engine", "data"},
    "training": {"messages", "engine", "data", "training"},
    "lessons": {"messages", "engine", "data", "training", "lessons"},
    "interop": {"messages", "engine", "data", "training", "interop"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_headless_package_imports_only_what_it_may(package):
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in QT:
                problems.append(f"{path.relative_to(ROOT)} imports Qt ({name})")
            if top == "dlstudio" and "." in name:
                sub = name.split(".")[1]
                if (ROOT / f"{sub}.py").is_file():  # a top-level helper (paths, thread_env)
                    continue
                if sub not in ALLOWED[package]:
                    problems.append(f"{path.relative_to(ROOT)} imports dlstudio.{sub}")
    assert not problems, "\n".join(problems)


def test_headless_packages_import_without_qt():
    """Import every headless module with Qt made unimportable."""
    code = (
        "import sys, importlib, pkgutil\n"
        "for m in ('PySide6', 'pyqtgraph', 'shiboken6'): sys.modules[m] = None\n"
        "import dlstudio\n"
        "for pkg in ('messages', 'engine', 'data', 'training', 'lessons', 'interop'):\n"
        "    p = importlib.import_module('dlstudio.' + pkg)\n"
        "    for info in pkgutil.walk_packages(p.__path__, p.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
