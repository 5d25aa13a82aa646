"""Typed columns: tables whose columns are declared once, with their dtype, fill value and meaning.

A class names its columns as class attributes (`gross = Column(np.float64, 0.0, "EUR paid so far")`);
`obj.gross` is that column's numpy array, changed in place (`obj.gross[ids] += x`), never replaced. Two kinds:

- `Table`: one row per event or account, growing by doubling; `n` rows are in use, `add(k, col=values, ...)`
  appends k rows (columns not given keep their fill value), `keep(mask)` drops rows;
- `Grid`: arrays of one fixed shape (counters per day and fraud type, per firm, ...).

Used for the receiving-account registry (agents/mules.py) and the model's shared state (sim/engine/state.py),
so every column has a name a reader (and a type checker) can follow, and the engine never sets or looks up
an attribute by a string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, overload

import numpy as np


class Column:
    """One typed column (or array) of a Table or Grid."""

    def __init__(self, dtype: Any = np.float64, fill: float | int | bool = 0.0, doc: str = ""):
        self.dtype = np.dtype(dtype)
        self.fill = fill
        self.doc = doc
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Column: ...
    @overload
    def __get__(self, obj: Frame, owner: type) -> np.ndarray: ...

    def __get__(self, obj: Frame | None, owner: type) -> Column | np.ndarray:
        if obj is None:
            return self
        return obj._data[self.name]

    def __set__(self, obj: Frame, value: Any) -> None:
        if value is obj._data[self.name]:          # `obj.col += x` changed the array in place, then assigns it back
            return
        raise AttributeError(f"column {self.name!r} is changed in place ({self.name}[ids] = ...), never replaced")


class Frame:
    """What Table and Grid share: the declared columns and their storage."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    _data: dict[str, np.ndarray]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cols: dict[str, Column] = {}
        for klass in reversed(cls.__mro__):
            cols.update({v.name: v for v in vars(klass).values() if isinstance(v, Column)})
        cls.COLUMNS = tuple(cols.values())

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(c.name for c in cls.COLUMNS)

    def items(self) -> Iterator[tuple[str, np.ndarray]]:
        """(name, array) of every column, in declaration order (rows in use, for a Table)."""
        for c in self.COLUMNS:
            yield c.name, self._data[c.name]


class Table(Frame):
    """A growable table; `n` rows are in use (the arrays are longer: capacity grows by doubling)."""

    def __init__(self, capacity: int = 1024):
        self.n = 0
        self.cap = capacity
        self._data = {c.name: np.full(capacity, c.fill, dtype=c.dtype) for c in self.COLUMNS}

    def items(self) -> Iterator[tuple[str, np.ndarray]]:
        for c in self.COLUMNS:
            yield c.name, self._data[c.name][: self.n]

    def add(self, k: int, **values: np.ndarray | float) -> np.ndarray:
        """Append k rows; returns their ids. Columns not given keep their fill value."""
        unknown = set(values) - set(self._data)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no column(s) {sorted(unknown)}")
        if self.n + k > self.cap:
            self._resize(max(2 * self.cap, self.n + k))
        ids = np.arange(self.n, self.n + k)
        for name, v in values.items():
            self._data[name][ids] = v
        self.n += k
        return ids

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the rows in use where `mask` holds (in their order)."""
        k = int(mask.sum())
        for c in self.COLUMNS:
            col = self._data[c.name]
            col[:k] = col[: self.n][mask]
            col[k: self.n] = c.fill
        self.n = k

    def _resize(self, cap: int) -> None:
        data = {}
        for c in self.COLUMNS:
            arr = np.full(cap, c.fill, dtype=c.dtype)
            arr[: self.n] = self._data[c.name][: self.n]
            data[c.name] = arr
        self._data = data
        self.cap = cap


class Grid(Frame):
    """Arrays of one fixed shape, filled with each column's fill value."""

    def __init__(self, *shape: int):
        self.shape = shape
        self._data = {c.name: np.full(shape, c.fill, dtype=c.dtype) for c in self.COLUMNS}
