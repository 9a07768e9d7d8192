"""A throwaway Dovecot IMAP server: its own config, maildir and users in a temp dir, on a free loopback port."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.processes import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "hotline@example.gov.cn"
PASSWORD = "imap-test-password"


class Unavailable(RuntimeError):
    """Dovecot is not installed here, or refused to start; the IMAP tests skip with this reason."""


@dataclass
class Dovecot:
    """A running server: where to connect, as whom, and its files."""

    host: str
    port: int
    user: str
    password: str
    root: Path
    process: subprocess.Popen

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(root: Path) -> Dovecot:
    """Write a minimal config into `root` and run Dovecot in the foreground until `stop()`."""
    if not os.path.exists(DOVECOT):
        raise Unavailable("dovecot is not installed (apt-get install dovecot-imapd, or run scripts/test-deps.sh)")
    port = free_port()
    config = _write_config(root, port)
    log = open(root / "dovecot.stderr", "wb")  # noqa: SIM115  (kept open for the server's lifetime)
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=log, stderr=log)
    _wait_for_port(process, port, root)
    return Dovecot("127.0.0.1", port, USER, PASSWORD, root, process)


def _accounts() -> tuple[str, str, int, int]:
    # Dovecot will not serve mail as root; as root we use its own system users, otherwise whoever we are.
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("dovecot")
        return "dovecot", "dovenull", mail_user.pw_uid, mail_user.pw_gid
    me = pwd.getpwuid(os.geteuid())
    return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid


def _write_config(root: Path, port: int) -> Path:
    internal, login, uid, gid = _accounts()
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(root / "mail", uid, gid)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    config = root / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {internal}
  }}
  unix_listener stats-writer {{
    user = {internal}
  }}
}}
"""
    )
    return config


def _wait_for_port(process: subprocess.Popen, port: int, root: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Unavailable(f"dovecot exited at start: {_tail(root)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise Unavailable(f"dovecot did not listen on port {port} within {timeout:.0f}s: {_tail(root)}")


def _tail(root: Path) -> str:
    text = ""
    for name in ("dovecot.stderr", "dovecot.log"):
        path = root / name
        if path.exists():
            text += path.read_text(errors="replace")[-600:]
    return text.strip() or "(no log)"
