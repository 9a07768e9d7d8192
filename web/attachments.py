"""Files that came with contacts, served only to staff who may see the case, and never as a page.

Every response is a download (`Content-Disposition: attachment`, `nosniff`,
a sandboxing CSP), so an HTML or SVG file sent by a citizen cannot run in an
agent's browser; images and recordings still show in <img> and <audio>.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, send_file
from flask_login import login_required

from channels.models import Attachment, Interaction
from feedback.cases.models import Case
from web.access import current_actor, record_view
from web.timeline import IMAGE_TYPES

bp = Blueprint("attachments", __name__)
SAFE_INLINE_TYPES = (*IMAGE_TYPES, "audio/mpeg", "audio/ogg", "audio/wav", "audio/x-wav", "audio/mp4", "audio/webm")


def media_dir() -> Path:
    return (current_app.extensions["civicline"].settings.data_dir / "media").resolve()


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    actor = current_actor()
    with current_app.extensions["civicline"].session() as session:
        attachment = session.get(Attachment, attachment_id)
        message = session.get(Interaction, attachment.interaction_id) if attachment else None
        case = session.get(Case, message.case_id) if message and message.case_id else None
        if case is None or not actor.can_see(case.department_id):
            abort(404)
        record_view(session, case, actor, f"attachment {attachment_id}")
        path, url, content_type = attachment.path, attachment.url, attachment.content_type
    if path:
        return _send(_inside_media(path), content_type, attachment_id)
    if url and url.startswith(("https://", "http://")):
        return redirect(url)  # only a provider link is kept; the agent's browser fetches it from there
    abort(404)


def _inside_media(stored: str) -> Path:
    # The media store records paths from the data directory ("media/ab/…"); older rows, from the media folder.
    root = media_dir()
    for base in (root.parent, root):
        candidate = (base / stored).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    abort(404)


def _send(path: Path, content_type: str | None, attachment_id: int):
    declared = (content_type or "").split(";")[0].strip().lower()
    mimetype = declared if declared in SAFE_INLINE_TYPES else "application/octet-stream"
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=_download_name(path, attachment_id))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _download_name(path: Path, attachment_id: int) -> str:
    # The stored name may be the citizen's; keep only safe characters in the header.
    safe = "".join(ch for ch in path.name if ch.isalnum() or ch in "._-")[:100]
    return safe or f"attachment-{attachment_id}"
