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

_held = threading.local()  # how many writer locks this thread holds, across connections
_open_fds: set[int] = set()  # lock files this process holds open (each only while it holds the lock)


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
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

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
            fcntl.flock(fd, fcntl.LOCK_EX)
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
