"""Locks between render.sh runs that share an output folder: one run makes a given clip at a time.

Each clip has a lock file beside its stamp (`.NAME.lock`), held for the whole of its making;
each folder has one (`.folder.lock`), held briefly while files are put in place and while
lesson.mp4 and index.html are written. A second run that wants a held lock waits for it
(saying so), so what a stamp says is always what the files beside it are. The locks are the
kernel's (flock): a run that dies, even by SIGKILL, lets go of them.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.2


def clip_lock(folder: Path, scene: str) -> Path:
    return folder / f".{scene}.lock"


def folder_lock(folder: Path) -> Path:
    return folder / ".folder.lock"


@contextmanager
def held(path: Path, waiting: Callable[[], None] | None = None,
         check: Callable[[], None] | None = None) -> Iterator[bool]:
    """Hold the lock at `path`; yields whether another run held it first (and so was waited for).

    `waiting` is called once if the lock is taken; `check` is called while waiting and may
    raise to give up (the run is being stopped).
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    waited = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and waiting is not None:
                    waiting()
                waited = True
                if check is not None:
                    check()
                time.sleep(POLL_SECONDS)
        yield waited
    finally:
        os.close(fd)


def is_free(path: Path) -> bool:
    """Whether no run holds the lock at `path` now (a missing lock file is free)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
