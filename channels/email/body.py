"""Turn the bytes and HTML of a mail body into the citizen's new words: charsets, markup, quotes and signatures.

Chinese mail arrives in GB2312, GBK, GB18030, Big5 or UTF-8, often with the
wrong label. Decoding never fails: it tries the likely charsets strictly and
falls back to UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

# Labels that decode any byte string without error, so they prove nothing about the text.
_CATCH_ALL = {"ascii", "latin_1", "iso8859_1", "cp1252", "iso8859_15"}
# Mail labelled GB2312 or GBK routinely carries characters only GB18030 (their superset) has; Big5 likewise.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}
_GUESSES = ("utf_8", "gb18030", "big5hkscs")


def canonical_charset(label: str | None) -> str | None:
    """Return Python's codec name for a declared charset, widened to its superset; None when unknown."""
    if not label:
        return None
    try:
        codec = codecs.lookup(label.strip().strip('"').lower())
    except (LookupError, ValueError):  # unknown, or not even a plausible name
        return None
    if not getattr(codec, "_is_text_encoding", True):
        return None  # 'base64', 'zlib' and friends are codecs, but not charsets
    name = codec.name.replace("-", "_")
    return _SUPERSETS.get(name, name)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text in whatever charset it really is: valid UTF-8 first, then the label, then CJK guesses."""
    if data.isascii():
        return data.decode("ascii")
    charset = canonical_charset(declared)
    order = ["utf_8"]
    if charset and charset not in _CATCH_ALL:
        order.append(charset)
    order += [c for c in _GUESSES if c not in order]
    if charset in _CATCH_ALL:
        order.append(charset)  # a Latin label is believed only when no CJK charset fits
    for name in order:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


class _TextFromHtml(HTMLParser):
    """Collect readable text from HTML: block elements become line breaks, quoted blocks get '>' marks."""

    BLOCKS = frozenset(
        {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "pre"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "blockquote" or "gmail_quote" in classes:
            self.quote_depth += 1
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()
            if tag == "li":
                self.lines[-1] = "- "

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = re.sub(r"\s+", " ", data)
        if not self.lines[-1].strip():
            text = text.lstrip()
        if text:
            prefix = "> " if self.quote_depth and not self.lines[-1] else ""
            self.lines[-1] += prefix + text

    def _newline(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")


def html_to_text(html: str) -> str:
    """Return the readable text of an HTML mail body, one paragraph per line, quoted blocks marked with '>'."""
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    return "\n".join(line.rstrip() for line in parser.lines).strip()


# Where quoted history starts: an attribution line, or a forwarded/original-message banner.
_HISTORY_STARTS = (
    re.compile(r"^On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^(在|于).{0,300}写道[：:]\s*$"),
    re.compile(r"^.{0,300}(于|在).{0,200}写道[：:]\s*$"),
    re.compile(r"^-{2,}\s*(Original Message|原始邮件|Forwarded message|转发邮件)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),  # Outlook's rule above "From: … Sent: …"
)
_SIGNATURE = re.compile(r"^--\s?$")


def _history_start(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if any(pattern.match(line) for pattern in _HISTORY_STARTS):
        return True
    # Clients wrap long attributions: "On Mon, 3 Nov 2026 at 10:00, Wang Fang <w@example.cn>" / "wrote:".
    if index + 1 < len(lines) and re.match(r"^(On|在)\b", line):
        joined = f"{line} {lines[index + 1].strip()}"
        return any(pattern.match(joined) for pattern in _HISTORY_STARTS[:3])
    return False


def new_text(body: str) -> str:
    """Return only what the writer added: cut quoted history ('>' lines, attributions, banners) and signatures."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _SIGNATURE.match(line) or _history_start(lines, index):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()
