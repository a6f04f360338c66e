"""The layout rules the code keeps: sizes, import direction, no cycles, libraries in their rooms.

Read from the source with ``ast`` (nothing is imported), so a function-level
import counts like any other.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalogue", "index", "web")
LAYER = {"catalogue": 0, "index": 1, "web": 2}
MAX_LINES = 450
# Public Whoosh modules that code outside index/internals/ may import
# (whoosh.formats: the posting formats, Positions).
PUBLIC_WHOOSH = {"whoosh", "whoosh.index", "whoosh.fields", "whoosh.analysis", "whoosh.columns", "whoosh.formats"}
SQL_DRIVERS = ("sqlite3", "psycopg")


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


MODULES = dict(_modules())


def _imports(name, path):
    """Every module ``name`` imports, at any depth of its code, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            modules = {f"{prefix}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(modules)
            # ``from . import analysis`` takes a module; ``from index import open_index`` a name
            # the package's __init__ defines or re-exports.
            if len(modules) < len(node.names):
                found.add(prefix)
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _project_edges(name):
    return {target for target in IMPORTS[name] if target in MODULES and target != name}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_450_lines(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines"


def test_nothing_imports_a_higher_layer():
    upward = [(name, target) for name in MODULES for target in _project_edges(name)
              if LAYER[target.split(".")[0]] > LAYER[name.split(".")[0]]]
    assert upward == []


def test_there_is_no_import_cycle_not_even_through_function_level_imports():
    # Package __init__ files re-export their modules, so an edge into a
    # package means its __init__; cycles are looked for over modules.
    state, cycles = {}, []

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(_project_edges(name)):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_whoosh_and_jieba_are_imported_only_in_index():
    outside = [(name, target) for name, targets in IMPORTS.items() if not name.startswith("index")
               for target in targets if target.split(".")[0] in ("whoosh", "jieba")]
    assert outside == []


def test_jieba_next_is_imported_only_in_the_internals_room():
    # Its compiled route and Viterbi are names it does not document (index/internals/jieba_route.py).
    outside = [(name, target) for name, targets in IMPORTS.items() if not name.startswith("index.internals")
               for target in targets if target.split(".")[0] == "jieba_next"]
    assert outside == []


def test_pypinyin_is_imported_only_in_index():
    outside = [(name, target) for name, targets in IMPORTS.items() if not name.startswith("index")
               for target in targets if target.split(".")[0] == "pypinyin"]
    assert outside == []


def test_whoosh_internals_are_imported_only_in_their_room():
    outside = [(name, target) for name, targets in IMPORTS.items()
               if not name.startswith("index.internals")
               for target in targets
               if target.split(".")[0] == "whoosh" and target not in PUBLIC_WHOOSH]
    assert outside == []


def test_sql_drivers_are_imported_only_in_catalogue():
    outside = [(name, target) for name, targets in IMPORTS.items() if not name.startswith("catalogue")
               for target in targets if target.split(".")[0] in SQL_DRIVERS]
    assert outside == []
