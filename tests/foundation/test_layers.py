"""Arrows point one way (docs/architecture.md "Layers"): each part of the project imports only
what lies below it, in Python and in templates. The check reads the source, so it also catches
imports inside functions, which the interpreter would only reach later.

    ground       tps_khusus helpers (xlsx, bulk SQL, progress, forms, admin tools, audit hook, ...)
    jobs         background jobs: the queue, progress, files kept for their requester; the apps
                 above register their kinds of job in their `tasks` modules
    regions      reference data: region codes, dapil maps
    accounts     roles, areas, the scoping helper
    inmates      the registry: facilities, WBP stays, custody, NIK, import
    registration elections, eligibility, TPS, lists, exports
    pdpb         continuous voter-data maintenance (reads the registry and the rules)
    audit        the export log, above the apps it records
    portal       what composes the apps for people: home pages, navigation, the demo seed
The project's wiring (tps_khusus.settings, .urls, .wsgi) and the tests may import anything.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["ground", "jobs", "regions", "accounts", "inmates", "registration", "pdpb", "audit", "portal"]
APPS = LAYERS[1:]
WIRING = {"tps_khusus.settings", "tps_khusus.urls", "tps_khusus.wsgi"}


def layer_of(module: str) -> str | None:
    top = module.split(".")[0]
    if top == "tps_khusus":
        return None if module in WIRING else "ground"
    return top if top in APPS else None


def source_modules():
    for top in ["tps_khusus", *APPS]:
        folder = ROOT / top
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield module, path


def imported(path: Path, module: str) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module)
    return names


def violations() -> list[str]:
    found = []
    for module, path in source_modules():
        mine = layer_of(module)
        if mine is None:
            continue
        for name in sorted(imported(path, module)):
            theirs = layer_of(name)
            if theirs is not None and theirs != mine and LAYERS.index(theirs) > LAYERS.index(mine):
                found.append(f"{module} ({mine}) imports {name} ({theirs})")
    return found


def test_python_imports_point_down():
    assert violations() == []


TEMPLATE_REFERENCE = re.compile(
    r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/|{%\s*url\s+["']([a-z_]+):""")


def template_violations() -> list[str]:
    found = []
    for folder in sorted((ROOT / "templates").iterdir()):
        if not folder.is_dir() or folder.name not in APPS:
            continue
        mine = folder.name
        for path in sorted(folder.rglob("*.html")):
            for match in TEMPLATE_REFERENCE.finditer(path.read_text()):
                theirs = match.group(1) or match.group(2)
                if theirs in APPS and LAYERS.index(theirs) > LAYERS.index(mine):
                    found.append(f"{path.relative_to(ROOT)} uses {theirs}")
    return found


def test_templates_point_down():
    assert template_violations() == []


@pytest.mark.parametrize("source, expected", [
    ("from registration import rules\n", ["inmates.fake (inmates) imports registration (registration)"]),
    ("def later():\n    from portal import views\n", ["inmates.fake (inmates) imports portal (portal)"]),
    ("from regions import reference\nfrom accounts.access import scope\n", []),
])
def test_the_check_sees_an_upward_import(tmp_path, monkeypatch, source, expected):
    fake = tmp_path / "inmates" / "fake.py"
    fake.parent.mkdir()
    fake.write_text(source)
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "ROOT", tmp_path)
    assert violations() == expected
