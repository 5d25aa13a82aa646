"""Plotly figure builders: pure functions from run results to a plotly Figure.

Owns how each comparison is drawn (the dashboard and the HTML report draw the same figures).
Every builder takes a CompareResult (the first scenario is the reference) or one RunResult and a
language, and returns a Figure; none calls streamlit, runs a model or touches the engine.
Work is on the result tables (daily, victims, KPI summaries), never a loop over persons.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from fraudchain.dashboard.i18n import (
    SECTORS,
    channel_name,
    fmt_eur,
    fmt_kpi,
    fraud_type_name,
    kpi_name,
    plotly_separators,
    sector_name,
    t,
    victim_kind_name,
)
from fraudchain.dashboard.names import reform_label, scenario_name
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.sim import CompareResult, RunResult
from fraudchain.sim.safe_text import chart_text
from plotly.subplots import make_subplots
from scipy import stats

MLN = 1e6       # amounts on axes are in EUR mln (the cards and hovers use the same units)

PALETTE = ("#3B5B92", "#E07B39", "#2E9E6A", "#B5497A")
SECTOR_COLORS = {"victims": "#C0392B", "banks": "#2E5A88", "platforms": "#8E6BBF", "telecoms": "#E0A030",
                 "insurers": "#4BA39A"}
AGE_BANDS = ("15-24", "25-44", "45-64", "65+", "SME")     # "SME": a firm, which has no age (shown as such)


def scenario_color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def label(name: str, lang: str) -> str:
    """A scenario's name for people (built-ins by their Dutch or English name), as chart text: a user's
    own name is shown as written, never as markup (sim/safe_text.py)."""
    return chart_text(scenario_name(name, lang))


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _layout(fig: go.Figure, title: str, lang: str, height: int = 420, subtitle: str = "",
            legend_below: bool = False) -> go.Figure:
    text = f"{title}<br><sup>{subtitle}</sup>" if subtitle else title
    # legends sit below the plot (never over a title); the bottom margin makes room for them
    legend = {"orientation": "h", "yanchor": "top", "y": -0.14 if legend_below else -0.1, "x": 0.0,
              "xanchor": "left"}
    fig.update_layout(title={"text": text, "x": 0.0, "xanchor": "left"}, template="plotly_white", height=height,
                      separators=plotly_separators(lang), margin={"l": 60, "r": 20, "t": 90, "b": 110},
                      legend=legend, font={"family": "Source Sans Pro, Arial, sans-serif"})
    return fig


MONTHS = {"nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
          "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}


def _date_ticks(first: date, months: int, lang: str, step: int = 3) -> dict:
    """Ticks every `step` months, with month names in the language (plotly's own are English only);
    a step of 12 or more shows years."""
    names = MONTHS["nl" if lang == "nl" else "en"]
    vals, text = [], []
    for m in range(0, months + 1, step):
        y, mo = first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1
        vals.append(date(y, mo, 1).isoformat())
        text.append(str(y) if step >= 12 else f"{names[mo - 1]} {y}")
    return {"tickmode": "array", "tickvals": vals, "ticktext": text}


def _ci(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95 % t-interval across seeds (axis 0); no band with a single seed."""
    n = values.shape[axis]
    mean = values.mean(axis=axis)
    if n < 2:
        return mean, mean, mean
    half = stats.t.ppf(0.975, n - 1) * values.std(axis=axis, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def _start(r: RunResult) -> date:
    return date(r.scenario.run.start_year, 1, 1)


# the model's year has 365 days (a reform on day 365 starts year 2): day -> calendar month by a
# common year's calendar, so year boundaries on the charts match the model's
_MONTH_OF_DOY = np.asarray(pd.date_range("2023-01-01", periods=365, freq="D").month) - 1


def _day_date(r: RunResult, day: int) -> date:
    return date(r.scenario.run.start_year + day // 365, 1, 1) + timedelta(days=day % 365)


def _monthly(r: RunResult, column: str, by_type: bool, months: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Sums per seed (and fraud type) over periods of `months` calendar months: daily and weekly
    tables are too noisy to read. Returns the table (column 'month' = period, 0-based) and each
    period's first day as ISO dates."""
    d = r.daily[["seed", "day", "fraud_type", column]].copy()
    start = _start(r)
    days = int(d["day"].max()) + 1
    all_days = np.arange(days)
    month_of_day = (all_days // 365) * 12 + _MONTH_OF_DOY[all_days % 365]   # months since the start
    period_of_day = month_of_day // months
    d["month"] = period_of_day[d["day"].to_numpy()]
    keys = ["seed", "month"] + (["fraud_type"] if by_type else [])
    m = d.groupby(keys, as_index=False)[column].sum()
    ends_month = _month_after(days - 1) != int(month_of_day[-1])
    complete = ends_month and (int(month_of_day[-1]) + 1) % months == 0
    last_complete = int(period_of_day[-1]) if complete else int(period_of_day[-1]) - 1
    m = m[m["month"] <= last_complete]
    firsts = [date(start.year + (start.month - 1 + k * months) // 12, (start.month - 1 + k * months) % 12 + 1,
                   1).isoformat() for k in range(last_complete + 1)]
    return m, firsts


def _month_after(day: int) -> int:
    """The model month of the day after `day` (to tell whether `day` ends a month)."""
    nxt = day + 1
    return int((nxt // 365) * 12 + _MONTH_OF_DOY[nxt % 365])


def _band(fig: go.Figure, x: list, mean: np.ndarray, lo: np.ndarray, hi: np.ndarray, name: str, color: str,
          show_legend: bool, row: int | None = None, col: int | None = None, lang: str = "nl") -> None:
    pos = {"row": row, "col": col} if row else {}
    lo = np.maximum(lo, 0.0)        # a loss cannot be negative; the t-interval can be, with few seeds
    fig.add_trace(go.Scatter(x=x + x[::-1], y=list(hi) + list(lo[::-1]), fill="toself", line={"width": 0},
                             fillcolor=_rgba(color, 0.14), hoverinfo="skip", showlegend=False,
                             legendgroup=name, name=name), **pos)
    fig.add_trace(go.Scatter(x=x, y=list(mean), mode="lines", line={"color": color, "width": 2}, name=name,
                             legendgroup=name, showlegend=show_legend,
                             customdata=[fmt_eur(v * MLN, lang, True) for v in mean],
                             hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>"), **pos)


def _reform_markers(fig: go.Figure, cmp: CompareResult, lang: str, rows: int = 1, cols: int = 1,
                    panel_of: dict[str, int] | None = None) -> None:
    """A dotted vertical line where a scenario's policy changes. Labels are stacked inside the plot
    (one line each, never over the title or each other); with panels per scenario, each panel shows
    its own scenario's change."""
    seen: set[tuple[int, str]] = set()
    n_labels = 0
    for i, (name, r) in enumerate(cmp.results.items()):
        for day, text in r.reforms:
            if panel_of is None and (day, text) in seen:
                continue
            seen.add((day, text))
            x = _day_date(r, int(day)).isoformat()
            panels = [panel_of[name]] if panel_of is not None and name in panel_of else \
                ([] if panel_of is not None else range(1, rows * cols + 1))
            for p in panels:
                ref = "" if p == 1 else str(p)
                fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref=f"x{ref}", yref=f"y{ref} domain",
                              line={"color": scenario_color(i), "dash": "dot", "width": 1.5})
            if not panels:
                continue
            ref = "" if panels[0] == 1 else str(panels[0])
            y = 0.98 if panel_of is not None else 0.98 - 0.09 * n_labels
            n_labels += 1
            # in a panel per scenario the panel's title names the scenario: the marker says only "policy"
            words = t("policy_change", lang, label=chart_text(reform_label(text, lang))) if panel_of is None else \
                t("policy_change", lang, label="").rstrip(": ")
            fig.add_annotation(x=x, y=y, xref=f"x{ref}", yref=f"y{ref} domain", showarrow=False, xanchor="left",
                               yanchor="top", text=words,
                               font={"size": 11, "color": scenario_color(i)}, bgcolor="rgba(255,255,255,0.8)")


def losses_total_over_time(cmp: CompareResult, lang: str) -> go.Figure:
    """Net loss per month, all fraud types, with its 95 % band across seeds. Two scenarios share one
    panel; with more, each scenario gets its own panel against the reference (small multiples), so
    bands never pile up."""
    first = next(iter(cmp.results.values()))
    names = list(cmp.results)
    ref = names[0]
    monthly = {}
    x: list[str] = []
    for name, r in cmp.results.items():
        w, x = _monthly(r, "net_loss_eur", by_type=False)
        m = w.pivot(index="seed", columns="month", values="net_loss_eur").reindex(columns=range(len(x)),
                                                                                 fill_value=0.0).to_numpy()
        monthly[name] = _ci(m / MLN)
    if len(names) <= 2:
        fig = go.Figure()
        for i, name in enumerate(names):
            _band(fig, x, *monthly[name], label(name, lang), scenario_color(i), True, lang=lang)
        _reform_markers(fig, cmp, lang)
        height = 440
    else:
        others = names[1:]
        fig = make_subplots(rows=1, cols=len(others), shared_yaxes=True, horizontal_spacing=0.03,
                            subplot_titles=[label(n, lang) for n in others])
        for j, name in enumerate(others, start=1):
            _band(fig, x, *monthly[ref], label(ref, lang), "#888888", j == 1, row=1, col=j, lang=lang)
            _band(fig, x, *monthly[name], label(name, lang), scenario_color(j), True, row=1, col=j, lang=lang)
        _reform_markers(fig, cmp, lang, 1, len(others), panel_of={n: j for j, n in enumerate(others, start=1)})
        height = 460
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    fig.update_yaxes(title_text=t("eur_mln_per_month", lang), row=1, col=1) if len(names) > 2 else \
        fig.update_yaxes(title_text=t("eur_mln_per_month", lang))
    fig.update_xaxes(**_date_ticks(_start(first), len(x), lang, step=3 if len(names) <= 2 else 12),
                     range=[x[0], x[-1]] if x else None)
    return _layout(fig, t("fig_total_time", lang), lang, height=height, subtitle=t("fig_losses_time_sub", lang))


def losses_by_type_over_time(cmp: CompareResult, lang: str) -> go.Figure:
    """Small multiples: net loss per quarter for each fraud type, scenarios overlaid with bands."""
    first = next(iter(cmp.results.values()))
    types = list(first.by_type)
    x: list[str] = []
    cols = 4
    rows = max(1, math.ceil(len(types) / cols))
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=0.12, horizontal_spacing=0.05,
                        subplot_titles=[fraud_type_name(k, lang) for k in types])
    for i, (name, r) in enumerate(cmp.results.items()):
        w, x = _monthly(r, "net_loss_eur", by_type=True, months=3)
        for j, ftype in enumerate(types):
            m = w[w["fraud_type"] == ftype].pivot(index="seed", columns="month", values="net_loss_eur")
            m = m.reindex(index=r.seeds, columns=range(len(x)), fill_value=0.0).to_numpy()
            mean, lo, hi = _ci(m / MLN)
            _band(fig, x, mean, lo, hi, label(name, lang), scenario_color(i), j == 0, row=j // cols + 1,
                  col=j % cols + 1, lang=lang)
    for i, r in enumerate(cmp.results.values()):          # lines only: eight panels have no room for labels
        for day, _ in r.reforms:
            xd = _day_date(r, int(day)).isoformat()
            for p in range(1, rows * cols + 1):
                ref = "" if p == 1 else str(p)
                fig.add_shape(type="line", x0=xd, x1=xd, y0=0, y1=1, xref=f"x{ref}", yref=f"y{ref} domain",
                              line={"color": scenario_color(i), "dash": "dot", "width": 1.2})
    fig.update_yaxes(rangemode="tozero", tickformat=",.1f")
    fig.update_xaxes(**_date_ticks(_start(first), 3 * len(x), lang, step=12), range=[x[0], x[-1]] if x else None)
    return _layout(fig, t("fig_losses_time", lang), lang, height=300 * rows + 140,
                   subtitle=t("fig_losses_time_sub", lang) + " · " + t("eur_mln_per_quarter", lang), legend_below=True)


def loss_bearers(cmp: CompareResult, lang: str) -> go.Figure:
    """Stacked bars: who carries the net loss in each scenario (they add up to the net loss)."""
    names = list(cmp.results)
    fig = go.Figure()
    for sector in SECTORS:
        key = f"loss_borne_{sector}_eur"
        summaries = [cmp.results[n].kpis[key] for n in names]
        fig.add_trace(go.Bar(
            x=[label(n, lang) for n in names], y=[s.mean / MLN for s in summaries], name=sector_name(sector, lang),
            marker_color=SECTOR_COLORS[sector],
            customdata=[[fmt_eur(s.mean, lang, True), fmt_eur(s.ci_low, lang, True), fmt_eur(s.ci_high, lang, True)]
                        for s in summaries],
            hovertemplate="%{x}<br>" + sector_name(sector, lang) + ": %{customdata[0]} "
                          "(95 %: %{customdata[1]} – %{customdata[2]})<extra></extra>"))
    totals = [cmp.results[n].kpis["net_loss_eur"].mean for n in names]
    fig.add_trace(go.Scatter(x=[label(n, lang) for n in names], y=[v / MLN for v in totals], mode="text",
                             text=[fmt_eur(v, lang, True) for v in totals], cliponaxis=False,
                             textposition="top center", showlegend=False, hoverinfo="skip"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=t("eur_mln_per_year", lang), rangemode="tozero", tickformat=",.0f")
    return _layout(fig, t("fig_bearers", lang), lang, subtitle=kpi_name("net_loss_eur", lang), legend_below=True)


def _measured_cases(r: RunResult) -> pd.DataFrame:
    """Cases whose first loss falls in the measured (last) year, weighted per year across seeds."""
    v = r.victims
    days = int(r.daily["day"].max()) + 1
    v = v[v["first_loss_day"] >= max(0, days - 365)].copy()
    v["w"] = v["weight"] / max(len(r.seeds), 1)
    return v


def sankey(r: RunResult, lang: str) -> go.Figure:
    """Money flow of the net loss: fraud type -> channel where it started -> who bears it."""
    v = _measured_cases(r)
    others = ["borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur", "borne_insurers_eur"]
    net = (v["gross_loss_eur"] - v["recovered_eur"]).clip(lower=0.0)
    v = v.assign(net=net * v["w"], borne_victims_eur=(net - v[others].sum(axis=1)).clip(lower=0.0))
    for c in others + ["borne_victims_eur"]:
        v[c] = v[c] * v["w"]
    v["channel"] = v["fraud_type"].map(lambda k: FRAUD_TYPES[k].channel if k in FRAUD_TYPES else "email")
    types = [k for k in r.by_type if k in set(v["fraud_type"])]
    channels = [c for c in dict.fromkeys(v["channel"])]
    labels = [fraud_type_name(k, lang) for k in types] + [channel_name(c, lang) for c in channels] + \
        [sector_name(s, lang) for s in SECTORS]
    idx_type = {k: i for i, k in enumerate(types)}
    idx_chan = {c: len(types) + i for i, c in enumerate(channels)}
    idx_sector = {s: len(types) + len(channels) + i for i, s in enumerate(SECTORS)}
    src, dst, val, col = [], [], [], []
    tc = v.groupby(["fraud_type", "channel"])["net"].sum()
    for (ftype, chan), amount in tc.items():
        if amount > 0 and ftype in idx_type:
            src.append(idx_type[ftype])
            dst.append(idx_chan[chan])
            val.append(float(amount) / MLN)
            col.append("rgba(120,130,150,0.35)")
    cs = v.groupby("channel")[[f"borne_{s}_eur" for s in SECTORS]].sum()
    for chan, row in cs.iterrows():
        for s in SECTORS:
            amount = float(row[f"borne_{s}_eur"])
            if amount > 0:
                src.append(idx_chan[chan])
                dst.append(idx_sector[s])
                val.append(amount / MLN)
                col.append(_rgba(SECTOR_COLORS[s], 0.45))
    node_colors = ["#7F8FA6"] * len(types) + ["#A0A8B8"] * len(channels) + [SECTOR_COLORS[s] for s in SECTORS]
    fig = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.1f", valuesuffix=" mln EUR" if lang == "nl" else " EUR m",
        node={"label": labels, "color": node_colors, "pad": 14, "thickness": 16},
        link={"source": src, "target": dst, "value": val, "color": col}))
    return _layout(fig, t("fig_sankey", lang, name=label(r.name, lang)), lang, height=520,
                   subtitle=f"{t('fraud_type', lang)} → {t('channel', lang)} → {t('bearer', lang)} · "
                            f"{kpi_name('net_loss_eur', lang)}, {t('eur_per_year', lang)}")


def sector_bill(cmp: CompareResult, lang: str) -> go.Figure:
    """Each sector's bill (loss borne + prevention spend), scenarios side by side, 95 % interval on the total."""
    names = list(cmp.results)
    sectors = ["banks", "platforms", "telecoms", "insurers", "victims"]
    x = [sector_name(s, lang) for s in sectors]
    fig = go.Figure()
    for i, n in enumerate(names):
        k = cmp.results[n].kpis
        borne = [k[f"loss_borne_{s}_eur"].mean for s in sectors]
        prevention = [k[f"prevention_spend_{s}_eur"].mean if f"prevention_spend_{s}_eur" in k else 0.0
                      for s in sectors]
        bills = [k.get(f"sector_bill_{s}_eur") for s in sectors]
        totals = [b.mean if b else bo + p for b, bo, p in zip(bills, borne, prevention, strict=True)]
        hover = [f"{label(n, lang)}<br>{t('loss_borne', lang)}: {fmt_eur(bo, lang, True)}<br>{t('prevention', lang)}: "
                 f"{fmt_eur(p, lang, True)}<br>{t('fig_sector_total', lang)}: {fmt_eur(tot, lang, True)}"
                 + (f" (95 %: {fmt_eur(b.ci_low, lang, True)} – {fmt_eur(b.ci_high, lang, True)})" if b else "")
                 for bo, p, tot, b in zip(borne, prevention, totals, bills, strict=True)]
        color = scenario_color(i)
        fig.add_trace(go.Bar(x=x, y=[v / MLN for v in borne], offsetgroup=str(i),
                             name=f"{label(n, lang)}: {t('loss_borne', lang)}",
                             legendgroup=chart_text(n), marker={"color": color}, hovertext=hover, hoverinfo="text"))
        fig.add_trace(go.Bar(x=x, y=[v / MLN for v in prevention], base=[v / MLN for v in borne], offsetgroup=str(i),
                             name=f"{label(n, lang)}: {t('prevention', lang)}",
                             legendgroup=chart_text(n), marker={"color": _rgba(color, 0.45), "pattern": {"shape": "/"}},
                             hovertext=hover, hoverinfo="text",
                             error_y={"type": "data", "color": "#333",
                                      "array": [(b.ci_high - b.mean) / MLN if b else 0.0 for b in bills],
                                      "arrayminus": [(b.mean - b.ci_low) / MLN if b else 0.0 for b in bills]}))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=t("eur_mln_per_year", lang), rangemode="tozero", tickformat=",.0f")
    return _layout(fig, t("fig_sector_bill", lang), lang, height=460, subtitle=t("fig_sector_bill_sub", lang),
                   legend_below=True)


def _weighted_ecdf(days: np.ndarray, weight: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Share (weighted) taken down within each number of days of the grid."""
    if days.size == 0:
        return np.full(grid.size, np.nan)
    order = np.argsort(days)
    cum = np.cumsum(weight[order]) / weight.sum()
    idx = np.searchsorted(days[order], grid, side="right")
    return np.where(idx > 0, cum[np.maximum(idx - 1, 0)], 0.0)


def detection_speed(cmp: CompareResult, lang: str) -> go.Figure:
    """Distributions of days to takedown (numbers, accounts/ads, sites) and of mule-account lifetime:
    the share taken down within x days, over every instrument of the measured year, all replications."""
    panels = [("instruments", kpi_name("median_days_to_takedown", lang)),
              ("mule_account", kpi_name("median_mule_account_lifetime_days", lang))]
    fig = make_subplots(rows=1, cols=2, subplot_titles=[p[1] for p in panels], horizontal_spacing=0.1)
    grid = np.linspace(0.0, 30.0, 121)
    for i, (name, r) in enumerate(cmp.results.items()):
        tk = r.takedowns
        start = (r.years - 1) * 365
        tk = tk[(tk["takedown_day"] >= start)]
        for j, (kind, _) in enumerate(panels):
            part = tk[tk["kind"] == "mule_account"] if kind == "mule_account" else tk[tk["kind"] != "mule_account"]
            share = _weighted_ecdf(part["days"].to_numpy(), part["weight"].to_numpy(), grid)
            fig.add_trace(go.Scatter(x=grid, y=share, name=label(name, lang), mode="lines",
                                     line={"color": scenario_color(i)}, showlegend=j == 0, legendgroup=chart_text(name),
                                     hovertemplate=label(name, lang) + ": %{y:.0%} " + t("within", lang) + " %{x:.1f} "
                                     + t("days", lang) + "<extra></extra>"), row=1, col=j + 1)
    fig.update_xaxes(title_text=t("days", lang))
    fig.update_yaxes(title_text=t("share_taken_down", lang), tickformat=".0%", range=[0, 1])
    return _layout(fig, t("fig_detection", lang), lang, subtitle=t("fig_detection_sub", lang), legend_below=True)


def victim_outcomes(cmp: CompareResult, lang: str) -> go.Figure:
    """Reimbursed share, desks contacted, days to reimbursement and reporting rate, with 95 % intervals."""
    keys = ["reimbursed_share", "mean_desks_contacted", "median_days_to_reimbursement", "reporting_rate"]
    fig = make_subplots(rows=1, cols=4, subplot_titles=[kpi_name(k, lang) for k in keys], horizontal_spacing=0.07)
    names = list(cmp.results)
    for j, key in enumerate(keys):
        summaries = [cmp.results[n].kpis[key] for n in names]
        scale = 100.0 if key.endswith(("_share", "_rate")) else 1.0
        fig.add_trace(go.Bar(
            x=[label(n, lang) for n in names], y=[s.mean * scale for s in summaries], marker_color=[scenario_color(i) for i in range(len(names))],
            error_y={"type": "data", "array": [(s.ci_high - s.mean) * scale for s in summaries],
                     "arrayminus": [(s.mean - s.ci_low) * scale for s in summaries], "color": "#333"},
            showlegend=False, name=kpi_name(key, lang), customdata=[fmt_kpi(key, s.mean, lang) for s in summaries],
            hovertemplate="%{x}: %{customdata}<extra></extra>"), row=1, col=j + 1)
        if scale == 100.0:
            fig.update_yaxes(ticksuffix=" %", range=[0, 100], row=1, col=j + 1)
    fig.update_xaxes(showticklabels=True, tickangle=-30)
    return _layout(fig, t("fig_victim_outcomes", lang), lang, height=420)


def profit_and_displacement(cmp: CompareResult, lang: str) -> go.Figure:
    """Fraudsters' profit (95 % interval) and the change in attempts per fraud type against the reference."""
    names = list(cmp.results)
    ref = names[0]
    # wide gap: the right panel's fraud-type names sit between the two panels
    fig = make_subplots(rows=1, cols=2, column_widths=[0.3, 0.7], horizontal_spacing=0.24,
                        subplot_titles=[t("fig_profit_left", lang), t("fig_profit_right", lang, a=label(ref, lang))])
    profit = [cmp.results[n].kpis["fraudster_profit_eur"] for n in names]
    fig.add_trace(go.Bar(x=[label(n, lang) for n in names], y=[p.mean / MLN for p in profit],
                         marker_color=[scenario_color(i) for i in range(len(names))],
                         error_y={"type": "data", "array": [(p.ci_high - p.mean) / MLN for p in profit],
                                  "arrayminus": [(p.mean - p.ci_low) / MLN for p in profit], "color": "#333"},
                         showlegend=False, customdata=[fmt_eur(p.mean, lang, True) for p in profit],
                         hovertemplate="%{x}: %{customdata}<extra></extra>"), row=1, col=1)
    types = list(cmp.results[ref].by_type)
    labels = [fraud_type_name(k, lang) for k in types]
    for i, n in enumerate(names[1:], start=1):
        change = []
        for k in types:
            base = cmp.results[ref].by_type[k]["fraud_attempts"].mean
            new = cmp.results[n].by_type.get(k, {}).get("fraud_attempts")
            change.append(100.0 * (new.mean - base) / base if new is not None and base else 0.0)
        fig.add_trace(go.Bar(y=labels, x=change, orientation="h", name=label(n, lang), marker_color=scenario_color(i),
                             hovertemplate="%{y}: %{x:+.1f} %<extra>" + label(n, lang) + "</extra>"), row=1, col=2)
    fig.update_xaxes(ticksuffix=" %", title_text=t("change_pct", lang), zeroline=True, zerolinecolor="#444",
                     row=1, col=2)
    fig.update_yaxes(title_text=t("eur_mln_per_year", lang), tickformat=",.0f", row=1, col=1)
    fig.update_layout(barmode="group")
    return _layout(fig, t("fig_profit", lang), lang, height=460, legend_below=True)


def _skill_band(skill: pd.Series, lang: str) -> pd.Series:
    bands = pd.cut(skill, [-np.inf, 0.4, 0.7, np.inf], labels=[t("skill_low", lang), t("skill_mid", lang),
                                                                 t("skill_high", lang)])
    return bands.astype(object).where(skill.notna(), t("not_applicable", lang))


def victim_profile(cmp: CompareResult, lang: str) -> go.Figure:
    """Who the victims are: age band, digital skill, vulnerability, consumer or SME (cases per year)."""
    panels = ["age_band", "digital_skill", "vulnerability", "victim_kind"]
    fig = make_subplots(rows=1, cols=4, subplot_titles=[t(p, lang) for p in panels], horizontal_spacing=0.06)
    for i, (name, r) in enumerate(cmp.results.items()):
        v = _measured_cases(r)
        groups = {
            "age_band": (v["age_band"].map(lambda a: t("age_firm", lang) if a == "SME" else a),
                         [t("age_firm", lang) if a == "SME" else a for a in AGE_BANDS]),
            "digital_skill": (_skill_band(v["digital_skill"], lang),
                              [t("skill_low", lang), t("skill_mid", lang), t("skill_high", lang),
                               t("not_applicable", lang)]),
            "vulnerability": (v["vulnerable"].map({True: t("vulnerable", lang), False: t("not_vulnerable", lang)}),
                              [t("vulnerable", lang), t("not_vulnerable", lang)]),
            "victim_kind": (v["victim_kind"].map(lambda k: victim_kind_name(k, lang)),
                            [victim_kind_name(k, lang) for k in ("consumer", "micro", "sme")]),
        }
        for j, p in enumerate(panels):
            series, order = groups[p]
            counts = v["w"].groupby(series).sum().reindex(order, fill_value=0.0)
            fig.add_trace(go.Bar(x=order, y=counts.to_numpy(), name=label(name, lang), marker_color=scenario_color(i),
                                 legendgroup=chart_text(name), showlegend=j == 0,
                                 hovertemplate="%{x}: %{y:,.0f}<extra>" + label(name, lang) + "</extra>"),
                          row=1, col=j + 1)
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=",.0f")
    fig.update_yaxes(title_text=t("victims_per_year", lang), row=1, col=1)
    return _layout(fig, t("fig_victims_who", lang), lang, height=420, legend_below=True)


def landing_figures(cmp: CompareResult, lang: str, sankey_scenario: str | None = None) -> dict[str, go.Figure]:
    """Every comparison figure, in reading order (keys are stable ids)."""
    names = list(cmp.results)
    flow = sankey_scenario if sankey_scenario in cmp.results else names[-1]
    return {
        "losses_total": losses_total_over_time(cmp, lang),
        "bearers": loss_bearers(cmp, lang),
        "sector_bill": sector_bill(cmp, lang),
        "sankey": sankey(cmp.results[flow], lang),
        "losses_by_type": losses_by_type_over_time(cmp, lang),
        "victim_outcomes": victim_outcomes(cmp, lang),
        "detection": detection_speed(cmp, lang),
        "profit": profit_and_displacement(cmp, lang),
        "victims_who": victim_profile(cmp, lang),
    }
