"""Stage 1: bytes -> str, without trusting a claimed charset blindly.

Order: a byte-order mark; strict utf-8 (bytes that are valid utf-8 are utf-8 whatever the page claims,
and a cp1252 page that claims utf-8 fails here); the HTTP charset, then the <meta> charset, each only if
the bytes really decode with it; then
charset-normalizer's detection; cp1252 with replacement as the last resort. Binary or huge input raises
`UnreadablePage` with a one-line reason.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from search.errors import SearchError

MAX_BYTES = 20 * 1024 * 1024
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
                   "us-ascii": "cp1252", "iso8859-1": "cp1252"}
WESTERN_MARGIN = 0.2
NOT_WESTERN = re.compile(r"(?i)\w[³¹¿¥ªº¾¼½]|[³¹¿¥ªº¾¼½]\w|[øð]|õ(?![eE])|[ìòù](?=[^\W\d_])|(?<![^\W\d_])ï")
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class UnreadablePage(SearchError):
    """The input is not an HTML page we can read (binary, too large, undecodable)."""


def decode(data: str | bytes, charset: str | None = None) -> str:
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise UnreadablePage(f"too large ({len(data) // (1024 * 1024)} MB; the limit is 20 MB)")
        return data.lstrip("\ufeff")
    if len(data) > MAX_BYTES:
        raise UnreadablePage(f"too large ({len(data) // (1024 * 1024)} MB; the limit is 20 MB)")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return clean(data[len(bom):].decode(encoding, "replace"))
    if looks_binary(data):
        raise UnreadablePage("binary data, not an HTML page")
    for candidate in ("utf-8", charset, declared_charset(data)):
        text = try_decode(data, candidate)
        if text is not None:
            return clean(text)
    text = mostly_utf8(data, claims_utf8=is_utf8(charset) or is_utf8(declared_charset(data)))
    if text is None:
        text = try_decode(data, detect(data))
    return clean(text if text is not None else data.decode("cp1252", "replace"))


def clean(text: str) -> str:
    """No NUL bytes (they end strings in libxml2) and no replacement marks for undecodable bytes."""
    return text.replace("\x00", "").replace("\ufffd", "")


def mostly_utf8(data: bytes, claims_utf8: bool) -> str | None:
    """UTF-8 with some broken bytes (a spliced or damaged file) stays UTF-8 when its good multi-byte
    characters back up a utf-8 claim (or outnumber the bad bytes). A cp1252 page has no good ones, so
    it is left to detection."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return text if good and (claims_utf8 or bad <= good) else None


def is_utf8(charset: str | None) -> bool:
    return (charset or "").lower().replace("_", "-") in ("utf-8", "utf8")


def detect(data: bytes) -> str | None:
    """charset-normalizer's guess, except that cp1252 (what most undeclared Western pages are) wins when
    it reads the bytes nearly as cleanly and the result looks like Western text: short French or German
    text alone is often taken for a Central-European or Asian code page ("crème brûlée" -> "crčme brűlée")."""
    sample = data[:200_000]
    results = list(from_bytes(sample))
    western = from_bytes(sample, cp_isolation=["cp1252"]).best()
    if western is not None and looks_western(str(western)):
        best = min(results, key=lambda match: match.chaos, default=western)
        if western.chaos <= best.chaos + WESTERN_MARGIN:
            return "cp1252"
    return min(results, key=lambda match: match.chaos).encoding if results else None


def looks_western(text: str) -> bool:
    """No sign of another code page read as cp1252: "³¹¿" inside words (Polish ł ą ż), "ø" (Czech ř),
    "ìòù" inside words (Czech ě ů ň; Italian has them only at a word's end), "õ" not before "e" (Hungarian ő;
    Portuguese has it in "-ões")."""
    return not NOT_WESTERN.search(text)


def looks_binary(data: bytes) -> bool:
    """Many control bytes (NUL included; over 5% of the first 4 KB): an image, an archive, a PDF."""
    head = data[:4096]
    return len(CONTROL.findall(head)) > max(4, len(head) // 20)


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = XML_ENCODING.match(head) or META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def try_decode(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    encoding = BROWSER_ALIASES.get(encoding.lower().strip(), encoding.lower().strip())
    try:
        codecs.lookup(encoding)
    except LookupError:
        return None
    if encoding.startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return None  # without a BOM a claimed UTF-16 meta tag is a lie (the tag itself was ASCII)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
