"""The contract every blob backend keeps, and the errors a caller tells apart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, Protocol

CHUNK_BYTES = 1024 * 1024  # what a backend holds in memory at once, whatever the file's size
_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


class BlobError(Exception):
    """Something went wrong with a blob; the subclasses say what the caller can do about it."""


class BlobTooLarge(BlobError):
    """The stream is over the size limit; nothing was kept."""

    def __init__(self, limit: int):
        super().__init__(f"over the limit of {limit} bytes")
        self.limit = limit


class BlobMissing(BlobError):
    """No blob under that key."""


class BlobUnavailable(BlobError):
    """The store cannot be reached now; try again later (nothing was lost)."""


class BlobStore(Protocol):
    """Where blobs live. Keys are relative paths such as `media/ab/ab12….jpg`, checked by `check_key`."""

    name: str

    def put(self, key: str, source: BinaryIO, limit: int | None = None) -> int:
        """Store the stream under `key` (replacing any blob there) chunk by chunk and return its size.

        Raise BlobTooLarge as soon as more than `limit` bytes arrive, keeping nothing, and BlobUnavailable
        when the store cannot be reached.
        """
        ...

    def open(self, key: str) -> BinaryIO:
        """Return the blob as a readable stream (read in chunks); raise BlobMissing or BlobUnavailable."""
        ...

    def exists(self, key: str) -> bool:
        """Tell whether a blob is stored under `key`."""
        ...

    def delete(self, key: str) -> None:
        """Remove the blob, if there is one."""
        ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Yield every key that starts with `prefix`."""
        ...


def check_key(key: str) -> str:
    """Return the key if it is a plain relative path (no `..`, no absolute path); raise BlobMissing otherwise."""
    if not _KEY.fullmatch(key) or any(part in (".", "..") for part in key.split("/")) or len(key) > 500:
        raise BlobMissing(f"not a blob key: {key[:80]!r}")
    return key


def chunks(source: BinaryIO, limit: int | None) -> Iterator[bytes]:
    """Read the stream a chunk at a time, raising BlobTooLarge once it passes `limit`."""
    total = 0
    while block := source.read(CHUNK_BYTES):
        total += len(block)
        if limit is not None and total > limit:
            raise BlobTooLarge(limit)
        yield block
