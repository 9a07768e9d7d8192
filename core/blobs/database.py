"""Blobs in the database: the default on PostgreSQL, so every host that reaches the database reaches the files.

A blob is written as numbered chunks in one transaction (a failure or an
oversized stream leaves nothing), and read back one chunk per query, so
neither side ever holds a whole file in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from core.blobs.base import BlobMissing, BlobUnavailable, check_key, chunks
from core.blobs.models import Blob, BlobChunk
from core.clock import utcnow
from core.db import read_only

_BLOB = Blob.__table__  # type: ignore[attr-defined]
_CHUNK = BlobChunk.__table__  # type: ignore[attr-defined]


class DatabaseBlobs:
    """Blobs in the `blob` and `blob_chunk` tables of the service's own database."""

    name = "database"

    def __init__(self, engine: Engine):
        self.engine = engine

    def put(self, key: str, source: BinaryIO, limit: int | None = None) -> int:
        check_key(key)
        size = count = 0
        try:
            with self.engine.begin() as connection:
                connection.execute(delete(_CHUNK).where(_CHUNK.c.key == key))
                connection.execute(delete(_BLOB).where(_BLOB.c.key == key))
                for block in chunks(source, limit):
                    connection.execute(insert(_CHUNK).values(key=key, seq=count, data=block))
                    size, count = size + len(block), count + 1
                connection.execute(insert(_BLOB).values(key=key, size=size, chunks=count, created_at=utcnow()))
        except OperationalError as exc:
            raise BlobUnavailable(f"database: {exc.orig}") from exc
        return size

    def open(self, key: str) -> BinaryIO:
        check_key(key)
        count = self._scalar(select(_BLOB.c.chunks).where(_BLOB.c.key == key))
        if count is None:
            raise BlobMissing(key)
        return io.BufferedReader(_ChunkReader(self, key, count))

    def exists(self, key: str) -> bool:
        try:
            check_key(key)
        except BlobMissing:
            return False
        return self._scalar(select(_BLOB.c.size).where(_BLOB.c.key == key)) is not None

    def delete(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(_CHUNK).where(_CHUNK.c.key == key))
            connection.execute(delete(_BLOB).where(_BLOB.c.key == key))

    def keys(self, prefix: str = "") -> Iterator[str]:
        query = select(_BLOB.c.key).where(_BLOB.c.key.startswith(prefix, autoescape=True)).order_by(_BLOB.c.key)
        with read_only(self.engine) as connection:
            yield from list(connection.execute(query).scalars())

    def chunk(self, key: str, seq: int) -> bytes:
        """Return one chunk of a blob (the reader's one query per chunk)."""
        data = self._scalar(select(_CHUNK.c.data).where(_CHUNK.c.key == key, _CHUNK.c.seq == seq))
        if data is None:
            raise BlobMissing(f"{key} lost chunk {seq} while being read")
        return bytes(data)

    def _scalar(self, query):
        try:  # read-only: on SQLite it does not wait behind a writer (a batch reading a model mid-transaction)
            with read_only(self.engine) as connection:
                return connection.execute(query).scalar()
        except OperationalError as exc:
            raise BlobUnavailable(f"database: {exc.orig}") from exc


class _ChunkReader(io.RawIOBase):
    """A stream over a blob's chunks that fetches the next one only when the previous one is used up."""

    def __init__(self, store: DatabaseBlobs, key: str, count: int):
        self.store, self.key, self.count = store, key, count
        self.seq, self.pending, self.offset = 0, b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.offset >= len(self.pending) and self.seq < self.count:
            self.pending, self.offset = self.store.chunk(self.key, self.seq), 0
            self.seq += 1
        size = min(len(buffer), len(self.pending) - self.offset)
        buffer[:size] = memoryview(self.pending)[self.offset : self.offset + size]
        self.offset += size
        return size
