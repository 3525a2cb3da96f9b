"""What a fetched URL leads to: the entries of an RSS/Atom/JSON feed, the URLs of a sitemap (or the sitemaps of a
sitemap index), or, for a weblog page, the feeds it links to and its entry links. Pure: bytes in, URLs out.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from search.errors import FetchError
from search.fetch.http import SCHEMES, Response
from search.fetch.xmlsafe import local_name, parse_xml

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml", *FEED_TYPES)
JSON_FEED_TYPE = "application/feed+json"
HTML_TYPES = ("text/html", "application/xhtml+xml")
PROLOGUE = re.compile(rb"^(\s*(<\?[^>]*\?>|<!--.*?-->))*\s*", re.S)
NOT_PAGES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".pdf", ".zip", ".gz", ".mp3",
             ".mp4", ".webp", ".xml", ".rss", ".atom", ".json", ".txt")
SKIPPED_PARTS = ("nav", "header", "footer", "aside", "script", "style", "form")
SKIPPED_ROLES = ("//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary'"
                 " or @role='search']")


@dataclass(frozen=True)
class Entry:
    """One post a feed, sitemap or page points to; `content` is the full post as HTML when the feed carries it;
    `from_page` marks a link found on a page (a guess: it may be a broken link or not a post at all)."""

    url: str
    title: str = ""
    date: str | None = None
    content: str | None = None
    from_page: bool = False


@dataclass(frozen=True)
class Found:
    """What one document leads to. `kind` is "feed", "sitemap" or "page"."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


def kind_of(response: Response) -> str:
    """ "xml" for feeds and sitemaps, "json" for a JSON Feed, "html" for pages, else `FetchError` (not
    something to index). The body is trusted before the Content-Type: feeds are often served as text/html or
    text/plain."""
    start = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{") and (b"jsonfeed.org/version" in start or response.content_type == JSON_FEED_TYPE):
        return "json"
    after_declaration = PROLOGUE.sub(b"", start)
    if after_declaration.startswith((b"<rss", b"<feed", b"<rdf", b"<urlset", b"<sitemapindex")):
        return "xml"
    if start.startswith((b"<!doctype html", b"<html")) or response.content_type in HTML_TYPES:
        return "html"
    if start.startswith(b"<?xml") or response.content_type in XML_TYPES:
        return "xml"
    raise FetchError(f"{response.url}: not HTML, a feed or a sitemap ({response.content_type}).")


def discover(response: Response) -> Found:
    """Entries, sitemaps and feeds that `response` (a feed, sitemap or page) leads to."""
    kind = kind_of(response)
    if kind == "html":
        return read_page(response.body, response.url)
    if kind == "json":
        return Found("feed", entries=read_json_feed(response.body, response.url))
    root = parse_xml(response.body, response.url, response.charset)
    name = local_name(root)
    if name in ("urlset", "sitemapindex"):
        return read_sitemap(root, response.url)
    if name in ("rss", "RDF", "feed"):
        return Found("feed", entries=read_feed(root, response.url))
    if name == "html":
        return read_page(response.body, response.url)
    raise FetchError(f"{response.url}: XML that is neither a feed nor a sitemap (<{name}>).")


# --- feeds ---


def read_feed(root: etree._Element, url: str) -> tuple[Entry, ...]:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, with links made absolute (xml:base honoured)."""
    entries = []
    for item in root.iter():
        if local_name(item) not in ("item", "entry"):
            continue
        children = {}
        for child in item:
            children.setdefault(local_name(child), child)
        link = entry_link(item, children, url)
        if link:
            entries.append(Entry(url=link, title=text_of(children.get("title")), date=entry_date(children),
                                 content=full_content(children)))
    return tuple(unique_entries(entries))


def read_json_feed(body: bytes, url: str) -> tuple[Entry, ...]:
    """The items of a JSON Feed (jsonfeed.org, versions 1 and 1.1), with links made absolute. JSON is
    UTF-8 whatever the server claims (RFC 8259)."""
    try:
        feed = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        raise FetchError(f"{url}: a JSON Feed that cannot be read ({error}).") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise FetchError(f"{url}: JSON that is not a JSON Feed (no list of items).")
    return tuple(unique_entries(entry for entry in map(partial(json_entry, url=url), items) if entry))


def json_entry(item, url: str) -> Entry | None:
    """A JSON Feed item as an Entry; None without a permalink ("url", else an "id" that is a URL)."""
    if not isinstance(item, dict):
        return None
    item_id = _string(item.get("id"))
    href = _string(item.get("url")).strip() or (item_id if item_id.startswith(("http://", "https://")) else "")
    link = absolute(url, href) if href else None
    if not link:
        return None
    date = parse_date(_string(item.get("date_published")) or _string(item.get("date_modified")))
    text = _string(item.get("content_text")).strip()
    content = _string(item.get("content_html")).strip() or (text_as_html(text) if text else None)
    return Entry(url=link, title=" ".join(_string(item.get("title")).split()),
                 date=date.isoformat() if date else None, content=content)


def _string(value) -> str:
    """A JSON value that should be a string, or "" (a hostile feed may put anything anywhere)."""
    return value if isinstance(value, str) else ""


def entry_link(item: etree._Element, children: dict, url: str) -> str | None:
    base = item.base or url
    for link in item:
        if local_name(link) != "link":
            continue
        href = link.get("href") or (link.text or "").strip()
        if href and link.get("rel", "alternate") == "alternate":
            return absolute(base, href)
    guid = children.get("guid") if children.get("guid") is not None else children.get("id")
    if guid is not None and guid.get("isPermaLink", "true") != "false":
        return absolute(base, (guid.text or "").strip())
    return None


def full_content(children: dict) -> str | None:
    """The post as HTML from Atom <content> or RSS <content:encoded>; None when only a summary is there."""
    content = children.get("content")
    if content is None or content.get("src"):
        content = children.get("encoded")
        return content.text.strip() if content is not None and (content.text or "").strip() else None
    kind = content.get("type", "text")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode", method="html") for child in content) or None
    text = (content.text or "").strip()
    if not text:
        return None
    return text if kind in ("html", "text/html") else text_as_html(text)


def text_as_html(text: str) -> str:
    """Plain text as HTML paragraphs (a blank line separates them), escaped."""
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text) if part.strip())


def entry_date(children: dict) -> str | None:
    for name in ("published", "pubDate", "date", "issued", "updated", "modified"):
        found = parse_date(text_of(children.get(name)))
        if found:
            return found.isoformat()
    return None


def parse_date(text: str) -> dt.date | None:
    """A date from RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) text; None when it is neither."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def text_of(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


# --- sitemaps ---


def read_sitemap(root: etree._Element, url: str) -> Found:
    """A <urlset> gives entries; a <sitemapindex> gives further sitemaps (on the same host, as the protocol
    requires)."""
    locations = []
    for element in root.iter():
        if local_name(element) == "loc" and (element.text or "").strip():
            link = absolute(url, element.text.strip())
            if link:
                locations.append(link)
    locations = list(dict.fromkeys(locations))
    if local_name(root) == "sitemapindex":
        return Found("sitemap", sitemaps=tuple(link for link in locations if same_host(link, url)))
    return Found("sitemap", entries=tuple(Entry(url=link) for link in locations))


# --- pages ---


def read_page(body: bytes, url: str) -> Found:
    """The feeds a page announces (<link rel="alternate">) and its entry links, both on the page's host."""
    try:
        document = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return Found("page")
    base = url
    for element in document.iter("base"):
        base = urljoin(url, element.get("href", ""))
        break
    feeds = []
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        feed_type = (link.get("type") or "").lower()
        if "alternate" in rel and feed_type in (*FEED_TYPES, JSON_FEED_TYPE) and link.get("href"):
            feed = absolute(base, link.get("href"))
            if feed and same_host(feed, url):
                feeds.append(feed)
    links = entry_links(document, base, url)
    return Found("page", entries=tuple(Entry(url=link, from_page=True) for link in links),
                 feeds=tuple(dict.fromkeys(feeds)))


def entry_links(document, base: str, url: str) -> list[str]:
    """Links to posts: same host, under the page's folder, outside navigation; links in headings (or
    rel=bookmark) when there are any, otherwise every such link in the content."""
    for part in [*document.iter(*SKIPPED_PARTS), *document.xpath(SKIPPED_ROLES)]:
        if part.getparent() is not None:
            part.drop_tree()
    headed, others = [], []
    for anchor in document.iter("a"):
        link = absolute(base, anchor.get("href") or "")
        if not link or not is_entry_url(link, url) or "tag" in (anchor.get("rel") or "").split():
            continue
        in_heading = any(parent.tag in ("h1", "h2", "h3", "h4") for parent in anchor.iterancestors())
        bookmark = "bookmark" in (anchor.get("rel") or "").split()
        (headed if in_heading or bookmark else others).append(link)
    return list(dict.fromkeys(headed or others))


def same_host(link: str, page_url: str) -> bool:
    return urlsplit(link).netloc.lower() == urlsplit(page_url).netloc.lower()


def is_entry_url(link: str, page_url: str) -> bool:
    target, page = urlsplit(link), urlsplit(page_url)
    if not same_host(link, page_url) or target.path.rstrip("/") == page.path.rstrip("/"):
        return False
    folder = page.path if page.path.endswith("/") else posixpath.dirname(page.path).rstrip("/") + "/"
    return target.path.startswith(folder) and not target.path.lower().endswith(NOT_PAGES)


def absolute(base: str, href: str) -> str | None:
    """`href` made absolute against `base`, without fragment; None unless it is http(s)."""
    try:
        link = urldefrag(urljoin(base, href.strip())).url
    except ValueError:
        return None
    return link if urlsplit(link).scheme in SCHEMES else None


def unique_entries(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per URL in first-seen order, preferring a copy that carries the full post."""
    chosen: dict[str, Entry] = {}
    for entry in entries:
        if entry.url not in chosen or (chosen[entry.url].content is None and entry.content is not None):
            chosen[entry.url] = entry
    return list(chosen.values())
