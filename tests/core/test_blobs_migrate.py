"""`flask blobs migrate` moves a host's files from its data directory into shared storage, with a progress bar."""

from __future__ import annotations

import io
import shutil

from channels import media_store
from core.blobs.local import LocalBlobs
from core.runtime import install
from wiring import bootstrap


def test_local_files_move_into_the_database_store_once_and_read_back_after_the_disk_is_cleared(settings):
    local = LocalBlobs(settings.data_dir)
    photo = media_store.save(local, b"\xff\xd8 photo", ".jpg")
    local.put("models/routing/model-1.joblib", io.BytesIO(b"a model"))
    runtime = install(bootstrap.build_runtime(settings.with_overrides(blob_store="database")))
    from app import create_app

    runner = create_app(runtime=runtime).test_cli_runner()
    before = runner.invoke(args=["blobs", "status"]).output
    assert "blob store: database" in before and "not yet in the store: 2" in before
    result = runner.invoke(args=["blobs", "migrate"])
    assert result.exit_code == 0 and "copying 2 files" in result.output and "copied 2 files" in result.output
    shutil.rmtree(settings.data_dir / "media")
    with runtime.blobs.open(photo) as stream:
        assert stream.read() == b"\xff\xd8 photo"
    assert "nothing to copy" in runner.invoke(args=["blobs", "migrate"]).output


def test_migrating_onto_the_data_directory_itself_is_refused_with_a_hint(settings):
    from app import create_app

    runtime = install(bootstrap.build_runtime(settings.with_overrides(blob_store="local")))
    result = create_app(runtime=runtime).test_cli_runner().invoke(args=["blobs", "migrate"])
    assert result.exit_code != 0 and "set BLOB_STORE" in result.output
