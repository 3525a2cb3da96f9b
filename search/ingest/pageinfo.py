"""What the page says about itself outside its content: canonical URL, <title>, site name, meta dates,
breadcrumbs. Read once per page from the parsed tree, before the content stage walks it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from search.ingest.chrome import chrome_ancestor, classes
from search.ingest.content import BYLINE, is_home_link, norm_space
from search.ingest.dates import is_date_only, parse_date

DATE_META = (
    "article:published_time", "og:published_time", "datePublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "pubdate", "publishdate", "publish_date", "sailthru.date",
)
TITLE_SEPARATORS = re.compile(r"\s+(?:[—–|·»:]|-{1,2}|&mdash;)\s+")
BANNERS = "//h1[.//a] | //*[@class][" + " or ".join(  # (one pass over the tree, not one per class name)
    f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'
    for name in ("site-title", "site-name", "blog-title", "navbar-brand")
) + "]"
JSON_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


@dataclass(frozen=True)
class PageInfo:
    base: str  # URL that relative links resolve against (page URL, canonical, or file URI)
    canonical: str = ""
    doc_title: str = ""
    site_name: str = ""
    published: dt.date | None = None
    crumbs: tuple[str, ...] = field(default_factory=tuple)
    path: str = ""
    author: str = ""  # the post's author (meta tag): a line naming only them is a byline, not a speaker


def page_info(root, source: str, url: str | None) -> PageInfo:
    base_href = first_attr(root, ("//head/base/@href",))
    base = url or (base_href if urlsplit(base_href).scheme in ("http", "https") else "") or file_uri(source)
    canonical = first_attr(root, ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'))
    canonical = urljoin(base, canonical) if canonical else ""
    doc_title = norm_space(" ".join(root.xpath("//head/title//text()")))
    og_title = first_attr(root, ('//meta[@property="og:title"]/@content',))
    site = first_attr(root, ('//meta[@property="og:site_name"]/@content',)) or sphinx_site(root)
    return PageInfo(
        base=base,
        canonical=canonical,
        doc_title=norm_space(og_title) or doc_title,
        site_name=norm_space(site) or banner_name(root, base) or site_from_title(doc_title, first_heading(root)),
        published=meta_date(root) or marked_date(root) or calendar_date(root),
        crumbs=breadcrumbs(root),
        path=unquote(urlsplit(url or canonical or base).path),
        author=norm_space(first_attr(root, ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'))),
    )


def file_uri(source: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
        return source
    return PurePosixPath(source).as_uri() if source.startswith("/") else "file:///" + source.lstrip("/")


def first_attr(root, paths: tuple[str, ...]) -> str:
    for path in paths:
        values = [v.strip() for v in root.xpath(path) if v and v.strip()]
        if values:
            return values[0]
    return ""


def marked_date(root) -> dt.date | None:
    """The first <time> or byline date anywhere outside site chrome (a title block above <main>)."""
    for el in root.iter("time", "p", "div", "span"):
        if el.tag == "time":
            text = el.get("datetime") or el.text_content()
        elif BYLINE.search(classes(el)):
            text = el.text_content()[:200]
        else:
            continue
        found = parse_date(text)
        if found and not chrome_ancestor(el):
            return found
    return None


def calendar_date(root) -> dt.date | None:
    """A date next to a calendar icon, even in a sidebar (ablog's post card: "<i class="fa fa-calendar">
    </i> 14 December 2019"); the first one only, and only when that line is nothing but the date."""
    for icon in root.xpath('//*[contains(@class, "calendar")]')[:1]:
        line = norm_space(icon.getparent().text_content()) if icon.getparent() is not None else ""
        if is_date_only(line):
            return parse_date(line)
    return None


def meta_date(root) -> dt.date | None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in {k.lower() for k in DATE_META}:
            found = parse_date(meta.get("content"))
            if found:
                return found
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        match = JSON_DATE.search(script)
        if match and parse_date(match.group(1)):
            return parse_date(match.group(1))
    return None


def banner_name(root, base: str) -> str:
    """The blog's name from its banner: the first <h1> (or site-title) that is a link to a home page."""
    for el in root.xpath(BANNERS)[:4]:
        links = el.xpath(".//a/@href") or el.xpath("ancestor-or-self::a[1]/@href")
        if links and (is_self_index(links[0], base) or (is_home_link(links[0], base) and not repeats_heading(root, el))):
            return norm_space(el.text_content())
    return ""


def repeats_heading(root, banner) -> bool:
    """A banner that repeats the page's own heading (Sphinx's "scrolls" theme links the page title home)."""
    text = norm_space(banner.text_content()).replace("¶", "").strip()
    others = (h for h in root.iter("h1", "h2") if h is not banner and banner not in h.iterancestors())
    return any(norm_space(h.text_content()).replace("¶", "").strip() == text for h in others)


def is_self_index(href: str, base: str) -> bool:
    """The banner's "index.html" on that index page itself: this page is the site's home."""
    return href.strip() in ("index.html", "./index.html") and urlsplit(base).path.endswith("/index.html")


def sphinx_site(root) -> str:
    return first_attr(root, ('//li[contains(@class, "nav-item-0")]/a//text()',))


def site_from_title(title: str, heading: str = "") -> str:
    """"Post - Site" -> "Site"; "Site - Post" when the page's own heading is the last part."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return ""
    return parts[0] if heading and parts[-1].casefold() == heading.casefold() else parts[-1]


def first_heading(root) -> str:
    """The page's first <h1>; a first one that is only a link, with another below it, is the site's banner."""
    found = [h for h in root.iter("h1") if not chrome_ancestor(h)]
    if len(found) > 1 and is_all_link(found[0]):
        found = found[1:]
    return norm_space(found[0].text_content()) if found else ""


def is_all_link(el) -> bool:
    text = norm_space(el.text_content())
    return bool(text) and sum(len(norm_space(a.text_content())) for a in el.iter("a")) >= len(text)


def breadcrumbs(root) -> tuple[str, ...]:
    """Breadcrumb texts from the root down (Sphinx nav-items, Plone/WordPress/schema.org breadcrumbs)."""
    items = root.xpath('(//div[contains(@class, "related")])[1]//li[contains(@class, "nav-item")]')
    if not items:
        trails = root.xpath(
            '//*[contains(@id, "breadcrumb") or contains(@class, "breadcrumb")][1]'
        )
        items = trails[0].xpath(".//li|.//a") if trails else []
    texts = [norm_space(item.text_content()).strip("»›>/ ") for item in items]
    return tuple(t for t in texts if t)


def doc_title_without_site(info: PageInfo) -> str:
    parts = TITLE_SEPARATORS.split(info.doc_title)
    if len(parts) > 1 and info.site_name and parts[-1] == info.site_name:
        parts = parts[:-1]
    return " - ".join(parts) if len(parts) > 1 else parts[0] if parts else ""
