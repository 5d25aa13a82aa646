"""The "model and sources" section: how the model works, its main assumptions, the known
limitations, the liability regimes with the rules they cite, every parameter with unit and
source (scenarios.schema.parameter_table()) and the public figures it is calibrated against.

Owns this section's layout; text comes from i18n.py, facts from the scenario package.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import MODEL_TEXT, t
from scenarios.regimes import regime_data, regime_names
from scenarios.schema import parameter_table


def _calibration_targets() -> pd.DataFrame | None:
    path = resources.files("scenarios").joinpath("data", "nl_calibration_targets.csv")
    if not path.is_file():
        return None
    return pd.DataFrame(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))))


def _parameters(lang: str) -> pd.DataFrame:
    rows = [{t("param", lang): r["key"], t("default", lang): str(r["default"]), t("unit", lang): r["unit"],
             t("source", lang): r["source"], t("description", lang): r["description"]} for r in parameter_table()]
    return pd.DataFrame(rows)


def render(vs: data.ViewState) -> None:
    lang = vs.lang
    st.title(t("view_model", lang))
    st.write(t("model_intro", lang))
    for section in ("how_it_works", "assumptions", "limitations"):
        st.header(t(section, lang))
        paragraphs = MODEL_TEXT[section][lang]
        if section == "how_it_works":
            for p in paragraphs:
                st.write(p)
        else:
            st.markdown("\n".join(f"- {p}" for p in paragraphs))
    st.header(t("regimes", lang))
    for name in regime_names():
        doc = regime_data(name)
        with st.expander(f"{name}: {str(doc.get('description', '')).strip()[:110]}…"):
            st.write(str(doc.get("description", "")).strip())
            rules = [{"rule": r.get("name", ""), "cites": r.get("cites", ""),
                      "fraud_types": ", ".join(r.get("fraud_types", ["*"])),
                      "payers": ", ".join(f"{k} {v:g}" for k, v in (r.get("payers") or {}).items())}
                     for r in doc.get("rules", [])]
            if rules:
                st.caption(t("regime_rules", lang))
                st.dataframe(pd.DataFrame(rules), hide_index=True, width="stretch")
    st.header(t("all_params", lang))
    st.caption(t("params_note", lang))
    table = _parameters(lang)
    query = st.text_input(t("filter", lang), key="w_param_filter")
    if query:
        mask = table.apply(lambda col: col.astype(str).str.contains(query, case=False, regex=False)).any(axis=1)
        table = table[mask]
    st.dataframe(table, hide_index=True, width="stretch", height=520)
    targets = _calibration_targets()
    if targets is not None:
        st.header(t("calibration", lang))
        st.dataframe(targets, hide_index=True, width="stretch")
