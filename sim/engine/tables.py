"""Small helpers for events: a day-bucket calendar, and scatter updates that stay right when an id repeats.

Owns storage only; no model logic. Typed column tables are in agents/columns.py.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np


class Calendar:
    """Events keyed by whole day: schedule ids at (fractional) times, pop a day's ids in one array.

    Small batches are filed id by id (cheaper than sorting); large ones are sorted and split.
    """

    SMALL = 48

    def __init__(self) -> None:
        self._arrays: dict[int, list[np.ndarray]] = defaultdict(list)
        self._scalars: dict[int, list[int]] = defaultdict(list)

    def schedule(self, days: np.ndarray, ids: np.ndarray) -> None:
        ok = np.isfinite(days)
        d = np.floor(days[ok]).astype(np.int64)
        ids = ids[ok]
        if d.size == 0:
            return
        if d.size <= self.SMALL:
            sc = self._scalars
            for day, i in zip(d.tolist(), ids.tolist(), strict=True):
                sc[day].append(i)
            return
        order = np.argsort(d, kind="stable")
        d, ids = d[order], ids[order]
        uniq, starts = np.unique(d, return_index=True)
        for day, part in zip(uniq.tolist(), np.split(ids, starts[1:]), strict=True):
            self._arrays[day].append(part)

    def pop(self, day: int) -> np.ndarray:
        parts = self._arrays.pop(day, [])
        scalars = self._scalars.pop(day, None)
        if scalars:
            parts.append(np.array(scalars, dtype=np.int64))
        if not parts:
            return np.empty(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def unique_ids(ids: np.ndarray) -> np.ndarray:
    """`ids`, checked to hold no id twice. A scatter update `a[ids] += x` (or `a[ids] = f(a[ids])`) is right
    only then: with a repeated id numpy applies the last write, not all of them. Use it where uniqueness holds
    by construction (a case pays at most once a day); where an id can repeat use np.add.at / np.minimum.at."""
    if ids.size > 1 and np.unique(ids).size != ids.size:
        raise AssertionError("ids repeat where each must occur once (use np.add.at / np.minimum.at)")
    return ids


def rounds(key: np.ndarray, when: np.ndarray) -> list[np.ndarray]:
    """Split a batch into rounds in which every key occurs once: round r holds the r-th event of each key in
    the order of `when` (positions into the batch, in batch order). Events applied round after round see the
    effect of the key's earlier events, as if applied one at a time; most batches are one round."""
    if key.size < 2:
        return [np.arange(key.size)]
    order = np.lexsort((when, key))
    k = key[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    if starts.size == key.size:
        return [np.arange(key.size)]
    rank = np.empty(key.size, dtype=np.int64)
    rank[order] = np.arange(key.size) - np.repeat(starts, np.diff(np.r_[starts, key.size]))
    return [np.flatnonzero(rank == r) for r in range(int(rank.max()) + 1)]
