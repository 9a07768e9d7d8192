"""A local server that speaks the S3 wire protocol (moto's server mode), as MinIO or Ceph would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import boto3
from moto.server import ThreadedMotoServer

from tests.helpers.processes import free_port

ACCESS_KEY, SECRET_KEY, REGION = "civicline-test", "civicline-test-secret", "us-east-1"


@contextmanager
def serve(bucket: str = "civicline", port: int | None = None) -> Iterator[str]:
    """Run the server on a loopback port (a free one by default) with one empty bucket; yield its endpoint URL."""
    port = port or free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )
        client.create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.stop()


def settings_for(endpoint: str, bucket: str = "civicline") -> dict:
    """Return the settings that point the service's blob store at the server."""
    return {
        "blob_store": "s3",
        "s3_endpoint_url": endpoint,
        "s3_bucket": bucket,
        "s3_access_key_id": ACCESS_KEY,
        "s3_secret_access_key": SECRET_KEY,
        "s3_region": REGION,
    }
