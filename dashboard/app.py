"""fraudchain's dashboard (entry point for `streamlit run dashboard/app.py`, `make run`,
`fraudchain dashboard`).

Owns the page frame: language switch, the choice of section (compare, scenario builder, model
and sources, the value-for-money page), keeping the URL in
step with what is shown, and showing problems without a traceback. Opening the page without
parameters shows the landing comparison (the Dutch baseline against the fullest package) at once.
The sections live in view_*.py; runs and state in data.py. Uses only sim's public API.
"""

from __future__ import annotations

import sys
import traceback

import streamlit as st
from fraudchain.dashboard import data, view_builder, view_compare, view_model, view_value
from fraudchain.dashboard.i18n import LANGS, esc, t

st.set_page_config(page_title="fraudchain", page_icon="🔗", layout="wide")

# the sections: id -> module with render(vs)
SECTIONS = {"compare": view_compare, "value": view_value, "builder": view_builder, "model": view_model}

# widgets whose value lives in the view state: a label or format that changes with the language makes
# Streamlit treat them as new widgets (reset to their first option), so they are re-seeded from it
SCALE_WIDGETS = ("w_seeds", "w_agents", "w_years")


def _on_language_change() -> None:
    """Keep every choice when the language changes; only the words change (and nothing is recomputed)."""
    vs: data.ViewState = st.session_state["view_state"]
    st.session_state["w_seeds"] = vs.scale.seeds
    st.session_state["w_agents"] = vs.scale.agents
    st.session_state["w_years"] = vs.scale.years
    st.session_state["w_scenarios"] = list(vs.scenarios)


def sidebar(vs: data.ViewState) -> None:
    data.seed_widget("w_lang", vs.lang)
    st.sidebar.radio("Taal / Language", LANGS, key="w_lang", horizontal=True,
                     format_func={"nl": "Nederlands", "en": "English"}.get, on_change=_on_language_change)
    vs.lang = st.session_state["w_lang"]
    views = list(SECTIONS)
    if vs.view not in views:
        vs.view = views[0]
    data.seed_widget("w_view", vs.view)
    st.sidebar.radio(t("view", vs.lang), views, key="w_view", format_func=lambda v: t(f"view_{v}", vs.lang))
    vs.view = st.session_state["w_view"]


def main() -> None:
    vs = data.session_view_state()
    sidebar(vs)
    for problem in st.session_state.get("link_problems", []):
        st.warning(esc(problem, limit=500))
    SECTIONS.get(vs.view, view_compare).render(vs)
    data.sync_url(vs)


# a problem shows a friendly message in the page and the details go to the server log (Streamlit's
# rerun and stop signals are BaseExceptions and pass through)
try:
    main()
except Exception as e:
    traceback.print_exc(file=sys.stderr)
    lang = st.session_state.get("w_lang", "nl")
    st.error(t("friendly_error", lang, kind=type(e).__name__))
