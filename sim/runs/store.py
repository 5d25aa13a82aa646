"""Saving a run: Parquet tables plus a JSON manifest, written atomically per folder.

A run is saved as OUT/<name>/ where <name> is the scenario name made safe for a path (`safe_name`)
and checked to stay inside OUT. The tables and the manifest are first written into a new temporary
folder next to it (the manifest last, listing every table with its size and SHA-256); that folder
then replaces the old one in one step (renameat2 RENAME_EXCHANGE on Linux, else two renames).
A crash at any moment leaves either the old complete result or the new complete one, never a mix,
and `check_run_folder` detects a folder that is incomplete or was changed after it was written.
One process at a time writes a given folder (`folder_lock`, an flock on OUT/.<name>.lock);
temporary folders and files left by a killed writer are removed by the next writer.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
from fraudchain.scenarios.files import FileRefused, read_regular

if TYPE_CHECKING:
    from fraudchain.sim.runs.runner import RunResult

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2
MAX_NAME = 100
MAX_MANIFEST_BYTES = 64 * 2**20       # a run manifest is a few kB; the resolved scenario is bounded by the schema
# a saved table is checked against its manifest only up to this size: the largest table of a national run
# (15 M agents x 8 seeds x 3 years: victims.parquet) is a few hundred MB (assumption: ten times that)
MAX_TABLE_BYTES = 4 * 2**30
MAX_LISTED = 64                        # a run writes six tables
TMP_MARK = ".tmp-"
# folder locks held here, per thread: (thread, path) -> depth, so nesting in one thread does not deadlock
_held: dict[tuple[int, Path], int] = {}


class StoreError(Exception):
    """An output folder that cannot be used or a saved run that is incomplete; the message says which."""


def package_version() -> str:
    try:
        return version("fraudchain")
    except PackageNotFoundError:
        return "0+unknown"


def scenario_hash(scenario_json: str) -> str:
    return hashlib.sha256(scenario_json.encode()).hexdigest()[:16]


def safe_name(name: str) -> str:
    """A scenario name as one safe path component: letters, digits and . _ - # + kept, anything else
    (slashes, spaces, control characters) replaced by '_', no leading dot, at most MAX_NAME characters."""
    s = re.sub(r"[^A-Za-z0-9._#+-]", "_", name).lstrip(".")[:MAX_NAME]
    return s or "scenario"


def run_folder(out: str | Path, name: str) -> Path:
    """OUT/<safe name>, checked to be inside OUT (StoreError otherwise)."""
    base = Path(out).resolve()
    folder = (base / safe_name(name)).resolve()
    if folder.parent != base:
        raise StoreError(f"{name!r}: the output folder for this name would be outside --out {out}")
    return folder


# files that mark what a folder holds: a study's --out must not be another kind's folder
FOLDER_KINDS = {"manifest.json": "a saved run (fraudchain run --out)", "sweep.json": "a sweep (fraudchain sweep)",
                "optimise.json": "an optimisation (fraudchain optimise)"}


def check_out_name(out: str | Path | None, option: str = "--out") -> None:
    """An --out that names something: '' or blanks are refused with a message, never ignored."""
    if out is not None and not str(out).strip():
        raise StoreError(f"{option} {str(out)!r}: empty; give the folder (or file) to write to")


def check_study_folder(out: str | Path, marker: str, outputs: tuple[str, ...] = (), option: str = "--out") -> Path:
    """A study's results folder, checked before any work: not a file, not another kind of results folder
    (a saved run, a sweep, an optimisation), and each output it will write absent or a regular file
    (a folder, pipe or link there is refused instead of replaced)."""
    check_out_name(out, option)
    p = Path(out)
    if os.path.lexists(p) and not p.is_dir():
        raise StoreError(f"{option} {out}: exists and is not a folder; give a folder for the results")
    if p.is_dir():
        for other, kind in FOLDER_KINDS.items():
            if other != marker and os.path.lexists(p / other):
                raise StoreError(f"{option} {out}: holds {kind}; writing here would break it. Give a new folder")
        for name in (marker, *outputs):
            check_output_file(p / name)
    return p


def check_output_file(path: Path) -> None:
    """A file about to be (re)written: absent or a regular file, never a folder, pipe, device or link."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise StoreError(f"{path}: cannot be checked ({e.strerror or e})") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a link" if stat.S_ISLNK(mode) else "not a regular file"
        raise StoreError(f"{path}: is {kind}; it would be replaced by a result file. Move it away or give "
                         "another --out")


@contextlib.contextmanager
def study_lock(folder: Path, busy: str) -> Iterator[None]:
    """Only one process writes a study's folder at a time: an flock on FOLDER/.lock, refused at once
    (StoreError with `busy`) while another holds it; never a hang on a pipe planted at its name."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        f = open_lock_file(folder / ".lock")
    except OSError as e:
        raise StoreError(f"--out {folder}: cannot use it as the results folder ({e.strerror or e})") from None
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{folder}: {busy}") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
    finally:
        f.close()


def check_out_dir(out: str | Path) -> Path:
    """--out as a usable folder: created if missing, refused (StoreError) if it is a file or not writable."""
    check_out_name(out)
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise StoreError(f"--out {out}: exists and is not a folder; give a folder to save the results in")
    try:
        p.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".probe{TMP_MARK}", dir=p)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise StoreError(f"--out {out}: cannot write there ({e.strerror or e})") from None
    return p


def open_lock_file(path: Path) -> Any:
    """A lock file opened for flock without blocking or following a link (a FIFO or a link planted at its
    name gives OSError instead of a hang or a write elsewhere)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o644), "a")


@contextlib.contextmanager
def folder_lock(folder: Path, wait: bool = True) -> Iterator[None]:
    """Exclusive right to write `folder` (an flock on a lock file beside it). wait=False refuses at once
    with StoreError when another process (or thread) holds it; a lock this thread holds is re-entered."""
    folder = folder.resolve()
    key = (threading.get_ident(), folder)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    lock_path = folder.parent / f".{folder.name}.lock"
    try:
        f = open_lock_file(lock_path)
    except OSError as e:
        raise StoreError(f"{lock_path}: cannot create the lock file ({e.strerror or e})") from None
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise StoreError(f"{folder}: another fraudchain process is saving into this folder; wait for it to "
                             "finish or give another --out") from None
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(f, fcntl.LOCK_UN)
    finally:
        f.close()


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


def _publish_mode(path: str | Path, folder: bool = False) -> None:
    """Temp files and folders are private (0600/0700); the result gets the usual mode under the umask."""
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file via a temporary name in the same folder and a rename; the temp file never survives."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TMP_MARK}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _publish_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_table(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TMP_MARK}", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        _publish_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _replace_folder(new: Path, target: Path) -> None:
    """Put the complete folder `new` at `target`; the old `target` (if any) is removed afterwards."""
    if not target.exists():
        os.rename(new, target)
    elif _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)             # `new` now holds the old result
    else:
        old = target.with_name(f".{target.name}{TMP_MARK}old-{os.getpid()}")
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(target.parent)


def clean_stale(out: Path, name: str) -> None:
    """Remove temporary folders of earlier writers of OUT/<name> (call while holding its lock)."""
    for p in out.glob(f".{name}{TMP_MARK}*"):
        shutil.rmtree(p, ignore_errors=True)


def save_run(r: RunResult, out: Path) -> Path:
    """out/<safe name>/{kpis,by_type,daily,system,victims,takedowns}.parquet + manifest.json, atomically."""
    import pandas as pd

    check_out_dir(out)
    folder = run_folder(out, r.name)
    if os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
        raise StoreError(f"{folder}: exists and is not a saved run's folder; move it away or give another --out")
    kpi_rows = [{"seed": s.seed, "kpi": k, "value": v} for s in r.per_seed for k, v in s.kpis.items()]
    type_rows = [{"seed": s.seed, "fraud_type": t, "kpi": k, "value": v}
                 for s in r.per_seed for t, d in s.by_type.items() for k, v in d.items()]
    tables = {
        "kpis": pd.DataFrame(kpi_rows), "by_type": pd.DataFrame(type_rows),
        "daily": r.daily, "system": r.system, "victims": r.victims, "takedowns": r.takedowns,
    }
    with folder_lock(folder):
        clean_stale(folder.parent, folder.name)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}{TMP_MARK}", dir=folder.parent))
        try:
            files: dict[str, dict[str, Any]] = {}
            for name, df in tables.items():
                path = tmp / f"{name}.parquet"
                pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
                files[path.name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
            scen_json = r.scenario.model_dump_json()
            manifest: dict[str, Any] = {
                "format": MANIFEST_FORMAT,
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
                "tables": sorted(files),
                "files": files,
            }
            # the manifest is written last: a folder without it is incomplete
            atomic_write_bytes(tmp / MANIFEST, json.dumps(manifest, indent=2, allow_nan=False).encode())
            _fsync_dir(tmp)
            _publish_mode(tmp, folder=True)
            _replace_folder(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return folder


def check_run_folder(folder: str | Path) -> list[str]:
    """Problems with a saved run folder (empty when it is complete and unchanged): no or unreadable
    manifest, a table listed but missing, a table whose size or SHA-256 differs from the manifest
    (a half-written or mixed folder), or a table that is not listed."""
    folder = Path(folder)
    mpath = folder / MANIFEST
    if not folder.is_dir():
        return [f"{folder}: not a folder"]
    if not mpath.exists():
        return [f"{folder}: no {MANIFEST}: the save was interrupted or this is not a run folder"]
    try:
        man = json.loads(read_regular(mpath, MAX_MANIFEST_BYTES))
    except FileRefused as e:
        return [f"{mpath}: {e}"]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return [f"{mpath}: unreadable ({e})"]
    if not isinstance(man, dict) or not isinstance(man.get("files"), dict):
        return [f"{mpath}: no file list (written by an older version or not a run manifest); save the run again"]
    problems = []
    if len(man["files"]) > MAX_LISTED:
        return [f"{mpath}: lists {len(man['files']):,} files; a run saves {len(RUN_TABLES)} tables"]
    for name, meta in sorted(man["files"].items()):
        problem = _listed_file_problem(folder, name, meta)
        if problem:
            problems.append(problem)
    for p in sorted(folder.glob("*.parquet")):
        if p.name not in man["files"]:
            problems.append(f"{p}: not part of this run (not in the manifest)")
    return problems


RUN_TABLES = ("kpis", "by_type", "daily", "system", "victims", "takedowns")
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.parquet$")


def _listed_file_problem(folder: Path, name: Any, meta: Any) -> str | None:
    """A file the manifest lists, checked without leaving the folder or reading more than its bound: a
    plain name (no path, no '..'), a regular file (no link, pipe or device), its size as listed and at most
    MAX_TABLE_BYTES (checked before a byte is read), then its SHA-256."""
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        return (f"{folder / MANIFEST}: lists {str(name)[:80]!r}, which is not a table of this folder (a saved run "
                "lists its own .parquet files by name only)")
    p = folder / name
    try:
        st = os.lstat(p)
    except OSError:
        return f"{p}: listed in the manifest but missing"
    if not stat.S_ISREG(st.st_mode):
        return f"{p}: listed in the manifest but not a regular file (a link, folder or device)"
    if not isinstance(meta, dict) or st.st_size != meta.get("bytes"):
        return f"{p}: differs from the file the manifest lists (a mixed or changed folder)"
    if st.st_size > MAX_TABLE_BYTES:
        return f"{p}: {st.st_size:,} bytes, more than a saved run's table can be ({MAX_TABLE_BYTES:,}); not read"
    if _sha256(p) != meta.get("sha256"):
        return f"{p}: differs from the file the manifest lists (a mixed or changed folder)"
    return None


def read_run_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a saved run after `check_run_folder` finds nothing wrong; StoreError otherwise."""
    problems = check_run_folder(folder)
    if problems:
        raise StoreError("\n".join(problems))
    return json.loads(read_regular(Path(folder) / MANIFEST, MAX_MANIFEST_BYTES))
