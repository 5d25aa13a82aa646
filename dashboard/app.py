"""fraudchain's dashboard (entry point for `streamlit run dashboard/app.py`, `make run`,
`fraudchain dashboard`).

Owns the page frame: language switch, the choice of section (compare, the value-for-money page,
scenario builder, model and sources), keeping the URL in step with what is shown (every change of view
is a browser history entry; Back and Forward show the view of that entry) and showing problems without
a traceback. Opening the page without parameters shows the landing comparison (the Dutch baseline
against the fullest package) at once. The sections live in view_*.py; the view state in state.py.
"""

from __future__ import annotations

import sys
import traceback

import streamlit as st
from fraudchain.dashboard import state, view_builder, view_compare, view_model, view_value
from fraudchain.dashboard.i18n import LANGS, esc, t

st.set_page_config(page_title="fraudchain", page_icon="🔗", layout="wide")

# the sections: id -> module with render(vs)
SECTIONS = {"compare": view_compare, "value": view_value, "builder": view_builder, "model": view_model}


def sidebar(vs: state.ViewState) -> None:
    state.seed_widget("w_lang", vs.lang)
    st.sidebar.radio("Taal / Language", LANGS, key="w_lang", horizontal=True,
                     format_func={"nl": "Nederlands", "en": "English"}.get)
    vs.lang = state.chosen("w_lang", list(LANGS), vs.lang)
    views = list(SECTIONS)
    if vs.view not in views:
        vs.view = views[0]
    key = state.wkey("w_view", vs.lang)
    state.seed_widget(key, vs.view)
    st.sidebar.radio(t("view", vs.lang), views, key=key, format_func=lambda v: t(f"view_{v}", vs.lang))
    vs.view = state.chosen(key, views, vs.view)


def main() -> None:
    vs = state.session_view_state()
    sidebar(vs)
    for problem in st.session_state.get("link_problems", []):
        st.warning(esc(problem, limit=500))
    SECTIONS.get(vs.view, view_compare).render(vs)
    state.sync_url(vs)


# a problem shows a friendly message in the page and the details go to the server log (Streamlit's
# rerun and stop signals are BaseExceptions and pass through)
try:
    main()
except Exception as e:
    traceback.print_exc(file=sys.stderr)
    lang = st.session_state.get("w_lang", "nl")
    st.error(t("friendly_error", lang, kind=type(e).__name__))
