"""The media store: files that came with contacts, kept in the blob store under the hash of their bytes.

`save` is the one way to keep a file a contact brought (a photo, an email
attachment, the mail's source, a call recording). Content addressing makes it
idempotent: a mail fetched twice (the poll was interrupted before it could
mark the mail as done) stores the file once, and a file stored just before a
failed database commit is simply reused next time.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from typing import BinaryIO

from core.blobs.base import CHUNK_BYTES, BlobStore, BlobTooLarge

MEDIA_DIR = "media"
SPOOL_BYTES = 4 * 1024 * 1024  # smaller files are hashed in memory, larger ones on disk


def save(blobs: BlobStore, source: bytes | BinaryIO, suffix: str = "", limit: int | None = None) -> str:
    """Store the bytes (once) and return their key, `media/ab/ab12….jpg`; raise BlobTooLarge past `limit`
    before anything is stored, and BlobUnavailable when the store cannot be reached."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        digest = _copy_hashing(stream, spool, limit)
        key = f"{MEDIA_DIR}/{digest[:2]}/{digest}{_clean(suffix)}"
        if not blobs.exists(key):
            spool.seek(0)
            blobs.put(key, spool)  # type: ignore[arg-type]
    return key


def _copy_hashing(source: BinaryIO, spool, limit: int | None) -> str:
    digest, total = hashlib.sha256(), 0
    while block := source.read(CHUNK_BYTES):
        total += len(block)
        if limit is not None and total > limit:
            raise BlobTooLarge(limit)
        digest.update(block)
        spool.write(block)
    return digest.hexdigest()


def _clean(suffix: str) -> str:
    # A suffix comes from a citizen's file name: keep it short and plain, as keys allow.
    kept = "".join(ch for ch in suffix.lower() if ch.isascii() and (ch.isalnum() or ch == "."))[:10]
    return kept if kept.startswith(".") and len(kept) > 1 else ""
