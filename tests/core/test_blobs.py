"""Every blob backend keeps, streams, lists and refuses files the same way (S3 against moto's server mode)."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from core import db
from core.blobs.base import BlobMissing, BlobTooLarge, BlobUnavailable
from core.blobs.database import DatabaseBlobs
from core.blobs.local import LocalBlobs
from core.blobs.models import BlobChunk
from core.blobs.s3 import S3Blobs
from tests.helpers import REPO
from tests.helpers.processes import free_port
from tests.helpers.servers import s3 as s3_server

MB = 1024 * 1024


class Endless(io.RawIOBase):
    """`size` pseudo-random bytes made on the fly, so the test itself never holds the file."""

    def __init__(self, size: int):
        self.left, self.digest, self.counter = size, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left, 64 * 1024)
        block = (hashlib.sha256(str(self.counter).encode()).digest() * (n // 32 + 1))[:n]
        self.counter += 1
        buffer[:n] = block
        self.left -= n
        self.digest.update(block)
        return n


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server.serve() as endpoint:
        yield endpoint


@pytest.fixture(params=["local", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres), "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalBlobs(tmp_path / "data")
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        store = S3Blobs.connect(endpoint, "civicline", s3_server.ACCESS_KEY, s3_server.SECRET_KEY, s3_server.REGION)
    else:
        store = DatabaseBlobs(db.get_engine(request.getfixturevalue(f"{request.param}_url")))
    for key in list(store.keys()):
        store.delete(key)
    return store


def test_a_file_larger_than_a_chunk_comes_back_byte_for_byte_and_is_listed(store):
    source = Endless(3 * MB + 12345)
    assert store.put("media/ab/file.bin", io.BufferedReader(source)) == 3 * MB + 12345
    with store.open("media/ab/file.bin") as stream:
        digest = hashlib.sha256()
        while block := stream.read(256 * 1024):
            digest.update(block)
    assert digest.hexdigest() == source.digest.hexdigest()
    store.put("models/routing/v1.joblib", io.BytesIO(b"model"))
    assert list(store.keys("media/")) == ["media/ab/file.bin"] and store.exists("models/routing/v1.joblib")
    store.delete("media/ab/file.bin")
    assert not store.exists("media/ab/file.bin")
    with pytest.raises(BlobMissing):
        store.open("media/ab/file.bin")


def test_a_stream_over_the_limit_is_refused_and_nothing_is_kept(store):
    with pytest.raises(BlobTooLarge):
        store.put("media/cd/big.bin", io.BufferedReader(Endless(2 * MB + 1)), limit=2 * MB)
    assert not store.exists("media/cd/big.bin") and list(store.keys("media/")) == []


@pytest.mark.parametrize("key", ["../etc/passwd", "/etc/passwd", "media/../x", "media//x", ""])
def test_a_key_that_leaves_the_store_is_refused(store, key):
    with pytest.raises(BlobMissing):
        store.open(key)
    assert not store.exists(key)


PEAK_OF_A_LARGE_FILE = """
import sys, tracemalloc
from core import db
from core.blobs.database import DatabaseBlobs
from tests.core.test_blobs import MB, Endless
import io

store = DatabaseBlobs(db.get_engine(sys.argv[1]))
tracemalloc.start()
store.put("media/ef/large.bin", io.BufferedReader(Endless(12 * MB)))
with store.open("media/ef/large.bin") as stream:
    while stream.read(64 * 1024):
        pass
print(tracemalloc.get_traced_memory()[1])
"""


def test_the_database_keeps_a_large_file_in_chunks_and_never_holds_it_whole(database_url):
    # Measured in a process of its own: tracemalloc's peak counts every thread, and a test process has others.
    measured = subprocess.run(
        [sys.executable, "-c", PEAK_OF_A_LARGE_FILE, database_url],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    peak = int(measured.stdout.split()[-1])
    with db.get_engine(database_url).connect() as connection:
        count = connection.execute(select(func.count()).select_from(BlobChunk)).scalar()
    assert count == 12 and peak < 4 * MB  # a 12 MB file passed through in 1 MB pieces


def test_an_unreachable_object_store_is_reported_as_unavailable_not_as_missing():
    store = S3Blobs.connect(f"http://127.0.0.1:{free_port()}", "civicline", "k", "s", "us-east-1")
    with pytest.raises(BlobUnavailable):
        store.put("media/aa/x.bin", io.BytesIO(b"x"))
    with pytest.raises(BlobUnavailable):
        store.open("media/aa/x.bin")
