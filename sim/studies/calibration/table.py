"""The comparison rows: each target's published band beside the model's mean with a 95 % interval
over seeds, whether it is inside, and the rows' text, Markdown and JSON forms."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from fraudchain.sim.formats import fmt_number
from fraudchain.sim.runs.runner import seeds_needed, summarise
from fraudchain.sim.studies.calibration.fit import residual
from fraudchain.sim.studies.calibration.targets import QUANTITIES, TARGETS, Published, Quantity, Target

JSON_KEYS = ("metric", "target", "low", "high", "model", "ci_low", "ci_high", "inside")


def status(mean: float, ci_low: float, ci_high: float, low: float, high: float,
           kind: str = "band") -> str:
    """'inside' when the model's mean is inside the published band (or on the right side of a bound),
    'near' when only its 95 % interval reaches the band, else 'miss (above)' / 'miss (below)'."""
    if mean is None or not math.isfinite(mean):
        return "n/a"
    lo_ok = kind == "upper_bound" or mean >= low
    hi_ok = kind == "lower_bound" or mean <= high
    if lo_ok and hi_ok:
        return "inside"
    reach_lo = kind == "upper_bound" or ci_high >= low
    reach_hi = kind == "lower_bound" or ci_low <= high
    if reach_lo and reach_hi:
        return "near"
    return "miss (below)" if not lo_ok else "miss (above)"


@dataclass
class FitRow:
    metric: str
    role: str
    kind: str
    weight: float
    published: float
    low: float
    high: float
    mean: float
    ci_low: float
    ci_high: float
    status: str
    residual: float
    seeds_for_5pct: int | None
    model_quantity: str
    source: str
    note: str
    known_miss: str = ""
    group: str = "fit"          # "fit" (today's figures) or "backcast" (2022 fitted, 2023-2024 predicted)

    def band(self) -> str:
        if self.kind == "lower_bound":
            return f">= {fmt_number(self.low)}"
        if self.kind == "upper_bound":
            return f"<= {fmt_number(self.high)}"
        return f"{fmt_number(self.low)} - {fmt_number(self.high)}"

    def role_label(self) -> str:
        if self.group == "backcast":
            return "backcast fit (2022)" if self.role == "fit" else "backcast held out"
        return f"fitted (w {self.weight:g})" if self.role == "fit" else "check"

    def json_row(self) -> dict[str, Any]:
        """The row as `fraudchain calibrate --format json` prints it (exactly JSON_KEYS)."""
        def num(x: float | None) -> float | None:
            return float(x) if x is not None and math.isfinite(x) else None

        return {"metric": self.metric, "target": num(self.published),
                "low": None if self.kind == "upper_bound" else num(self.low),
                "high": None if self.kind == "lower_bound" else num(self.high),
                "model": num(self.mean), "ci_low": num(self.ci_low), "ci_high": num(self.ci_high),
                "inside": self.status == "inside"}


def fit_table(per_seed: dict[str, list[float]], pubs: dict[str, Published],
              targets: tuple[Target, ...] = TARGETS, quantities: dict[str, tuple[str, Quantity]] | None = None,
              group: str = "fit") -> list[FitRow]:
    """One row per target: published band, model mean with a 95 % t-interval over seeds
    (fraudchain.sim.runs.runner.summarise), inside or not, and the seeds needed for a +-5 % interval."""
    q = QUANTITIES if quantities is None else quantities
    rows = []
    for t in targets:
        p = pubs[t.metric]
        vals = per_seed[t.metric]
        bounds = (0.0, 1.0) if p.unit.startswith("share") else (-math.inf, 1.0) if p.unit.startswith("fraction") \
            else (0.0, math.inf)
        s = summarise(vals, bounds=bounds)
        rows.append(FitRow(t.metric, t.role, t.kind, t.weight, p.value, p.low, p.high, s.mean, s.ci_low, s.ci_high,
                           status(s.mean, s.ci_low, s.ci_high, p.low, p.high, t.kind), residual(s.mean, p),
                           seeds_needed(vals, 0.05), q[t.metric][0], f"{p.source} ({p.year})", t.note,
                           t.known_miss, group))
    return rows


def table_text(rows: list[FitRow], title: str) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    t.add_column("target", no_wrap=True, min_width=max((len(r.metric) for r in rows), default=6))
    for c, j in (("role", "left"), ("published", "right"), ("band", "right"), ("model [95 % CI]", "right"),
                 ("inside", "left"), ("seeds ±5 %", "right")):
        t.add_column(c, justify=j)
    for r in rows:
        t.add_row(r.metric, r.role_label(), fmt_number(r.published), r.band(),
                  f"{fmt_number(r.mean)} [{fmt_number(r.ci_low)}; {fmt_number(r.ci_high)}]",
                  r.status + (" (known)" if r.known_miss and r.status != "inside" else ""),
                  "n/a" if r.seeds_for_5pct is None else str(r.seeds_for_5pct))
    buf = io.StringIO()
    Console(file=buf, width=170, force_terminal=False).print(t)
    return buf.getvalue()


def table_markdown(rows: list[FitRow]) -> str:
    lines = ["| target | role | published band | model mean [95 % CI] | status | seeds for ±5 % | model quantity | "
             "source |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r.metric}` | {r.role_label()} | {r.band()} | "
                     f"{fmt_number(r.mean)} [{fmt_number(r.ci_low)}; {fmt_number(r.ci_high)}] | **{r.status}** | "
                     f"{'n/a' if r.seeds_for_5pct is None else r.seeds_for_5pct} | {r.model_quantity} | {r.source} |")
    return "\n".join(lines) + "\n"


def known_misses(rows: list[FitRow]) -> list[str]:
    """One line per row that misses, naming the mechanism when it is a known miss."""
    return [f"{r.metric}: {r.status}; " + (f"known: {r.known_miss}" if r.known_miss else "not a known miss")
            for r in rows if r.status.startswith("miss")]
