"""SQLite write transactions that wait their turn in the kernel instead of in SQLite's sleep loop.

SQLite has one write lock. A connection that finds it taken sleeps (1, 2, 5,
10 … 100 ms) and tries again, so a webhook that wants to store one row can
starve while a worker commits batch after batch with sub-millisecond gaps.
Here every write transaction first takes an exclusive `flock` on a file next
to the database: the kernel wakes a waiter the moment the holder commits, so
webhooks and workers take turns, and a process that dies holding it (even by
SIGKILL) releases it at once.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_held = threading.local()  # how many writer locks this thread holds, across connections
_open_fds: set[int] = set()  # lock files this process holds open (each only while it holds the lock)
_patience = threading.local()  # a deadline (time.monotonic()) for this thread's writes, when one is set
BUSY_TIMEOUT_MS = 30000  # as set on every connection (core.db); a bounded wait lowers it for one transaction


@contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Make this thread's write transactions give up after `seconds` with "database is locked".

    For a webhook: a provider waits a few seconds for its answer, so a database
    held by someone else must be answered with a quick 503, not a 30 s wait.
    """
    previous = getattr(_patience, "deadline", None)
    _patience.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _patience.deadline = previous


def lock_path(database_path: str) -> str | None:
    """Return the lock file for a database file (None for an in-memory database)."""
    if not database_path or database_path == ":memory:":
        return None
    return database_path + "-writer.lock"


class WriterConnection(sqlite3.Connection):
    """A sqlite3 connection whose `begin_immediate` queues on the database's writer lock file."""

    lock_file: str | None = None

    def begin_immediate(self) -> None:
        """Wait for the writer lock, then open a write transaction."""
        self._acquire()
        deadline = getattr(_patience, "deadline", None)
        try:
            if deadline is not None:
                self.execute(f"PRAGMA busy_timeout={max(1, int((deadline - time.monotonic()) * 1000))}")
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise
        finally:
            if deadline is not None:
                self.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        self._release()
        super().close()

    def _acquire(self) -> None:
        # A thread that already writes through another connection would wait for itself
        # forever here; it falls back to SQLite's own busy timeout, which fails cleanly.
        if self.lock_file is None or "_fd" in self.__dict__ or getattr(_held, "count", 0) > 0:
            return
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        _open_fds.add(fd)
        try:
            _flock(fd, getattr(_patience, "deadline", None))
        except BaseException:
            _close(fd)
            raise
        self._fd = fd
        _held.count = getattr(_held, "count", 0) + 1

    def _release(self) -> None:
        fd = self.__dict__.pop("_fd", None)
        if fd is not None:
            _close(fd)  # closing the only descriptor releases the lock
            _held.count = max(0, getattr(_held, "count", 0) - 1)


def _flock(fd: int, deadline: float | None) -> None:
    """Take the lock, waiting for ever or (with a deadline) polling until it passes."""
    if deadline is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise sqlite3.OperationalError("database is locked (the writer lock is held elsewhere)") from None
            time.sleep(0.005)


def _close(fd: int) -> None:
    if fd in _open_fds:  # not after a fork: the child closed its copies, and the number may be reused
        _open_fds.discard(fd)
        os.close(fd)


def _forget_inherited_locks() -> None:
    # A child forked while a thread held the lock (rq forks its scheduler) must not keep it
    # alive: closing the child's copies leaves the lock with the parent, and with its death.
    for fd in list(_open_fds):
        os.close(fd)
    _open_fds.clear()


os.register_at_fork(after_in_child=_forget_inherited_locks)


def connection_class(lock_file: str | None) -> type[WriterConnection]:
    """Return a connection class bound to one database's lock file (passed to sqlite3 as `factory`)."""
    return type("WriterConnection", (WriterConnection,), {"lock_file": lock_file})
