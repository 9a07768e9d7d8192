"""Pick the blob backend: BLOB_STORE, or the database on PostgreSQL and the data directory otherwise."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from core.blobs.base import BlobStore
from core.blobs.database import DatabaseBlobs
from core.blobs.local import LocalBlobs
from core.config import Settings


def backend_name(settings: Settings) -> str:
    """Return the backend BLOB_STORE names, resolving `auto` by the database in use."""
    if settings.blob_store != "auto":
        return settings.blob_store
    return "database" if settings.effective_database_url.startswith("postgres") else "local"


def from_settings(settings: Settings, engine: Engine) -> BlobStore:
    """Build the process's blob store."""
    name = backend_name(settings)
    if name == "database":
        return DatabaseBlobs(engine)
    if name == "s3":
        from core.blobs.s3 import S3Blobs  # boto3 is imported only by installs that use it

        return S3Blobs.connect(
            settings.s3_endpoint_url,
            settings.s3_bucket,
            settings.s3_access_key_id,
            settings.s3_secret_access_key,
            settings.s3_region,
            settings.s3_prefix,
        )
    return LocalBlobs(settings.data_dir)
