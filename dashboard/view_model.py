"""The "model and sources" section: how the model works, its main assumptions, the known
limitations, the liability regimes with the rules they cite, every parameter with unit and
source (fraudchain.scenarios.schema.parameter_table()) and the public figures it is calibrated against.

Owns this section's layout; text comes from i18n.py, facts from the scenario package.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import pandas as pd
import streamlit as st
from fraudchain.dashboard import state
from fraudchain.dashboard.i18n import MODEL_SECTIONS, fraud_type_name, model_paragraphs, t
from fraudchain.dashboard.names import (
    param_description,
    param_matches,
    param_name,
    regime_description,
    regime_name,
    source_text,
    unit_text,
    value_text,
)
from fraudchain.scenarios.regimes import regime_data, regime_names
from fraudchain.scenarios.schema import parameter_table


def _calibration_targets() -> pd.DataFrame | None:
    path = resources.files("fraudchain.scenarios").joinpath("data", "nl_calibration_targets.csv")
    if not path.is_file():
        return None
    return pd.DataFrame(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))))


def _parameters(lang: str, query: str = "") -> pd.DataFrame:
    """Every parameter by name, with its value, meaning, unit and source; `query` searches both
    languages (and the raw key)."""
    rows = [{t("param", lang): param_name(r["key"], lang), t("default", lang): value_text(r["key"], r["default"], lang),
             t("description", lang): param_description(r["key"], lang, r["unit"]), t("unit", lang): unit_text(r["unit"], lang),
             t("source", lang): source_text(r["source"], lang), "id": r["key"]}
            for r in parameter_table() if param_matches(r["key"], query, r["unit"] + " " + r["description"],
                                                        r["source"])]
    return pd.DataFrame(rows, columns=[t("param", lang), t("default", lang), t("description", lang),
                                       t("unit", lang), t("source", lang), "id"])


def render(vs: state.ViewState) -> None:
    lang = vs.lang
    st.title(t("view_model", lang))
    st.write(t("model_intro", lang))
    for section in MODEL_SECTIONS:
        st.header(t(section, lang))
        paragraphs = model_paragraphs(section, lang)
        if section == "how_it_works":
            for p in paragraphs:
                st.write(p)
        else:
            st.markdown("\n".join(f"- {p}" for p in paragraphs))
    st.header(t("regimes", lang))
    for name in regime_names():
        doc = regime_data(name)
        with st.expander(f"{regime_name(name, lang)}: {regime_description(name, lang)}"):
            if lang != "nl":
                st.write(str(doc.get("description", "")).strip())
            rules = [{t("rule", lang): r.get("name", ""), t("cites", lang): r.get("cites", ""),
                      t("fraud_type", lang): ", ".join(fraud_type_name(k, lang) if k != "*" else t("all", lang)
                                                       for k in r.get("fraud_types", ["*"])),
                      t("payers", lang): ", ".join(f"{k} {v:g}" for k, v in (r.get("payers") or {}).items())}
                     for r in doc.get("rules", [])]
            if rules:
                st.caption(t("regime_rules", lang))
                st.dataframe(pd.DataFrame(rules), hide_index=True, width="stretch")
    st.header(t("all_params", lang))
    st.caption(t("params_note", lang))
    query = st.text_input(t("filter", lang), key="w_param_filter", help=t("filter_help", lang))
    table = _parameters(lang, query)
    show_ids = st.toggle(t("ids_expander", lang), key="w_param_ids", value=False)
    st.dataframe(table if show_ids else table.drop(columns=["id"]), hide_index=True, width="stretch", height=520)
    targets = _calibration_targets()
    if targets is not None:
        st.header(t("calibration", lang))
        st.dataframe(targets, hide_index=True, width="stretch")
