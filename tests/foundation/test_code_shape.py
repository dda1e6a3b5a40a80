"""The shape the project keeps: small modules, short functions, tests that stand alone.

Limits from docs/architecture.md: no product module over 400 lines, no function over
60 lines unless it is a table (a function that only returns one literal: a dict or
list of data, such as the OpenAPI document); no test module (tests/**/test_*.py)
imports another test module: shared helpers live in tests/support/, or beside the tests
of one folder in a module not named test_*.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _is_table(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function that is mostly one literal: it ends by returning a dict or list literal
    that takes most of its lines (the lines before only name parts of it)."""
    last = function.body[-1]
    if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Dict | ast.List)):
        return False
    literal_lines = (last.end_lineno or last.lineno) - last.lineno + 1
    size = (function.end_lineno or function.lineno) - function.lineno + 1
    return literal_lines * 4 >= size * 3


def test_no_product_module_is_over_the_limit() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _python_files("kiosk")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines: split them by what they hold"


def test_no_product_function_is_over_the_limit_unless_a_table() -> None:
    long: dict[str, int] = {}
    for path in _python_files("kiosk"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES and not _is_table(node):
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = size
    assert long == {}, f"functions over {MAX_FUNCTION_LINES} lines"


def _imported_modules(path: Path, tree: ast.Module) -> list[tuple[int, str]]:
    """(line, dotted module) of each module a file imports, relative imports resolved; for
    ``from X import y`` both X and X.y (y may be a module)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + (node.module or "").split(".")).strip(".")
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _is_test_module(module: str) -> bool:
    """True for a module of the test suite itself (tests/**/test_*.py)."""
    parts = module.split(".")
    return (parts[0] == "tests" and parts[-1].startswith("test_")
            and (ROOT / Path(*parts)).with_suffix(".py").is_file())


def _test_module_imports(path: Path, source: str) -> list[str]:
    """Where ``source`` (the file at ``path``) imports a test module, as ``path:line``."""
    tree = ast.parse(source)
    return sorted({f"{path.relative_to(ROOT)}:{line}"
                   for line, module in _imported_modules(path, tree) if _is_test_module(module)})


def test_no_test_module_imports_another_test_module() -> None:
    offenders = [where for path in _python_files("tests")
                 for where in _test_module_imports(path, path.read_text(encoding="utf-8"))]
    assert offenders == [], "shared test helpers belong in tests/support/"


def test_the_import_rule_tells_a_test_module_from_a_helper() -> None:
    here = ROOT / "tests" / "foundation" / "test_example.py"
    assert _test_module_imports(here, "from .test_layers import ROOT\n") == [
        "tests/foundation/test_example.py:1"]
    assert _test_module_imports(here, "from tests.foundation import test_layers\n") != []
    assert _test_module_imports(here, "import tests.foundation.test_layers\n") != []
    # helpers, and a product module whose name starts with test_ (the test PKI), are fine
    assert _test_module_imports(here, "from tests.support.waiting import wait_until\n"
                                "from kiosk.simulated.test_pki import CSCA\n") == []


def test_the_table_rule_tells_a_table_from_code() -> None:
    table = ast.parse("def t():\n    return {\n    'a': [1, 2],\n    'b': 3,\n    }\n").body[0]
    code = ast.parse("def f(x):\n    y = x + 1\n    return {'a': y}\n").body[0]
    assert isinstance(table, ast.FunctionDef) and _is_table(table)
    assert isinstance(code, ast.FunctionDef) and not _is_table(code)
