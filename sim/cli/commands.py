"""The commands that live in their own module, by name, with the one-line help `fraudchain --help` shows.

Each module defines add_command(subparsers) and takes its help from here, so sim/cli/main.py lists every
command without importing it: a module (and the studies and engine behind it) loads only when its command is
asked for. Commands of higher layers (the dashboard's `report`) register through the `fraudchain.commands`
entry-point group in pyproject.toml instead, so sim never imports the dashboard; they too load only when
asked for.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "sweep": ("fraudchain.sim.cli.sweep",
              "run a scenario over a Latin-hypercube or Sobol' design of parameter values"),
    "sensitivity": ("fraudchain.sim.cli.sensitivity",
                    "which parameters of a sweep drive each KPI (Sobol' indices or screening)"),
    "calibrate": ("fraudchain.sim.cli.calibrate",
                  "fit uncertain parameters to the published Dutch figures and compare every figure"),
    "value": ("fraudchain.sim.cli.value",
              "what a scenario buys against the baseline: loss and harm avoided, public and private cost, net "
              "benefit, ratios (paired by seed)"),
    "contributions": ("fraudchain.sim.cli.contributions",
                      "each measure's share of a package's effect (Shapley values, paired by seed)"),
    "optimise": ("fraudchain.sim.cli.optimise",
                 "search policy levers for the Pareto front of social cost, victims' burden and public cost "
                 "(optuna, resumable)"),
    "robustness": ("fraudchain.sim.cli.robustness",
                   "over the plausible worlds of --uncertainty assumptions: the probability that each option "
                   "beats the baseline, of each ranking, and the assumptions that decide it"),
    "budget": ("fraudchain.sim.cli.budget",
               "what each extra million a year buys on each public lever (hub, Een Loket, campaigns, victim "
               "support, police), as a curve with paired intervals"),
}
