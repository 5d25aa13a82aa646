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
    kpi_kind,
    kpi_name,
    kpi_unit,
    norm_lang,
    t,
)
from fraudchain.dashboard.names import (
    param_description,
    param_name,
    reform_label,
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
    """A number for a CSV cell: at most 6 significant digits (the model is not more precise), in full
    (never scientific notation), a decimal comma in the Dutch format, no thousands separator."""
    if v is None:
        return ""
    if isinstance(v, float):
        text = f"{v:.6g}"
        if "e" in text:
            text = f"{v:.0f}" if abs(v) >= 1 else f"{v:.6f}"
    else:
        text = str(v)
    return text.replace(".", ",") if dutch else text


def _csv(rows: list[list[str]], dutch: bool) -> str:
    """CSV text with a UTF-8 byte-order mark (Excel then reads 'Eén' as 'Eén'), one header row first;
    ';' between fields in the Dutch format, else ','."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";" if dutch else ",", lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buf.getvalue()


def _text(text: object) -> str:
    """A user's text (a scenario's name or description, a policy change's label) as one CSV cell: on one
    line, and no piece a spreadsheet could split off (at a comma, semicolon or tab, when it reads the file
    with another separator) starts a formula (sim.safe_text)."""
    return csv_cell(csv_comment(str(text)))


def kpi_csv(cmp: CompareResult, lang: str, dutch: bool = False) -> str:
    """The key figures as CSV for a spreadsheet: one header row (in the language), one row per scenario
    and key figure, its unit, shares as percentages (differences in percentage points), the paired
    difference with the reference (the first scenario) and the p-value. The ids sit in their own
    columns for scripts. The scale, replications, version and scenario descriptions: csv_metadata."""
    rows = kpi_rows(cmp, lang)
    header = [t(f"csv_{c}", lang) for c in ("scenario", "kpi", "unit", "mean", "ci_low", "ci_high", "diff",
                                           "diff_low", "diff_high", "diff_unit", "p_value", "scenario_id", "kpi_id")]
    out = [header]
    for r in rows:
        k = r["kpi"]
        factor = 100.0 if kpi_kind(k) == "share" else 1.0

        def num(v: float | None, factor: float = factor) -> str:
            return _csv_number(None if v is None else v * factor, dutch)

        out.append([_text(scenario_name(r["scenario"], lang)), kpi_name(k, lang), kpi_unit(k, lang),
                    num(r["mean"]), num(r["ci_low"]), num(r["ci_high"]), num(r["diff_vs_reference"]),
                    num(r["diff_ci_low"]), num(r["diff_ci_high"]),
                    "" if r["diff_vs_reference"] is None else kpi_unit(k, lang, difference=True),
                    _csv_number(r["p_value"], dutch), _text(r["scenario"]), k])
    return _csv(out, dutch)


def csv_metadata(cmp: CompareResult, lang: str, dutch: bool = False, version: str = "",
                 uncertainty: str = "assumptions") -> str:
    """The side file of kpi_csv: what the numbers are (version, scale, replications and how they differ,
    the measured year, the reference) and every scenario with its name, description and policy changes."""
    first = cmp.results[cmp.scenarios[0]]
    rows = [[t("csv_meta_what", lang), t("csv_meta_value", lang)],
            [t("csv_meta_version", lang), f"fraudchain {version}".strip()],
            [t("csv_meta_scale", lang), t("scale_line", lang, seeds=len(first.seeds),
                                          agents=fmt_number(first.agents, lang), years=first.years)],
            [t("csv_meta_seeds", lang), " ".join(str(x) for x in first.seeds)],
            [t("csv_meta_uncertainty", lang), t(f"uncertainty_{uncertainty}", lang)],
            [t("csv_meta_reference", lang), _text(scenario_name(cmp.scenarios[0], lang))],
            [t("csv_meta_interval", lang), t("csv_meta_interval_text", lang)]]
    for n in cmp.scenarios:
        r = cmp.results[n]
        desc = scenario_description(n, lang, r.scenario.description.strip())
        rows.append([_text(scenario_name(n, lang)), _text(desc)])
        for day, label in r.reforms:
            rows.append(["", _text(f"{t('day_word', lang)} {day}: {reform_label(label, lang)}")])
    return _csv(rows, dutch)


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
