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

from dashboard.i18n import fmt_kpi, fmt_kpi_delta, fmt_number, kpi_help, kpi_name, t
from scenarios.schema import Scenario, parameter_table
from sim import CompareResult
from sim.metrics import KPI_KEYS

# the KPI cards of the comparison, in reading order, and whether a rise is good news
CARD_KPIS = (
    ("victims", False), ("net_loss_eur", False), ("loss_borne_victims_eur", False), ("reimbursed_share", True),
    ("social_cost_eur", False), ("median_days_to_takedown", False), ("reporting_rate", True),
    ("fraudster_profit_eur", False),
)
EXTRA_EXPORT = ("sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur",
                "sector_bill_insurers_eur", "sector_bill_victims_eur")


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


def kpi_csv(cmp: CompareResult, lang: str) -> str:
    """The KPIs as CSV (numbers unformatted, '.' as decimal mark; the reference is the first scenario)."""
    rows = kpi_rows(cmp, lang)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
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
            ci = "" if s.ci_low == s.ci_high else f" [{fmt_kpi(k, s.ci_low, lang)} – {fmt_kpi(k, s.ci_high, lang)}]"
            row[n] = fmt_kpi(k, s.mean, lang) + ci
        for n in names[1:]:
            d = cmp.difference(k, n, ref)
            p = "" if not math.isfinite(d.p_value) else f" (p = {fmt_number(d.p_value, lang, 3)})"
            row[f"{n} − {ref}"] = fmt_kpi_delta(k, d.mean, lang) + p
        row[t("explanation", lang)] = kpi_help(k, lang)
        out.append(row)
    return pd.DataFrame(out)


def _show(v: Any, lang: str) -> str:
    """A parameter value for people: numbers in the language's format, lists joined."""
    if isinstance(v, bool):
        return t("on", lang) if v else t("off", lang)
    if isinstance(v, (int, float)):
        if float(v).is_integer() and abs(v) >= 1000:
            return fmt_number(v, lang, 0)
        text = f"{v:g}"
        return text.replace(".", ",") if lang == "nl" else text
    if isinstance(v, list):
        return ", ".join(_show(x, lang) for x in v) if all(not isinstance(x, dict) for x in v) else f"{len(v)} x"
    return str(v)


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


def param_diff(scenarios: list[Scenario], lang: str) -> pd.DataFrame:
    """Parameters in which the scenarios differ (a Scenario.flat() diff), with unit and source.

    Values are those of the measured year, after each scenario's reforms; a value a reform sets
    shows the day it takes effect, e.g. "0.2 → 0.6 (dag 365)"."""
    initial = [s.flat() for s in scenarios]
    final = [effective_flat(s) for s in scenarios]
    days = [_change_days(s) for s in scenarios]
    keys = sorted((set().union(*initial) | set().union(*final)) - {"reforms"})
    meta = {r["key"]: r for r in parameter_table()}
    day_word = "dag" if lang == "nl" else "day"
    rows = []
    for k in keys:
        values = [(i.get(k), f.get(k)) for i, f in zip(initial, final, strict=True)]
        if all(v == values[0] for v in values[1:]):
            continue
        row = {t("param", lang): k}
        for s, (before, after), d in zip(scenarios, values, days, strict=True):
            if before != after:
                row[s.name] = f"{_show(before, lang)} → {_show(after, lang)} ({day_word} {d.get(k, 0)})"
            else:
                row[s.name] = "–" if after is None else _show(after, lang)
        row[t("unit", lang)] = meta.get(k, {}).get("unit", "")
        row[t("source", lang)] = meta.get(k, {}).get("source", "")
        rows.append(row)
    return pd.DataFrame(rows, columns=[t("param", lang)] + [s.name for s in scenarios] +
                        [t("unit", lang), t("source", lang)])
