"""Generate docs/api.md, the API reference, from the docstrings of the public names.

    python -m fraudchain.sim.cli.apidoc            # rewrite docs/api.md
A test checks that docs/api.md matches what this module generates, so the reference never rots.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import fraudchain.sim as sim
from fraudchain.scenarios import loader, regimes, registry
from fraudchain.scenarios.fraud_types import FraudType, register_fraud_type
from fraudchain.sim.engine import pipeline
from fraudchain.sim.engine.contracts import check_contracts
from fraudchain.sim.runs import runner

PUBLIC = [
    ("Loading scenarios", [loader.load_scenario, loader.load_text, loader.ScenarioError]),
    ("Running", [runner.run, runner.compare]),
    ("Results", [runner.RunResult, runner.CompareResult, runner.Summary, runner.Difference,
                 runner.summarise, runner.seeds_needed]),
    ("Extending: stages, KPIs and actors per scenario", [pipeline.Extension, registry.ActorParams,
                                                         pipeline.build_pipeline, pipeline.Pipeline,
                                                         check_contracts, pipeline.register_stage,
                                                         pipeline.register_kpi]),
    ("Catalogues: fraud types, regimes, actor types", [register_fraud_type, FraudType, regimes.register_regime,
                                                       registry.register_actor]),
]


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "(...)"


def render() -> str:
    out = ["# API reference", "",
           "Generated from the docstrings by `python -m fraudchain.sim.cli.apidoc`; do not edit by hand.", "",
           "```python", "from fraudchain.sim import " + ", ".join(sorted(sim.__all__)), "```", ""]
    for title, objs in PUBLIC:
        out += [f"## {title}", ""]
        for obj in objs:
            name = f"{obj.__module__}.{obj.__qualname__}"
            kind = "class" if inspect.isclass(obj) else "def"
            out += [f"### `{name}`", "", "```python", f"{kind} {obj.__name__}{_signature(obj)}", "```", ""]
            out += [inspect.getdoc(obj) or "(no docstring)", ""]
            if inspect.isclass(obj):
                members = [(n, m) for n, m in vars(obj).items() if not n.startswith("_")
                           and (inspect.isfunction(m) or isinstance(m, property)) and inspect.getdoc(m)]
                for n, m in members:
                    sig = "" if isinstance(m, property) else _signature(m)
                    out += [f"- `{n}{sig}`: " + (inspect.getdoc(m) or "").replace("\n", " ")]
                if members:
                    out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    path = Path(__file__).resolve().parents[2] / "docs" / "api.md"
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
