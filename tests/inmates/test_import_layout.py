"""The import package's arrows: services never reach into the import, messages are leaves, no circle."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("accounts", "inmates", "regions", "registration", "tps_khusus", "portal")


def imported(path: str) -> set[str]:
    """Every module a file imports, at any depth of the file (lazy imports included)."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_services_do_not_import_the_import():
    assert not {name for name in imported("inmates/services.py") if name.startswith("inmates.importing")}


@pytest.mark.parametrize("module", ["reading", "columns", "checking", "commit", "messages", "__init__"])
def test_the_import_does_not_import_the_services(module):
    assert not {name for name in imported(f"inmates/importing/{module}.py") if name.startswith("inmates.services")}


@pytest.mark.parametrize("path", ["inmates/messages.py", "inmates/importing/messages.py"])
def test_message_modules_are_leaves(path):
    assert not {name for name in imported(path) if name.split(".")[0] in PROJECT}


@pytest.mark.parametrize("module", ["inmates.importing.reading", "inmates.importing.columns",
                                    "inmates.importing.checking", "inmates.importing.commit", "inmates.services",
                                    "inmates.selectors"])
def test_each_module_imports_first_without_a_circle(module):
    """Imported first in a fresh interpreter, a module in an import circle would meet a half-built one."""
    code = f"import django; django.setup(); import {module}"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tps_khusus.settings"})
    assert result.returncode == 0, result.stderr
