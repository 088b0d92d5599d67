"""The package dependency rules of DESIGN.md section 2, checked on the source.

messages <- engine <- data <- training <- lessons <- gui/cli: a package may import only the
packages to its left, and no headless package may import Qt. The import scan reads every
module's AST, so a lazy import inside a function counts too. Inside the packages: no two
modules import each other (directly or around a longer loop), no module imports a name
starting with ``_`` from another module, and no absolute path of a developer's machine is
written into the package.
"""
from __future__ import annotations

import ast
import re
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


# -- modules of dlstudio and the imports between them -------------------------------------------
def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute name ``from ... import`` refers to (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if MODULES[module].name != "__init__.py":
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _import_edges(module: str) -> list[tuple[str, str]]:
    """``(imported dlstudio module, name as written)`` for every import in ``module``.

    ``from package import name`` counts as importing the submodule ``package.name`` when there
    is one, else the package itself. A package's parents are not counted (importing
    ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, which every module shares).
    """
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    edges = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            edges += [(a.name, a.name) for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            if not target.startswith("dlstudio"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                edges.append((sub if sub in MODULES else target, sub))
    return [(t, name) for t, name in edges if t in MODULES and t != module]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_between_modules():
    graph = {m: {t for t, _ in _import_edges(m)} for m in MODULES}
    loops = _cycles(graph)
    text = "\n".join(" <-> ".join(loop) + ":\n" + "\n".join(
        f"    {m} imports {sorted(graph[m] & set(loop))}" for m in loop) for loop in loops)
    assert not loops, "modules that import each other (fill registries from the package " \
                      "__init__, or split by concept):\n" + text


def test_the_cycle_finder_finds_a_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def _private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


def test_no_module_imports_a_private_name_from_another():
    problems = [f"{module} imports {name}" for module in MODULES
                for _, name in _import_edges(module) if _private(name)]
    assert not problems, "give the owner a public, documented name:\n" + "\n".join(problems)


MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|home|tmp|root)/")


def test_no_absolute_machine_path_in_the_package():
    problems = [f"{path.relative_to(ROOT.parent)}:{n}: {line.strip()}"
                for path in MODULES.values()
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if MACHINE_PATH.search(line)]
    assert not problems, "find files through settings, DLSTUDIO_DATA or the user's cache:\n" \
        + "\n".join(problems)
