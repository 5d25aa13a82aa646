"""Tables shown next to the charts and exported: the KPI table (with paired differences) and the
parameters in which scenarios differ (a Scenario.flat() diff, with unit and source).

Owns their rows and column names; pure functions on results and scenarios (no streamlit, no runs).
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pandas as pd
from fraudchain.dashboard.i18n import (
    fmt_kpi,
    fmt_kpi_delta,
    fmt_number,
    fmt_range,
    kpi_help,
    kpi_name,
    norm_lang,
    t,
)
from fraudchain.dashboard.names import (
    param_description,
    param_name,
    scenario_description,
    scenario_name,
    source_text,
    unit_text,
    value_text,
)
from fraudchain.scenarios.schema import Scenario, parameter_table
from fraudchain.sim import CompareResult
from fraudchain.sim.engine.metrics import KPI_KEYS
from fraudchain.sim.safe_text import csv_cell, csv_comment

# the KPI cards of the comparison, in reading order, and whether a rise is good news
CARD_KPIS = (
    ("victims", False), ("net_loss_eur", False), ("loss_borne_victims_eur", False), ("reimbursed_share", True),
    ("social_cost_eur", False), ("public_cost_eur", False), ("median_days_to_takedown", False),
    ("reporting_rate", True), ("fraudster_profit_eur", False),
)
EXTRA_EXPORT = ("sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur",
                "sector_bill_insurers_eur", "sector_bill_victims_eur", "public_cost_eur")


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def kpi_rows(cmp: CompareResult, lang: str, keys: tuple[str, ...] | list[str] | None = None) -> list[dict[str, Any]]:
    """One row per scenario and KPI: mean, 95 % interval, and the paired difference against the reference."""
    names = cmp.scenarios
    ref = names[0]
    first = cmp.results[ref].kpis
    keys = list(keys) if keys is not None else list(KPI_KEYS) + [k for k in EXTRA_EXPORT if k in first]
    rows = []
    for name in names:
        for k in keys:
            s = cmp.results[name].kpis[k]
            row = {"scenario": name, "kpi": k, "name": kpi_name(k, lang), "mean": _num(s.mean),
                   "ci_low": _num(s.ci_low), "ci_high": _num(s.ci_high), "diff_vs_reference": None,
                   "diff_ci_low": None, "diff_ci_high": None, "p_value": None}
            if name != ref:
                d = cmp.difference(k, name, ref)
                row.update(diff_vs_reference=_num(d.mean), diff_ci_low=_num(d.ci_low), diff_ci_high=_num(d.ci_high),
                           p_value=_num(d.p_value))
            rows.append(row)
    return rows


def _csv_number(v: Any, dutch: bool) -> str:
    """A number for a CSV cell: at most 6 significant digits (the model is not more precise), a
    decimal comma in the Dutch format."""
    if v is None:
        return ""
    if isinstance(v, float):
        text = f"{v:.6g}"
        if "e" in text:                       # large amounts in full, not in scientific notation
            text = f"{v:.0f}" if abs(v) >= 1 else f"{v:.6f}"
    else:
        text = str(v)
    return text.replace(".", ",") if dutch else text


def kpi_csv(cmp: CompareResult, lang: str, dutch: bool = False, version: str = "") -> str:
    """The KPIs as CSV (the reference is the first scenario). It starts with comment lines ('#') that
    name the scale, seeds, model version and every scenario with its name and description.
    dutch: ';' between fields and a decimal comma (for Excel with Dutch settings); else ',' and '.'."""
    rows = kpi_rows(cmp, lang)
    first = cmp.results[cmp.scenarios[0]]
    sep = ";" if dutch else ","
    buf = io.StringIO()
    meta = [f"# fraudchain {version}".rstrip(),
            f"# {t('scale_line', lang, seeds=len(first.seeds), agents=fmt_number(first.agents, lang), years=first.years)}",
            "# seeds: " + " ".join(str(x) for x in first.seeds)]
    for n in cmp.scenarios:                 # names and descriptions are the user's: no piece may start a formula
        desc = scenario_description(n, lang, cmp.results[n].scenario.description.strip())
        meta.append("# " + csv_comment(f"{n}: {scenario_name(n, lang)} - {desc}"))
    buf.write("\n".join(m.replace("\n", " ") for m in meta) + "\n")
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    header = ["scenario", "scenario_name"] + [k for k in rows[0] if k != "scenario"]
    w.writerow(header)
    for r in rows:
        w.writerow([csv_cell(r["scenario"]), csv_cell(scenario_name(r["scenario"], lang))]
                   + [_csv_number(r[k], dutch) if k not in ("kpi", "name") else csv_cell(r[k]) for k in header[2:]])
    return buf.getvalue()


def kpi_display_table(cmp: CompareResult, lang: str, keys: tuple[str, ...] | list[str] | None = None) -> pd.DataFrame:
    """KPIs formatted for people: one row per KPI, per scenario 'mean [low – high]', then differences."""
    names = cmp.scenarios
    ref = names[0]
    keys = list(keys) if keys is not None else list(KPI_KEYS)
    out = []
    for k in keys:
        row = {t("kpi", lang): kpi_name(k, lang)}
        for n in names:
            s = cmp.results[n].kpis[k]
            ci = "" if s.ci_low == s.ci_high else f" [{fmt_range(k, s.ci_low, s.ci_high, lang)}]"
            row[scenario_name(n, lang)] = fmt_kpi(k, s.mean, lang) + ci
        for n in names[1:]:
            d = cmp.difference(k, n, ref)
            p = "" if not math.isfinite(d.p_value) else f" (p = {fmt_number(d.p_value, lang, 3)})"
            row[f"{scenario_name(n, lang)} − {scenario_name(ref, lang)}"] = fmt_kpi_delta(k, d.mean, lang) + p
        row[t("explanation", lang)] = kpi_help(k, lang)
        out.append(row)
    return pd.DataFrame(out)


def effective_flat(scenario: Scenario) -> dict[str, Any]:
    """The scenario's parameters after all its reforms (the state in the measured year)."""
    flat = scenario.flat()
    for reform in sorted(scenario.reforms, key=lambda r: r.day):
        flat.update(reform.set)
    return flat


def _change_days(scenario: Scenario) -> dict[str, int]:
    """The day on which a reform first sets each key."""
    days: dict[str, int] = {}
    for reform in sorted(scenario.reforms, key=lambda r: r.day):
        for k in reform.set:
            days.setdefault(k, reform.day)
    return days


def param_diff(scenarios: list[Scenario], lang: str, ids: bool = False) -> pd.DataFrame:
    """Parameters in which the scenarios differ (a Scenario.flat() diff), with unit and source.

    Values are those of the measured year, after each scenario's reforms; a value a reform sets
    shows the day it takes effect, e.g. "0,2 → 0,6 (dag 365)". Parameters, scenarios and values are
    shown by name; ids=True shows the raw keys and values instead (for the advanced view)."""
    initial = [s.flat() for s in scenarios]
    final = [effective_flat(s) for s in scenarios]
    days = [_change_days(s) for s in scenarios]
    keys = sorted((set().union(*initial) | set().union(*final)) - {"reforms"})
    meta = {r["key"]: r for r in parameter_table()}
    day_word = "dag" if norm_lang(lang) == "nl" else "day"
    cols = [s.name if ids else scenario_name(s.name, lang) for s in scenarios]

    def show(k: str, v: Any) -> str:
        return ("–" if v is None else str(v)) if ids else value_text(k, v, lang)

    rows = []
    for k in keys:
        values = [(i.get(k), f.get(k)) for i, f in zip(initial, final, strict=True)]
        if all(v == values[0] for v in values[1:]):
            continue
        row = {t("param", lang): k if ids else param_name(k, lang)}
        for col, (before, after), d in zip(cols, values, days, strict=True):
            if before != after:
                row[col] = f"{show(k, before)} → {show(k, after)} ({day_word} {d.get(k, 0)})"
            else:
                row[col] = "–" if after is None else show(k, after)
        m = meta.get(k, {})
        row[t("description", lang)] = param_description(k, lang, m.get("unit", ""))
        row[t("unit", lang)] = unit_text(m.get("unit", ""), lang)
        row[t("source", lang)] = source_text(m.get("source", ""), lang)
        rows.append(row)
    return pd.DataFrame(rows, columns=[t("param", lang)] + cols + [t("description", lang), t("unit", lang),
                                                                 t("source", lang)])
