"""Print how fast one poll stores mail: N mails appended to a throwaway Dovecot, one `poll_mailbox`, SQLite.

Run: python bench/email_poll.py [N]   (needs dovecot; N defaults to 200, one poll's limit)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imap_tools import MailBoxUnencrypted

from channels.email.mailbox import poll_mailbox
from core.config import Settings
from core.redis_server import stop_embedded
from core.runtime import install
from tests.helpers.servers import dovecot
from wiring import bootstrap


def _mail(index: int) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"] = f"citizen{index}@example.cn", "hotline@hotline.example.gov.cn"
    mail["Subject"], mail["Message-ID"] = f"路灯坏了 {index}", f"<bench.{index}@example.cn>"
    mail.set_content("村口的路灯坏了三天了，晚上很黑。\n\n-- \n王芳\n")
    return mail.as_bytes()


def main(count: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="civicline-bench-"))
    root.chmod(0o755)
    server = dovecot.start(root / "imap")
    try:
        with MailBoxUnencrypted(server.host, server.port).login(server.user, server.password) as box:
            for index in range(count):
                box.append(_mail(index), "INBOX", flag_set=())
        settings = Settings(
            data_dir=root / "instance",
            imap_host=server.host,
            imap_port=server.port,
            imap_user=server.user,
            imap_password=server.password,
            imap_ssl=False,
        )
        runtime = install(bootstrap.build_runtime(settings))
        started = time.perf_counter()
        stored = poll_mailbox(runtime)
        elapsed = time.perf_counter() - started
        print(f"one poll stored {stored} of {count} mails in {elapsed:.2f}s: {stored / elapsed:,.0f} mails/s")
        stop_embedded(runtime.settings.data_dir)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
