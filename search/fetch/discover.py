"""What a fetched URL leads to: the entries of a feed, the URLs of a sitemap (or the sitemaps of a sitemap
index), or, for a weblog page, the feeds it links to and its entry links. Pure: bytes in, URLs out.

RSS 0.9x/1.0/2.0 and Atom are read by feedparser, leniently when they are ill-formed (an undefined
entity, text around the feed, bytes in another charset than declared): then `Found.note` says so. JSON Feed, which
feedparser does not read, is read here; sitemaps with lxml, never resolving entities or the network.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import json
import posixpath
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from search.errors import FetchError
from search.fetch.http import Response
from search.fetch.settings import SCHEMES

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml", *FEED_TYPES)
JSON_FEED_TYPE = "application/feed+json"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF = 65536
ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF|urlset|sitemapindex)[\s>/]")
BARE_AMPERSAND = re.compile(rb"<!\[CDATA\[.*?\]\]>|&(?!#?\w+;)", re.S)
READ_ON = re.compile(r"(?i)\b(?:continue reading|read more|read the rest|keep reading|read on|lire la suite|"
                     r"weiterlesen|verder lezen|leer más|continua a leggere)\b")
TEASER_WORDS = 150
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")
NOT_PAGES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".pdf", ".zip", ".gz", ".mp3",
             ".mp4", ".webp", ".xml", ".rss", ".atom", ".json", ".txt")
SKIPPED_PARTS = ("nav", "header", "footer", "aside", "script", "style", "form")
SKIPPED_ROLES = ("//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary'"
                 " or @role='search']")


@dataclass(frozen=True)
class Entry:
    """One post a feed, sitemap or page points to; `content` is the full post as HTML when the feed carries
    it; `from_page` marks a link found on a page (a guess: it may be a broken link or not a post at all)."""

    url: str
    title: str = ""
    date: str | None = None
    content: str | None = None
    from_page: bool = False


@dataclass(frozen=True)
class Found:
    """What one document leads to. `kind` is "feed", "sitemap" or "page"; `note` says what was wrong with a
    feed that could still be read."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    note: str | None = None


def discover(response: Response) -> Found:
    """Entries, sitemaps and feeds that `response` (a feed, sitemap or page) leads to; `FetchError` when it is
    none of them. The body is trusted before the Content-Type: feeds are often served as text/html or
    text/plain, or behind a PHP warning, or inside an HTML error page."""
    body, content_type, url = sniffable(response.body), response.content_type, response.url
    start = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start:
        raise FetchError(f"{url}: the response is empty.")
    if start.startswith(b"{"):  # (PHP writes "https:\/\/jsonfeed.org", a sorted one puts "version" last)
        return read_json_feed(response.body, url, content_type)
    root = ROOT.search(body[:SNIFF])
    if root and root[1] in (b"urlset", b"sitemapindex"):
        return read_sitemap(response.body, url)
    if root and (root[1] != b"RDF" or b"purl.org/rss/1.0" in body[:SNIFF]):
        return read_feed(response.body, url, response.charset)
    if start.startswith(b"<!doctype html") or b"<html" in start or content_type in HTML_TYPES:
        return read_page(response.body, url)
    if start.startswith(b"<?xml") or content_type in XML_TYPES:
        raise FetchError(f"{url}: XML that is neither a feed nor a sitemap.")
    raise FetchError(f"{url}: not HTML, a feed or a sitemap ({content_type}).")


def sniffable(body: bytes) -> bytes:
    """The start of the body as UTF-8 when it is UTF-16 with a byte order mark, else as it is."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body[:SNIFF].decode("utf-16", errors="replace").encode()
    return body


# --- feeds ---


def read_feed(body: bytes, url: str, charset: str | None = None) -> Found:
    """The entries of an RSS or Atom feed, through feedparser, with links made absolute (xml:base honoured).
    An ill-formed feed (an undefined entity, text around the feed, bytes in another charset than declared)
    is read leniently and noted; one that yields no entry at all is `FetchError`."""
    cleaned, problems = feed_bytes(body)
    content_type = f"application/xml; charset={charset}" if charset else "application/xml"
    headers = {"content-location": url, "content-type": content_type}  # links resolved against the URL
    parsed = feedparser.parse(cleaned, response_headers=headers)
    read = [feed_entry(entry, url) for entry in parsed.entries]
    entries = tuple(unique_entries(filter(None, read)))
    if parsed.bozo:
        problems.append(describe(parsed.get("bozo_exception")))
        if not entries:
            raise FetchError(f"{url}: bad XML ({'; '.join(problems)}); no entry could be read.")
    ill_formed = f"an ill-formed feed ({'; '.join(problems)}), read leniently" if problems else ""
    return Found("feed", entries=entries, note=feed_note(url, ill_formed, read.count(None)))


def feed_note(url: str, ill_formed: str, unlinked: int) -> str | None:
    """What the user should know of a feed that was read: how it was ill-formed, and entries it had to skip."""
    said = [ill_formed] if ill_formed else []
    if unlinked:
        said.append(f"{unlinked} {'entry' if unlinked == 1 else 'entries'} without a link skipped")
    return f"{url}: {'; '.join(said)}." if said else None


def describe(problem) -> str:
    """feedparser's reason, as "undefined entity" rather than "<unknown>:3:20: undefined entity" (its line
    numbers count a declaration it adds)."""
    if hasattr(problem, "getMessage"):
        return problem.getMessage()
    return str(problem or "ill-formed").strip()


def feed_bytes(body: bytes) -> tuple[bytes, list[str]]:
    """The document without a byte order mark and blank lines before it (harmless: not noted), and with its
    bare `&`s escaped outside CDATA (read leniently, "Q&A" would become "Q&A;"); and what was wrong."""
    body = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    escaped = BARE_AMPERSAND.sub(lambda match: match[0] if match[0] != b"&" else b"&amp;", body)
    return escaped, ["a bare & escaped"] if escaped != body else []


def feed_entry(item, base: str) -> Entry | None:
    """A feedparser entry (or a JSON Feed item shaped like one) as an Entry; None without a permalink (a link,
    else a guid or id that is a URL)."""
    identifier = item.get("id") or ""
    permalink = identifier if identifier.startswith(("http://", "https://")) else ""
    link = absolute(base, item.get("feedburner_origlink") or item.get("link") or permalink)  # (not its redirect)
    if not link:
        return None
    link = without_tracking(link)
    stamp = item.get("published_parsed") or item.get("updated_parsed") or item.get("created_parsed")
    contents = [part for part in item.get("content", ()) if part.get("value", "").strip()]
    if not contents and not (item.get("title") or "").strip() and (item.get("summary") or "").strip():
        contents = [item.get("summary_detail") or {"value": item["summary"]}]  # (untitled: a micro-post)
    content = None
    if contents:
        value, kind = contents[0]["value"].strip(), contents[0].get("type", "text/plain")
        content = value if kind in ("text/html", "application/xhtml+xml") else text_as_html(value)
        content = None if is_teaser(content) else content  # (then the post's page is read)
    return Entry(url=link, title=entry_title(item) or (first_words(content) if content else ""),
                 date=time.strftime("%Y-%m-%d", stamp) if stamp else None, content=content)


def without_tracking(link: str) -> str:
    """The link without the campaign parameters feed services add to it (`utm_source=feedburner`...)."""
    parts = urlsplit(link)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not name.startswith("utm_")]
    return parts._replace(query=urlencode(kept)).geturl() if len(kept) < len(pairs) else link


def text_of(fragment: str, between: str = " ") -> str:
    """The text of an HTML fragment, its elements' texts joined by `between` (a space keeps paragraphs' words
    apart; "" keeps "Py<b>thon</b>" one word)."""
    try:
        return between.join(lxml.html.fragment_fromstring(fragment, create_parent="div").itertext())
    except (ValueError, etree.ParserError):  # (control characters, which lxml refuses)
        return html.unescape(re.sub(r"<[^>]*>", between, fragment))


def is_teaser(content: str) -> bool:
    """A few lines and a "Continue reading" link (Medium's member-only stories, excerpt feeds): not the post."""
    words = text_of(content).split()
    return len(words) < TEASER_WORDS and bool(READ_ON.search(" ".join(words[-12:])))


def entry_title(item) -> str:
    """The title as text: an HTML one (Atom `type="html"`, as WordPress and jekyll-feed write them) without its
    markup and entities; a plain one with the entities its CDATA kept ("Testing &#8211; the basics") decoded."""
    title = item.get("title") or ""
    if (item.get("title_detail") or {}).get("type") in ("text/html", "application/xhtml+xml"):
        title = text_of(title, between="")
    elif ENTITY.search(title):
        title = html.unescape(title)
    return " ".join(title.split())


def first_words(content: str, count: int = 10) -> str:
    """A title for a post that has none (a status update, a micro-post): its first words."""
    words = text_of(content).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def read_json_feed(body: bytes, url: str, content_type: str = JSON_FEED_TYPE) -> Found:
    """The items of a JSON Feed (jsonfeed.org, versions 1 and 1.1), which feedparser does not read: a JSON
    object whose "version" names jsonfeed.org, or any served as application/feed+json. JSON is UTF-8 whatever
    the server claims (RFC 8259)."""
    try:
        feed = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        raise FetchError(f"{url}: a JSON Feed that cannot be read ({error}).") from None
    version = str(feed.get("version", "")) if isinstance(feed, dict) else ""
    if "jsonfeed.org/version" not in version and content_type != JSON_FEED_TYPE:
        raise FetchError(f"{url}: JSON that is not a JSON Feed.")
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise FetchError(f"{url}: JSON that is not a JSON Feed (no list of items).")
    read = [feed_entry(as_feedparser_entry(item), url) for item in items if isinstance(item, dict)]
    return Found("feed", entries=tuple(unique_entries(filter(None, read))), note=feed_note(url, "", read.count(None)))


def as_feedparser_entry(item: dict) -> dict:
    """A JSON Feed item under feedparser's names; strings only (a hostile feed may put anything anywhere)."""
    text = {key: value for key, value in item.items() if isinstance(value, str)}
    link = text.get("url", "").strip()
    if not link and not text.get("id", "").startswith(("http://", "https://")):
        link = text.get("external_url", "").strip()  # (a link blog's item has no page of its own)
    return {"link": link, "id": text.get("id"), "title": text.get("title"),
            "published_parsed": utc_time(text.get("date_published") or text.get("date_modified") or ""),
            "content": [{"value": text.get("content_html", ""), "type": "text/html"},
                        {"value": text.get("content_text", ""), "type": "text/plain"}]}


def utc_time(text: str) -> time.struct_time | None:
    """An RFC 3339 timestamp in UTC (as feedparser gives RSS and Atom dates); None when it is not one."""
    try:
        return dt.datetime.fromisoformat(text.strip()).utctimetuple()
    except ValueError:
        return None


def text_as_html(text: str) -> str:
    """Plain text as HTML paragraphs (a blank line separates them), escaped."""
    paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs if part)


# --- sitemaps ---


def read_sitemap(body: bytes, url: str) -> Found:
    """A <urlset> gives entries; a <sitemapindex> gives further sitemaps (on the same host, as the protocol
    requires). Entities are never expanded, nothing is loaded from the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    start = ROOT.search(body[:SNIFF])  # what comes before the root (a PHP warning) would be taken for it
    root = etree.fromstring(feed_bytes(body[start.start() if start else 0:])[0], parser)
    if root is None:
        raise FetchError(f"{url}: bad XML; no sitemap could be read.")
    locations = (element.text.strip() for element in root.iter("{*}loc") if (element.text or "").strip())
    links = list(dict.fromkeys(filter(None, (absolute(url, location) for location in locations))))
    if etree.QName(root).localname == "sitemapindex":
        return Found("sitemap", sitemaps=tuple(link for link in links if same_host(link, url)))
    return Found("sitemap", entries=tuple(Entry(url=link) for link in links))


# --- pages ---


def read_page(body: bytes, url: str) -> Found:
    """The feeds a page announces (<link rel="alternate">) and its entry links, both on the page's host."""
    try:
        document = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return Found("page")
    document.make_links_absolute(url, handle_failures="discard")  # against <base href> when there is one
    feeds = [absolute(url, link.get("href") or "") for link in document.iter("link")
             if "alternate" in (link.get("rel") or "").lower().split()
             and (link.get("type") or "").lower() in (*FEED_TYPES, JSON_FEED_TYPE)]
    entries = (Entry(url=link, from_page=True) for link in entry_links(document, url))
    return Found("page", entries=tuple(entries),
                 feeds=tuple(dict.fromkeys(feed for feed in feeds if feed and same_host(feed, url))))


def entry_links(document, url: str) -> list[str]:
    """Links to posts: same host, under the page's folder, outside navigation; links in headings (or
    rel=bookmark) when there are any, otherwise every such link in the content."""
    for part in [*document.iter(*SKIPPED_PARTS), *document.xpath(SKIPPED_ROLES)]:
        if part.getparent() is not None:
            part.drop_tree()
    headed, others = [], []
    for anchor in document.iter("a"):
        link, rel = absolute(url, anchor.get("href") or ""), (anchor.get("rel") or "").split()
        if link and is_entry_url(link, url) and "tag" not in rel:
            in_heading = next(anchor.iterancestors("h1", "h2", "h3", "h4"), None) is not None
            (headed if in_heading or "bookmark" in rel else others).append(link)
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
    """`href` made absolute against `base`, without fragment; None when empty or not http(s)."""
    if not href.strip():
        return None
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
