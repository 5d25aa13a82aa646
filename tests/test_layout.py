"""The package layout shows the architecture, and the imports keep to it.

- Every package folder installs under the `fraudchain` namespace (pyproject.toml lists it).
- Layers run one way: dashboard -> sim -> agents -> scenarios; nothing imports back up.
- Inside sim: the engine, runs and studies never import the command line (sim/cli), the engine never
  imports the studies, and nothing but the command line prints for the user.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("sim", "agents", "scenarios", "dashboard")


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports (absolute names), wherever the import statement stands."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
    return out


def files_under(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_every_package_folder_is_installed_under_the_fraudchain_namespace():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {"fraudchain." + str(p.parent.relative_to(ROOT)).replace("/", ".")
             for top in TOP for p in (ROOT / top).rglob("__init__.py")}
    assert found == listed, f"pyproject.toml [tool.setuptools] packages: add {found - listed}, drop {listed - found}"
    assert {config["package-dir"][f"fraudchain.{t}"] for t in TOP} == set(TOP)


def test_no_bare_top_level_imports():
    """Our packages are imported as fraudchain.sim, fraudchain.agents, ... never as bare `sim` or `agents`."""
    bad = [f"{p.relative_to(ROOT)}: {m}" for top in (*TOP, "tests", "docs") for p in files_under(top)
           for m in imported_modules(p) if m.split(".")[0] in TOP]
    assert not bad, bad


def test_layers_run_one_way():
    allowed = {"scenarios": set(), "agents": {"scenarios"}, "sim": {"agents", "scenarios"},
               "dashboard": {"sim", "agents", "scenarios"}}
    bad = []
    for top, ok in allowed.items():
        for p in files_under(top):
            for m in imported_modules(p):
                parts = m.split(".")
                if parts[0] == "fraudchain" and len(parts) > 1 and parts[1] != top and parts[1] not in ok:
                    bad.append(f"{p.relative_to(ROOT)} imports {m}")
    assert not bad, bad


def test_only_the_command_line_imports_the_command_line():
    bad = [f"{p.relative_to(ROOT)} imports {m}" for p in files_under("sim")
           if "cli" not in p.relative_to(ROOT / "sim").parts
           for m in imported_modules(p) if m.startswith("fraudchain.sim.cli")]
    assert not bad, bad


def test_the_engine_does_not_import_the_studies():
    bad = [f"{p.relative_to(ROOT)} imports {m}" for sub in ("sim/engine", "sim/runs") for p in files_under(sub)
           for m in imported_modules(p) if m.startswith("fraudchain.sim.studies")]
    assert not bad, bad
