"""Blobs in S3-compatible object storage (MinIO, Ceph, a cloud's S3) through boto3.

Uploads go through boto3's managed transfer, which sends a large stream in
parts; a stream that passes the size limit fails while it is being read, so
the upload is abandoned and no object appears.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.blobs.base import CHUNK_BYTES, BlobMissing, BlobTooLarge, BlobUnavailable, check_key

_MISSING = ("404", "NoSuchKey", "NotFound")


class S3Blobs:
    """Objects in one bucket, with keys as given (optionally under a prefix)."""

    name = "s3"

    def __init__(self, client: Any, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def connect(cls, endpoint: str, bucket: str, access_key: str, secret_key: str, region: str, prefix: str = ""):
        """Build a client with short timeouts, so an unreachable store fails fast instead of holding a worker."""
        config = Config(
            connect_timeout=5, read_timeout=30, retries={"max_attempts": 2}, s3={"addressing_style": "path"}
        )
        client = boto3.client(
            "s3",
            endpoint_url=endpoint or None,
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            region_name=region or None,
            config=config,
        )
        return cls(client, bucket, prefix)

    def put(self, key: str, source: BinaryIO, limit: int | None = None) -> int:
        reader = _Limited(source, limit)
        try:
            self.client.upload_fileobj(reader, self.bucket, self._name(key))  # BlobTooLarge passes through
        except (BotoCoreError, ClientError) as exc:
            raise BlobUnavailable(f"s3: {exc}") from exc
        return reader.size

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as exc:
            raise _error(exc, key) from exc
        except BotoCoreError as exc:
            raise BlobUnavailable(f"s3: {exc}") from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if isinstance(_error(exc, key), BlobMissing):
                return False
            raise _error(exc, key) from exc
        except BlobMissing:
            return False
        except BotoCoreError as exc:
            raise BlobUnavailable(f"s3: {exc}") from exc
        return True

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except (BotoCoreError, ClientError) as exc:
            raise BlobUnavailable(f"s3: {exc}") from exc

    def keys(self, prefix: str = "") -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix) :]
        except (BotoCoreError, ClientError) as exc:
            raise BlobUnavailable(f"s3: {exc}") from exc

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)


def _error(exc: ClientError, key: str) -> Exception:
    code = str(exc.response.get("Error", {}).get("Code", ""))
    return BlobMissing(key) if code in _MISSING else BlobUnavailable(f"s3: {exc}")


class _Limited:
    """A read-only view of a stream that stops (and says so) once more than `limit` bytes have passed."""

    def __init__(self, source: BinaryIO, limit: int | None):
        self.source, self.limit, self.size = source, limit, 0

    def read(self, size: int = -1) -> bytes:
        block = self.source.read(CHUNK_BYTES if size is None or size < 0 else size)
        self.size += len(block)
        if self.limit is not None and self.size > self.limit:
            raise BlobTooLarge(self.limit)
        return block
