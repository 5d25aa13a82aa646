"""Print the UK out-of-sample prediction as Markdown (docs/validation_uk.md):
python docs/make_validation_uk.py [--seeds 6] [--agents 400000] [--workers 2]

Runs the UK pack's baseline as fitted (2023), the same baseline one year longer without the reform, and the
reform scenario, on the same seeds (fraudchain.sim.studies.reform_prediction), and prints each measure's mean with
its 95 % interval and the paired effect of the rules. Nothing is fitted here.
"""

from __future__ import annotations

import argparse
import math

from fraudchain.sim.formats import fmt_number
from fraudchain.sim.studies.reform_prediction import predict


def cell(s) -> str:
    if not math.isfinite(s.mean):
        return "n/a"
    if s.ci_low == s.ci_high:
        return fmt_number(s.mean)
    return f"{fmt_number(s.mean)} [{fmt_number(s.ci_low)}; {fmt_number(s.ci_high)}]"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--agents", type=int, default=400_000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    rows = predict("uk", "uk_baseline_2023", "uk_reform_2024", a.seeds, a.agents, workers=a.workers)
    print(f"{a.seeds} paired seeds x {a.agents:,} simulated persons; mean [95 % CI]\n")
    print("| measure | 2023 as fitted | first year, no reform | first year, 2024 rules | effect of the rules (paired) |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| `{r.metric}`: {r.description} | {cell(r.before)} | {cell(r.without)} | {cell(r.with_reform)} | "
              f"{cell(r.effect)} |")


if __name__ == "__main__":
    main()
