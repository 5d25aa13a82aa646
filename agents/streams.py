"""Named random streams: every random draw of a run comes from one of them, derived from the run's seed.

A stream has a name ("contacts", "payments", ...). On each simulated day it gives a generator positioned at
its own substream for that day, so the numbers depend only on (seed, name, day) and on how many numbers were
already drawn from that stream that day. Two runs on the same seed therefore draw the same numbers in one
stage whatever another stage drew: a lever that changes how many draws one stage makes (campaign reach: how
many people a campaign reaches) does not reshuffle the draws of the others, and a difference that arises on
one day does not shift the draws of later days. This is what makes paired comparisons (common random
numbers) sharp.

Each stream is a PCG64 generator seeded by numpy's SeedSequence from (seed, a stable key of the name); day d
starts (d + 1) x 2^64 steps into its sequence (day -1: building the model), far more numbers than a day draws.
"""

from __future__ import annotations

import zlib

import numpy as np

DAY_STRIDE = 1 << 64     # numbers each (stream, day) substream holds before it would reach the next day's
BUILD_DAY = -1           # the day while the model is built (populations, groups, banks' strengths)


def stream_key(name: str) -> int:
    """A stable integer for a stream's name (the same in every process and Python version)."""
    return zlib.crc32(name.encode("utf-8"))


class _Stream:
    def __init__(self, seed: int, name: str):
        self.bits = np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_key(name),)))
        self.start = self.bits.state
        self.generator = np.random.Generator(self.bits)
        self.day: int | None = None

    def at(self, day: int) -> np.random.Generator:
        if day != self.day:
            self.bits.state = self.start
            self.bits.advance((day - BUILD_DAY) * DAY_STRIDE)
            self.day = day
        return self.generator


class RandomStreams:
    """The named streams of one run. `streams["contacts"]` is the contacts stream's generator for the current
    day (`set_day`); `fresh(name)` is a new generator at the start of a stream's build-day substream, to replay
    a draw made at build."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self.day = BUILD_DAY
        self._streams: dict[str, _Stream] = {}

    def set_day(self, day: int) -> None:
        self.day = int(day)

    def __getitem__(self, name: str) -> np.random.Generator:
        s = self._streams.get(name)
        if s is None:
            s = self._streams[name] = _Stream(self.seed, name)
        return s.at(self.day)

    def fresh(self, name: str, day: int = BUILD_DAY) -> np.random.Generator:
        return _Stream(self.seed, name).at(day)

    def names(self) -> list[str]:
        """The streams drawn from so far."""
        return sorted(self._streams)
