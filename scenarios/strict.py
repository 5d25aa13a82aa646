"""Strict values for the scenario schema: what counts as a number, and reforms that set whole tables.

- Numbers are numbers: text ("0.5") and true/false are refused where a number or share is expected, and
  true/false where an integer is (pydantic's strict mode, switched on in scenarios/schema.py). What
  strict mode would refuse without reason is normalised first (`plain_types`): an integral float for an
  integer (3.0 is 3; TOML and the dashboard's number fields give floats), numpy numbers, and a tuple
  for a list.
- A reform's `set` may name a whole table (`set = { run = { years = 1 } }`): `expand_tables` turns it
  into dotted keys ("run.years") before the start-only refusal sees them, so a table cannot smuggle a
  key the refusal would stop.
- Integers of more than MAX_INT_BITS bits (about 300 digits, beyond any float) are refused before
  anything converts or prints them (`huge_integers`): Python refuses to turn integers of more than
  4,300 digits into text, and a hex literal in TOML can be far larger. Smaller ones reach the schema,
  whose message names the key's allowed range.
- Names an extension could register (fraud types, actors, payers) are checked only once the extensions
  are imported: while a file that names extensions is checked before the import, `deferred(info)` is
  true and such names are left for the second pass (scenarios/loader.py).
Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

MAX_INT_BITS = 1024        # about 308 digits: beyond float64, far beyond any count or amount in a scenario


def _is(ann: Any, kind: type) -> bool:
    """Whether annotation `ann` is `kind` or `kind | None`."""
    if ann is kind:
        return True
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        return any(a is kind for a in typing.get_args(ann))
    return False


def _is_list(ann: Any) -> bool:
    if typing.get_origin(ann) is list:
        return True
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        return any(typing.get_origin(a) is list for a in typing.get_args(ann))
    return False


def _plain(ann: Any, v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if hasattr(v, "item") and type(v).__module__ == "numpy" and getattr(v, "ndim", 1) == 0:
        v = v.item()                                   # numpy scalars as Python numbers
    if _is(ann, int) and isinstance(v, float) and v.is_integer() and abs(v) < 2.0 ** 63:
        return int(v)
    if isinstance(v, tuple) and _is_list(ann):
        return list(v)
    return v


def plain_types(fields: dict[str, Any], data: Any) -> Any:
    """`data` (a table about to be validated) with integral floats for integers, numpy numbers and
    tuples for lists made plain; anything else unchanged, for strict validation to judge."""
    if not isinstance(data, dict):
        return data
    out = None
    for name, f in fields.items():
        if name in data:
            new = _plain(f.annotation, data[name])
            if new is not data[name]:
                out = out if out is not None else dict(data)
                out[name] = new
    return out if out is not None else data


def deferred(info: Any) -> bool:
    """True while a file that names extensions is checked before they are imported: names an extension
    may register are not judged yet."""
    ctx = getattr(info, "context", None)
    return bool(ctx and ctx.get("deferred_names"))


def expand_tables(set_: dict[str, Any], is_table: Callable[[str], bool]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A reform's `set` with every value that is a table of the schema (a section, a fraud type, an
    actor) spread into dotted keys; also which dotted keys each expanded key became."""
    out: dict[str, Any] = {}
    became: dict[str, list[str]] = {}

    def add(key: str, value: Any, origin: str, depth: int) -> None:
        if isinstance(value, dict) and depth < 8 and is_table(key):
            for k, v in value.items():
                add(f"{key}.{k}", v, origin, depth + 1)
        else:
            out[key] = value
            became.setdefault(origin, []).append(key)

    for key, value in set_.items():
        add(str(key), value, str(key), 0)
    return out, {k: v for k, v in became.items() if v != [k]}


def huge_integers(obj: Any, path: str = "") -> list[str]:
    """Key paths of integers beyond MAX_INT_BITS anywhere in `obj` (iteratively; never prints them)."""
    out, stack = [], [(obj, path)]
    while stack:
        node, p = stack.pop()
        if isinstance(node, int) and not isinstance(node, bool) and node.bit_length() > MAX_INT_BITS:
            out.append(f"{p or '(top)'}: integer far too large (about {node.bit_length() * 0.30103:,.0f} digits); "
                       "no number in a scenario has more than 18 digits")
        elif isinstance(node, dict):
            stack += [(v, f"{p}.{k}" if p else str(k)) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, f"{p}[{i}]") for i, v in enumerate(node)]
    return sorted(out)


def is_table(key: str) -> bool:
    """Whether a dotted key names a table of the schema (a section, the fraud types or one of them, the
    actors or one of them) rather than a value."""
    from fraudchain.scenarios.schema import FraudTypeParams, Scenario, Section
    from pydantic import BaseModel

    model: Any = Scenario
    for part in key.split("."):
        if model in ("fraud_types", "actors"):
            model = FraudTypeParams if model == "fraud_types" else "actor"
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return False
        f = model.model_fields.get(part)
        if f is None:
            return False
        if model is Scenario and part in ("fraud_types", "actors"):
            model = part
        elif isinstance(f.annotation, type) and issubclass(f.annotation, Section):
            model = f.annotation
        else:
            return False
    return True


def tables_as_keys(data: Any) -> Any:
    """A reform (before validation) whose `set` names tables as one that names their dotted keys; a measure
    that names such a table names its keys."""
    if not isinstance(data, dict) or not isinstance(data.get("set"), dict):
        return data
    flat, became = expand_tables(data["set"], is_table)
    if not became:
        return data
    out = {**data, "set": flat}
    if isinstance(data.get("measures"), dict):
        out["measures"] = {m: [k2 for k in keys for k2 in became.get(k, [k])] if isinstance(keys, list) else keys
                           for m, keys in data["measures"].items()}
    return out
