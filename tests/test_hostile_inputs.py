"""Hostile and careless input, as issue 15 found it: every case ends in exit 2 with one message per
problem (file, key path, allowed values), never a traceback, and before anything is simulated.
Property-based where it fits (hypothesis-generated scenario files and --set values); set
HOSTILE_EXAMPLES=2000 for a longer hunt than CI's."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import fraudchain.sim.cli.main as cli
import pytest
from fraudchain.scenarios.loader import (
    MAX_DEPTH,
    ScenarioError,
    load_scenario,
    load_text,
    parse_value,
    reforms_outside_period,
)
from fraudchain.scenarios.schema import Scenario, reform_refusal
from fraudchain.sim.runs.store import run_folder, safe_name
from fraudchain.sim.runs.workload import CAP_CPU_SECONDS, estimate_work
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

TINY = ["--agents", "2000", "--years", "1", "--seeds", "1"]
TYPES = list(Scenario().fraud_types)


def fc(*args: str) -> int:
    return cli.main(list(args))


def bad(capsys, *args: str) -> str:
    """Run the CLI in-process; it must exit 2 without a traceback. Returns stderr."""
    code = fc(*args)
    out = capsys.readouterr()
    assert code == 2, out.err
    assert "Traceback" not in out.out + out.err
    return out.err


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text)
    return str(p)


# ------------------------------------------------------------------------- files that are not files
def test_directories_fifos_devices_and_empty_files_are_refused(tmp_path, capsys):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dir").mkdir()
    t0 = time.monotonic()
    assert "is not a regular file" in bad(capsys, "validate", str(tmp_path / "fifo"))   # no hang on a FIFO
    assert "is not a regular file" in bad(capsys, "validate", "/dev/zero")               # no endless read
    assert time.monotonic() - t0 < 10
    assert "is a directory" in bad(capsys, "validate", str(tmp_path / "dir"))
    assert "empty scenario" in bad(capsys, "validate", write(tmp_path, "empty.toml", "# only a comment\n"))
    for target, words in (("/dev/null", "is not a regular file"), ("dir", "is a directory"),
                          ("fifo", "is not a regular file"), ("missing.toml", "no such scenario"),
                          ("a\\u0000b", "not a usable file name"), ("x" * 300, "no such scenario")):
        f = write(tmp_path, "child.toml", f'extends = "{target}"\n[hub]\nenabled = false\n')
        err = bad(capsys, "validate", f)
        assert err.startswith(f"{f}: extends = ") and words in err and len(err) < 1000, err
    assert "not a usable file name" in bad(capsys, "validate", "b" * 5000)
    assert "no such scenario" in bad(capsys, "validate", "b" * 4000)          # a name the OS refuses as too long


def test_a_file_larger_than_the_bound_is_refused_whatever_its_size_says(tmp_path, capsys):
    f = write(tmp_path, "big.toml", 'extends = "nl_baseline"\n' + "# padding\n" * 110_000)
    assert "larger than 1,000,000 bytes" in bad(capsys, "validate", f)


@pytest.mark.parametrize("text", [
    "x = " + "[" * 5000 + "]" * 5000,                        # RecursionError in the TOML parser before
    "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "[" + ".".join(["a"] * 3000) + "]\nb = 1",               # deep tables: RecursionError in merging before
    "a" + ".a" * 3000 + " = 1",
])
def test_deep_nesting_is_a_message_not_a_recursion_error(tmp_path, capsys, text):
    f = write(tmp_path, "deep.toml", text)
    assert f"nested more than {MAX_DEPTH} levels" in bad(capsys, "validate", f)
    with pytest.raises(ScenarioError, match="nested more than"):
        load_text(text)
    assert isinstance(parse_value("[" * 5000 + "]" * 5000), str)          # --set values too


def test_problems_in_a_parent_file_name_the_parent(tmp_path, capsys):
    parent = write(tmp_path, "parent.toml", 'extends = "nl_baseline"\n[hub]\nbogus_key = 1\n')
    child = write(tmp_path, "child.toml", 'extends = "parent.toml"\n[een_loket]\nenabled = true\n')
    err = bad(capsys, "validate", child)
    assert err.startswith(f"{parent}: hub.bogus_key: unknown key"), err
    assert f"{child}:" not in err


# ------------------------------------------------------------------------- values
@pytest.mark.parametrize("setting, words", [
    ("banks.spend_full_effort_eur=inf", "banks.spend_full_effort_eur: Input should be a finite number"),
    ("banks.spend_full_effort_eur=nan", "finite number"),
    ("banks.spend_full_effort_eur=1e300", "less than or equal to 1000000000000"),
    ("population.consumers=1000000000000000000000000", "population.consumers: Input should be less than or equal"),
    ('population.digital_skill_by_age={"15-24"=-1,"25-44"=nan,"45-64"=2,"65+"=0.3}',
     "population.digital_skill_by_age.15-24: Input should be greater than or equal to 0"),
    ('fraud_types.romance.age_profile={"65+"=inf}', "fraud_types.romance.age_profile.65+: Input should be a finite"),
    ('fraud_types.romance.age_profile={"65+"=-2}', "fraud_types.romance.age_profile.65+: Input should be greater"),
    ('fraud_types.romance.age_profile={"70+"=2}', "unknown age band(s) 70+; allowed: 15-24, 25-44, 45-64, 65+"),
    ("fraud_types.phishing.contact_rate=51", "fraud_types.phishing.contact_rate: Input should be less than or equal"),
    ("fraudsters.groups=2001", "fraudsters.groups: Input should be less than or equal to 2000"),
    ('name=""', "name: String should have at least 1 character"),
    ("population.consumers=1000", "population: smes (1,200,000) must not exceed consumers (1,000)"),
    ('reforms=[{day=10, set={"banks.spend_full_effort_eur"=inf}}]',
     "reforms[0].set: banks.spend_full_effort_eur: Input should be a finite number"),
])
def test_values_that_must_be_refused(capsys, setting, words):
    err = bad(capsys, "run", "nl_baseline", *TINY, "--set", setting)
    assert words in err, err


def test_every_message_of_a_bad_dictionary_names_its_key(capsys):
    err = bad(capsys, "run", "nl_baseline", *TINY, "--set",
              'population.digital_skill_by_age={"15-24"=-1,"25-44"=nan,"45-64"=2,"65+"=0.3}')
    lines = [x for x in err.splitlines() if "digital_skill_by_age" in x]
    assert len(lines) == 3 and {x.split(": ")[1] for x in lines} == {
        f"population.digital_skill_by_age.{k}" for k in ("15-24", "25-44", "45-64")}


KEYS = sorted(k for k, v in Scenario().flat().items() if isinstance(v, (int, float)) and not isinstance(v, bool))
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: repr(x).replace("inf", "inf")),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["nan", "-inf", "+inf", "true", '"text"', "[1, 2]", "{a = 1}", "[" * 40 + "]" * 40, ""]),
    st.text(max_size=30))


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 150)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(KEYS), value=VALUES)
def test_any_set_value_gives_a_valid_finite_scenario_or_a_message(key, value):
    try:
        s = load_scenario("nl_baseline", {key: value})
    except ScenarioError as e:
        assert e.problems and all(p.startswith("nl_baseline (built-in): ") for p in e.problems)
        return
    for k, v in s.flat().items():
        if isinstance(v, float):
            assert math.isfinite(v), (k, v)


SCALARS = st.one_of(st.floats(), st.integers(min_value=-10**20, max_value=10**20), st.booleans(),
                    st.text(max_size=8), st.just(float("inf")), st.just(float("nan")))


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v == math.inf else "-inf" if v == -math.inf else repr(v))
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return str(v)


FILE_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["15-24", "65+", "x", "a.b"]), inner, max_size=3)),
    max_leaves=6)
FILE_KEYS = st.sampled_from(KEYS + ["population.digital_skill_by_age", "fraud_types.romance.age_profile",
                                    "reforms", "extends", "name", "run.years", "bogus.key", "extensions"])


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 60)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(FILE_KEYS, FILE_VALUES, max_size=6), extends=st.booleans())
@example(entries={"liability.aud_eur": []}, extends=False)       # once a TypeError in the regime's currency caps
def test_generated_scenario_files_validate_or_exit_2_naming_the_file(tmp_path, capsys, entries, extends):
    lines = ['extends = "nl_baseline"'] if extends and "extends" not in entries else []
    lines += [f"{'.'.join(json.dumps(p) for p in k.split('.'))} = {_toml(v)}" for k, v in entries.items()]
    f = tmp_path / "gen.toml"
    f.write_text("\n".join(lines) + "\n")
    code = fc("validate", str(f))
    out = capsys.readouterr()
    assert code in (0, 2), out.err
    assert "Traceback" not in out.err
    if code == 2:
        problems = out.err.strip().splitlines()[:-1]
        assert problems and all(p.startswith(str(f)) or p.startswith("nl_baseline (built-in)") for p in problems)


# ------------------------------------------------------------------------- reforms outside the run
def test_a_reform_after_the_run_is_refused_in_a_file_and_warned_about_on_the_cli(tmp_path, capsys):
    f = write(tmp_path, "late.toml", 'extends = "nl_baseline"\n[run]\nyears = 1\n[[reforms]]\nday = 5000\n'
              'label = "late"\nset = { "een_loket.enabled" = true }\n')
    err = bad(capsys, "validate", f)
    assert f"{f}: reforms[0].day: reform 'late' on day 5000 is outside the simulated period of 1 year(s)" in err
    assert fc("run", "uk_psr_2024", *TINY, "--format", "json") == 0
    out = capsys.readouterr()
    assert "warning: uk_psr_2024: reforms[0].day" in out.err and "day 365" in out.err and "--years 1" in out.err
    assert json.loads(out.out)["scenario"] == "uk_psr_2024"                    # the JSON stays clean
    s = load_scenario("ecp_full_package")
    assert reforms_outside_period(s, 1) and reforms_outside_period(s, 2) == []


# ------------------------------------------------------------------------- output paths
@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "..", ".", "a/b", "", "x\x00y", "~", "\n"])
def test_output_folders_stay_inside_out(tmp_path, name):
    folder = run_folder(tmp_path, name)
    assert folder.parent == tmp_path.resolve() and not folder.name.startswith(".") and "/" not in safe_name(name)


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=300))
def test_any_name_gives_one_safe_component(name):
    s = safe_name(name)
    assert s and s not in (".", "..") and "/" not in s and "\x00" not in s and not s.startswith(".") and len(s) <= 100


def test_a_scenario_name_cannot_write_outside_out(tmp_path, capsys):
    out = tmp_path / "out"
    assert fc("run", "nl_baseline", *TINY, "--out", str(out), "--set", 'name="../../escaped"') == 0
    capsys.readouterr()
    assert not list(tmp_path.glob("escaped*")) and (out / "_.._escaped" / "manifest.json").is_file()


def test_bad_out_is_refused_before_simulating(tmp_path, capsys):
    f = tmp_path / "a_file"
    f.write_text("x")
    heavy = ["--agents", "2000000", "--years", "20", "--seeds", "8", "--yes"]   # minutes of work if it started
    t0 = time.monotonic()
    assert "exists and is not a folder" in bad(capsys, "run", "nl_baseline", *heavy, "--out", str(f))
    assert "cannot write there" in bad(capsys, "run", "nl_baseline", *heavy, "--out", "/proc/no/such/place")
    assert time.monotonic() - t0 < 10


# ------------------------------------------------------------------------- bounded work
HOSTILE = [f"fraud_types.{t}.{k}={v}" for t in TYPES for k, v in (("contact_rate", 50), ("susceptibility", 1))] + \
    ["fraudsters.groups=2000"]


def test_the_work_estimate_caps_a_hostile_scenario_and_passes_the_defaults():
    base = load_scenario("nl_baseline")
    hostile = base.with_overrides(dict(x.split("=") for x in HOSTILE))
    assert not estimate_work(base, 150_000, 8).exceeds                 # the dashboard's landing scale
    w = estimate_work(hostile, 150_000, 8, 5)
    assert w.exceeds and w.cpu_seconds > CAP_CPU_SECONDS and w.events == w.events_per_day * w.days * 8
    assert estimate_work(hostile, 150_000, 1, 1).cpu_seconds < w.cpu_seconds
    assert "events per day" in w.describe()
    # a reform counts too (contact rates and the number of groups are fixed at the start: a reform sets the rest)
    reformable = {k: parse_value(v) for k, v in (x.split("=") for x in HOSTILE) if reform_refusal(k) is None}
    later = base.with_overrides({"reforms": [{"day": 365, "label": "x", "set": reformable}]})
    assert estimate_work(later, 150_000, 8, 5).cpu_seconds == \
        pytest.approx(estimate_work(base.with_overrides(reformable), 150_000, 8, 5).cpu_seconds)
    assert estimate_work(later, 150_000, 8, 5).cpu_seconds > estimate_work(base, 150_000, 8, 5).cpu_seconds


def test_the_cli_refuses_too_much_work_without_asking_when_there_is_no_terminal():
    args = [sys.executable, "-m", "fraudchain.sim.cli", "run", "nl_baseline", "--seeds", "8", "--agents", "150000",
            "--years", "5", *sum((["--set", x] for x in HOSTILE), [])]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 2 and "add --yes" in p.stderr and "events per day" in p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


@pytest.mark.parametrize("extra, words", [
    (["--samples", "1000000000"], "at most 100,000"),
    (["--samples", "4", "--workers", "100000"], "--workers 100000: must be between 1 and 256"),
    (["--samples", "1048576", "--design", "sobol"], "at most 100,000"),
    (["--samples", "0"], "--samples 0"),
    (["--samples", "64", "--seeds", "8", "--agents", "150000", *sum((["--set", x] for x in HOSTILE), [])], None),
])
def test_sweep_sizes_are_capped_before_allocating(tmp_path, capsys, extra, words):
    t0 = time.monotonic()
    err = bad(capsys, "sweep", "nl_baseline", "--vary", "hub.data_sharing_scope=0:1", "--agents", "2000",
              "--years", "1", "--out", str(tmp_path / "sw"), *extra)
    assert (words or "add --yes") in err and time.monotonic() - t0 < 5
    assert not (tmp_path / "sw").exists()


# ------------------------------------------------------------------------- damaged sweep folders
def test_a_damaged_sweep_folder_is_reported_not_a_traceback(tmp_path, capsys):
    out = tmp_path / "sw"
    args = ["sweep", "nl_baseline", "--vary", "hub.data_sharing_scope=0:1", "--samples", "2", "--agents", "2000",
            "--years", "1", "--workers", "1", "--out", str(out)]
    assert fc(*args) == 0
    capsys.readouterr()
    good = (out / "sweep.json").read_text()
    for text in ("[]", "{}", '{"design_hash": 5}', "not json", ""):
        (out / "sweep.json").write_text(text)
        for cmd in (args, ["sensitivity", str(out)]):
            assert "sweep.json" in bad(capsys, *cmd)
    (out / "sweep.json").write_text(good)
    (out / "parts" / "part-garbage.parquet").write_bytes(b"PAR1 garbage")
    for cmd in (args, ["sensitivity", str(out)]):
        assert "part-garbage.parquet: not a readable sweep results file" in bad(capsys, *cmd)
    (out / "parts" / "part-garbage.parquet").unlink()
    (out / "results.parquet").write_bytes(b"junk")
    assert "results.parquet: not a readable sweep results file" in bad(capsys, "sensitivity", str(out))
