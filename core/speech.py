"""An optional local speech-to-text engine: a command the operator installs (whisper.cpp, Vosk, …), run per file.

SPEECH_TO_TEXT_COMMAND is split like a shell line, the audio file's path is
added as its last argument, and whatever it prints (UTF-8) is the text. No
audio leaves the machine. Unset, nothing runs and agents write down what they
heard instead.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 300
MAX_CHARS = 2000


def transcribe(command: str, audio: Path) -> str | None:
    """Return the engine's text for an audio file, or None when there is no engine or it failed."""
    if not command.strip():
        return None
    try:
        done = subprocess.run(
            [*shlex.split(command), str(audio)], capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
        log.warning("speech-to-text engine could not run: %s", exc)
        return None
    if done.returncode != 0:
        log.warning("speech-to-text engine failed (%d): %s", done.returncode, done.stderr[:300])
        return None
    text = done.stdout.decode("utf-8", errors="replace").strip()
    return text[:MAX_CHARS] or None
