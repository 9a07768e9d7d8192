"""The media store: files that came with contacts, kept in the data directory under the hash of their bytes.

Content addressing makes storing idempotent: a mail fetched twice (the poll
was interrupted before it could mark the mail as done) writes the same file
once, and a file written just before a failed database commit is simply
reused next time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

MEDIA_DIR = "media"


def save(data_dir: Path, data: bytes, suffix: str = "") -> str:
    """Write bytes into the store (once) and return their path relative to the data directory."""
    digest = hashlib.sha256(data).hexdigest()
    relative = Path(MEDIA_DIR) / digest[:2] / f"{digest}{suffix}"
    target = data_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    return relative.as_posix()
