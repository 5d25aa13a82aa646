"""Saving a run: Parquet tables plus a JSON manifest, written atomically.

Each file is written to a temporary name in the target folder and renamed into place, so a
crash never leaves a half-written file and an earlier result is replaced only by a complete one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from sim.runner import RunResult


def package_version() -> str:
    try:
        return version("fraudchain")
    except PackageNotFoundError:
        return "0+unknown"


def scenario_hash(scenario_json: str) -> str:
    return hashlib.sha256(scenario_json.encode()).hexdigest()[:16]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_table(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_run(r: RunResult, out: Path) -> Path:
    """out/<scenario>/{kpis,by_type,daily,system,victims}.parquet + manifest.json."""
    folder = out / r.name
    kpi_rows = [{"seed": s.seed, "kpi": k, "value": v} for s in r.per_seed for k, v in s.kpis.items()]
    type_rows = [{"seed": s.seed, "fraud_type": t, "kpi": k, "value": v}
                 for s in r.per_seed for t, d in s.by_type.items() for k, v in d.items()]
    import pandas as pd

    tables = {
        "kpis": pd.DataFrame(kpi_rows), "by_type": pd.DataFrame(type_rows),
        "daily": r.daily, "system": r.system, "victims": r.victims, "takedowns": r.takedowns,
    }
    for name, df in tables.items():
        atomic_write_table(folder / f"{name}.parquet", pa.Table.from_pandas(df, preserve_index=False))
    scen_json = r.scenario.model_dump_json()
    manifest: dict[str, Any] = {
        "scenario": r.name,
        "scenario_resolved": json.loads(scen_json),
        "scenario_hash": scenario_hash(scen_json),
        "seeds": r.seeds,
        "agents": r.agents,
        "years": r.years,
        "package_version": package_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "timings_seconds": {"total": r.seconds, "per_seed": {str(s.seed): s.seconds for s in r.per_seed}},
        "reforms": r.reforms,
        "tables": sorted(f"{n}.parquet" for n in tables),
    }
    atomic_write_bytes(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
    return folder
