"""Hostile user text at every sink, and scenario files that could import code (issue 25, items 1, 2, 3,
5, 6, 8, 10, 16, 17, 18): names, labels and descriptions reach charts, HTML, CSV cells, Rich tables and
the terminal only as text; scenario files are written by a TOML library; `extensions` come only from a
file's top level and are imported only after the file has passed; validation stays linear. Property
tests push arbitrary unicode through every escaping function (HOSTILE_EXAMPLES=2000 hunts longer)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import time
import tomllib
import unicodedata

import fraudchain.sim.cli.main as cli
import pytest
from fraudchain.dashboard import figures, headline
from fraudchain.dashboard.report import build_report
from fraudchain.dashboard.tables import csv_metadata, kpi_csv
from fraudchain.scenarios.loader import (
    MAX_PROBLEMS,
    ScenarioError,
    load_scenario,
    load_text,
    parse_value,
    to_toml,
)
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim import compare
from fraudchain.sim.safe_text import (
    chart_text,
    csv_cell,
    csv_comment,
    html_text,
    rich_text,
    safe_figure,
    terminal_text,
)
from fraudchain.sim.studies.optimise_report import front_figure
from fraudchain.sim.studies.sensitivity import tornado_figure
from hypothesis import given, settings
from hypothesis import strategies as st

TINY = ["--agents", "2000", "--years", "1", "--seeds", "1"]
EVIL = "http://127.0.0.1:9"
HOSTILE = (f'<a href="{EVIL}/login">Log opnieuw in</a><span style="background-image:url({EVIL}/bg.png)">x'
           f"</span><img src={EVIL}/i.png>")
TAG = re.compile(r"<(?!/?(br|b|i|em|sup|sub|extra)\s*/?>)[A-Za-z/!]", re.IGNORECASE)
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", 200))


def fc(*args: str) -> int:
    return cli.main(list(args))


def strings(obj) -> list[str]:
    """Every string in a nested JSON-like object (figure dicts, numpy object arrays)."""
    out, stack = [], [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            stack += list(x.values())
        elif isinstance(x, (list, tuple)):
            stack += list(x)
        elif getattr(x, "dtype", None) is not None and x.dtype == object:
            stack += x.tolist()
    return out


def no_markup(fig) -> None:
    bad = [s for s in strings(fig.to_plotly_json()) if TAG.search(s)]
    assert not bad, bad[:3]


# ------------------------------------------------------------------------- 1: charts and the report
@pytest.fixture(scope="module")
def hostile_cmp():
    base = load_scenario("nl_baseline")
    evil = base.with_overrides({"reforms": [{"day": 100, "label": HOSTILE, "set": {"een_loket.enabled": True}}]})
    return compare([base, evil.model_copy(update={"name": HOSTILE, "description": HOSTILE})], seeds=2,
                   agents=2000, years=1)


def test_every_dashboard_chart_and_the_report_show_hostile_names_as_text(hostile_cmp):
    figs = dict(figures.landing_figures(hostile_cmp, "nl"))
    figs["ranked"] = headline.ranked_chart(hostile_cmp, "net_loss_eur", "nl")
    figs["who_pays"] = headline.who_pays_chart(hostile_cmp, "en")
    for name, fig in figs.items():
        no_markup(fig)                                             # the builders escape the names themselves
        assert safe_figure(fig) is fig, name                       # ... so the guard finds nothing to change
    text = json.dumps(figs["losses_total"].to_plotly_json(), default=str)
    assert "&lt;a href" in text and "Log opnieuw in" in text        # shown, as text
    report = build_report(hostile_cmp, "nl")
    assert HOSTILE not in report and not re.search(r"<(a|img|span)\b[^>]*127\.0\.0\.1:9", report, re.IGNORECASE)
    assert "&lt;a href=" in report


def test_the_optimiser_front_and_the_tornado_escape_what_a_file_says():
    iv = {"mean": 1.0, "ci_low": 0.5, "ci_high": 1.5}
    res = {"objectives": [HOSTILE, "victims"], "front": [{"params": {HOSTILE: 0.5}, "objectives": {HOSTILE: iv,
           "victims": iv}, "kpis": {}, "trial": 1, "allocation": {"hub": {"eur": 1.0, "buys": HOSTILE}}}],
           "reference": {"objectives": {HOSTILE: iv, "victims": iv}}, "trials": HOSTILE, "fresh_seeds": [1]}
    no_markup(front_figure(res))
    table = [{"kpi": "victims", "parameter": HOSTILE, "low": 0.0, "high": 1.0, "kpi_at_low": 1.0,
              "kpi_at_high": 2.0, "estimate": 0.5, "ci_low": 0.1, "ci_high": 0.9, "rank_corr": 0.5,
              "rank_corr_low": 0.1, "rank_corr_high": 0.9, "measure": "src"}]
    no_markup(tornado_figure(table, "victims", title=HOSTILE, kpi_label=HOSTILE))


def test_safe_figure_neutralises_tags_a_builder_let_through():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[HOSTILE, "ok"], y=[1, 2], name=HOSTILE, hovertemplate="%{x}<br>y<extra></extra>"))
    fig.update_layout(title=f"A title<br><sup>{HOSTILE}</sup>")
    guarded = safe_figure(fig)
    no_markup(guarded)
    assert guarded.layout.title.text.startswith("A title<br><sup>")       # our own formatting stays
    assert guarded.data[0].hovertemplate == "%{x}<br>y<extra></extra>"


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_through_any_sink_is_inert(text):
    assert "<" not in chart_text(text) and ">" not in chart_text(text)
    assert not re.search(r"<|>|\"", html_text(text))
    cell = csv_cell(text)
    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n", '"')) or cell.startswith("'")
    for shown in (terminal_text(text), rich_text(text), chart_text(text), cell):
        assert not any(unicodedata.category(c) == "Cc" for c in shown)
        assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    comment = csv_comment(text)
    for delim in (",", ";", "\t"):
        for row in csv.reader(io.StringIO("# " + comment), delimiter=delim):
            assert all(not c.lstrip(" ").startswith(("=", "+", "-", "@")) for c in row[1:]), row


def test_rich_markup_in_names_is_printed_not_applied(capsys):
    for name in ("[/bold]", "[bold red]x[/]"):
        assert fc("run", "nl_baseline", *TINY, "--set", f"name={json.dumps(name)}") == 0
        out = capsys.readouterr().out
        assert name.replace("[", "\\[") not in out and name in out        # the literal name, not formatting


def test_rich_markup_in_names_is_printed_not_applied_in_robustness_tables(capsys, tmp_path):
    f = tmp_path / "markup.toml"
    f.write_text('extends = "nl_baseline"\nname = "[/bold]x"\n')
    assert fc("robustness", "nl_baseline", str(f), "--seeds", "4", "--agents", "2000", "--years", "1") == 0
    out = capsys.readouterr().out
    assert "[/bold]x" in out and "\\[/bold]" not in out                  # the literal name, no crash


def test_control_characters_in_names_never_reach_the_terminal(capsys, tmp_path):
    name = "red\x1b[31mtext\u202eevil\x00"
    for fmt in ("table", "csv", "json"):
        assert fc("run", "nl_baseline", *TINY, "--format", fmt, "--set", f"name={json.dumps(name)}") == 0
        cap = capsys.readouterr()
        for stream in (cap.out, cap.err):
            assert "\x1b" not in stream and "\u202e" not in stream and "\x00" not in stream
    f = tmp_path / "ctl.toml"
    f.write_text('extends = "nl_baseline"\n[hub]\n"bad\\u001b[2Jkey" = 1\n')
    assert fc("validate", str(f)) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "bad\\x1b[2Jkey" in err


# ------------------------------------------------------------------------- 8: CSV cells
def test_csv_cells_never_start_a_formula(hostile_cmp, capsys):
    evil = "x;=1+1,@SUM(A1)\t=cmd"
    cmp = compare([load_scenario("nl_baseline"), load_scenario("nl_baseline").model_copy(
        update={"name": "=HYPERLINK(\"http://h\")", "description": evil})], seeds=1, agents=2000, years=1)
    for dutch in (False, True):
        for text in (kpi_csv(cmp, "nl", dutch=dutch), csv_metadata(cmp, "nl", dutch=dutch)):
            for delim in (",", ";", "\t"):
                for row in csv.reader(io.StringIO(text), delimiter=delim):
                    assert all(not c.lstrip(" ").startswith(("=", "+", "@")) for c in row), row
    assert fc("run", "nl_baseline", *TINY, "--format", "csv", "--set", 'name="=HYPERLINK(1)"') == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][0] == "'=HYPERLINK(1)"


# ------------------------------------------------------------------------- 2: scenario files written by a library
def test_a_saved_scenario_file_cannot_gain_lines(tmp_path, capsys):
    key = 'x"\nextensions = ["os"]\n#'
    s = load_scenario("nl_baseline").with_overrides({"population.bank_shares": {key: 0.5, "ing": 0.5}})
    s = s.model_copy(update={"description": 'a "quote"\x01 and\nnew line'})
    text = to_toml(s)
    doc = tomllib.loads(text)                                          # valid TOML
    assert "extensions" not in doc and doc["population"]["bank_shares"][key] == 0.5
    assert load_text(text, "back.toml").flat() == s.flat()
    f = tmp_path / "saved.toml"
    f.write_text(text)
    assert fc("validate", str(f)) == 0
    assert isinstance(parse_value('1\nextensions = ["os"]'), str)      # one --set value, never more TOML


def test_the_calibrated_block_keeps_comments_on_one_line(tmp_path):
    from fraudchain.sim.studies.calibration.writeback import render_block

    block = render_block({"hub.link_share": 0.5}, {"hub.link_share": 'fitted\nextensions = ["os"]'},
                         ['by `x`\nextensions = ["os"]'])
    assert "extensions" not in tomllib.loads(block) and block.count("\n") == 4


# ------------------------------------------------------------------------- 18: extensions
MARKER_MODULE = "import pathlib, os\npathlib.Path(os.environ['FC_MARKER']).write_text('imported')\n"


@pytest.fixture
def marker_module(tmp_path, monkeypatch):
    (tmp_path / "fc_marker_ext.py").write_text(MARKER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("FC_MARKER", str(tmp_path / "imported"))
    sys.modules.pop("fc_marker_ext", None)
    yield tmp_path / "imported"
    sys.modules.pop("fc_marker_ext", None)


def test_extensions_come_only_from_a_files_top_level_and_after_it_passed(tmp_path, capsys, marker_module):
    assert fc("run", "nl_baseline", *TINY, "--set", 'extensions=["fc_marker_ext"]') == 2
    assert "only be named at the top level of a scenario file" in capsys.readouterr().err
    in_reform = tmp_path / "reform.toml"
    in_reform.write_text('extends = "nl_baseline"\n[[reforms]]\nday = 1\nset = { extensions = ["fc_marker_ext"] }\n')
    broken = tmp_path / "broken.toml"
    broken.write_text('extends = "nl_baseline"\nextensions = ["fc_marker_ext"]\n[hub]\nno_such_key = 1\n')
    path = tmp_path / "path.toml"
    path.write_text('extends = "nl_baseline"\nextensions = ["../evil"]\n')
    for f, words in ((in_reform, "'extensions' cannot change mid-run"), (broken, "hub.no_such_key"),
                     (path, "not a Python module name")):
        assert fc("validate", str(f)) == 2
        assert words in capsys.readouterr().err
    with pytest.raises(ScenarioError, match="top level"):
        load_scenario("nl_baseline").with_overrides({"extensions": ["fc_marker_ext"]})
    assert not marker_module.exists()                                   # nothing was imported
    good = tmp_path / "good.toml"
    good.write_text('extends = "nl_baseline"\nextensions = ["fc_marker_ext"]\n')
    assert fc("validate", str(good)) == 0 and marker_module.exists()    # a valid file's own extensions do load


# ------------------------------------------------------------------------- 3: validation is linear
def test_nested_and_numerous_reforms_validate_in_bounded_time(tmp_path, capsys):
    nested = "".join(f'[[reforms]]\nday = {i}\nset = {{ reforms = [{{day = 1, set = {{"hub.enabled" = true}}}}], '
                     f'"hub.x{i}" = 1 }}\n' for i in range(100))
    many_keys = "[hub]\n" + "".join(f"k{i} = {i}\n" for i in range(60_000))
    for name, text in (("nested.toml", nested), ("keys.toml", many_keys),
                       ("many.toml", "".join(f'[[reforms]]\nday = {i}\nset = {{"hub.y" = 1}}\n' for i in range(300)))):
        f = tmp_path / name
        f.write_text('extends = "nl_baseline"\n' + text)
        t0 = time.monotonic()
        assert fc("validate", str(f)) == 2
        err = capsys.readouterr().err
        assert time.monotonic() - t0 < 20, name
        assert len(err.splitlines()) <= MAX_PROBLEMS + 2 and "Traceback" not in err, name
    assert "more problem(s)" in err or "at most 100" in err


# ------------------------------------------------------------------------- 5: integers of thousands of digits
def test_integers_too_large_to_print_are_refused_everywhere(tmp_path, capsys):
    from fraudchain.dashboard import specs

    big, hexa = "1" * 5000, "0x" + "f" * 5000
    parent = tmp_path / "parent.toml"
    parent.write_text(f'extends = "nl_baseline"\n[hub]\nfunding_eur_per_year = {hexa}\n')
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n')
    cases = [f'extends = "nl_baseline"\n[population]\nconsumers = {big}\n',
             f'extends = "nl_baseline"\n[population]\nconsumers = {hexa}\n',
             f'extends = "nl_baseline"\n[[reforms]]\nday = 1\nset = {{ "hub.funding_eur_per_year" = {hexa} }}\n']
    for i, text in enumerate(cases):
        f = tmp_path / f"big{i}.toml"
        f.write_text(text)
        assert fc("validate", str(f)) == 2
        assert "too large" in capsys.readouterr().err
    assert fc("validate", str(child)) == 2 and "too large" in capsys.readouterr().err
    for value in (big, hexa):
        assert fc("run", "nl_baseline", *TINY, "--set", f"population.consumers={value}") == 2
        assert "Traceback" not in capsys.readouterr().err
    for text in cases:
        with pytest.raises(ScenarioError, match="too large"):
            specs.scenario_from_upload(text.encode(), "big.toml", "nl")


# ------------------------------------------------------------------------- 6, 17: section reforms and strict types
@pytest.mark.parametrize("table, key", [("run = { years = 1 }", "run.years"),
                                        ("population = { consumers = 1000000 }", "population.consumers"),
                                        ("fraudsters = { groups = 5 }", "fraudsters.groups")])
def test_a_reform_that_sets_a_whole_table_is_checked_key_by_key(tmp_path, capsys, table, key):
    f = tmp_path / "t.toml"
    f.write_text(f'extends = "nl_baseline"\n[[reforms]]\nday = 10\nset = {{ {table} }}\n')
    assert fc("validate", str(f)) == 2
    assert f"'{key}' cannot change mid-run" in capsys.readouterr().err


def test_a_reform_that_sets_a_table_of_reformable_keys_applies_them():
    s = load_scenario("nl_baseline").with_overrides(
        {"reforms": [{"day": 10, "label": "hub", "set": {"hub": {"enabled": True}}, "measure": "hub"}]})
    assert s.reforms[0].set == {"hub.enabled": True}


@pytest.mark.parametrize("setting", ['awareness.campaign_reach="0.5"', "awareness.campaign_reach=true",
                                     "run.years=true", 'run.years="3"', "hub.enabled=1"])
def test_text_and_booleans_are_not_numbers(capsys, setting):
    assert fc("run", "nl_baseline", *TINY, "--set", setting) == 2
    assert "Input should be a valid" in capsys.readouterr().err


def test_strict_types_keep_whole_floats_and_files_working(tmp_path):
    assert load_scenario("nl_baseline", {"run.years": 2.0}).run.years == 2
    f = tmp_path / "share.toml"
    f.write_text('extends = "nl_baseline"\n[awareness]\ncampaign_reach = "0.5"\n')
    with pytest.raises(ScenarioError, match="awareness.campaign_reach: Input should be a valid number"):
        load_scenario(f)
    assert Scenario.model_validate_json(load_scenario("ecp_full_package").model_dump_json()).reforms
