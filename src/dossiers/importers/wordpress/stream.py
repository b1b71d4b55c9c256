"""A byte stream that reads a WordPress export the way WordPress's own importer does.

WordPress's importer reads WXR with regular expressions, so real exports
carry faults a strict XML parser stops at, and that lxml's recover mode
"repairs" by dropping text. This stream fixes the two common ones while the
parser reads, in bounded memory:

- a raw `&` outside CDATA ("?a=1&b=2", "Q & A") becomes `&amp;`; HTML named
  entities (`&nbsp;`) become character references, unknown names literal text;
  a character reference to no character XML allows (`&#1;`, `&#xD800;`,
  `&#9999999999;`) becomes U+FFFD's;
- a `]]>` inside CDATA that does not close it (not followed by a tag) is
  split into `]]]]><![CDATA[>`, the way newer WordPress versions export it;
- a surrogate encoded as UTF-8 (`ED A0 80`, invalid UTF-8 that lxml lets
  through but no Python string can hold) becomes U+FFFD;
- control characters, which XML does not allow anywhere (not even in CDATA), are
  removed and counted.

Everything else passes through byte for byte: a well-formed export is
unchanged.
"""

from __future__ import annotations

import html.entities
import re
from typing import BinaryIO

_CDATA_OPEN = b"<![CDATA["
_CDATA_CLOSE = b"]]>"
_AMP = re.compile(rb"&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);)")
_NAMED = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_REFERENCE = re.compile(rb"&#(?:x([0-9a-fA-F]+)|([0-9]+));")
_XML_NAMES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_HTML_NAMES = {name.encode(): code for name, code in html.entities.name2codepoint.items()}
_WHITESPACE = b" \t\r\n"
# Bytes kept back at a chunk's end so that no token ("&name;", "<![CDATA[", "]]>" and the
# whitespace after it) is cut in two.
_KEEP = 256
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_REPLACEMENT = "\ufffd".encode()
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LOOKAHEAD = 64 * 1024


def _named(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name in _XML_NAMES:
        return match.group(0)
    code = _HTML_NAMES.get(name)
    return b"&#%d;" % code if code else b"&amp;" + name + b";"


def _reference(match: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = match.groups()
    digits = hexadecimal or decimal
    code = -1 if len(digits) > 8 else int(digits, 16 if hexadecimal else 10)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return match.group(0)
    return match.group(0) if 0x10000 <= code <= 0x10FFFF else b"&#xFFFD;"


def fix_outside_cdata(data: bytes) -> tuple[bytes, int]:
    """The bytes mended, and how many places were."""
    if b"&" not in data:
        return data, 0
    fixed, raw = _AMP.subn(b"&amp;", data)
    named = sum(1 for m in _NAMED.finditer(fixed) if m.group(1) not in _XML_NAMES)
    fixed = _NAMED.sub(_named, fixed) if named else fixed
    if b"&#" in fixed:
        fixed = _REFERENCE.sub(_reference, fixed)
    return fixed, raw + named


class LenientStream:
    """File-like (read(n)) view of `raw` with the fixes above."""

    def __init__(self, raw: BinaryIO, *, chunk_size: int = 1 << 20) -> None:
        self.raw = raw
        self.chunk_size = chunk_size
        self.pending = b""
        self.ready = bytearray()
        self.in_cdata = False
        self.eof = False
        self.mended_ampersands = 0  # raw "&" and HTML entity names outside CDATA
        self.mended_cdata_ends = 0  # "]]>" inside CDATA that did not close it
        self.carry = b""  # the start of an encoded surrogate cut by the chunk's end
        self.removed_controls = 0
        self.replaced_surrogates = 0  # invalid UTF-8 (an encoded surrogate) replaced

    def _fix(self, data: bytes) -> bytes:
        fixed, count = fix_outside_cdata(data)
        self.mended_ampersands += count
        return fixed

    def read(self, size: int = -1) -> bytes:
        while not self.eof and (size < 0 or len(self.ready) < size):
            data = self.raw.read(self.chunk_size)
            if not data:
                self.eof = True
            self.pending += self._without_surrogates(data)
            self._process()
        if size < 0:
            size = len(self.ready)
        out = bytes(self.ready[:size])
        del self.ready[:size]
        return out

    def _without_surrogates(self, data: bytes) -> bytes:
        data, self.carry = self.carry + data, b""
        if not self.eof:
            cut = data.rfind(b"\xed", max(len(data) - 2, 0))
            if cut >= 0:
                data, self.carry = data[:cut], data[cut:]
        data, removed = _CONTROL.subn(b"", data)
        self.removed_controls += removed
        data, replaced = _ENCODED_SURROGATE.subn(_REPLACEMENT, data)
        self.replaced_surrogates += replaced
        return data

    def _process(self) -> None:
        data = self.pending
        i = 0
        while i < len(data):
            if not self.in_cdata:
                j = data.find(_CDATA_OPEN, i)
                if j >= 0 and (self.eof or j < len(data) - _KEEP):
                    self.ready += self._fix(data[i:j]) + _CDATA_OPEN
                    i = j + len(_CDATA_OPEN)
                    self.in_cdata = True
                    continue
                end = len(data) if self.eof else self._safe_cut(data, i, len(data) - _KEEP)
                self.ready += self._fix(data[i:end])
                i = end
                break
            k = data.find(_CDATA_CLOSE, i)
            if k < 0:  # keep the last bytes back: they may start a "]]>"
                stop = len(data) if self.eof else max(len(data) - 2, i)
                self.ready += data[i:stop]
                i = stop
                break
            after = n = k + len(_CDATA_CLOSE)
            while n < len(data) and data[n] in _WHITESPACE:
                n += 1
            literal = self._literal_end(data, after, n)
            if literal is None:  # what follows is not read yet
                self.ready += data[i:k]
                i = k
                break
            self.ready += data[i:k]
            if literal:  # a "]]>" that is text: WordPress reads it as such
                self.ready += b"]]]]><![CDATA[>"
                self.mended_cdata_ends += 1
            else:
                self.ready += _CDATA_CLOSE
                self.in_cdata = False
            i = after
        self.pending = data[i:]

    def _literal_end(self, data: bytes, after: int, n: int) -> bool | None:
        """Is the "]]>" ending at `after` text rather than the end of the CDATA section?

        It is text when something other than a tag follows it and another "]]>" comes
        before the next closing tag. None: the bytes that decide are not read yet.
        """
        if n < len(data) and data[n : n + 1] == b"<":
            return False
        window = data[after : after + _LOOKAHEAD]
        close, end_tag = window.find(_CDATA_CLOSE), window.find(b"</")
        if close >= 0 and (end_tag < 0 or close < end_tag):
            return True
        if end_tag >= 0 or self.eof or len(window) >= _LOOKAHEAD:
            return False
        return None

    @staticmethod
    def _safe_cut(data: bytes, start: int, end: int) -> int:
        """Move `end` back before an "&" whose entity might continue past it."""
        end = max(end, start)
        amp = data.rfind(b"&", max(start, end - 40), end)
        if amp >= 0 and b";" not in data[amp:end]:
            return amp
        return end
