"""The results folder of a sweep (see sim/studies/sweep.py for its layout) and its checks on read.

Owns the manifest (sweep.json), the append-only part files, the compacted results.parquet and the
folder's lock. Everything read back is checked: a manifest that is not the JSON object a sweep
writes, or a part or results file that is not a readable table of sweep rows, is reported as bad
input naming the file (never an AttributeError or ArrowInvalid), so a damaged folder is noticed
before anything is added to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fraudchain.scenarios.files import FileRefused, read_regular
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.store import (
    StoreError,
    atomic_write_bytes,
    atomic_write_table,
    check_study_folder,
    study_lock,
)

MANIFEST = "sweep.json"
RESULTS = "results.parquet"
PARTS = "parts"
KEY_COLUMNS = ("design_hash", "sample", "seed")
ROW_COLUMNS = (*KEY_COLUMNS, "status", "finished_at")
# the manifest's keys that readers rely on, with their JSON types
MANIFEST_KEYS: dict[str, type | tuple[type, ...]] = {
    "design_hash": str, "scenario": str, "design": str, "parameters": list, "seeds": list, "points": int}
# a manifest holds every design point (at most fraudchain.sim.studies.sweep_design.MAX_POINTS x MAX_VARY numbers)
MAX_MANIFEST_BYTES = 512 * 2**20
REMEDY = "move the folder away (or delete the damaged file: its runs are computed again) and run the sweep again"


def check_manifest(obj: Any, where: Path) -> dict[str, Any]:
    """The manifest if it has the shape a sweep writes; BadInput naming what is wrong otherwise."""
    if not isinstance(obj, dict):
        raise BadInput(f"{where}: not a sweep manifest (a JSON object is expected, found {type(obj).__name__}); "
                       + REMEDY)
    problems = [f"{where}: {k}: missing or not a {t.__name__ if isinstance(t, type) else 'number'}"
                for k, t in MANIFEST_KEYS.items() if not isinstance(obj.get(k), t) or isinstance(obj.get(k), bool)]
    if problems:
        raise BadInput("\n".join(problems) + f"\n{where}: not a manifest written by `fraudchain sweep`; {REMEDY}")
    return obj


def read_table(path: Path) -> pd.DataFrame:
    """A part or results file as a frame with the key columns; BadInput naming the file if it is not one."""
    try:
        df = pq.read_table(path).to_pandas()
    except (OSError, pa.ArrowException, ValueError) as e:
        raise BadInput(f"{path}: not a readable sweep results file ({type(e).__name__}: {str(e)[:200]}); "
                       + REMEDY) from None
    missing = [c for c in ROW_COLUMNS if c not in df.columns]
    if missing:
        raise BadInput(f"{path}: not a sweep results file (missing column(s) {', '.join(missing)}); " + REMEDY)
    return df


class SweepStore:
    """DIR of a sweep: manifest, append-only parts and the compacted results (see sim/studies/sweep.py)."""

    def __init__(self, folder: str | Path):
        self.dir = Path(folder)
        self.parts = self.dir / PARTS
        self._counter = 0

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    @property
    def results_path(self) -> Path:
        return self.dir / RESULTS

    def read_manifest(self) -> dict[str, Any] | None:
        """The checked manifest, or None when the folder has none yet."""
        if not self.manifest_path.exists() and not self.manifest_path.is_symlink():
            return None
        try:
            obj = json.loads(read_regular(self.manifest_path, MAX_MANIFEST_BYTES))
        except FileRefused as e:
            raise BadInput(f"{self.manifest_path}: {e}; {REMEDY}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise BadInput(f"{self.manifest_path}: not a readable sweep manifest ({e}); {REMEDY}") from None
        return check_manifest(obj, self.manifest_path)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_bytes(self.manifest_path, json.dumps(manifest, indent=1, allow_nan=False).encode())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Only one sweep process writes to a folder at a time."""
        if self.dir.exists() and not self.dir.is_dir():
            raise BadInput(f"--out {self.dir}: exists and is not a folder; give a folder for the sweep's results")
        try:
            check_study_folder(self.dir, MANIFEST, (RESULTS,))
            self.dir.mkdir(parents=True, exist_ok=True)
            self.parts.mkdir(exist_ok=True)
        except OSError as e:
            raise BadInput(f"--out {self.dir}: cannot use it as the sweep's folder ({e.strerror or e})") from None
        except StoreError as e:
            raise BadInput(str(e)) from None
        try:
            with study_lock(self.dir, "another sweep is writing to this folder; wait for it or use another --out"):
                self._clean_temp_files()
                yield
        except StoreError as e:
            raise BadInput(str(e)) from None

    def _clean_temp_files(self) -> None:
        """Temporary files of a writer that was killed (we hold the lock, so none is being written)."""
        for folder in (self.dir, self.parts):
            for p in folder.glob(".*.tmp*"):
                with contextlib.suppress(OSError):
                    p.unlink()

    def part_files(self) -> list[Path]:
        return sorted(self.parts.glob("part-*.parquet")) if self.parts.exists() else []

    def read_all(self) -> pd.DataFrame:
        """Every stored row (results + parts), one per key: an ok row beats a failed one, else the latest."""
        frames = []
        if self.results_path.exists():
            frames.append(read_table(self.results_path))
        frames += [read_table(p) for p in self.part_files()]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=[*KEY_COLUMNS, "status"])
        df = pd.concat(frames, ignore_index=True)
        df["_ok"] = df["status"] == "ok"
        df = df.sort_values(["_ok", "finished_at"]).drop_duplicates(list(KEY_COLUMNS), keep="last")
        return df.drop(columns="_ok").sort_values(["sample", "seed"]).reset_index(drop=True)

    def append(self, rows: list[dict[str, Any]], columns: list[str]) -> None:
        """A batch of finished runs as a new part file (atomic; never rewrites an earlier one)."""
        if not rows:
            return
        self._counter += 1
        df = pd.DataFrame(rows).reindex(columns=columns)
        name = f"part-{time.time_ns():020d}-{os.getpid()}-{self._counter:05d}.parquet"
        atomic_write_table(self.parts / name, pa.Table.from_pandas(df, preserve_index=False))

    def compact(self, manifest: dict[str, Any], columns: list[str]) -> pd.DataFrame:
        """Fold the parts into results.parquet (atomic), then drop the parts it now holds."""
        parts = self.part_files()
        df = self.read_all()
        if not len(df):
            df = df.reindex(columns=columns)
        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"fraudchain.sweep"] = json.dumps({k: manifest[k] for k in ("design_hash", "scenario", "vary",
                                                                          "design", "samples")}).encode()
        atomic_write_table(self.results_path, table.replace_schema_metadata(meta))
        for p in parts:
            p.unlink(missing_ok=True)
        return df
