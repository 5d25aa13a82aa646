"""The `fraudchain` command line: list, validate, run, compare, bench, dashboard, ...

Owns argument parsing, output formats (table / json / csv) and exit codes: 0 on success, 2 on
bad input (with one message per problem, naming the file and key, and never a traceback), 130 on
Ctrl-C and 143 on SIGTERM. Everything that can be checked is checked before any simulation starts:
the scenarios, the scale, the estimated work (fraudchain.sim.runs.workload; beyond the cap only with --yes), reforms
that fall outside the simulated period (a warning), and --out (a writable folder, locked per run).
Progress bars go to stderr on a terminal, never into JSON or CSV output.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from fraudchain.scenarios.loader import (
    ScenarioError,
    builtin_country,
    builtin_descriptions,
    load_scenario,
    reforms_outside_period,
)
from fraudchain.scenarios.packs import country_codes, pack, pack_scenarios
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.engine.kpi_keys import EXTRA_KPI_KEYS, KPI_KEYS
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal, kpi_text
from fraudchain.sim.runs.procs import Terminated, sigterm_as_interrupt
from fraudchain.sim.runs.store import StoreError, check_out_dir, folder_lock, run_folder
from fraudchain.sim.runs.workload import Workload
from fraudchain.sim.safe_text import csv_cell, rich_text, terminal_text

EXIT_BAD_INPUT = 2
# plug-in commands of higher layers (sim/cli/commands.py lists sim's own)
COMMAND_ENTRY_POINTS = "fraudchain.commands"


def _err(msg: str) -> None:
    """A line for the user on stderr: control characters and bidirectional overrides in it (from names,
    labels, file names) shown escaped, our own line breaks kept."""
    print(terminal_text(msg, keep_newlines=True), file=sys.stderr)


def parse_overrides(pairs: list[str] | None) -> dict[str, Any]:
    """--set KEY=VALUE pairs as {key: value text}; the loader reads each value once as a TOML value
    (so --set share='"0.5"' stays text, and is refused as one)."""
    out: dict[str, Any] = {}
    for p in pairs or []:
        if "=" not in p:
            raise BadInput(f"--set {p!r}: expected KEY=VALUE, e.g. --set liability.regime=uk_psr_2024")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def time_left(elapsed: float, done: int, total: int) -> str:
    """'about 3 min left' from the pace so far ('' before the first unit is done or after the last)."""
    if done <= 0 or done >= total:
        return ""
    left = elapsed / done * (total - done)
    return f"about {left:.0f} s left" if left < 90 else f"about {left / 60:.0f} min left"


def progress_bar(label: str) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A rich progress bar on stderr with the time elapsed and the time left when it is a terminal;
    otherwise, once the work has taken more than 2 s, a plain line on stderr at most every 2 s with the
    time left (logs and pipes see progress too)."""
    if not sys.stderr.isatty():
        import time

        t0 = last = time.monotonic()

        def plain(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - t0 > 2.0 and (now - last > 2.0 or done == total):
                last = now
                left = time_left(now - t0, done, total)
                _err(f"{label}: {done}/{total} done ({now - t0:.0f} s{', ' + left if left else ''})")

        return plain, lambda: None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    prog = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("left"),
                    TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        prog.update(task, completed=done, total=total)

    return update, prog.stop


def scale_header(seeds: int, agents: int, years: int | None) -> str:
    return (f"scale: {seeds} seeds x {fmt_decimal(agents)} simulated consumers x {years or 'the scenario\'s'} years; "
            "results scaled to the whole country, KPIs over the last simulated year")


def warn_few_seeds(seeds: int, what: str = "seeds") -> None:
    """Every command that reports intervals warns when they rest on fewer than 4 replications."""
    if seeds < 4:
        _err(f"warning: intervals rest on {seeds} {what}; with fewer than 4 they are unreliable (use 8)")


def table_kpis(result: dict[str, Any]) -> list[str]:
    """The KPIs a table shows: the fixed ones, then those extensions registered (JSON has every one)."""
    return list(KPI_KEYS) + [k for k in result["kpis"] if k not in KPI_KEYS and k not in EXTRA_KPI_KEYS]


def _table(results: dict[str, Any], keys: list[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    first = next(iter(results.values()))
    t = Table(title="fraudchain: KPIs, mean [95 % CI]; "
                    + scale_header(len(first["seeds"]), first["agents"], first["years"]))
    t.add_column("KPI")
    for name in results:
        t.add_column(rich_text(name), justify="right")
    for k in keys:
        row = []
        for r in results.values():
            s = r["kpis"][k]
            ci = "" if s["ci_low"] == s["ci_high"] else f" [{kpi_text(k, s['ci_low'])}; {kpi_text(k, s['ci_high'])}]"
            row.append(kpi_text(k, s["mean"]) + ci)
        t.add_row(rich_text(k), *row)
    buf = io.StringIO()
    Console(file=buf, width=60 + 38 * len(results), force_terminal=False, emoji=False).print(t)
    return buf.getvalue()


def _csv(results: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["scenario", "level", "fraud_type", "kpi", "mean", "ci_low", "ci_high"])
    for name, r in results.items():        # a scenario's name is the user's: never a formula in a spreadsheet
        for k, s in r["kpis"].items():
            w.writerow([csv_cell(name), "total", "", k, s["mean"], s["ci_low"], s["ci_high"]])
        for t, d in r["by_type"].items():
            for k, s in d.items():
                w.writerow([csv_cell(name), "by_type", t, k, s["mean"], s["ci_low"], s["ci_high"]])
    return buf.getvalue()


def warn_reforms(scenarios: list[Scenario], years: int | None) -> list[str]:
    """Warn (stderr) about every reform that a run of `years` years never reaches; returns the warnings."""
    out = []
    for s in scenarios:
        for msg in reforms_outside_period(s, years):
            out.append(f"warning: {s.name}: {msg} (--years {years or s.run.years})")
    for line in out:
        _err(line)
    return out


def check_workload(work: Workload, yes: bool) -> None:
    """Beyond the cap (sim/runs/workload.py), go on only with --yes: the one way past it, so a script, a
    pipe or a closed stdin never waits and a typo never starts hours of work."""
    if not work.exceeds or yes:
        return
    raise BadInput(f"this asks for {work.describe()}. Use fewer seeds, agents, years, samples or trials, or add "
                   "--yes to run it anyway.")


@contextlib.contextmanager
def out_locks(out: str | None, names: list[str]) -> Iterator[None]:
    """Before simulating: --out is a writable folder, every scenario gets its own folder inside it, and
    this process holds each folder's lock until the results are saved (a second run into the same
    folder is refused at once instead of mixing results)."""
    if out is None:
        yield
        return
    try:
        check_out_dir(out)
        folders = [run_folder(out, n) for n in names]
        for f in folders:                     # a file there would be swapped away and left as a hidden temp
            if os.path.lexists(f) and (f.is_symlink() or not f.is_dir()):
                raise StoreError(f"{f}: exists and is not a saved run's folder; move it away or give another "
                                 "--out (nothing was run)")
        clash = {f for f in folders if folders.count(f) > 1}
        if clash:
            raise StoreError(f"scenarios {', '.join(n for n, f in zip(names, folders, strict=True) if f in clash)} "
                             f"would be saved in the same folder ({', '.join(sorted(str(c) for c in clash))}); "
                             "give them distinct names")
        with contextlib.ExitStack() as stack:
            for f in folders:
                stack.enter_context(folder_lock(f, wait=False))
            yield
    except StoreError as e:
        raise BadInput(str(e)) from None


def print_result(fmt: str, as_dict: Callable[[], Any], as_csv: Callable[[], str],
                 as_table: Callable[[], str]) -> None:
    """Print a command's result in the chosen --format (json, csv or table); only the chosen one is built."""
    if fmt == "json":
        print(json.dumps(as_dict(), allow_nan=False))
    elif fmt == "csv":
        print(as_csv(), end="")
    else:
        print(as_table())


def check_scale(args: argparse.Namespace) -> None:
    if args.seeds < 1 or args.seeds > 1000:
        raise BadInput(f"--seeds {args.seeds}: must be between 1 and 1000")
    if args.agents < 1000 or args.agents > 50_000_000:
        raise BadInput(f"--agents {args.agents}: must be between 1,000 and 50,000,000")
    if args.years is not None and not 1 <= args.years <= 20:
        raise BadInput(f"--years {args.years}: must be between 1 and 20")


def check_country(country: str | None) -> None:
    if country is not None and country not in country_codes():
        raise BadInput(f"--country {country!r}: unknown country; allowed: {', '.join(country_codes())}")


def country_scenarios(country: str, compare_mode: bool) -> list[str]:
    """The scenarios a --country run uses when none is named: the pack's baseline (and, to compare, its other
    scenarios)."""
    p = pack(country)
    if not compare_mode:
        return [p.baseline]
    return [p.baseline, *(n for n, (c, _) in pack_scenarios().items() if c == country and n != p.baseline)]


def _load_all(names: list[str], overrides: dict[str, Any], country: str | None = None) -> list:
    scenarios, problems = [], []
    for n in names:
        try:
            scenarios.append(load_scenario(n, overrides, country=country))
        except ScenarioError as e:
            problems += e.problems
    if problems:
        raise ScenarioError(problems)
    return scenarios


def cmd_list(args: argparse.Namespace) -> int:
    """Built-in scenarios, one line each: name, country pack, first sentence of the description."""
    check_country(args.country)
    for name, desc in builtin_descriptions(args.country).items():
        print(f"{name:22s} {builtin_country(name):3s} {desc}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    folder = Path(args.file)
    # os.path answers False (never raises) for names the OS refuses, e.g. too long
    if os.path.isdir(folder) and (os.path.lexists(folder / "manifest.json") or any(folder.glob("*.parquet"))):
        return _validate_run_folder(folder)
    s = load_scenario(args.file)
    print(terminal_text(f"{args.file}: valid (scenario '{s.name}', country '{s.country}', regime '{s.liability.regime}', "
                        f"{len(s.reforms)} reform(s))"))
    return 0


def _validate_run_folder(folder: Path) -> int:
    """A saved run folder (`run --out`): complete and unchanged against its manifest, or exit 2."""
    from fraudchain.sim.runs.store import check_run_folder

    problems = check_run_folder(folder)
    if problems:
        for line in problems:
            _err(line)
        _err(f"{len(problems)} problem(s): this run folder is incomplete or mixed; run the scenario again")
        return EXIT_BAD_INPUT
    print(terminal_text(f"{folder}: a complete saved run (every table matches its manifest)"))
    return 0


def cmd_run_or_compare(args: argparse.Namespace, compare_mode: bool) -> int:
    from fraudchain.sim.runs.runner import compare, run, unique_names
    from fraudchain.sim.runs.workload import estimate_many

    check_scale(args)
    check_country(args.country)
    overrides = parse_overrides(args.set)
    names = (args.scenarios if compare_mode else [args.scenario] if args.scenario else [])
    if not names:
        if args.country is None:
            raise BadInput("name a scenario (fraudchain list shows the built-in ones) or a --country to run its "
                           "baseline")
        names = country_scenarios(args.country, compare_mode)
    scenarios = _load_all(names, overrides, args.country)
    warn_few_seeds(args.seeds)
    if compare_mode:
        scenarios = unique_names(scenarios)
    warn_reforms(scenarios, args.years)
    check_workload(estimate_many(scenarios, args.agents, args.seeds, args.years, uncertainty=args.uncertainty),
                   args.yes)
    with out_locks(args.out, [s.name for s in scenarios]):
        update, stop = progress_bar("simulating")
        try:
            if compare_mode:
                res = compare(scenarios, seeds=args.seeds, agents=args.agents, years=args.years, progress=update,
                              uncertainty=args.uncertainty)
                runs = res.results
            else:
                r = run(scenarios[0], seeds=args.seeds, agents=args.agents, years=args.years, progress=update,
                        uncertainty=args.uncertainty)
                runs = {r.name: r}
        finally:
            stop()
        if args.out is not None:
            for r in runs.values():
                try:
                    folder = r.save(Path(args.out))
                except (StoreError, OSError) as e:
                    raise BadInput(f"--out {args.out}: saving {r.name} failed ({e})") from None
                _err(f"saved {folder}")
    dicts = {k: r.to_dict() for k, r in runs.items()}
    if args.format == "json":
        obj = {"scenarios": list(dicts), "results": dicts} if compare_mode else next(iter(dicts.values()))
        print(json.dumps(obj, allow_nan=False))
    elif args.format == "csv":
        print(_csv(dicts), end="")
    else:
        print(_table(dicts, table_kpis(next(iter(dicts.values())))))
        if compare_mode and len(runs) > 1:
            print(_diff_table(res))
    return 0


def _diff_table(res: Any) -> str:
    base = res.scenarios[0]
    lines = [f"Paired differences against {terminal_text(base)} (same seeds), mean [95 % CI], p (paired t-test):"]
    for k in ("victims", "net_loss_eur", "loss_borne_victims_eur", "loss_borne_banks_eur", "prevention_spend_eur",
              "social_cost_eur", "reimbursed_share", "median_days_to_takedown", "median_mule_account_lifetime_days"):
        parts = []
        for name in res.scenarios[1:]:
            d = res.difference(k, name, base)
            p = "n/a" if d.p_value != d.p_value else f"{d.p_value:.3f}"
            parts.append(f"{terminal_text(name)}: {kpi_text(k, d.mean)} [{kpi_text(k, d.ci_low)}; "
                         f"{kpi_text(k, d.ci_high)}] p={p}")
        lines.append(f"  {k}: " + "; ".join(parts))
    return "\n".join(lines)


def cmd_bench(args: argparse.Namespace) -> int:
    from fraudchain.sim.cli.bench import main as bench_main

    return bench_main(args)


def cmd_dashboard(args: argparse.Namespace) -> int:
    import subprocess

    if not 1 <= args.port <= 65535:
        raise BadInput(f"--port {args.port}: must be between 1 and 65535 (e.g. 8501)")
    if not args.address.strip() or any(c.isspace() or ord(c) < 32 for c in args.address):
        raise BadInput(f"--address {args.address!r}: give a host name or IP address, e.g. localhost")
    # the dashboard's launcher (fraudchain.dashboard.serve): Streamlit with the pages' modules loaded before
    # the first visitor; named as a module, never imported here (sim does not import the dashboard)
    cmd = [sys.executable, "-m", "fraudchain.dashboard.serve", "--server.port", str(args.port),
           "--server.address", args.address, "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    _err(f"fraudchain dashboard on http://{args.address}:{args.port}")
    proc = subprocess.Popen(cmd)
    try:
        return proc.wait()
    except KeyboardInterrupt:            # Ctrl-C or SIGTERM: the server stops with us, never orphaned
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise


def add_country(sp: argparse.ArgumentParser, what: str) -> None:
    sp.add_argument("--country", default=None, metavar="CODE", help=f"{what}; packs: {', '.join(country_codes())}")


def add_yes(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--yes", action="store_true", help="run even when the estimated work is beyond the cap "
                    "(one CPU hour; see sim/runs/workload.py) without asking")


def asked_command(argv: list[str] | None) -> str | None:
    """The command named on the command line (its first word that is not an option), if any."""
    words = sys.argv[1:] if argv is None else argv
    return next((w for w in words if not w.startswith("-")), None)


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The parser with `command` built in full: the commands of other modules and plug-ins are listed by name and
    help only, so only `command`'s module (none when it is None) is imported."""
    p = argparse.ArgumentParser(prog="fraudchain", description="Agent-based simulation of the Dutch online-fraud "
                                "chain under liability and incentive rules.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ls = sub.add_parser("list", help="built-in scenarios, one line each: name, country, description")
    add_country(ls, "only this country pack's scenarios")
    ls.set_defaults(func=cmd_list)
    v = sub.add_parser("validate", help="check a scenario file, or a saved run folder against its manifest "
                       "(exit 0 if valid, 2 with messages if not)")
    v.add_argument("file")
    v.set_defaults(func=cmd_validate)

    def sim_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--seeds", type=int, default=3, help="number of replications (seeds 0..N-1)")
        sp.add_argument("--agents", type=int, default=150_000, help="consumer agents (results are national)")
        sp.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
        sp.add_argument("--set", action="append", metavar="KEY=VALUE", help="dotted override, repeatable")
        sp.add_argument("--out", metavar="DIR", help="save Parquet tables and a manifest here")
        sp.add_argument("--format", choices=("table", "json", "csv"), default="table")
        add_country(sp, "run on this country pack (scenarios/countries/CODE); without a scenario: its baseline "
                    "(compare: its baseline and its other scenarios)")
        sp.add_argument("--uncertainty", choices=("seeds", "assumptions"), default="seeds",
                        help="seeds: replications differ only in their seed; assumptions: each also draws every "
                        "uncertain parameter from its range (Latin hypercube, the same draws for every scenario)")
        add_yes(sp)

    r = sub.add_parser("run", help="run one scenario over several seeds")
    r.add_argument("scenario", nargs="?", default=None)
    sim_opts(r)
    r.set_defaults(func=lambda a: cmd_run_or_compare(a, False))
    c = sub.add_parser("compare", help="run scenarios on the same seeds and compare")
    c.add_argument("scenarios", nargs="*")
    sim_opts(c)
    c.set_defaults(func=lambda a: cmd_run_or_compare(a, True))
    b = sub.add_parser("bench", help="agent-days per second and peak memory by population size")
    b.add_argument("--sizes", default="1e4,1e5,1e6,1.5e7", help="comma-separated agent counts")
    b.add_argument("--years", type=int, default=3)
    b.add_argument("--no-dashboard-check", action="store_true", help="skip the 2 scenarios x 8 seeds timing")
    add_yes(b)
    b.set_defaults(func=cmd_bench)
    d = sub.add_parser("dashboard", help="start the Streamlit dashboard")
    d.add_argument("--port", type=int, default=8501)
    d.add_argument("--address", default="localhost", help="interface to listen on (default localhost: this machine "
                   "only; the dashboard has no authentication, see SECURITY.md)")
    d.set_defaults(func=cmd_dashboard)
    for name, (module, help_text) in COMMANDS.items():
        if command == name:
            importlib.import_module(module).add_command(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    for ep in sorted(entry_points(group=COMMAND_ENTRY_POINTS), key=lambda e: e.name):
        if command == ep.name:
            ep.load().add_command(sub)
        elif ep.name not in COMMANDS:
            sub.add_parser(ep.name, help=f"a plug-in command ({ep.value}); fraudchain {ep.name} --help",
                           add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(asked_command(argv))
    args = parser.parse_args(argv)
    try:
        with sigterm_as_interrupt():
            return int(args.func(args) or 0)
    except ScenarioError as e:
        for line in e.problems:
            _err(terminal_text(line))
        _err(f"{getattr(e, 'total', len(e.problems)):,} problem(s); nothing was run or saved.")
        return EXIT_BAD_INPUT
    except BadInput as e:
        _err(str(e))
        return EXIT_BAD_INPUT
    except Terminated:
        _err("terminated")
        return 143
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
