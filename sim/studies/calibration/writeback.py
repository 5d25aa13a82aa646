"""Writing fitted values back into a scenario file: a delimited block with provenance, written
atomically and only when the result still loads as a valid scenario.

The block keeps the rest of the file (its comments) as it is, so it is spliced in as text: each value
is rendered by the TOML library (scenarios/writer.py), each key must be a plain dotted schema key, and
every comment is one line with control characters shown escaped (sim/safe_text.py), so nothing a user
typed (a --param, a file name) can add a line to the file."""

from __future__ import annotations

import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario
from fraudchain.scenarios.packs import pack_scenario_path, pack_scenarios
from fraudchain.scenarios.writer import toml_value
from fraudchain.sim.errors import BadInput
from fraudchain.sim.safe_text import terminal_text

BLOCK_START = "# --- calibrated (fraudchain calibrate) ---"
BLOCK_END = "# --- end calibrated ---"
PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")


def scenario_file(ref: str) -> Path:
    """The TOML file behind a scenario reference (a built-in name or a path)."""
    if ref in pack_scenarios() and not Path(ref).suffix:
        return Path(str(pack_scenario_path(ref)))
    if ref in builtin_names() and not Path(ref).suffix:
        return Path(str(resources.files("fraudchain.scenarios").joinpath("builtin", f"{ref}.toml")))
    return Path(ref)


def render_block(values: dict[str, float], comments: dict[str, str], header: list[str],
                 kept: list[str] | None = None) -> str:
    """The block: its header, the fitted values with their provenance, then `kept` (the value lines of an
    earlier fit of other keys, as they were)."""
    lines = [BLOCK_START, *(f"# {terminal_text(h)}" for h in header)]
    for k, v in values.items():
        if not PLAIN_KEY.match(k):
            raise BadInput(f"{terminal_text(k)!r}: not a plain dotted parameter key; nothing was written")
        lines.append(f"{k} = {toml_value(v)}" + (f"   # {terminal_text(comments[k])}" if comments.get(k) else ""))
    if kept:
        lines += ["# fitted earlier (other keys, each with its own provenance):", *kept]
    lines.append(BLOCK_END)
    return "\n".join(lines) + "\n"


def _kept_lines(text: str, values: dict[str, float]) -> list[str]:
    """The value lines of the existing block whose keys the new fit does not write (a fit of one group of
    parameters keeps the other group's fitted values)."""
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    if start < 0 or end < start:
        return []
    out = []
    for line in text[start:end].splitlines()[1:]:
        m = re.match(r"^([A-Za-z0-9_.]+)\s*=", line)
        if m and m.group(1) not in values and PLAIN_KEY.match(m.group(1)):
            out.append(line)
    return out


def _split_block(text: str) -> tuple[str, str, bool]:
    """(text before the block, text after it, whether a block was there)."""
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    if start >= 0 and end > start:
        after = text[end + len(BLOCK_END):]
        return text[:start], after[1:] if after.startswith("\n") else after, True
    if start >= 0 or end >= 0:
        raise BadInput(f"the calibrated block's markers ({BLOCK_START!r} ... {BLOCK_END!r}) are incomplete; "
                       "fix the file by hand")
    # before the first table header that is not inside a multi-line string: dotted keys there are top level
    for m in re.finditer(r"(?m)^[ \t]*\[", text):
        try:
            tomllib.loads(text[:m.start()])
        except tomllib.TOMLDecodeError:
            continue
        return text[:m.start()], text[m.start():], False
    return text if text.endswith("\n") or not text else text + "\n", "", False


def write_calibrated(path: Path, values: dict[str, float], comments: dict[str, str], header: list[str]) -> str:
    """Replace (or insert) the calibrated block of a scenario file, leaving everything else as it is.
    The new file must parse, hold exactly the written values and load as a valid scenario before it
    replaces the old one (temp file + os.replace); otherwise the old file stays and BadInput says why."""
    text = path.read_text(encoding="utf-8")
    before, after, had = _split_block(text)
    sep = "" if not before or before.endswith("\n\n") or had else "\n"
    kept = _kept_lines(text, values)
    new = before + sep + render_block(values, comments, header, kept) + ("\n" if after and not had else "") + after
    try:
        raw = tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise BadInput(f"{path}: writing the calibrated values would break the file ({e}); a fitted key is "
                       "probably also set elsewhere in it (remove it there); nothing was written") from None
    for k, v in values.items():
        node: Any = raw
        for part in k.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node != v:
            raise BadInput(f"{path}: {k} would read back as {node!r}, not {v!r}; nothing was written")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(new, encoding="utf-8")
    try:
        load_scenario(tmp)
    except ScenarioError as e:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"{path}: the calibrated file would not validate ({'; '.join(e.problems)}); "
                       "nothing was written") from None
    os.replace(tmp, path)
    return new
