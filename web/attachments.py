"""Files that came with contacts, served only to staff who may see the case, and never as a page.

Every response but a raster photo is a download (`Content-Disposition:
attachment`), and all carry `nosniff` and a sandboxing CSP, so an HTML or SVG
file sent by a citizen cannot run in an agent's browser; photos open in the
browser's viewer and recordings play in <audio>.
A stored path is a blob key under `media/`, as the channels write it
(`channels.media_store`); the file is streamed from the blob store, so any web
host serves what any worker kept.
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from typing import BinaryIO

from flask import Blueprint, abort, current_app, redirect, send_file
from flask_login import login_required

from channels.models import Attachment, Interaction
from core.blobs.base import BlobMissing, BlobUnavailable
from feedback.cases.models import Case
from web.access import current_actor, reach, record_view
from web.thumbnails import NotAnImage, thumbnail
from web.timeline import IMAGE_TYPES, attachment_name

bp = Blueprint("attachments", __name__)
SAFE_INLINE_TYPES = (*IMAGE_TYPES, "audio/mpeg", "audio/ogg", "audio/wav", "audio/x-wav", "audio/mp4", "audio/webm")


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = _visible(attachment_id, "attachment")
    if attachment.path:
        return _send(_open(attachment.path), attachment)
    if attachment.url and attachment.url.startswith(("https://", "http://")):
        return redirect(attachment.url)  # only a provider link is kept; the agent's browser fetches it from there
    abort(404)


@bp.get("/attachments/<int:attachment_id>/thumbnail")
@login_required
def preview(attachment_id: int):
    attachment = _visible(attachment_id, "thumbnail")
    if not attachment.path:
        abort(404)
    try:
        with _open(attachment.path) as source, tempfile.SpooledTemporaryFile(4 * 1024 * 1024) as copy:
            while block := source.read(1024 * 1024):  # the image library needs to seek; blob streams cannot
                copy.write(block)
            copy.seek(0)
            small = thumbnail(copy)  # type: ignore[arg-type]
    except NotAnImage:
        abort(404)  # the page's link to the full file still works
    response = send_file(BytesIO(small), mimetype="image/jpeg")
    return _harden(response)


def _visible(attachment_id: int, what: str) -> Attachment:
    """Return the attachment if the viewer may see its case (recording the view); 404 otherwise."""
    actor = current_actor()
    with current_app.extensions["civicline"].session() as session:
        attachment = session.get(Attachment, attachment_id)
        message = session.get(Interaction, attachment.interaction_id) if attachment else None
        case = session.get(Case, message.case_id) if message and message.case_id else None
        if attachment is None or case is None or reach(session, actor, case) is None:
            abort(404)
        record_view(session, case, actor, f"{what} {attachment_id}")
        session.expunge(attachment)
        return attachment


def _open(stored: str) -> BinaryIO:
    if not stored.startswith("media/"):
        abort(404)  # only what the channels kept; never a model or anything else in the store
    try:
        return current_app.extensions["civicline"].blobs.open(stored)
    except BlobMissing:
        abort(404)
    except BlobUnavailable:
        abort(503, "the file store cannot be reached; try again in a minute")


def _send(stream: BinaryIO, attachment: Attachment):
    declared = (attachment.content_type or "").split(";")[0].strip().lower()
    mimetype = declared if declared in SAFE_INLINE_TYPES else "application/octet-stream"
    name = _download_name(attachment_name(attachment), attachment)
    # A raster photo opens in the browser's own viewer (nosniff and the sandbox keep it inert); all else downloads.
    inline = mimetype in IMAGE_TYPES
    return _harden(send_file(stream, mimetype=mimetype, as_attachment=not inline, download_name=name))


def _harden(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _download_name(name: str, attachment: Attachment) -> str:
    # Flask sends a non-ASCII name (情况说明.pdf) as RFC 5987 filename*; only separators and controls are dropped.
    safe = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\"')[:120].strip(". ")
    return safe or f"attachment-{attachment.id}"
