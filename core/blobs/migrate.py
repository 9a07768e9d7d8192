"""Copy the files an install kept in its data directory into the configured blob store, once per file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.blobs.base import BlobStore
from core.blobs.local import LocalBlobs

# What used to live in the data directory and now lives in the blob store.
PREFIXES = ("media/", "models/")


def pending(source: LocalBlobs, target: BlobStore) -> Iterator[str]:
    """Yield the local files the target does not hold yet."""
    for prefix in PREFIXES:
        for key in source.keys(prefix):
            if not target.exists(key):
                yield key


def copy(source: LocalBlobs, target: BlobStore, keys: list[str], done: Callable[[str, int], None]) -> int:
    """Stream each file into the target, calling `done(key, size)` after each; return the bytes copied."""
    total = 0
    for key in keys:
        with source.open(key) as stream:
            size = target.put(key, stream)
        total += size
        done(key, size)
    return total
