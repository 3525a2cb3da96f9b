"""Reading untrusted XML (feeds, sitemaps) safely: no DTDs, no entities, no network, whatever the charset.

The charset a feed declares is often wrong: bytes that are valid UTF-8 are read as UTF-8 whatever the
declaration says; otherwise the declaration, then the HTTP charset, then a guess.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from lxml import etree

from search.errors import FetchError

DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_xml(body: bytes, http_charset: str | None = None) -> str:
    """The document as text, choosing the charset as described above; never raises for bad bytes."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = DECLARATION.match(body)
    for encoding in (declared.group(1).decode("ascii") if declared else None, http_charset):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    guess = from_bytes(body[:65536]).best()
    return body.decode(guess.encoding if guess else "cp1252", errors="replace")


def parse_xml(body: bytes, url: str, http_charset: str | None = None) -> etree._Element:
    """The root element of a feed or sitemap; `FetchError` for bad XML or a document declaring entities."""
    text = DECLARATION_TEXT.sub("", decode_xml(body, http_charset), count=1)
    if "<!ENTITY" in text[:65536].upper():
        raise FetchError(f"{url}: the XML declares entities; refused (entity expansion attacks).")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.lstrip("\ufeff"), parser, base_url=url)
    except etree.XMLSyntaxError as error:
        raise FetchError(f"{url}: bad XML ({error.msg or error}).") from None
    if root is None:
        raise FetchError(f"{url}: empty XML document.")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace: `{http://www.w3.org/2005/Atom}entry` -> `entry`."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""
