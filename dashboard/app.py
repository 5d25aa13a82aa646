"""fraudchain's dashboard (entry point for `streamlit run dashboard/app.py`, `make run`,
`fraudchain dashboard`).

Owns the page frame: language switch, the choice of section (compare, scenario builder, model
and sources) and keeping the URL in step with what is shown. Opening the page without parameters
shows the landing comparison (the Dutch baseline against the fullest package) at once.
The sections live in view_*.py; runs and state in data.py. Uses only sim's public API.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, view_builder, view_compare, view_model, view_value
from dashboard.i18n import LANGS, t

st.set_page_config(page_title="fraudchain", page_icon="🔗", layout="wide")


def sidebar(vs: data.ViewState) -> None:
    data.seed_widget("w_lang", vs.lang)
    st.sidebar.radio("Taal / Language", LANGS, key="w_lang", horizontal=True,
                     format_func={"nl": "Nederlands", "en": "English"}.get)
    vs.lang = st.session_state["w_lang"]
    data.seed_widget("w_view", vs.view)
    st.sidebar.radio(t("view", vs.lang), data.VIEWS, key="w_view",
                     format_func=lambda v: t(f"view_{v}", vs.lang))
    vs.view = st.session_state["w_view"]


def main() -> None:
    vs = data.session_view_state()
    sidebar(vs)
    for problem in st.session_state.get("link_problems", []):
        st.warning(problem)
    if vs.view == "builder":
        view_builder.render(vs)
    elif vs.view == "value":
        view_value.render(vs)
    elif vs.view == "model":
        view_model.render(vs)
    else:
        view_compare.render(vs)
    data.sync_url(vs)


main()
