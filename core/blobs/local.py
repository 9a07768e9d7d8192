"""Blobs as files under the data directory: the embedded default, for one machine."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from core.blobs.base import BlobMissing, check_key, chunks


class LocalBlobs:
    """Files under `root`; a key is the file's path relative to it (`media/ab/ab12….jpg`)."""

    name = "local"

    def __init__(self, root: Path):
        self.root = root.resolve()

    def put(self, key: str, source: BinaryIO, limit: int | None = None) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        size = 0
        try:
            with os.fdopen(handle, "wb") as out:
                for block in chunks(source, limit):
                    out.write(block)
                    size += len(block)
            os.replace(temporary, target)  # a reader never sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
        return size

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise BlobMissing(key) from None

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except BlobMissing:
            return False

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> Iterator[str]:
        start = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not start.is_dir():
            return
        for folder, _dirs, files in os.walk(start):
            for name in sorted(files):
                key = (Path(folder) / name).relative_to(self.root).as_posix()
                if key.startswith(prefix) and not name.startswith(".incoming-"):
                    yield key

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)
