"""Each app keeps to its part (docs/architecture.md, "Where does X live"): connectors import
no models, selectors no services, views run no query, core depends on no other app, no
production module imports a test module, and test tools are not served as static files.
Imports are read from the source (every `import`, at the top or inside a function)."""

import ast
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

PACKAGE = Path(__file__).resolve().parents[2]  # observatoire/
QUERY_METHODS = {
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "values_list",
    "get_or_create",
    "raw",
}


def modules(*parts: str, tests: bool = False) -> list[Path]:
    """The Python modules under observatoire/<parts>, test modules excluded unless `tests`."""
    found = []
    for path in sorted(PACKAGE.joinpath(*parts).rglob("*.py")):
        relative = path.relative_to(PACKAGE).parts
        if "migrations" in relative or (not tests and "tests" in relative):
            continue
        found.append(path)
    return found


def imported(path: Path) -> set[str]:
    """Absolute names of the modules `path` imports (relative imports resolved)."""
    package = ["observatoire", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_connectors_import_no_models():
    """Connectors map a network's API onto dataclasses; what reads the database (the fake
    API) lives in devtools."""
    found = {
        name(path): sorted(
            m
            for m in imported(path)
            if m.startswith("django.db") or m.endswith(".models") or ".models." in m
        )
        for path in modules("connectors")
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_selectors_import_no_services():
    """Reads never call writes."""
    found = {
        name(path): sorted(m for m in imported(path) if ".services" in m or m.endswith("services"))
        for path in PACKAGE.glob("*/selectors.py")
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_core_depends_on_no_other_app():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}
    found = {
        name(path): sorted(
            m
            for m in imported(path)
            if m.split(".")[:2][-1] in apps - {"core"} and m.startswith("observatoire.")
        )
        for path in modules("core")
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_no_production_module_imports_a_test_module():
    found = {
        name(path): sorted(m for m in imported(path) if ".tests" in m or m.startswith("tests"))
        for path in modules()
    }
    assert {path: names for path, names in found.items() if names} == {}


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*/views.py")), ids=name)
def test_views_run_no_query(path):
    """Views parse, call one selector or service, render: no `.objects`, no queryset calls."""
    tree = ast.parse(path.read_text())
    queries = sorted(
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and (node.attr == "objects" or node.attr in QUERY_METHODS)
    )
    assert queries == []


def test_test_tools_are_not_static_files():
    """axe-core (npm, for the browser tests) is injected by tests/e2e/conftest.py, never
    served by the site: nothing from node_modules is a static file."""
    assert finders.find("axe-core/axe.min.js") is None
