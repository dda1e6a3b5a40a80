"""The shape the project keeps: small modules, short functions, tests that stand alone.

Limits from docs/architecture.md: no product module over 400 lines, no function over
60 lines unless it is a table (a function that only returns one literal: a dict or
list of data, such as the OpenAPI document); no test module imports another test
module (shared helpers live in tests/support/).
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


def test_no_test_module_imports_another_test_module() -> None:
    offenders = []
    for path in _python_files("tests"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = [alias.name for alias in node.names]
                parts = module.split(".") + names
                if any(part.startswith("test_") for part in parts):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.Import) and any(
                    part.startswith("test_") for alias in node.names
                    for part in alias.name.split(".")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "shared test helpers belong in tests/support/"


def test_the_table_rule_tells_a_table_from_code() -> None:
    table = ast.parse("def t():\n    return {\n    'a': [1, 2],\n    'b': 3,\n    }\n").body[0]
    code = ast.parse("def f(x):\n    y = x + 1\n    return {'a': y}\n").body[0]
    assert isinstance(table, ast.FunctionDef) and _is_table(table)
    assert isinstance(code, ast.FunctionDef) and not _is_table(code)
