"""Stage contracts: the state fields a stage reads and writes, declared by name, and a check that a model keeps
to them.

Each stage (and each step a stage calls, such as settlement) declares READS and WRITES: names of the shared
state's fields (sim/engine/state.py): `cases.gross`, `daily.victims`, `books.bank_sending.carried`,
`pay_calendar`, `recall_rate`, ...; `TABLE.rows` is a table's rows as a whole (adding or dropping rows); `mules.COLUMN` reads the
receiving-account registry (agents/mules.py, changed only through its own methods). CALLS names the steps it
calls (`"settlement.settle"`); their contracts count as the caller's.

`check_contracts(model, days)` runs a model day by day with its state behind a recording proxy and returns
every undeclared read or write (tests/test_contracts.py runs it over the built-in stages; an extension author
can run it over theirs). Reads are recorded when a stage takes a field; writes when it assigns, changes an
array in place (`a[ids] = ...`, `a += ...`, `np.add.at(a, ...)`), appends or drops rows, or files and pops a
calendar's events.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def fields(prefix: str, *names: str) -> tuple[str, ...]:
    """('cases.gross', 'cases.net', ...) from fields('cases', 'gross', 'net', ...)."""
    return tuple(f"{prefix}.{n}" for n in names)


@dataclass(frozen=True)
class Contract:
    """What a stage may read and write (its own declarations and those of the steps it calls)."""

    reads: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()
    calls: tuple[str, ...] = ()

    def allows_read(self, name: str) -> bool:
        return _covered(name, self.reads | self.writes)

    def allows_write(self, name: str) -> bool:
        return _covered(name, self.writes)


def _covered(name: str, declared: frozenset[str]) -> bool:
    """A field is covered by its own name or by a declared parent (`books` covers `books.platforms.revenue`)."""
    parts = name.split(".")
    return any(".".join(parts[:i]) in declared for i in range(1, len(parts) + 1))


def module_contract(module: types.ModuleType, steps: dict[str, types.ModuleType]) -> Contract:
    """The contract of a stage or step module, with the contracts of the steps it calls (transitively)."""
    reads, writes = set(module.READS), set(module.WRITES)
    calls = tuple(module.CALLS)
    seen: set[str] = set()
    todo = [c.split(".")[0] for c in calls]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        step = steps[name]
        reads |= set(step.READS)
        writes |= set(step.WRITES)
        todo += [c.split(".")[0] for c in step.CALLS]
    return Contract(frozenset(reads), frozenset(writes), calls)


# ---- the recording proxy -------------------------------------------------------------------------------
@dataclass
class AccessLog:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)


class _RecordedArray(np.ndarray):
    """A view of a state array that logs every change made through it."""

    _log: AccessLog | None
    _name: str

    def __array_finalize__(self, obj: Any) -> None:
        self._log = getattr(obj, "_log", None)
        self._name = getattr(obj, "_name", "")

    def _written(self) -> None:
        if self._log is not None:
            self._log.writes.add(self._name)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._written()
        super().__setitem__(key, value)

    def __getitem__(self, key: Any) -> Any:
        out = super().__getitem__(key)
        if isinstance(out, _RecordedArray) and not np.may_share_memory(out, self):
            return out.view(np.ndarray)              # a copy (fancy indexing): changing it changes no state
        return out

    def copy(self, *a: Any, **kw: Any) -> np.ndarray:
        return self.view(np.ndarray).copy(*a, **kw)

    def astype(self, *a: Any, **kw: Any) -> np.ndarray:
        return self.view(np.ndarray).astype(*a, **kw)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        outs = kwargs.get("out", ())
        if (method == "at" and inputs and inputs[0] is self) or any(o is self for o in outs):
            self._written()
        plain = [x.view(np.ndarray) if isinstance(x, _RecordedArray) else x for x in inputs]
        if outs:
            kwargs["out"] = tuple(o.view(np.ndarray) if isinstance(o, _RecordedArray) else o for o in outs)
        result = getattr(ufunc, method)(*plain, **kwargs)
        return self if (outs and outs[0] is self) else result

    def __array_function__(self, func: Callable, types_: Iterable[type], args: tuple, kwargs: dict) -> Any:
        def plain(x: Any) -> Any:
            if isinstance(x, _RecordedArray):
                return x.view(np.ndarray)
            if isinstance(x, (list, tuple)):
                return type(x)(plain(y) for y in x)
            return x
        return func(*plain(args), **{k: plain(v) for k, v in kwargs.items()})


def _recorded(arr: np.ndarray, name: str, log: AccessLog) -> np.ndarray:
    view = arr.view(_RecordedArray)
    view._log, view._name = log, name
    return view


class _Calendar:
    """A calendar (sim/engine/tables.Calendar), a day-mass calendar, a pooled rate or a report lag (sim/engine/pooled.py) whose
    every method (filing, popping, booking events, closing a day) is logged as a write."""

    def __init__(self, target: Any, name: str, log: AccessLog):
        self._target, self._name, self._log = target, name, log

    def __getattr__(self, attr: str) -> Any:
        method = getattr(self._target, attr)
        if not callable(method):
            return method

        def logged(*args: Any, **kwargs: Any) -> Any:
            self._log.writes.add(self._name)
            return method(*args, **kwargs)
        return logged


class _Recorder:
    """Stands for a state object (the state, a table, the counters, the books): logs each field a stage takes,
    and hands out arrays that log changes."""

    TABLE_METHODS = {"add": "rows", "keep": "rows", "pop_due": "rows"}

    def __init__(self, target: Any, name: str, log: AccessLog, actor: bool = False):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_actor", actor)

    def _path(self, attr: str) -> str:
        return f"{self._name}.{attr}" if self._name else attr

    def __getattr__(self, attr: str) -> Any:
        from fraudchain.agents.columns import Frame
        from fraudchain.sim.engine.pooled import DayMass, PooledRate, ReportLag
        from fraudchain.sim.engine.state import FirmBooks, OnceUsed
        from fraudchain.sim.engine.tables import Calendar

        value = getattr(self._target, attr)
        path, log = self._path(attr), self._log
        if isinstance(self._target, Frame) and callable(value):
            if self._actor:                       # an actor's own method: its business
                return value
            rows = self._path(self.TABLE_METHODS.get(attr, "rows"))
            log.reads.add(rows)
            if attr in self.TABLE_METHODS:
                log.writes.add(rows)
                log.writes.update(self._path(c) for c in self._target.names() if attr != "add")

                def logged(*a: Any, **kw: Any) -> Any:
                    log.writes.update(self._path(c) for c in kw)
                    return value(*a, **kw)
                return logged
            return value
        if attr == "n" and isinstance(self._target, Frame):
            log.reads.add(self._path("rows"))
            return value
        if isinstance(value, Frame | FirmBooks | OnceUsed):      # a container: its fields are what is read
            return _Recorder(value, path, log, actor=False)
        log.reads.add(path)
        if isinstance(value, Calendar | DayMass | PooledRate | ReportLag):
            return _Calendar(value, path, log)
        if isinstance(value, np.ndarray):
            return _recorded(value, path, log)
        if isinstance(value, list) or callable(value):   # due_today, rule_names; the books' flush
            log.writes.add(path)
        return value

    def __setattr__(self, attr: str, value: Any) -> None:
        self._log.writes.add(self._path(attr))
        if isinstance(value, _RecordedArray):
            current = getattr(self._target, attr)
            if isinstance(current, np.ndarray) and value.shape == current.shape and \
                    np.may_share_memory(value, current):
                return                            # `obj.col += x` changed the array in place already
            value = value.view(np.ndarray)
        setattr(self._target, attr, value)


# ---- the check ------------------------------------------------------------------------------------------
@dataclass
class Breach:
    stage: str
    day: int
    kind: str        # "read" or "write"
    field: str


def check_contracts(model: FraudChainModel, days: int, used: dict[str, AccessLog] | None = None) -> list[Breach]:
    """Run `days` days of `model` (from its current day) with each stage's access to the state recorded; returns
    every undeclared read or write (one per stage, kind and field, at its first day). `used`, if given, collects
    what each stage did read and write."""
    found: dict[tuple[str, str, str], Breach] = {}
    used = {} if used is None else used
    for _ in range(days):
        day = model.day
        model.streams.set_day(day)
        for stage in model.pipeline.stages:
            log = AccessLog()
            state, mules = model.state, model.mules
            model.state, model.mules = _Recorder(state, "", log), _Recorder(mules, "mules", log, actor=True)
            try:
                stage.run(model, day)
            finally:
                model.state, model.mules = state, mules
            seen = used.setdefault(stage.name, AccessLog())
            seen.reads |= log.reads
            seen.writes |= log.writes
            for name in log.reads:
                if not stage.contract.allows_read(name):
                    found.setdefault((stage.name, "read", name), Breach(stage.name, day, "read", name))
            for name in log.writes:
                if not stage.contract.allows_write(name):
                    found.setdefault((stage.name, "write", name), Breach(stage.name, day, "write", name))
        model.day += 1
    return list(found.values())
