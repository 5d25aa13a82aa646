"""One public cost: the results table (`compare`), `value`, the dashboard's card and results table, the report,
`optimise` and `budget` give one and the same public cost for Eén Loket and each built-in measure, because they
all read `public_cost_eur` (the state's bill, sim/engine/public_cost.py), paired by seed against nl_baseline.
Tiny scale (2 seeds x 3,000 agents x 2 years; the measures start on day 365)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fraudchain.sim.cli.main import main

MEASURES = ["een_loket", "fraud_hub", "awareness_campaign", "system_measures", "broad_participation",
            "ecp_full_package"]
SCALE = ["--seeds", "2", "--agents", "3000", "--years", "2"]


@pytest.fixture(scope="module")
def commands():
    """`compare` and `value` as a user runs them (JSON), and the same comparison through the Python API."""
    import contextlib
    import io

    from fraudchain.sim import compare

    def run(args: list[str]) -> dict:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(args) == 0
        return json.loads(buf.getvalue())

    cmp_json = run(["compare", "nl_baseline", *MEASURES, *SCALE, "--format", "json"])
    value_json = run(["value", *MEASURES, *SCALE, "--format", "json"])
    api = compare(["nl_baseline", *MEASURES], seeds=2, agents=3000, years=2, workers=1)
    return cmp_json, value_json, api


def test_pages_and_commands_agree_on_each_measures_public_cost(commands):
    from fraudchain.dashboard import headline
    from fraudchain.dashboard.i18n import fmt_kpi, fmt_kpi_delta
    from fraudchain.dashboard.report import build_report
    from fraudchain.dashboard.tables import kpi_rows
    from fraudchain.sim.studies.optimise_report import _paired

    cmp_json, value_json, api = commands
    base = np.array(cmp_json["results"]["nl_baseline"]["kpis"]["public_cost_eur"]["values"])
    rows = {(r["scenario"], r["kpi"]): r for r in kpi_rows(api, "nl")}
    report = build_report(api, "nl")
    for name in MEASURES:
        own = np.array(cmp_json["results"][name]["kpis"]["public_cost_eur"]["values"])
        diff = float((own - base).mean())
        assert diff != 0.0, name                                     # every measure costs the state something
        # `value`: additional public money
        assert value_json["results"][name]["public_cost_eur"]["mean"] == pytest.approx(diff, rel=1e-9)
        # the API and the dashboard's results table (and its CSV export)
        assert api.difference("public_cost_eur", name, "nl_baseline").mean == pytest.approx(diff, rel=1e-9)
        assert rows[(name, "public_cost_eur")]["diff_vs_reference"] == pytest.approx(diff, rel=1e-9)
        # the dashboard's card "Kosten voor de overheid"
        _, delta, _, _ = headline.kpi_card_text(api, "public_cost_eur", name, "nl")
        assert delta.startswith(fmt_kpi_delta("public_cost_eur", diff, "nl"))
        # the report's table
        assert fmt_kpi("public_cost_eur", float(own.mean()), "nl") in report
        # `optimise` reports a point's public cost as the same paired difference
        assert _paired(own.tolist(), base.tolist())["mean"] == pytest.approx(diff, rel=1e-9)
        # the state's bill is the sum of its budget lines, and the same as its sector bill
        kp = api.results[name].kpis
        assert kp["public_cost_eur"].mean == pytest.approx(kp["sector_bill_government_eur"].mean, rel=1e-12)


def test_budget_command_json_shape_and_its_public_cost(capsys):
    args = ["budget", "--lever", "victim_support", "--lever", "een_loket", "--amounts", "5e6,2e7", "--seeds", "2",
            "--agents", "3000", "--years", "2", "--format", "json"]
    assert main(args) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) >= {"scenario", "seeds", "agents", "years", "amounts_eur", "kpis", "reference", "levers", "method"}
    assert d["amounts_eur"] == [5e6, 2e7] and set(d["levers"]) == {"victim_support", "een_loket"}
    for points in d["levers"].values():
        assert [p["extra_eur"] for p in points] == [5e6, 2e7]
        for p in points:
            assert set(p) == {"extra_eur", "spent_eur", "buys", "difference", "per_million", "distinguishable"}
            for k in d["kpis"]:
                assert set(p["difference"][k]) == {"mean", "ci_low", "ci_high"}
                assert isinstance(p["distinguishable"][k], bool)
    sup = d["levers"]["victim_support"]
    # the money is spent on the state's bill: its public cost rises by about the money (support for victims)
    assert sup[1]["difference"]["public_cost_eur"]["mean"] == pytest.approx(2e7, rel=0.2)
    assert sup[1]["difference"]["supported_victims"]["mean"] > sup[0]["difference"]["supported_victims"]["mean"] > 0
    # EUR 5 M opens no region of Een Loket (it says so and changes nothing); EUR 20 M opens some
    assert sup[0]["per_million"]["public_cost_eur"]["mean"] == pytest.approx(
        sup[0]["difference"]["public_cost_eur"]["mean"] / 5, rel=1e-9)
    lk = d["levers"]["een_loket"]
    assert "no region" in lk[0]["buys"] and lk[0]["difference"]["public_cost_eur"]["mean"] == 0.0
    assert "regions" in lk[1]["buys"] and lk[1]["difference"]["loket_share" if "loket_share" in d["kpis"]
                                                              else "reporting_rate"]["mean"] > 0


@pytest.mark.parametrize("args,words", [(["--amounts", "0"], "above 0"), (["--amounts", "x"], "numbers"),
                                        (["--amounts", "1e6,1e6"], "different"),
                                        (["--lever", "hub", "--lever", "hub"], "twice")])
def test_budget_bad_input_exits_2(args, words, capsys):
    assert main(["budget", *args, "--seeds", "1", "--agents", "2000", "--years", "1"]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("measure", ["een_loket", "fraud_hub"])
def test_one_public_cost_per_measure_through_every_page_and_command(commands, measure, capsys):
    """Issue 23 item 5: a measure's public cost comes from one function (the state's bill, public_cost_eur, paired
    by seed against nl_baseline) and reads the same on the compare page's card, the value page's sentence and
    table, the budget page's answer and curves, and the commands `compare`, `value` and `budget`, each with a
    line on what it includes. Een Loket also through `budget`: its lever with money enough for every region is
    the built-in measure (the desk everywhere from day 365), so its curve point must give the same cost."""
    from fraudchain.dashboard import headline, value_figures, view_budget, view_value
    from fraudchain.dashboard.i18n import fmt_kpi_delta, t
    from fraudchain.sim.engine.public_cost import INCLUDES
    from fraudchain.sim.studies.optimise_report import _paired
    from fraudchain.sim.studies.value import per_seed, value_metrics

    cmp_json, value_json, api = commands
    base = np.array(cmp_json["results"]["nl_baseline"]["kpis"]["public_cost_eur"]["values"])
    own = np.array(cmp_json["results"][measure]["kpis"]["public_cost_eur"]["values"])
    cost = float((own - base).mean())
    shown = fmt_kpi_delta("public_cost_eur", cost, "nl")
    # `compare` and `value`
    assert value_json["results"][measure]["public_cost_eur"]["mean"] == pytest.approx(cost, rel=1e-9)
    # the compare page's card
    _, delta, _, _ = headline.kpi_card_text(api, "public_cost_eur", measure, "nl")
    assert delta.startswith(shown)
    # the value page: its table's public-cost row, and the sentence's ratio built on the same cost
    metrics = value_metrics(per_seed(api.results["nl_baseline"]), per_seed(api.results[measure]))[0]
    assert metrics["public_cost_eur"].mean == pytest.approx(cost, rel=1e-9)
    table = view_value._table([(measure, metrics)], "nl")
    row = table[table[t("metric", "nl")] == t("metric_public_cost_eur", "nl")].iloc[0]
    assert row[t("mean", "nl")] == shown
    assert value_figures.measure_sentence(measure, metrics, 2, "nl")
    # the budget page's answer (a split's cost as `optimise` reports it) and its curves table
    assert view_budget.public_cost_text({"public_cost_eur": _paired(own.tolist(), base.tolist())}, "nl") \
        .startswith(shown)
    # the commands print what the public cost includes
    assert main(["value", measure, *SCALE]) == 0
    assert " ".join(INCLUDES.split()) in " ".join(capsys.readouterr().out.split())
    if measure != "een_loket":
        return
    args = ["budget", "--lever", "een_loket", "--amounts", "1e9", *SCALE]
    assert main([*args, "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    point = d["levers"]["een_loket"][0]
    assert "10 of 10 regions" in point["buys"]
    assert point["difference"]["public_cost_eur"]["mean"] == pytest.approx(cost, rel=1e-9)
    rows = view_budget.curve_rows(d, "victims", "nl")
    assert rows[0][t("public_cost_column", "nl")].startswith(shown)
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert " ".join(INCLUDES.split()) in out
