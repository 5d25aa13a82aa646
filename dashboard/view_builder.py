"""The scenario builder: start from a built-in scenario, change the levers (grouped as a
policymaker thinks, each with a one-line explanation and its source), see validation messages
inline, download the result as TOML, add it to the comparison, or upload a TOML file.

Owns this section's widgets. Validation is fraudchain.scenarios.loader's (the CLI's validator); the levers'
kinds, bounds and sources come from the schema via levers.py. Uploads are parsed as data only.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd
import streamlit as st
from fraudchain.dashboard import levers, specs, state
from fraudchain.dashboard.i18n import esc, fmt_eur, fmt_number, fmt_share, t
from fraudchain.dashboard.names import (
    param_description,
    param_name,
    regime_description,
    scenario_description,
    scenario_name,
    source_text,
    unit_text,
    value_text,
)
from fraudchain.dashboard.tables import effective_flat
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario, to_toml


def _step(value: float) -> float:
    """A sensible increment for a number field: a tenth of its order of magnitude."""
    a = abs(float(value))
    return 0.1 if a < 1 else float(10 ** max(math.floor(math.log10(a)) - 1, 0))


# grids for the levers measured in hours, days or euros (the current value is always added)
HOURS = (0.5, 1, 2, 4, 6, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336, 720, 1440, 2000)
DAYS = (0, 0.5, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60)


def unit_kind(unit: str, w: levers.Widget) -> str:
    """How a lever's value is shown: 'pct' (a share or probability), 'score' (0-1), 'hours', 'days', 'eur'
    or 'number', from the schema's unit text."""
    u = unit.lower()
    if w.kind == "slider":
        return "pct" if u.startswith(("share", "probability", "relative", "chance", "extra share")) else "score"
    if u.startswith("hours"):
        return "hours"
    if u.startswith(("days", "mean days")):
        return "days"
    if u.startswith("eur"):
        return "eur"
    return "number"


def _eur_grid(current: float, low: float, high: float) -> list[float]:
    top = max(abs(current), 1000.0) * 20
    grid = {0.0} if low <= 0 else set()
    for e in range(2, 11):
        for m in (1, 2, 2.5, 5):
            v = m * 10 ** e
            if low <= v <= min(high, top) and v >= top / 2000:
                grid.add(float(v))
    return sorted(grid)


def lever_options(kind: str, current: float, w: levers.Widget) -> list[float]:
    """The values a lever's slider offers (its bounds, a sensible grid, the current value)."""
    low = float(w.low if w.low is not None else 0.0)
    high = float(w.high if w.high is not None else max(current, 1.0) * 10)
    if kind in ("pct", "score"):
        grid = [round(low + i * 0.01, 2) for i in range(int(round((high - low) / 0.01)) + 1)]
    elif kind == "hours":
        grid = [float(v) for v in HOURS if low <= v <= high]
    elif kind == "days":
        grid = [float(v) for v in DAYS if low <= v <= high]
    else:
        grid = _eur_grid(current, low, high)
    return sorted(set(grid) | {float(current)})


def format_value(kind: str, v: float, lang: str) -> str:
    """A lever's value with its unit, in the language's format: 25 %, 0,40, 72 uur, 3 dagen, EUR 800.000."""
    if kind == "pct":
        return fmt_share(v, lang, 0 if abs(v * 100 - round(v * 100)) < 1e-9 else 1)
    if kind == "score":
        return fmt_number(v, lang, 2)
    if kind in ("hours", "days"):
        n = fmt_number(v, lang, 0 if float(v).is_integer() else 1)
        return t(f"unit_{kind}_one" if v == 1 else f"unit_{kind}_many", lang, n=n)
    if kind == "eur":
        return fmt_eur(v, lang)
    return fmt_number(v, lang, 2)


def _lever(lv: levers.Lever, current: Any, base: str, lang: str, meta: dict[str, Any]) -> Any:
    """Draw one lever's widget (seeded with its current value) and return the chosen value."""
    w = levers.widget_for(lv.key)
    key = f"lv_{base}_{lv.key}"
    unit = unit_text(meta.get("unit", ""), lang)
    help_text = f"{lv.explanation(lang)} · {unit}"
    kind = unit_kind(meta.get("unit", ""), w) if w.kind in ("slider", "number") else w.kind
    if w.kind == "toggle":
        state.seed_widget(key, bool(current))
        st.toggle(lv.label(lang), key=key, help=help_text)
    elif w.kind == "choice":
        key = state.wkey(key, lang)
        state.seed_widget(key, current if current in w.options else w.options[0])
        st.selectbox(lv.label(lang), list(w.options), key=key, help=help_text,
                     format_func=lambda v, k=lv.key: value_text(k, v, lang))
    elif w.kind == "multi":
        key = state.wkey(key, lang)
        state.seed_widget(key, [o for o in w.options if o in (current or [])])
        # pills, not a multiselect: Streamlit's multiselect offers an untranslatable "Select all"
        st.pills(lv.label(lang), list(w.options), selection_mode="multi", key=key, help=help_text,
                 format_func=lambda v, k=lv.key: value_text(k, [v], lang))
    elif kind in ("pct", "score", "hours", "days", "eur"):
        key = state.wkey(key, lang)
        options = lever_options(kind, float(current), w)
        state.seed_widget(key, float(current))
        st.select_slider(lv.label(lang), options, key=key, help=help_text,
                         format_func=lambda v, k=kind: format_value(k, v, lang))
    else:
        state.seed_widget(key, float(current))
        st.number_input(lv.label(lang), step=_step(current), key=key, help=help_text,
                        format="%.0f" if abs(float(current)) >= 100 else "%.2f")
    value = st.session_state[key]
    if w.kind == "multi":
        value = [o for o in w.options if o in (value or [])]
    st.caption(f"{lv.explanation(lang)} {t('source_label', lang)}: {source_text(meta.get('source', ''), lang)}")
    if lv.key == "liability.regime":
        st.caption(regime_description(value, lang))
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _add_to_comparison(spec: dict[str, Any]) -> None:
    """Button callback (runs before the next script run, so it may set other widgets' state)."""
    vs: state.ViewState = st.session_state["view_state"]
    name = spec["name"]
    if name not in vs.scenarios and len(vs.scenarios) >= state.MAX_SCENARIOS:
        st.session_state["builder_message"] = ("warning", "too_many")
        return
    vs.custom[name] = spec
    if name not in vs.scenarios:
        vs.scenarios.append(name)
    st.session_state.pop(state.wkey("w_scenarios", vs.lang), None)
    vs.view = "compare"
    st.session_state[state.wkey("w_view", vs.lang)] = "compare"


def _changes_table(base_flat: dict[str, Any], changes: dict[str, Any], meta: dict[str, dict[str, Any]],
                   lang: str) -> pd.DataFrame:
    rows = [{t("param", lang): param_name(k, lang), t("default", lang): value_text(k, base_flat.get(k), lang),
             "→": value_text(k, v, lang), t("description", lang): param_description(k, lang, meta.get(k, {}).get("unit", "")),
             t("source", lang): source_text(meta.get(k, {}).get("source", ""), lang)}
            for k, v in changes.items() if k != "description"]
    return pd.DataFrame(rows)


def _upload(vs: state.ViewState) -> None:
    lang = vs.lang
    st.subheader(t("upload", lang, kb=specs.UPLOAD_MAX_BYTES // 1000))
    up = st.file_uploader(t("upload", lang, kb=specs.UPLOAD_MAX_BYTES // 1000), type=["toml"], key="w_upload",
                          help=t("upload_help", lang), label_visibility="collapsed", max_upload_size=1)
    if up is None:
        return
    try:
        scenario = specs.scenario_from_upload(up.getvalue(), up.name, lang)
        name = scenario.name if not _taken(scenario.name) else f"{scenario.name} (upload)"
        spec = specs.spec_from_scenario(scenario.model_copy(update={"name": name}))
        specs.spec_to_scenario(spec, lang)
    except ScenarioError as e:
        st.error(t("invalid", lang) + "\n\n" + "\n".join(f"- {esc(p)}" for p in e.problems))
        return
    if st.session_state.get("upload_done") != up.file_id:
        st.session_state["upload_done"] = up.file_id
        vs.custom[name] = spec
        if name not in vs.scenarios and len(vs.scenarios) < state.MAX_SCENARIOS:
            vs.scenarios.append(name)
            st.session_state.pop(state.wkey("w_scenarios", vs.lang), None)
    if name in vs.scenarios:
        st.success(esc(t("upload_ok", lang, name=name)))
    else:
        st.warning(esc(t("upload_full", lang, name=name)))


def _taken(name: str) -> bool:
    """A name that is already a built-in scenario's id or its name in either language."""
    folded = " ".join(name.split()).casefold()
    return any(folded in (n.casefold(), scenario_name(n, "nl").casefold(), scenario_name(n, "en").casefold())
               for n in builtin_names())


def render(vs: state.ViewState) -> None:
    lang = vs.lang
    st.title(t("view_builder", lang))
    st.write(t("builder_intro", lang))
    c1, c2, c3 = st.columns([2, 2, 2])
    with c1:
        kb = state.wkey("w_b_base", lang)
        state.seed_widget(kb, vs.builder_base)
        st.selectbox(t("base_scenario", lang), builtin_names(), key=kb, format_func=lambda n: scenario_name(n, lang))
        base = state.chosen(kb, builtin_names(), vs.builder_base)
        st.caption(scenario_description(base, lang))
    with c2:
        kd = state.wkey("w_b_day", lang)
        state.seed_widget(kd, vs.builder_day)
        st.radio(t("start_day", lang), state.START_DAYS, key=kd, format_func=lambda d: t(f"start_day_{d}", lang))
    with c3:
        state.seed_widget("w_b_name", vs.builder_name)
        st.text_input(t("new_name", lang), key="w_b_name", max_chars=specs.MAX_NAME, help=t("new_name_help", lang))
        state.seed_widget("w_b_desc", vs.builder_description)
        st.text_area(t("new_description", lang), key="w_b_desc", max_chars=specs.MAX_DESCRIPTION, height=80)
    vs.builder_base, vs.builder_day = base, state.chosen(kd, list(state.START_DAYS), vs.builder_day)
    vs.builder_name = " ".join(st.session_state["w_b_name"].split())
    vs.builder_description = " ".join(st.session_state["w_b_desc"].split())

    base_scenario = load_scenario(base)
    base_flat = effective_flat(base_scenario)
    meta = levers.sources()
    changes: dict[str, Any] = {}
    for group, items in levers.lever_groups().items():
        title, intro = levers.group_text(group, lang)
        with st.expander(title, expanded=group == "liability"):
            st.caption(intro)
            cols = st.columns(2)
            for i, lv in enumerate(items):
                with cols[i % 2]:
                    value = _lever(lv, vs.builder_changes.get(lv.key, base_flat.get(lv.key)), base, lang,
                                   meta.get(lv.key, {}))
                if not _same(value, base_flat.get(lv.key)):
                    changes[lv.key] = value
    lever_keys = levers.all_lever_keys()
    # JSON scalars and arrays are valid TOML values, which is what parse_override_lines reads
    state.seed_widget("w_b_adv", "\n".join(f"{k}={json.dumps(v)}" for k, v in vs.builder_changes.items()
                                           if k not in lever_keys))
    extra, problems = specs.parse_override_lines(
        st.text_area(t("advanced", lang), key="w_b_adv", help=t("advanced_help", lang), height=90), lang)
    changes.update(extra)
    vs.builder_changes = changes

    scenario = None
    spec: dict[str, Any] = {}
    try:
        if _taken(vs.builder_name):
            raise ScenarioError([t("name_taken", lang, name=vs.builder_name)])
        description = vs.builder_description or t("builder_default_description", lang,
                                                  base=scenario_name(base, lang))
        spec = specs.build_spec(base, changes, vs.builder_day, vs.builder_name, vs.builder_name, description, lang)
        scenario = specs.spec_to_scenario(spec, lang)
    except ScenarioError as e:
        problems += e.problems
    st.subheader(t("changes", lang))
    if changes:
        st.dataframe(_changes_table(base_flat, changes, meta, lang), hide_index=True, width="stretch")
    else:
        st.caption(t("no_changes", lang))
    toml_text = ""
    if scenario is not None and not problems:
        try:                    # written by a TOML library and read back (scenarios/writer.py)
            toml_text = to_toml(scenario)
        except ScenarioError as e:
            problems += e.problems
    if problems:
        st.error(t("invalid", lang) + "\n\n" + "\n".join(f"- {esc(p)}" for p in problems))
    else:
        st.success(t("valid", lang))
    message = st.session_state.pop("builder_message", None)
    if message:
        getattr(st, message[0])(t(message[1], lang))
    b1, b2 = st.columns(2)
    b1.download_button(t("save_file", lang), toml_text,
                       file_name=f"{specs.file_stem(vs.builder_name)}.toml", mime="application/toml",
                       disabled=scenario is None or bool(problems), key="dl_toml", on_click="ignore")
    b2.button(t("add_to_compare", lang), key="add_to_compare", disabled=scenario is None or bool(problems),
              on_click=_add_to_comparison, args=(spec,), type="primary")
    _copy_link(vs, spec if scenario is not None and not problems else None)
    st.divider()
    _upload(vs)


def _copy_link(vs: state.ViewState, spec: dict[str, Any] | None) -> None:
    """A link that opens the comparison with this scenario in it; st.code has a copy button."""
    if spec is None:
        return
    from urllib.parse import urlencode

    chosen = [n for n in vs.scenarios if n != spec["name"]][:state.MAX_SCENARIOS - 1] + [spec["name"]]
    shared = state.ViewState(vs.lang, "compare", chosen, {**vs.custom, spec["name"]: spec}, vs.scale,
                             vs.builder_base, vs.builder_day, {}, vs.builder_name, uncertainty=vs.uncertainty)
    query = urlencode(state.state_to_query(shared), doseq=True)
    try:
        base = str(st.context.url or "").split("?")[0]
    except AttributeError:
        base = ""
    st.caption(t("copy_link", vs.lang))
    st.code(f"{base}?{query}", language=None, wrap_lines=True)
