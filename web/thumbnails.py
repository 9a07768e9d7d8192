"""Small previews of citizens' photos, so a case page shows a 12 MB picture as a few kilobytes."""

from __future__ import annotations

import io
import warnings
from typing import BinaryIO

from PIL import Image

THUMBNAIL_PIXELS = 320  # the longest side on the case page
MAX_SOURCE_PIXELS = 64_000_000  # a bigger image is a decompression bomb, not a citizen's photo


class NotAnImage(ValueError):
    """The file cannot be read as a picture; the page links to it as a download instead."""


def thumbnail(source: BinaryIO) -> bytes:
    """Return a JPEG no larger than THUMBNAIL_PIXELS on each side; raise NotAnImage."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                if image.width * image.height > MAX_SOURCE_PIXELS:
                    raise NotAnImage(f"{image.width}x{image.height} is too large to preview")
                image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))  # JPEG decodes at a fraction of its size
                image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise NotAnImage(str(exc)) from exc
    return out.getvalue()
