"""Blob storage: files that must be readable from every host (media, recordings, mail sources, routing models).

One interface (`base.BlobStore`) and three backends: the data directory
(`local`), the database (`database`, the default on PostgreSQL) and S3-compatible
object storage (`s3`). `choose.from_settings` picks one; `Runtime.blobs` holds it.
"""
