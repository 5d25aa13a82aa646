"""Reading a file the user names, safely: only regular files, never more than a bound.

A path can name a directory, a FIFO (reading blocks forever), a device such as /dev/zero (reading
never ends) or a file that grows while it is read; `st_size` says nothing reliable about any of
them. `read_regular` opens without blocking, checks the opened file itself (so a swap between a
check and the open does not matter) and reads at most `limit + 1` bytes. Must not import sim/,
agents/ or dashboard/.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(ValueError):
    """A path that is not a readable regular file within the size bound; the message says why."""


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused (with a reason) otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except IsADirectoryError:
        raise FileRefused("is a directory, not a file") from None
    except OSError as e:
        raise FileRefused(f"cannot be opened ({e.strerror or e})") from None
    except ValueError:                              # a NUL character in the name
        raise FileRefused("is not a usable file name") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileRefused("is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise FileRefused("is not a regular file (a pipe, socket or device); only regular files are read")
        chunks, size = [], 0
        while size <= limit:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            except OSError as e:
                raise FileRefused(f"cannot be read ({e.strerror or e})") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused(f"is larger than {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
