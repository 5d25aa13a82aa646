"""fraudchain dashboard (minimal landing comparison; the full dashboard grows from here).

Uses only sim's public API.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from sim import compare, load_scenario
from sim.metrics import KPI_KEYS

st.set_page_config(page_title="fraudchain", layout="wide")


@st.cache_data(show_spinner=False)
def _compare(a: str, b: str, seeds: int, agents: int) -> dict:
    res = compare([a, b], seeds=seeds, agents=agents)
    return {"kpis": {n: {k: s.as_dict() for k, s in r.kpis.items()} for n, r in res.results.items()},
            "daily": {n: r.daily.groupby(["day", "fraud_type"], as_index=False)["net_loss_eur"].mean()
                      for n, r in res.results.items()}}


st.title("fraudchain: online fraud in the Netherlands")
a = st.sidebar.text_input("Scenario A", "nl_baseline")
b = st.sidebar.text_input("Scenario B", "uk_psr_2024")
seeds = st.sidebar.slider("Seeds", 2, 8, 2)
agents = st.sidebar.select_slider("Agents", [20_000, 50_000, 150_000], 50_000)
for name in (a, b):
    load_scenario(name)
with st.spinner("simulating..."):
    data = _compare(a, b, seeds, agents)
cols = st.columns(4)
for col, k in zip(cols, ["victims", "net_loss_eur", "loss_borne_victims_eur", "reimbursed_share"], strict=True):
    va, vb = data["kpis"][a][k]["mean"], data["kpis"][b][k]["mean"]
    col.metric(k, f"{vb:,.2f}", f"{vb - va:,.2f} vs {a}")
rows = [{"scenario": n, "kpi": k, "mean": d[k]["mean"]} for n, d in data["kpis"].items() for k in KPI_KEYS]
bearers = pd.DataFrame([r for r in rows if r["kpi"].startswith("loss_borne_")])
st.plotly_chart(px.bar(bearers, x="scenario", y="mean", color="kpi", title="Who bears the loss"), width="stretch")
for n, df in data["daily"].items():
    st.plotly_chart(px.line(df, x="day", y="net_loss_eur", color="fraud_type", title=f"Net loss per day: {n}"),
                    width="stretch")
