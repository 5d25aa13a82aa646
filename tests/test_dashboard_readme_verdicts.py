"""The dashboard and the README agree on every headline comparison.

The README's results tables come from `docs/make_results.py` (`compare` of the liability regimes and of the
position paper's measures, `--uncertainty assumptions`). The dashboard computes each scenario against the
baseline on its own (two scenarios at a time, through its store, with uncertainty in assumptions on, its
default). At a small scale (3 replications x 2,000 agents x 2 years) this checks that both give the same
paired differences (the same seeds and the same draws of every uncertain parameter, whatever else is in the
comparison) and so the same verdict: "cannot be told from zero" exactly where the README's interval
includes zero, "falls"/"rises" where it does not.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import data, headline, state, store, work
from fraudchain.scenarios.loader import load_scenario
from fraudchain.sim import compare

ROOT = Path(__file__).resolve().parent.parent
SCALE = state.Scale(seeds=3, agents=2_000, years=2)


def make_results():
    spec = importlib.util.spec_from_file_location("make_results", ROOT / "docs" / "make_results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dashboard_store(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(store.STORE_ENV, str(tmp_path_factory.mktemp("store")))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
    mp.undo()


def readme_verdict(d) -> str:
    """The README's words: an effect is claimed only when its 95 % interval excludes zero."""
    if not (math.isfinite(d.ci_low) and math.isfinite(d.ci_high)) or d.ci_low <= 0 <= d.ci_high:
        return "cannot be told from zero"
    return "rises" if d.mean > 0 else "falls"


@pytest.mark.parametrize("which", ["liability", "measures"])
def test_the_dashboard_gives_the_readme_verdict_for_every_headline_comparison(which, dashboard_store):
    mr = make_results()
    names = mr.SETS[which]
    readme = compare(names, seeds=SCALE.seeds, agents=SCALE.agents, years=SCALE.years, uncertainty="assumptions")
    kpis = [k for k in mr.KPIS[which] if k in headline.HEADLINE_KPIS]
    assert "social_cost_eur" in kpis and "net_loss_eur" in kpis
    ref = names[0]
    checked = 0
    for n in names[1:]:
        pair = [load_scenario(ref), load_scenario(n)]
        work.compute(work.missing(pair, SCALE.seeds, SCALE.agents, SCALE.years, "assumptions"), SCALE.agents,
                     SCALE.years)
        shown = data.load(pair, SCALE, "assumptions", tables=False)
        assert shown is not None
        for k in kpis:
            d_readme, d_page = readme.difference(k, n, ref), shown.difference(k, n, ref)
            assert d_page.mean == pytest.approx(d_readme.mean, rel=1e-9, abs=1e-9), (n, k)
            assert d_page.ci_low == pytest.approx(d_readme.ci_low, rel=1e-9, abs=1e-9), (n, k)
            page_says = headline.verdict(k, d_page, SCALE.seeds)
            assert (page_says == "none") == (readme_verdict(d_readme) == "cannot be told from zero"), (n, k)
            checked += 1
    assert checked == (len(names) - 1) * len(kpis)
