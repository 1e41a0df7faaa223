"""The domain layer is plain Python: no Flask, no SQLAlchemy, no web server."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "examapp" / "domain"
FORBIDDEN = (
    "flask",
    "flask_",
    "sqlalchemy",
    "werkzeug",
    "jinja2",
    "examapp.models",
    "examapp.services",
)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            names.append("examapp." + (node.module or ""))
    return names


def test_no_domain_module_imports_the_web_or_the_database() -> None:
    """Does any file in examapp/domain import Flask, SQLAlchemy or the app's storage?"""
    offenders = [
        f"{path.name}: {name}"
        for path in sorted(DOMAIN.rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_importing_the_domain_loads_no_flask() -> None:
    """Checked at run time too: importing every domain module pulls in no Flask or SQLAlchemy."""
    modules = [
        "examapp.domain." + ".".join(p.relative_to(DOMAIN).with_suffix("").parts)
        for p in DOMAIN.rglob("*.py")
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'werkzeug')]\n"
        "print(','.join(bad))\n"
    )
    # examapp/__init__ imports Flask, so load the domain package without running it.
    code = (
        "import sys, types, pathlib\n"
        f"pkg = types.ModuleType('examapp'); pkg.__path__ = [{str(DOMAIN.parent)!r}]\n"
        "sys.modules['examapp'] = pkg\n" + code
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
