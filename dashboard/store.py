"""The dashboard's result store on disk: each replication (one scenario, one seed) is computed once
and kept as Parquet tables plus a small JSON file, so the landing comparison and every built-in
comparison appear at once on a warm machine, also after a restart.

A replication is keyed by the scenario's hash (its JSON without name and description, `key`), the seed, the agents, the years and
the model's version: the package version plus a fingerprint of the engine's source (sim/, agents/,
scenarios/), so a changed model never serves old results. The location is
$FRAUDCHAIN_DASHBOARD_STORE, else $XDG_CACHE_HOME/fraudchain/dashboard (~/.cache/...).
Each replication is written to a temporary folder and renamed into place, so a crash never leaves
half a result. Everything read back is checked: a seed.json of the wrong shape (a list, a table where
a number belongs, a missing KPI) is logged and the replication computed again, never a crash. Pure
storage: runs nothing; no streamlit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fraudchain.sim.engine.metrics import KPI_KEYS, SeedResult
from fraudchain.sim.runs.store import package_version, scenario_hash

LOG = logging.getLogger("fraudchain.dashboard.store")
STORE_ENV = "FRAUDCHAIN_DASHBOARD_STORE"
ENGINE_PACKAGES = ("sim", "agents", "scenarios")
# parts of those packages that only present, store or study runs (editing them never changes a replication)
NOT_ENGINE = ("sim/cli/", "sim/studies/", "sim/runs/store.py", "sim/formats.py", "sim/errors.py")


def store_root() -> Path:
    explicit = os.environ.get(STORE_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    cache_home = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache_home) / "fraudchain" / "dashboard"


@cache
def model_version() -> str:
    """Package version + a fingerprint of the engine's source files and of SeedResult's fields."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for pkg in ENGINE_PACKAGES:
        for path in sorted((root / pkg).rglob("*")):
            if path.suffix in (".py", ".toml", ".csv") and path.is_file() and \
                    not str(path.relative_to(root)).startswith(NOT_ENGINE):
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    h.update(",".join(f.name for f in dataclasses.fields(SeedResult)).encode())
    return f"{package_version()}-{h.hexdigest()[:12]}"


def key(scenario: Any) -> str:
    """The store's key of a (resolved) scenario: its JSON without its name and description, which change
    nothing in a replication (a copy of the baseline under another name reuses the baseline's)."""
    return scenario.model_copy(update={"name": "replication", "description": ""}).model_dump_json()


def _folder(scenario_json: str, seed: int, agents: int, years: int) -> Path:
    return (store_root() / model_version() / f"{scenario_hash(scenario_json)}_a{agents}_y{years}" / f"seed{seed}")


def _jsonable(x: Any) -> Any:
    """Floats that JSON cannot hold (NaN, inf) as strings, tuples as lists."""
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if hasattr(x, "item") and callable(x.item):          # numpy scalars
        return _jsonable(x.item())
    return x


def _unjson(x: Any) -> Any:
    if x in ("nan", "inf", "-inf"):
        return float(x)
    if isinstance(x, dict):
        return {k: _unjson(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_unjson(v) for v in x]
    return x


def save_seed(scenario_json: str, agents: int, years: int, result: SeedResult) -> Path | None:
    """Keep one replication; returns its folder, or None when the store cannot be written (a
    read-only disk costs speed, never a result)."""
    target = _folder(scenario_json, result.seed, agents, years)
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    except OSError:
        return None
    try:
        meta: dict[str, Any] = {}
        for f in dataclasses.fields(SeedResult):
            value = getattr(result, f.name)
            if isinstance(value, pd.DataFrame):
                pq.write_table(pa.Table.from_pandas(value, preserve_index=False), tmp / f"{f.name}.parquet")
                meta[f.name] = {"table": f"{f.name}.parquet"}
            else:
                meta[f.name] = {"value": _jsonable(value)}
        (tmp / "seed.json").write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, target)
        return target
    except (OSError, TypeError, ValueError, pa.ArrowException):
        return target if target.exists() else None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def forget_seed(scenario_json: str, seed: int, agents: int, years: int) -> None:
    """Drop a replication that cannot be read (it is computed again)."""
    shutil.rmtree(_folder(scenario_json, seed, agents, years), ignore_errors=True)


def has_seed(scenario_json: str, seed: int, agents: int, years: int) -> bool:
    return (_folder(scenario_json, seed, agents, years) / "seed.json").is_file()


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _numbers(d: Any) -> bool:
    return isinstance(d, dict) and all(isinstance(k, str) and _number(v) for k, v in d.items())


def _shape_problem(values: dict[str, Any], seed: int) -> str | None:
    """What is wrong with a stored replication's values (None: the shape SeedResult needs)."""
    if values.get("seed") != seed or isinstance(values.get("seed"), bool):
        return "seed does not match"
    if not _numbers(values.get("kpis")) or not set(KPI_KEYS) <= set(values["kpis"]):
        return "kpis is not a table of every KPI as a number"
    if not isinstance(values.get("by_type"), dict) or not all(_numbers(v) for v in values["by_type"].values()):
        return "by_type is not a table of KPI tables"
    for name in ("daily", "system", "victims"):
        if not isinstance(values.get(name), pd.DataFrame):
            return f"{name} is not a table"
    if values.get("takedowns") is not None and not isinstance(values["takedowns"], pd.DataFrame):
        return "takedowns is not a table"
    reforms = values.get("reforms")
    if not isinstance(reforms, list) or not all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], int)
                                                and isinstance(r[1], str) for r in reforms):
        return "reforms is not a list of [day, label]"
    if not _number(values.get("seconds", 0.0)):
        return "seconds is not a number"
    by_year = values.get("by_year")
    if by_year is not None and not (isinstance(by_year, dict) and all(
            isinstance(k, str) and k.isdigit() and _numbers(v) for k, v in by_year.items())):
        return "by_year is not a table of yearly KPI tables"
    return None


def load_seed(scenario_json: str, seed: int, agents: int, years: int, tables: bool = True) -> SeedResult | None:
    """A stored replication, or None (never stored, or unreadable or of the wrong shape: logged, and then
    it is computed again). tables=False reads the KPIs only (the tables stay empty): enough for a headline,
    and fast."""
    folder = _folder(scenario_json, seed, agents, years)
    try:
        meta = json.loads((folder / "seed.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise TypeError("seed.json is not a JSON object")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(SeedResult):
            entry = meta[f.name]
            if not isinstance(entry, dict):
                raise TypeError(f"{f.name} is not an entry")
            if "table" in entry:
                if not isinstance(entry["table"], str) or entry["table"] != f"{f.name}.parquet":
                    raise TypeError(f"{f.name}: not this replication's table")
                values[f.name] = pq.read_table(folder / entry["table"]).to_pandas() if tables else pd.DataFrame()
            else:
                values[f.name] = _unjson(entry["value"])
        problem = _shape_problem(values, seed)
        if problem:
            raise TypeError(problem)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, RecursionError, pa.ArrowException) as e:
        LOG.warning("stored replication %s is unreadable (%s: %s); computing it again", folder,
                    type(e).__name__, str(e)[:200])
        return None
    if values.get("by_year") is not None:
        values["by_year"] = {int(k): v for k, v in values["by_year"].items()}
    values["reforms"] = [tuple(r) for r in values.get("reforms") or []]
    return SeedResult(**values)


# ---------------------------------------------------------------------------------------------
# Results of studies (value, contributions, budget fronts): one JSON document each, keyed by what was
# asked and by the model version plus a fingerprint of the studies' own code.
STUDY_SOURCES = ("sim/studies", "dashboard/work.py", "dashboard/budget.py")


@cache
def studies_version() -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(model_version().encode())
    for src in STUDY_SOURCES:
        base = root / src
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            if path.is_file():
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    return f"{package_version()}-{h.hexdigest()[:12]}"


def study_key(kind: str, params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([kind, params], sort_keys=True, default=str).encode()).hexdigest()[:24]


def study_folder(kind: str, params: dict[str, Any]) -> Path:
    return store_root() / "studies" / studies_version() / f"{kind}-{study_key(kind, params)}"


def write_json(path: Path, doc: Any) -> bool:
    """Write a JSON document atomically (temp file + rename); False when the disk refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(_jsonable(doc), f)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def read_json(path: Path) -> Any:
    try:
        return _unjson(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def load_study(kind: str, params: dict[str, Any]) -> Any:
    """A finished study's result, or None."""
    return read_json(study_folder(kind, params) / "result.json")


def seconds_per_agent_year() -> float | None:
    """The mean compute time of stored replications per simulated agent-year (for time-left estimates)."""
    rates = []
    base = store_root() / model_version()
    if not base.is_dir():
        return None
    for meta_path in list(base.glob("*/seed*/seed.json"))[:64]:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            folder = meta_path.parent.parent.name
            agents = int(folder.split("_a")[1].split("_y")[0])
            years = int(folder.rsplit("_y", 1)[1])
            seconds = float(meta["seconds"]["value"])
        except (OSError, ValueError, KeyError, IndexError, TypeError, RecursionError):
            continue
        if seconds > 0:
            rates.append(seconds / (agents * years))
    return sum(rates) / len(rates) if rates else None
