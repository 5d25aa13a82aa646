"""The budget answer on "Wat levert het op?": the best splits of the structural public money over the hub,
Eén Loket, campaigns and victim support, each compared with today's split on fresh replications, and a
plain verdict ("met EUR 0,8 mln is geen pakket aantoonbaar beter dan nu" when that is what was found).
Every split opens in the scenario builder.

Owns this part of the page (`render`); the computation and the verdict are budget.py's (the place to swap
for `fraudchain budget`). The fronts for EUR 0.8 M and 5 M are precomputed by `make run`; another budget
runs in the background worker with its partial front shown as it grows.
"""

from __future__ import annotations

import json
import math
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from fraudchain.dashboard import budget, data, jobs, names, specs, state, waiting
from fraudchain.dashboard.headline import GREY
from fraudchain.dashboard.i18n import (
    esc,
    fmt_eur,
    fmt_kpi_delta,
    fmt_number,
    fmt_share,
    kpi_name,
    kpi_phrase,
    plotly_separators,
    t,
)
from fraudchain.scenarios.loader import builtin_names, load_scenario
from fraudchain.scenarios.packs import default_value
from fraudchain.sim.safe_text import chart_text, safe_figure

OPTIONS = tuple(sorted({int(default_value("hub.funding_eur_per_year")), 2_000_000, 5_000_000, 10_000_000}))  # from the Dutch pack's hub money


MAX_FRONT_POINTS = 1000


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _interval_ok(v: Any) -> bool:
    """{"mean", "ci_low", "ci_high"} as numbers (None allowed where no interval exists)."""
    return isinstance(v, dict) and _number(v.get("mean")) and all(
        v.get(k) is None or _number(v.get(k)) for k in ("ci_low", "ci_high"))


def _check_point(p: Any, allowed: set[str], drawn: list[str]) -> None:
    if not isinstance(p, dict) or not isinstance(p.get("params"), dict) or not isinstance(p.get("objectives"), dict):
        raise ValueError("each front point needs params and objectives")
    if not all(_number(v) for v in p["params"].values()):
        raise ValueError("lever values must be numbers")
    unknown = [k for k in p["params"] if k not in allowed]
    if unknown:
        raise ValueError(f"unknown levers: {', '.join(map(str, unknown[:5]))}")
    if not all(isinstance(k, str) and _interval_ok(v) for k, v in p["objectives"].items()):
        raise ValueError("objectives must map KPI names to {mean, ci_low, ci_high} numbers")
    missing = [k for k in drawn if k not in p["objectives"] and not _interval_ok((p.get("kpis") or {}).get(k))]
    if missing:
        raise ValueError(f"a front point lacks the objective {missing[0]!r}")
    alloc = p.get("allocation")
    if alloc is not None and not (isinstance(alloc, dict) and all(
            isinstance(a, dict) and isinstance(a.get("buys", ""), str)
            and all(a.get(f) is None or _number(a.get(f)) for f in ("eur", "spent_eur")) for a in alloc.values())):
        raise ValueError("allocation must map channels to {eur, spent_eur, buys}")
    diff = p.get("difference")
    if diff is not None and not (isinstance(diff, dict) and all(
            isinstance(k, str) and isinstance(v, dict) and all(v.get(f) is None or _number(v.get(f))
                                                               for f in ("mean", "ci_low", "ci_high"))
            for k, v in diff.items())):
        raise ValueError("difference must map KPI names to {mean, ci_low, ci_high} numbers")
    if "trial" in p and not (isinstance(p["trial"], int) and not isinstance(p["trial"], bool)):
        raise ValueError("trial must be a whole number")


def check_front(doc: Any) -> dict[str, Any]:
    """An uploaded front: the documented shape, a built-in scenario, numbers only; every field the page
    reads has the type it needs (ValueError with a reason otherwise)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("front"), list) or "trials" not in doc:
        raise ValueError("needs {\"front\": [...], \"trials\": N}")
    if len(doc["front"]) > MAX_FRONT_POINTS:
        raise ValueError(f"more than {MAX_FRONT_POINTS} front points")
    if not isinstance(doc.get("trials"), int) or isinstance(doc.get("trials"), bool) or doc["trials"] < 0:
        raise ValueError("trials must be a whole number")
    scenario = doc.get("scenario", specs.REFERENCE)
    if not isinstance(scenario, str) or scenario not in builtin_names():
        raise ValueError(f"scenario {str(scenario)[:60]!r} is not built in")
    years = doc.get("years", 3)
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 20:
        raise ValueError("years must be a whole number from 1 to 20")
    from fraudchain.sim.studies.policy_levers import pseudo_keys
    from fraudchain.sim.studies.sweep_design import numeric_keys

    drawn: list[str] = []
    if "objectives" in doc:
        objs = doc["objectives"]
        if not (isinstance(objs, list) and 1 <= len(objs) <= 10 and all(isinstance(o, str) for o in objs)):
            raise ValueError("objectives must be a list of 1 to 10 KPI names")
    if "fresh_seeds" in doc and not isinstance(doc["fresh_seeds"], list):
        raise ValueError("fresh_seeds must be a list")
    if {"objectives", "reference", "fresh_seeds"} <= set(doc):       # the chart is drawn: it reads these
        objs, ref = doc["objectives"], doc["reference"]
        if not (isinstance(ref, dict) and isinstance(ref.get("objectives"), dict)
                and all(_interval_ok(ref["objectives"].get(o)) for o in objs)):
            raise ValueError("reference must give every objective as {mean, ci_low, ci_high}")
        drawn = objs
    allowed = set(pseudo_keys()) | set(numeric_keys(load_scenario(scenario)))
    for p in doc["front"]:
        _check_point(p, allowed, drawn)
    amount = doc.get("budget_eur")
    if amount is not None and not (_number(amount) and 0 <= amount <= 1e10):
        raise ValueError("budget_eur must be a number between 0 and 1e10")
    if amount is None and any(str(k).startswith("budget.") for p in doc["front"] for k in p["params"]):
        raise ValueError("budget levers need budget_eur (the money they split)")
    return doc


def _open_in_builder(changes: dict[str, Any], base: str, name: str, day: int) -> None:
    """Button callback: the builder shows this split's changes on the scenario the search started from."""
    vs: state.ViewState = st.session_state["view_state"]
    vs.builder_base, vs.builder_changes, vs.builder_name = base, changes, name
    vs.builder_day = day if day in state.START_DAYS else 365
    for k in [k for k in st.session_state if str(k).startswith(("lv_", "w_b_"))]:
        del st.session_state[k]
    vs.view = "builder"
    st.session_state[state.wkey("w_view", vs.lang)] = "builder"


def buys_text(channel: str, changes: dict[str, Any], spent: float, scenario: Any, lang: str) -> str:
    """What a lever's money becomes in the model's inputs, in the reader's words (the same prices as
    sim/studies/public_budget.py uses)."""
    if channel == "hub" and "hub.funding_eur_per_year" in changes:
        h = scenario.hub
        analysts = max(changes["hub.funding_eur_per_year"] - h.fixed_cost_eur_per_year, 0.0) / h.analyst_cost_eur
        return t("buys_hub", lang, n=fmt_number(analysts, lang, 1))
    if channel == "campaigns" and "awareness.campaign_reach" in changes:
        return t("buys_reach", lang, before=fmt_share(scenario.awareness.campaign_reach, lang, 0),
                 after=fmt_share(changes["awareness.campaign_reach"], lang, 1))
    if channel == "victim_support":
        return t("buys_support", lang, n=fmt_number(spent / max(scenario.reporting.support_case_cost_eur, 1e-9), lang))
    if channel == "police":
        return t("buys_police", lang, n=fmt_number(spent / max(scenario.police.investigation_cost_eur, 1e-9), lang))
    if channel == "een_loket":
        lk = scenario.een_loket
        if changes.get("een_loket.enabled"):
            return t("buys_regions", lang, k=round(changes.get("een_loket.coverage", lk.coverage) * lk.phases),
                     n=lk.phases)
        return t("buys_no_desk", lang)
    return ""


def split_text(point: dict[str, Any], amount: float | None, base: str, lang: str) -> str:
    """What a split buys, in words: each channel's money and what it becomes."""
    from fraudchain.sim.studies.policy_levers import lever_changes
    from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS

    scenario = load_scenario(base)
    changes, _ = lever_changes(scenario, point["params"], amount) if amount else ({}, {})
    alloc = point.get("allocation") or {}
    parts = []
    for ch in BUDGET_CHANNELS:
        eur = (alloc.get(ch) or {}).get("eur")
        if eur is None:
            continue
        what = buys_text(ch, changes, (alloc.get(ch) or {}).get("spent_eur") or 0.0, scenario, lang)
        parts.append(t(f"channel_{ch}", lang) + " " + fmt_eur(round(eur, -3), lang) + (f" ({what})" if what else ""))
    return " · ".join(parts)


def budget_text(amount: float | None, lang: str) -> str:
    """A yearly budget as people say it: EUR 0,8 mln, EUR 5 mln."""
    if amount is None:
        return "–"
    millions = float(amount) / 1e6
    return f"EUR {fmt_number(millions, lang, 0 if millions.is_integer() else 1)} {t('mln', lang)}"


def verdict_sentence(res: dict[str, Any], lang: str) -> str:
    amount = budget_text(res.get("budget_eur"), lang)
    v = budget.verdict(res)
    if not v["better"]:
        return t("budget_none", lang, budget=amount, n=len(res.get("front") or []),
                 seeds=len(res.get("fresh_seeds") or []))
    i, k, d = v["better"][0]
    return t("budget_better", lang, budget=amount, i=i, kpi=kpi_phrase(k, lang), diff=fmt_kpi_delta(k, d["mean"], lang),
             lo=fmt_kpi_delta(k, d["ci_low"], lang), hi=fmt_kpi_delta(k, d["ci_high"], lang))


def front_figure(res: dict[str, Any], lang: str) -> go.Figure:
    """The splits on the first two objectives (EUR mln a year), 95 % whiskers, today's split as a grey cross."""
    objs = res["objectives"]
    x, y = objs[0], objs[1] if len(objs) > 1 else objs[0]
    pts = res["front"]

    def col(key: str, f: str, src: list[dict[str, Any]]) -> list[float]:
        return [((p["objectives"].get(key) or p.get("kpis", {}).get(key) or {}).get(f) or 0.0) / 1e6 for p in src]

    def err(key: str, src: list[dict[str, Any]]) -> dict[str, Any]:
        m, lo, hi = col(key, "mean", src), col(key, "ci_low", src), col(key, "ci_high", src)
        return {"type": "data", "symmetric": False, "array": [max(h - a, 0) for a, h in zip(m, hi, strict=True)],
                "arrayminus": [max(a - low, 0) for a, low in zip(m, lo, strict=True)]}

    labels = [t("split_n", lang, i=i) for i in range(1, len(pts) + 1)]
    fig = go.Figure(go.Scatter(x=col(x, "mean", pts), y=col(y, "mean", pts), mode="markers+text", text=labels,
                               textposition="top center", marker={"size": 11, "color": "#3B5B92"},
                               error_x=err(x, pts), error_y=err(y, pts), name=t("splits", lang)))
    if res.get("reference"):
        ref = [res["reference"]]
        fig.add_trace(go.Scatter(x=col(x, "mean", ref), y=col(y, "mean", ref), mode="markers+text",
                                 text=[t("split_today", lang)], textposition="bottom center", name=t("split_today", lang),
                                 marker={"symbol": "x", "size": 13, "color": GREY}, error_x=err(x, ref),
                                 error_y=err(y, ref)))
    # an uploaded front names its own objectives: an unknown one is shown as written, never as markup
    fig.update_xaxes(title_text=f"{chart_text(kpi_name(x, lang))} ({t('eur_mln_per_year', lang)})", tickformat=",.0f")
    fig.update_yaxes(title_text=f"{chart_text(kpi_name(y, lang))} ({t('eur_mln_per_year', lang)})", tickformat=",.0f")
    title = t("fig_front", lang, budget=budget_text(res.get("budget_eur"), lang))
    sub = t("fig_front_sub", lang, seeds=len(res.get("fresh_seeds") or []), trials=res.get("trials", 0))
    fig.update_layout(title={"text": f"{title}<br><sup>{sub}</sup>", "x": 0.0}, template="plotly_white", height=460,
                      separators=plotly_separators(lang), showlegend=False, margin={"t": 90})
    return fig


def _show(res: dict[str, Any], lang: str, partial: bool = False) -> None:
    base = res.get("scenario", specs.REFERENCE)
    if not partial:
        st.markdown(f"**{esc(verdict_sentence(res, lang), limit=500)}**")
    if {"objectives", "fresh_seeds"} <= set(res) and res["front"]:
        st.plotly_chart(safe_figure(front_figure(res, lang)), width="stretch", key="fig_front")
    if any(((p.get("allocation") or {}).get("police") or {}).get("eur") for p in res["front"]):
        st.info(police_caveat(str(base), lang), icon="⚠️")
    for i, p in enumerate(res["front"], 1):
        diffs = "; ".join(f"{kpi_name(k, lang)} {fmt_kpi_delta(k, d.get('mean'), lang)} "
                          f"[{fmt_kpi_delta(k, d.get('ci_low'), lang)}; {fmt_kpi_delta(k, d.get('ci_high'), lang)}]"
                          for k, d in (p.get("difference") or {}).items() if k in res.get("objectives", []))
        cost = public_cost_text(p.get("difference"), lang)
        st.markdown(f"**{t('split_n', lang, i=i)}**: {esc(split_text(p, res.get('budget_eur'), base, lang))}"
                    + (f"  \n{t('vs_today', lang)}: {esc(diffs)}" if diffs else "")
                    + (f"  \n{t('public_cost_card', lang)}: {esc(cost)}" if cost != "–" else ""))
        if partial:
            continue
        from fraudchain.sim.studies.policy_levers import lever_changes, start_day

        changes, _ = lever_changes(load_scenario(base), p["params"], res.get("budget_eur"))
        st.button(t("open_split", lang, i=i), key=f"w_v_open_{i - 1}", on_click=_open_in_builder,
                  args=(changes, base, t("split_name", lang, i=i), start_day(res.get("years", 3))))


def _front_section(vs: state.ViewState) -> None:
    lang = vs.lang
    st.header(t("front", lang))
    st.caption(t("front_intro", lang))
    st.caption(t("public_cost_includes", lang))
    key = state.wkey("w_v_budget", lang)
    wanted = int(float(vs.extra.get("budget", OPTIONS[0]))) if str(vs.extra.get("budget", "")).replace(".", "").isdigit() \
        else OPTIONS[0]
    state.seed_widget(key, wanted if wanted in OPTIONS else OPTIONS[0])
    st.select_slider(t("budget", lang), list(OPTIONS), key=key, format_func=lambda v: budget_text(v, lang))
    amount = state.chosen(key, list(OPTIONS), OPTIONS[0])
    vs.extra["budget"] = str(amount)
    params = budget.front_params(amount, budget.trials(), vs.scale.seeds, vs.scale.agents, vs.scale.years)
    up = st.file_uploader(t("upload_front", lang), type=["json"], key="w_v_upload", max_upload_size=1)
    if up is not None:
        try:
            _show(check_front(json.loads(up.getvalue().decode("utf-8"))), lang)
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            st.error(t("bad_upload", lang, why=esc(e)))
        return
    status = jobs.status("front", params)
    if status.state == "done":                 # stored (precomputed, or asked for before): nothing to price
        _show(status.result, lang)
        return
    if status.state in ("none", "failed"):
        try:                   # the search and the front's re-run priced before a worker may start them
            data.refuse_work(budget.front_seconds(params), params["trials"] * params["seeds"], vs.scale, lang,
                             cap=data.STUDY_CAP)
        except data.WorkTooLarge as e:
            st.error(esc(str(e), limit=600))
            return
        runs = budget.trials() * params["seeds"] + 5 * params["check_seeds"]
        estimate = data.estimate_seconds(runs, vs.scale)
        st.caption(t("front_cost", lang, runs=fmt_number(runs, lang), time=waiting.time_left_text(estimate, lang)))
        if not st.button(t("search", lang), key="w_v_search"):
            return
        jobs.submit("front", params, estimate)
    waiting.wait("front", params, lang, "front", show_partial=lambda doc: _show(doc, lang, partial=True))


def render(vs: state.ViewState) -> None:
    """The budget part of the value page: the best split of the money, then what each extra million buys."""
    _front_section(vs)
    st.divider()
    _curves_section(vs)



# ---------------------------------------------------------------------------------------------
# what each extra million buys (`fraudchain budget`'s curves)
CURVE_KPIS = ("social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur", "victims", "public_cost_eur",
              "hub_signals_acted_share", "supported_victims", "suspects_identified", "reporting_rate")


def check_curves(doc: Any) -> dict[str, Any]:
    """An uploaded result of `fraudchain budget --format json`: the documented shape, known levers, numbers only."""
    from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS

    if not isinstance(doc, dict) or not isinstance(doc.get("levers"), dict) or not isinstance(doc.get("kpis"), list):
        raise ValueError("needs {\"levers\": {...}, \"kpis\": [...]}")
    unknown = [k for k in doc["levers"] if k not in BUDGET_CHANNELS]
    if unknown:
        raise ValueError(f"unknown levers: {', '.join(map(str, unknown[:5]))}")
    if sum(len(v) if isinstance(v, list) else 0 for v in doc["levers"].values()) > MAX_FRONT_POINTS:
        raise ValueError(f"more than {MAX_FRONT_POINTS} points")
    for points in doc["levers"].values():
        if not isinstance(points, list):
            raise ValueError("each lever needs a list of points")
        for p in points:
            if not isinstance(p, dict) or not _number(p.get("extra_eur")) or not isinstance(p.get("difference"), dict):
                raise ValueError("each point needs extra_eur and difference")
            if not isinstance(p.get("buys", ""), str):
                raise ValueError("buys must be text")
            for d in p["difference"].values():
                if not isinstance(d, dict) or not all(v is None or _number(v) for v in d.values()):
                    raise ValueError("differences must be numbers")
    return doc


def public_cost_text(difference: dict[str, Any] | None, lang: str) -> str:
    """A point's public cost as every page shows a measure's: the paired change in public_cost_eur with its
    95 % interval ('–' where the result does not carry it)."""
    d = (difference or {}).get("public_cost_eur") or {}
    if not _number(d.get("mean")):
        return "–"
    if not (_number(d.get("ci_low")) and _number(d.get("ci_high"))):
        return fmt_kpi_delta("public_cost_eur", d["mean"], lang)
    return (f"{fmt_kpi_delta('public_cost_eur', d['mean'], lang)} [{fmt_kpi_delta('public_cost_eur', d['ci_low'], lang)}; "
            f"{fmt_kpi_delta('public_cost_eur', d['ci_high'], lang)}]")


def _curve_points(points: list[dict[str, Any]], kpi: str) -> list[dict[str, Any]]:
    return [p for p in points if _number((p["difference"].get(kpi) or {}).get("mean"))]


def curve_figure(res: dict[str, Any], kpi: str, lang: str) -> go.Figure:
    """One line per lever: extra EUR mln a year across, the paired difference in `kpi` up, 95 % whiskers."""
    fig = go.Figure()
    for lever, points in res["levers"].items():
        pts = _curve_points(points, kpi)
        if not pts:
            continue
        d = [p["difference"][kpi] for p in pts]
        m = [x["mean"] for x in d]
        hi = [x["ci_high"] if _number(x.get("ci_high")) else v for x, v in zip(d, m, strict=True)]
        lo = [x["ci_low"] if _number(x.get("ci_low")) else v for x, v in zip(d, m, strict=True)]
        fig.add_trace(go.Scatter(
            x=[0.0] + [p["extra_eur"] / 1e6 for p in pts], y=[0.0, *m], mode="lines+markers",
            name=t(f"lever_{lever}", lang),
            error_y={"type": "data", "symmetric": False, "array": [0.0] + [h - v for h, v in zip(hi, m, strict=True)],
                     "arrayminus": [0.0] + [v - low for v, low in zip(m, lo, strict=True)]},
            hovertext=[""] + [chart_text(p.get("buys", "")) for p in pts], hoverinfo="text+x+y"))
    fig.add_hline(y=0, line_color=GREY, line_width=1)
    fig.update_layout(template="plotly_white", height=440, xaxis_title=t("curves_x", lang),
                      yaxis_title=f"{t('curves_y', lang)}: {chart_text(kpi_name(kpi, lang))}",
                      separators=plotly_separators(lang), title={"text": t("curves_title", lang), "x": 0.0})
    return fig


def curve_rows(res: dict[str, Any], kpi: str, lang: str) -> list[dict[str, str]]:
    """The curves as a table: lever, extra money, what it buys, the difference with its interval."""
    scenario = load_scenario(res.get("scenario", specs.REFERENCE)) if res.get("scenario") in builtin_names() \
        else load_scenario(specs.REFERENCE)
    from fraudchain.sim.studies.public_budget import buy

    rows = []
    for lever, points in res["levers"].items():
        for p in points:
            d = p["difference"].get(kpi) or {}
            cell = "–" if not _number(d.get("mean")) else (
                f"{fmt_kpi_delta(kpi, d['mean'], lang)} [{fmt_kpi_delta(kpi, d.get('ci_low'), lang)}; "
                f"{fmt_kpi_delta(kpi, d.get('ci_high'), lang)}]")
            if _number(d.get("mean")) and not (p.get("distinguishable") or {}).get(kpi, False):
                cell += f" ({t('not_significant', lang)})"
            changes, spent, _ = buy(scenario, lever, float(p["extra_eur"]))
            rows.append({t("curves_lever", lang): t(f"lever_{lever}", lang),
                         t("curves_extra", lang): budget_text(p["extra_eur"], lang),
                         t("curves_buys", lang): buys_text(lever, changes, spent, scenario, lang),
                         t("curves_diff", lang): cell,
                         t("public_cost_column", lang): public_cost_text(p.get("difference"), lang)})
    return rows


def _curves_section(vs: state.ViewState) -> None:
    from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS

    lang = vs.lang
    st.header(t("curves_title", lang))
    st.caption(t("curves_intro", lang, ref=names.scenario_name(specs.REFERENCE, lang)))
    c1, c2 = st.columns([3, 2])
    lkey, kkey = state.wkey("w_bu_levers", lang), state.wkey("w_bu_kpi", lang)
    state.seed_widget(lkey, list(BUDGET_CHANNELS))
    state.seed_widget(kkey, CURVE_KPIS[0])
    levers = c1.multiselect(t("curves_levers", lang), list(BUDGET_CHANNELS), key=lkey,
                            format_func=lambda v: t(f"lever_{v}", lang))
    c2.selectbox(t("curves_kpi", lang), CURVE_KPIS, key=kkey, format_func=lambda k: kpi_name(k, lang))
    kpi = state.chosen(kkey, list(CURVE_KPIS), CURVE_KPIS[0])
    up = st.file_uploader(t("curves_upload", lang), type=["json"], key="w_bu_upload", max_upload_size=1)
    if up is not None:
        try:
            res = check_curves(json.loads(up.getvalue().decode("utf-8")))
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            st.error(t("curves_bad_upload", lang, why=esc(e)))
            return
        _show_curves(res, kpi, lang)
        return
    if not levers:
        return
    params = budget.curves_params(list(levers), vs.scale.seeds, vs.scale.agents, vs.scale.years)
    st.caption(t("curves_scale", lang, seeds=params["seeds"], agents=fmt_number(params["agents"], lang),
                 years=params["years"]))
    status = jobs.status("curves", params)
    if status.state == "done":
        _show_curves(status.result, kpi, lang)
        return
    if status.state in ("none", "failed"):
        runs = budget.curves_runs(params)
        try:
            data.refuse_work(budget.curves_seconds(params), runs, vs.scale, lang, cap=data.STUDY_CAP)
        except data.WorkTooLarge as e:
            st.error(esc(str(e), limit=600))
            return
        estimate = data.estimate_seconds(runs, state.Scale(params["seeds"], params["agents"], params["years"]))
        st.caption(t("front_cost", lang, runs=fmt_number(runs, lang), time=waiting.time_left_text(estimate, lang)))
        if not st.button(t("curves_compute", lang), key="w_bu_compute"):
            return
        jobs.submit("curves", params, estimate)
    waiting.wait("curves", params, lang, "curves")


def police_caveat(base: str, lang: str) -> str:
    """The assumption every police result rests on (docs/evidence.md, `fraudsters.disruption_per_suspect`),
    with the value the scenario uses."""
    scenario = load_scenario(base if base in builtin_names() else specs.REFERENCE)
    return t("budget_police_caveat", lang, share=fmt_share(scenario.fraudsters.disruption_per_suspect, lang, 2))


def _show_curves(res: dict[str, Any], kpi: str, lang: str) -> None:
    st.plotly_chart(safe_figure(curve_figure(res, kpi, lang)), width="stretch", key="fig_budget")
    if "police" in res["levers"]:
        st.info(police_caveat(str(res.get("scenario", specs.REFERENCE)), lang), icon="⚠️")
    st.dataframe(curve_rows(res, kpi, lang), hide_index=True, width="stretch")
