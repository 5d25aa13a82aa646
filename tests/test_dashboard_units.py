"""Dashboard building blocks without a browser: number formats, the URL state, scenario specs and
uploads, the figures' data, the tables, the HTML report and `fraudchain report`.

Runs are real and small (2 scenarios x 2 seeds x 4,000 agents x 2 years), shared by the module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import numpy as np
import pytest
from fraudchain.dashboard import data, figures, headline, i18n, names, specs, state, store, tables
from fraudchain.dashboard.report import build_report, write_report
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario, load_text, to_toml
from fraudchain.sim import compare
from fraudchain.sim.engine.metrics import KPI_KEYS
from fraudchain.sim.runs.workload import estimate_work

SECOND = state.landing_scenarios()[1]


def i18n_name(n: str) -> str:
    return names.scenario_name(n, "nl")


@pytest.fixture(scope="module")
def cmp():
    return compare(["nl_baseline", SECOND], seeds=2, agents=4_000, years=2)


# --- language and numbers --------------------------------------------------------------------
def test_numbers_are_formatted_for_the_language():
    assert i18n.fmt_eur(1_234_567, "nl") == "EUR 1.234.567"
    assert i18n.fmt_eur(1_234_567, "en") == "EUR 1,234,567"
    assert i18n.fmt_eur(312_400_000, "nl", compact=True) == "EUR 312,4 mln"
    assert i18n.fmt_eur(312_400_000, "en", compact=True) == "EUR 312.4 m"
    assert i18n.fmt_share(0.483, "nl") == "48,3 %"
    assert i18n.fmt_kpi_delta("reimbursed_share", 0.1, "nl") == "+10,0 procentpunt"
    assert i18n.fmt_kpi_delta("net_loss_eur", -2_000_000, "en").startswith("-EUR 2.0 m")
    assert i18n.fmt_kpi("median_days_to_takedown", 3.04, "nl") == "3,0 dagen"
    assert i18n.fmt_eur(float("nan"), "nl") == "–"
    assert i18n.plotly_separators("nl") == ",." and i18n.plotly_separators("en") == ".,"


def test_every_kpi_and_label_exists_in_both_languages():
    for k in KPI_KEYS:
        assert i18n.has_kpi_text(k), k
        for lang in ("nl", "en"):
            assert i18n.kpi_name(k, lang) and i18n.kpi_help(k, lang)
    assert i18n.kpi_name("net_loss_eur", "nl") == "Netto schade"
    assert i18n.kpi_name("net_loss_eur", "en") == "Net loss"
    assert i18n.t("view_compare", "xx") == "Vergelijken"          # unknown language -> Dutch
    assert i18n.fraud_type_name("bank_helpdesk", "en").startswith("Bank helpdesk")


# --- URL state, scale, specs -----------------------------------------------------------------
def test_scale_comes_from_the_environment_and_stays_within_caps():
    assert state.default_scale({}) == state.Scale(8, 150_000, 3)
    assert state.default_scale({state.SCALE_ENV: "seeds=2,agents=4000,years=1"}) == state.Scale(2, 4_000, 1)
    assert state.clamp_scale(state.Scale(99, 10**9, 50)) == state.Scale(state.MAX_SEEDS, 150_000, state.MAX_YEARS)


def test_the_url_round_trips_and_bad_parts_fall_back_with_a_message():
    spec = specs.build_spec("nl_baseline", {"een_loket.enabled": True}, 365, "loket_test", "test")
    vs = state.ViewState("en", "builder", ["nl_baseline", "loket_test"], {"loket_test": spec},
                        state.Scale(2, 10_000, 2), "uk_psr_2024", 0, {"hub.enabled": False}, "x1", "nl_baseline")
    q = state.state_to_query(vs)
    back, problems = state.state_from_query({k: v if isinstance(v, list) else [v] for k, v in q.items()})
    assert problems == []
    assert back == vs
    junk, problems = state.state_from_query({"s": ["nl_baseline", "no_such"], "seeds": ["many"], "lang": ["fr"],
                                            "c": ["{not json"]})
    assert junk.lang == "nl" and junk.scenarios == ["nl_baseline"]
    assert junk.scale.seeds == state.default_scale().seeds
    assert len(problems) == 2 and any("no_such" in p for p in problems)
    landing, _ = state.state_from_query({})
    assert landing.scenarios == state.landing_scenarios() and landing.view == "compare"


def test_builder_changes_hold_in_the_measured_year():
    # the base switches to the UK regime on day 365; the user wants Singapore's from day 365
    spec = specs.build_spec("uk_psr_2024", {"liability.regime": "sg_srf_2024"}, 365, "sg_test", "mine")
    s = specs.spec_to_scenario(spec)
    assert tables.effective_flat(s)["liability.regime"] == "sg_srf_2024"
    assert [r.day for r in s.reforms] == [365] and s.reforms[0].label == "mine"
    # from day 0 the change is a plain override and the base's reform no longer overrides it
    s0 = specs.spec_to_scenario(specs.build_spec("uk_psr_2024", {"liability.regime": "bank_strict"}, 0, "b0", "x"))
    assert s0.liability.regime == "bank_strict" and s0.reforms == []
    with pytest.raises(ScenarioError):
        specs.spec_to_scenario(specs.build_spec("nl_baseline", {"hub.data_sharing_scope": 1.5}, 0, "bad", "x"))


def test_scenario_names_are_free_text_with_a_file_name_derived_from_them():
    assert specs.check_name("  VK plus verificatie   platforms ") == "VK plus verificatie platforms"
    assert specs.check_name("Eén Loket + hub (2026)") == "Eén Loket + hub (2026)"
    assert specs.file_stem("VK plus verificatie platforms") == "vk_plus_verificatie_platforms"
    assert specs.file_stem("Eén Loket + hub") == "een_loket_hub"
    for bad in ("<img src=x>", "[link](x)", "", "_x", "x" * 61):
        with pytest.raises(ScenarioError) as e:
            specs.check_name(bad, "nl")
        assert "gebruik 1 tot 60 tekens" in e.value.problems[0]
    s = specs.spec_to_scenario(specs.build_spec("nl_baseline", {"een_loket.enabled": True}, 365,
                                                "VK plus verificatie platforms", "x"))
    assert s.name == "VK plus verificatie platforms"
    assert names.file_label(s.name) == "vk_plus_verificatie_platforms" and names.file_label("een_loket") == "een_loket"


def test_a_spec_and_a_toml_file_reproduce_the_scenario():
    s = load_scenario(SECOND)
    spec = specs.spec_from_scenario(s)
    assert specs.spec_to_scenario(spec).flat() == s.flat()
    built = specs.spec_to_scenario(specs.build_spec("nl_baseline", {"awareness.campaign_reach": 0.9,
                                                                  "een_loket.enabled": True}, 365, "t1", "x"))
    again = load_text(to_toml(built), label="t1.toml")
    assert again.flat() == built.flat()


def test_uploads_are_validated_as_data():
    ok = specs.scenario_from_upload(b'extends = "nl_baseline"\n[hub]\ndata_sharing_scope = 0.7\n', "mine.toml", "nl")
    assert ok.name == "mine" and ok.hub.data_sharing_scope == 0.7
    with pytest.raises(ScenarioError) as e:
        specs.scenario_from_upload(b'extends = "nl_baseline"\n[hub]\ndata_sharing_scop = 0.7\n', "typo.toml", "nl")
    assert any("data_sharing_scope" in p and "did you mean" in p for p in e.value.problems)
    for content, fragment in ((b"x" * (specs.UPLOAD_MAX_BYTES + 1), "200 kB"), (b"\xff\xfe\x00", "UTF-8"),
                              (b'extends = "/etc/hostname"\n', "extends"), (b'extensions = ["os"]\n', "extensions"),
                              (b"[hub\n", "not valid TOML")):
        with pytest.raises(ScenarioError) as e:
            specs.scenario_from_upload(content, "bad.toml", "nl")
        assert fragment in e.value.problems[0]


# --- figures ---------------------------------------------------------------------------------
def test_loss_bearers_add_up_to_the_net_loss(cmp):
    fig = figures.loss_bearers(cmp, "nl")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["Slachtoffers", "Banken", "Platforms", "Telecom", "Verzekeraars"]
    stacked = np.sum([np.array(b.y, dtype=float) for b in bars], axis=0)          # EUR mln
    net = [cmp.results[n].kpis["net_loss_eur"].mean / 1e6 for n in cmp.scenarios]
    assert np.allclose(stacked, net, rtol=1e-9)
    assert fig.layout.separators == ",." and fig.layout.barmode == "stack"


def test_sankey_flows_are_conserved_from_type_to_bearer(cmp):
    r = cmp.results[SECOND]
    fig = figures.sankey(r, "en")
    link = fig.data[0].link
    labels = list(fig.data[0].node.label)
    n_types = sum(1 for lbl in labels if lbl in {i18n.fraud_type_name(k, "en") for k in r.by_type})
    src, val = np.array(link.source), np.array(link.value, dtype=float)
    into_channels = val[src < n_types].sum()
    into_bearers = val[src >= n_types].sum()
    assert into_channels > 0 and into_bearers == pytest.approx(into_channels, rel=1e-6)
    assert "Victims" in labels and "Banks" in labels


def test_losses_over_time_have_bands_and_a_reform_marker(cmp):
    fig = figures.losses_total_over_time(cmp, "nl")
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    bands = [tr for tr in fig.data if tr.fill == "toself"]
    assert [tr.name for tr in lines] == [i18n_name(n) for n in cmp.scenarios] and len(bands) == 2
    assert all(min(np.array(b.y, dtype=float)) >= 0 for b in bands)
    day, label = cmp.results[SECOND].reforms[0]
    assert day == 365
    assert any(s.x0 == "2025-01-01" for s in fig.layout.shapes)
    assert any(names.reform_label(label, "nl") in a.text for a in fig.layout.annotations)
    by_type = figures.losses_by_type_over_time(cmp, "en")
    titles = [a.text for a in by_type.layout.annotations]
    assert "Phishing" in titles and "Invoice / CEO fraud" in titles


def test_every_landing_figure_builds_in_both_languages(cmp):
    nl = figures.landing_figures(cmp, "nl")
    en = figures.landing_figures(cmp, "en")
    assert list(nl) == ["losses_total", "bearers", "sector_bill", "sankey", "losses_by_type", "victim_outcomes",
                        "detection", "profit", "victims_who"]
    assert nl["bearers"].layout.title.text.startswith("Wie draagt")
    assert en["bearers"].layout.title.text.startswith("Who bears")
    for fig in nl.values():
        json.loads(fig.to_json())


# --- tables, CSV, report, command ------------------------------------------------------------
def _read_csv(text: str, sep: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")                                 # UTF-8 BOM: Excel reads 'Eén' right
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=sep))


def test_kpi_csv_has_one_header_a_unit_column_percentages_and_paired_differences(cmp):
    rows = _read_csv(tables.kpi_csv(cmp, "nl"), ",")
    assert list(rows[0])[:4] == ["Scenario", "Kerncijfer", "Eenheid", "Gemiddelde"]   # one header row, in Dutch
    assert not any(r["Scenario"].startswith("#") for r in rows)
    assert {r["Scenario (code)"] for r in rows} == set(cmp.scenarios)
    assert {r["Kerncijfer (code)"] for r in rows} >= set(KPI_KEYS)
    ref = [r for r in rows if r["Scenario (code)"] == "nl_baseline" and r["Kerncijfer (code)"] == "net_loss_eur"][0]
    other = [r for r in rows if r["Scenario (code)"] == SECOND and r["Kerncijfer (code)"] == "net_loss_eur"][0]
    assert ref["Verschil met referentie"] == "" and ref["Scenario"] == "Huidige situatie (NL 2024)"
    assert ref["Eenheid"] == "EUR per jaar"
    assert float(other["Verschil met referentie"]) == pytest.approx(float(other["Gemiddelde"]) - float(ref["Gemiddelde"]),
                                                                   rel=1e-5)
    share = [r for r in rows if r["Scenario (code)"] == SECOND and r["Kerncijfer (code)"] == "reimbursed_share"][0]
    assert share["Eenheid"] == "%" and share["Eenheid verschil"] == "procentpunt"
    assert float(share["Gemiddelde"]) == pytest.approx(100 * cmp.results[SECOND].kpis["reimbursed_share"].mean, rel=1e-5)
    assert all(len(r["Gemiddelde"].replace("-", "").replace(".", "")) <= 16 for r in rows if r["Gemiddelde"])


def test_kpi_csv_in_dutch_format_and_its_side_file(cmp):
    rows = _read_csv(tables.kpi_csv(cmp, "nl", dutch=True), ";")
    share = [r for r in rows if r["Scenario (code)"] == SECOND and r["Kerncijfer (code)"] == "reimbursed_share"][0]
    assert "," in share["Gemiddelde"] and "." not in share["Gemiddelde"]
    assert float(share["Gemiddelde"].replace(",", ".")) == pytest.approx(
        100 * cmp.results[SECOND].kpis["reimbursed_share"].mean, rel=1e-5)
    meta = _read_csv(tables.csv_metadata(cmp, "nl", dutch=True, version="9.9"), ";")
    values = {r["Onderwerp"]: r["Waarde"] for r in meta}
    assert values["Modelversie"] == "fraudchain 9.9" and "2 herhalingen x 4.000" in values["Rekenomvang"]
    assert values["Herhalingen (nummers)"] == "0 1" and values["Referentie"] == "Huidige situatie (NL 2024)"
    assert values["Volledig ECP-pakket"].startswith("Alle aanbevelingen")
    en = _read_csv(tables.kpi_csv(cmp, "en"), ",")
    assert list(en[0])[:3] == ["Scenario", "Key figure", "Unit"] and en[0]["Unit"]


def test_parameter_diff_shows_what_a_reform_changes_and_when():
    diff = tables.param_diff([load_scenario("nl_baseline"), load_scenario("uk_psr_2024")], "nl")
    row = diff[diff["Parameter"] == "Aansprakelijkheid: Aansprakelijkheidsregime"].iloc[0]
    assert row["Huidige situatie (NL 2024)"] == "Nederland nu"
    assert row["Britse vergoedingsplicht"] == "Nederland nu → VK: verplichte vergoeding (dag 365)"
    assert row["Bron of aanname"]
    ids = tables.param_diff([load_scenario("nl_baseline"), load_scenario("uk_psr_2024")], "nl", ids=True)
    assert ids[ids["Parameter"] == "liability.regime"].iloc[0]["uk_psr_2024"] == \
        "nl_status_quo → uk_psr_2024 (dag 365)"
    same = tables.param_diff([load_scenario("nl_baseline"), load_scenario("nl_baseline")], "en")
    assert len(same) == 0


def test_report_is_standalone_and_written_atomically(cmp, tmp_path):
    doc = build_report(cmp, "nl")
    assert doc.startswith("<!DOCTYPE html>") and '<html lang="nl">' in doc
    assert doc.count("Plotly.newPlot") == 11                     # the headline's two charts + the nine
    assert "Huidige situatie (NL 2024)" in doc and "Instellingen" in doc and "dag 365" in doc
    assert "<script src=" not in doc and len(doc) > 3_000_000        # plotly.js inlined, nothing fetched
    assert "Kerncijfers" in doc and "Netto schade" in doc
    out = write_report(tmp_path / "sub" / "r.html", doc)
    assert out.read_text(encoding="utf-8") == doc
    assert os.listdir(tmp_path / "sub") == ["r.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.fixture()
def cli():
    """The real CLI: `report` is registered through the fraudchain.commands entry point (pyproject.toml)."""
    from fraudchain.sim.cli import main as sim_cli

    return sim_cli


def test_report_command_exits_2_on_bad_input(cli, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert cli.main(["report", "nl_baseline", "nl_baselin", "--out", str(out)]) == 2
    assert "did you mean 'nl_baseline'" in capsys.readouterr().err
    assert cli.main(["report", "nl_baseline", "uk_psr_2024", "--out", str(tmp_path / "r.txt")]) == 2
    assert cli.main(["report", "nl_baseline", "--out", str(out)]) == 2
    assert cli.main(["report", "nl_baseline", "uk_psr_2024", "--out", str(out), "--seeds", "0"]) == 2
    assert not out.exists()


def test_report_command_writes_the_report(cli, tmp_path, capsys):
    out = tmp_path / "r.html"
    rc = cli.main(["report", "nl_baseline", "uk_psr_2024", "--out", str(out), "--seeds", "2", "--agents", "2000",
                   "--years", "2", "--lang", "en"])
    assert rc == 0
    assert "intervals rest on 2 seeds; with fewer than 4 they are unreliable" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "uk_psr_2024" in text and "Who bears the loss?" in text


def test_landing_second_scenario_prefers_the_full_package():
    expected = "ecp_full_package" if "ecp_full_package" in builtin_names() else "uk_psr_2024"
    assert state.landing_scenarios() == ["nl_baseline", expected]


# --- names, noise, escaping, store, caps ------------------------------------------------------
def test_every_builtin_scenario_regime_and_changed_parameter_has_a_name_in_both_languages():
    from fraudchain.scenarios.regimes import regime_names

    for n in builtin_names():
        for lang in ("nl", "en"):
            assert names.scenario_name(n, lang) != n and names.scenario_description(n, lang)
    for r in regime_names():
        assert names.regime_name(r, "nl") != r and names.regime_description(r, "en")
    # every key a built-in scenario sets (directly or in a reform) is named by hand, not derived
    hand = names.hand_named_params()
    from fraudchain.scenarios.packs import pack

    for n in builtin_names():
        s = load_scenario(n)
        base = load_scenario(pack(s.country).baseline).flat()      # a country pack's scenarios against its baseline
        changed = {k for k, v in s.flat().items() if base.get(k) != v} | {k for r in s.reforms for k in r.set}
        assert changed - {"name", "description", "reforms"} <= hand, n
        for r in s.reforms:
            assert names.reform_label(r.label, "nl") != r.label or r.label == "Brede deelname"
    assert names.value_text("hub.enabled", True, "nl") == "aan" and names.value_text("x", False, "en") == "off"
    assert names.value_text("hub.initial_members", ["banks", "police"], "nl") == "Banken, Politie"
    assert names.source_text("assumption: plausible range 0-1", "nl") == "aanname: plausibel bereik 0-1"
    assert names.unit_text("EUR per report handled", "nl") == "EUR per melding"
    assert names.unit_text("share of persons", "nl") == "aandeel 0-1" and names.unit_text("on/off", "nl") == "aan/uit"
    assert names.unit_text("share of persons", "en") == "share of persons"


def test_parameter_search_understands_both_languages():
    cost = [r["key"] for r in __import__("fraudchain.scenarios.schema", fromlist=["x"]).parameter_table()
            if names.param_matches(r["key"], "kosten", r["unit"], r["source"])]
    assert "banks.case_cost_eur" in cost and "hub.member_cost_eur" in cost
    assert names.param_matches("hub.coordination_quality", "regie")
    assert names.param_matches("hub.coordination_quality", "coordination")
    assert not names.param_matches("hub.coordination_quality", "kosten")


def test_a_difference_is_demonstrable_only_when_its_interval_excludes_zero(cmp):
    from fraudchain.sim import Difference

    assert not headline.demonstrable(Difference(5.0, -1.0, 11.0, 0.3, 0.1), seeds=8)
    assert headline.demonstrable(Difference(5.0, 1.0, 9.0, 0.01, 0.1), seeds=8)
    assert not headline.demonstrable(Difference(5.0, 5.0, 5.0, float("nan"), 0.1), seeds=1)
    assert headline.verdict("net_loss_eur", Difference(-5.0, -9.0, -1.0, 0.01, -0.1), 8) == "better"
    assert headline.verdict("reimbursed_share", Difference(-0.1, -0.2, -0.05, 0.01, -0.1), 8) == "worse"
    sentence = headline.sentence(cmp, "net_loss_eur", "nl")
    assert sentence.endswith(".") and "Huidige situatie (NL 2024)" in sentence


def test_intervals_keep_one_unit_and_user_text_is_made_inert():
    assert i18n.fmt_range("net_loss_eur", 495_267, 33_900_000, "nl", sign=True) == "+EUR 0,5 mln tot +EUR 33,9 mln"
    assert i18n.fmt_range("net_loss_eur", -19e6, 1.03e8, "nl", sign=True) == "-EUR 19,0 mln tot +EUR 103,0 mln"
    assert i18n.fmt_eur(2.5e9, "nl", compact=True) == "EUR 2,50 mld"
    hostile = "![x](http://evil.example/a.png) [log in](https://evil.example) <b>x</b> :red[y] $z$"
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(i18n.esc(hostile))
    assert "<img" not in html and "<a " not in html and "<b>" not in html
    assert "://" not in i18n.esc(hostile) and len(i18n.esc("x" * 1000)) < 500


def test_uploads_and_links_may_not_set_extensions_anywhere():
    nested = b'extends = "nl_baseline"\n[[reforms]]\nday = 365\nset = { "extensions" = ["os"] }\n'
    with pytest.raises(ScenarioError) as e:
        specs.scenario_from_upload(nested, "nested.toml", "nl")
    assert "extensions" in e.value.problems[0]
    dotted = b'extends = "nl_baseline"\n[[reforms]]\nday = 365\n[reforms.set]\nextensions = ["os"]\n'
    with pytest.raises(ScenarioError):
        specs.scenario_from_upload(dotted, "dotted.toml", "nl")
    spec = {"name": "x", "base": "nl_baseline", "set": {"reforms": [{"day": 1, "label": "a",
                                                                       "set": {"extensions": ["os"]}}]}}
    with pytest.raises(ScenarioError):
        specs.spec_to_scenario(spec)


def test_work_beyond_the_cap_is_refused_with_the_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path))
    four = [load_scenario(n) for n in ("nl_baseline", "uk_psr_2024", "een_loket", "fraud_hub")]
    assert len(data.check_work(four, state.Scale(8, 150_000, 3), "nl")) == 32       # exactly at the cap: allowed
    with pytest.raises(data.WorkTooLarge) as e:
        data.check_work(four, state.Scale(8, 150_000, 5), "nl")
    assert "32 herhalingen x 150.000 consumenten x 5 jaar" in str(e.value) and "grens: 14,4 mln" in str(e.value)
    heavy = four[0].with_overrides({f"fraud_types.{k}.contact_rate": 50.0 for k in four[0].fraud_types})
    assert estimate_work(heavy, 150_000, 1, 3).cpu_seconds > 5 * estimate_work(four[0], 150_000, 1, 3).cpu_seconds
    with pytest.raises(data.WorkTooLarge):
        data.check_work([four[0], heavy], state.Scale(8, 150_000, 3), "en")


def test_the_store_gives_back_exactly_what_was_computed(cmp, tmp_path, monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path))
    r = cmp.results[SECOND]
    js = r.scenario.model_dump_json()
    assert store.load_seed(js, 0, r.agents, r.years) is None
    assert store.save_seed(js, r.agents, r.years, r.per_seed[0]) is not None
    back = store.load_seed(js, 0, r.agents, r.years)
    orig = r.per_seed[0]
    assert back.kpis == pytest.approx(orig.kpis, nan_ok=True) and back.reforms == orig.reforms
    assert {t: pytest.approx(d, nan_ok=True) for t, d in orig.by_type.items()} == back.by_type
    assert {y: pytest.approx(d, nan_ok=True) for y, d in (orig.by_year or {}).items()} == (back.by_year or {})
    for table in ("daily", "system", "victims", "takedowns"):
        assert getattr(back, table).equals(getattr(orig, table)), table
    assert store.load_seed(js, 0, r.agents + 1, r.years) is None            # keyed by agents (and years, seed)
    assert [p.name for p in tmp_path.rglob("*") if p.name.startswith(".tmp")] == []
    (next(tmp_path.rglob("seed.json"))).write_text("{broken", encoding="utf-8")
    assert store.load_seed(js, 0, r.agents, r.years) is None                # damaged: computed again


def test_uploads_too_deep_or_empty_are_refused_with_a_message():
    """An upload goes through the loader's guarded parser: deep nesting and empty files are messages, not crashes."""
    for raw, words in ((b"a = " + b"[" * 5000 + b"]" * 5000, "nested"), (b"", "empty")):
        with pytest.raises(ScenarioError) as e:
            specs.scenario_from_upload(raw, "u.toml", "nl")
        assert words in e.value.problems[0] and "u.toml" in e.value.problems[0]


def test_firms_are_not_an_age_band_in_the_victims_chart(cmp):
    fig = figures.victim_profile(cmp, "nl")
    ages = set(fig.data[0].x)
    assert "Bedrijf (geen leeftijd)" in ages and "SME" not in ages
    assert "Firm (no age)" in set(figures.victim_profile(cmp, "en").data[0].x)


def test_who_pays_shares_one_axis_and_labels_every_bar_for_up_to_four_scenarios():
    """Issue 23: with 3 or more scenarios every panel keeps its value labels and all panels share one x axis
    (UK banks +128 M must not look as long as strict liability +230 M)."""
    four = compare(["nl_baseline", "uk_psr_2024", "bank_strict", "een_loket"], seeds=2, agents=2_000, years=1)
    fig = headline.who_pays_chart(four, "nl")
    layout = fig.to_plotly_json()["layout"]
    axes = sorted(k for k in layout if k.startswith("xaxis"))
    assert len(axes) == 3
    assert len({tuple(layout[a]["range"]) for a in axes}) == 1                       # one range for every panel
    bars = [tr for tr in fig.data if tr.type == "bar"]
    labels = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"]
    assert len(bars) == len(labels) == 3
    for bar, lab in zip(bars, labels, strict=True):
        assert list(lab.text) == list(bar.customdata) and all(t.startswith(("+EUR", "-EUR", "±EUR")) for t in lab.text)
        assert min(lab.x) >= layout["xaxis"]["range"][0] and max(lab.x) <= layout["xaxis"]["range"][1]
