"""Stage 2: decoded HTML -> the page's content area as a flat stream of `Block`s.

The stream holds headings, paragraphs, list items and code blocks in reading order, plus a few marks
that later stages need (bylines, <time>, rel=tag links, permalinks). Site chrome (navigation, headers,
footers, sidebars, comment areas, share/related widgets, "¶"/"permalink" marks, scripts, forms) is left
out. The walk is iterative (lxml `iterwalk`), so deeply nested pages cannot exhaust the Python stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from search.ingest.chrome import classes, is_chrome, is_soft_chrome
from search.ingest.dates import is_date_only

BLOCK_TAGS = frozenset(
    "p div li dd dt blockquote pre h1 h2 h3 h4 h5 h6 tr table ul ol dl section article main header "
    "footer figure figcaption address center td th hr".split()
)
WRAPPER_TAGS = re.compile(r"</?(?:div|span|font|center|section|table|tbody|thead|tr|td|th|b|i|em|strong|small|big|u)\b[^>]*>", re.I)
BYLINE_TAGS = frozenset({"span", "div", "small", "p"})  # (a link classed "published" is a title, not a byline)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BYLINE = re.compile(
    r"(?:^|[\s_-])(?:byline|documentbyline|meta|metadata|post-metadata|posted|posted-on|postedon|post-date|date|dateline|published|post-info|"
    r"entry-info|postmeta|postmetadata|pubdate|timestamp|author)(?:$|\s)",
    re.I,
)
TAG_HREF = re.compile(r"/(?:tags?|categor(?:y|ies)|topics?|labels?)/[^/?#]+/?(?:index\.html?)?$", re.I)
PUBLISHED = re.compile(r"(?:^|\s)(?:published|updated|dtstart|dt-published)(?:$|\s)")
ENTRY_CLASS = re.compile(r"(?:^|\s)(?:hentry|h-entry|post-entry)(?:$|\s)")
TITLE_CLASS = re.compile(
    r"(?:^|\s)(?:entry-title|post-title|posttitle|article-title|entrytitle|headline|tileheadline)(?:$|\s)", re.I
)

AUTHOR_HREF = re.compile(r"/(?:author|authors|people|profile|profiles|users?)/[^/?#]+/?$|/@[\w.-]+/?$", re.I)
SUBTITLE_CLASS = re.compile(r"(?:^|[\s_-])(?:subtitle|sub-title|subheadline|dek|standfirst|tagline)(?:$|[\s_-])", re.I)


@dataclass(frozen=True)
class Block:
    """One unit of the content stream.

    kind: "h" heading, "p" paragraph, "li" list item, "pre" code, "byline", "dateh" (a heading that is
    only a date: a date header above the entries of that day), or a mark: "time"
    (text = datetime), "tag" (text = tag name), "bookmark" (text = href), "entry" (the start of one
    <article> of a listing; text = its permalink or ""), "entryend" (where that <article> closes).
    """

    kind: str
    text: str
    level: int = 0
    anchor: str = ""
    link: str = ""
    link_chars: int = 0
    local_chars: int = 0


def parse(text: str) -> etree._Element | None:
    """Parse decoded HTML leniently; None when there is no document at all.

    libxml2 drops whatever is nested deeper than 256 elements; such a page is parsed again without
    its layout wrappers (div, span, table cells...), which is where deep nesting comes from."""
    root, too_deep = parse_once(text)
    if too_deep:
        flat = parse_once(WRAPPER_TAGS.sub(" ", text))[0]
        root = flat if flat is not None else root
    return root


def parse_once(text: str) -> tuple[etree._Element | None, bool]:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    drop_unparseable_links(root)
    return root, any("depth" in error.message for error in parser.error_log)


def drop_unparseable_links(root) -> None:
    """Remove href/content values urllib cannot parse ("http://[oops"), so later stages can trust them."""
    for el in root.xpath("//*[@href] | //meta[@content]"):
        attr = "href" if el.get("href") is not None else "content"
        try:
            urlsplit(el.get(attr).strip())
        except ValueError:
            del el.attrib[attr]


def heading_anchor(el) -> str:
    if el.get("id"):
        return el.get("id")
    for a in el.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            return href[1:]
        if a.get("name") or a.get("id"):
            return a.get("name") or a.get("id")
    parent = el.getparent()
    if parent is not None and parent.tag in ("section", "div") and parent.get("id"):
        return parent.get("id")
    return ""


def heading_link(el) -> str:
    """The href of a link that makes up (nearly) the whole heading: a listing entry's permalink."""
    heading_text = norm_space(el.text_content())
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if len(norm_space(a.text_content())) >= 0.8 * len(heading_text) > 0:
            return href
    return ""


def site_of(url: str) -> str:
    """The site a URL belongs to: "file:" for local files, else the host without "www."."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file:"
    return parts.netloc.lower().removeprefix("www.")


def is_local_link(href: str, base: str) -> bool:
    """A link to another page of the same site (what tables of contents are made of)."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "javascript:")):
        return False
    scheme = urlsplit(href).scheme
    if not scheme:
        return True
    return bool(base) and site_of(href if scheme in ("http", "https") else urljoin(base, href)) == site_of(base)


def is_home_link(href: str, base: str) -> bool:
    """A link to a site's home page: "/", "https://host/", or "../../index.html" in a saved copy."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or href.startswith("/"):
        return urlsplit(urljoin(base, href)).path.rstrip("/") in ("", "/index.html", "/index.php")
    folders, _, name = href.split("?")[0].split("#")[0].rpartition("/")
    up_only = all(part in ("", ".", "..") for part in folders.split("/"))  # ("../../", not "../../posts/slug/")
    return name in ("", "index.html", "index.htm", "index.php") and up_only and (href.startswith("..") or href in ("", ".", "./"))


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))  # zero-width marks, soft hyphens


def norm_space(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").translate(INVISIBLE).split()).replace("¶", "").strip()


def title_key(text: str) -> str:
    """A title for comparing: case folded, punctuation gone ("ZeroMQ: a talk" -> "zeromq a talk")."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def clean_lines(text: str, keep_lines: bool) -> str:
    text = text.replace("\xa0", " ").translate(INVISIBLE).replace("¶", "").replace("\r", "")
    if not keep_lines:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Builder:
    """Accumulates inline text and emits `Block`s when block elements open and close."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.local_chars = 0
        self.label = ""  # a <dt> term, put before its <dd> ("Speaker: NAME")
        self.kinds: list[tuple] = []

    def count_link(self, a) -> None:
        size = len((a.text_content() or "").strip())
        self.link_chars += size
        if is_local_link(a.get("href") or "", self.base):
            self.local_chars += size

    def flush(self) -> None:
        if not self.buf:
            return
        kind, level, anchor, link = self.kinds[-1] if self.kinds else ("p", 0, "", "")
        if kind == "dt":
            self.label = " ".join("".join(self.buf).split()).rstrip(":") + ": "
            self.buf = []
            return
        raw = self.label + "".join(self.buf)
        self.label = ""
        text = raw.strip("\n") if kind == "pre" else clean_lines(raw, keep_lines=kind != "h")
        if kind == "h" and is_date_only(text):
            kind = "dateh"
        elif kind == "h" and (self.is_site_banner(link) or AUTHOR_HREF.search(link)):
            kind = "byline"  # (the blog's name, or the post author's name linking to their page)
        if text.strip():
            self.blocks.append(Block(kind, text, level, anchor, link, self.link_chars, self.local_chars))
        self.buf = []
        self.link_chars = self.local_chars = 0

    def is_site_banner(self, link: str) -> bool:
        """A heading linking to a site's home page is the blog's name, not a post's title (when it is
        the page's first heading, or the home is this site's)."""
        if not link or not is_home_link(link, self.base):
            return False
        return is_local_link(link, self.base) or not any(b.kind in ("h", "p", "li") for b in self.blocks)

    def mark(self, kind: str, text: str) -> None:
        if text:
            self.blocks.append(Block(kind, text.strip()))


def block_kind(el, parent_kind: str) -> tuple:
    """(kind, heading level, anchor, heading link) of a block element opened inside `parent_kind`."""
    tag = el.tag
    if tag in HEADINGS and SUBTITLE_CLASS.search(el.get("class") or ""):
        return ("p", 0, "", "")  # (a post's subtitle or dek under its title is text, not a section)
    if tag in HEADINGS:
        return ("h", HEADINGS[tag], heading_anchor(el), heading_link(el))
    if tag in ("div", "p", "td") and TITLE_CLASS.search(el.get("class") or ""):
        return ("h", 2, heading_anchor(el), heading_link(el))
    if tag == "dt" and is_entry_term(el):
        return ("h", 3, heading_anchor(el), term_link(el))
    if tag == "th" and is_row_label(el):
        return ("dt", 0, "", "")  # ("<tr><th>Speaker</th><td>NAME</td></tr>" reads "Speaker: NAME")
    if tag == "pre":
        kind = "pre"
    elif tag in ("header", "footer", "address") or (
        BYLINE.search(classes(el)) and tag not in ("article", "main", "section", "body")
    ):
        kind = "byline"
    elif parent_kind in ("li", "byline", "pre"):
        kind = parent_kind
    elif tag in ("dt", "li"):
        kind = tag
    else:
        kind = "li" if tag == "dd" else "p"
    return (kind, 0, "", "")


def is_row_label(el) -> bool:
    """The one <th> that opens a table row of <td>s (a property table: "Speaker | NAME")."""
    row = el.getparent()
    cells = [c for c in row if isinstance(c.tag, str)] if row is not None else []
    return bool(cells) and cells[0] is el and len(cells) >= 2 and all(c.tag == "td" for c in cells[1:])


def is_entry_term(el) -> bool:
    """A <dt> of a folder listing (Plone's standard view): a link to the entry plus its byline."""
    return bool(bylines_in(el)) and bool(term_link(el))


def bylines_in(el) -> list:
    return [d for d in el.iterdescendants() if d.tag in BYLINE_TAGS and BYLINE.search(classes(d))]


def term_link(el) -> str:
    """The link that makes up a <dt>'s text once its byline is left out."""
    bylines = bylines_in(el)
    size = len(norm_space(el.text_content())) - sum(len(norm_space(b.text_content())) for b in bylines)
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")) and not any(a in b.iter() for b in bylines):
            if len(norm_space(a.text_content())) >= 0.8 * size > 0:
                return href
    return ""


def opens_block(el, out: "_Builder") -> bool:
    """Block elements, and a byline inside a heading (its date or author is not part of the title)."""
    if el.tag in BLOCK_TAGS:
        return True
    return el.tag in BYLINE_TAGS and bool(out.kinds) and out.kinds[-1][0] == "h" and bool(BYLINE.search(classes(el)))


def without_banner(blocks: list[Block]) -> list[Block]:
    """A first heading that is only a link, right above another heading of its level, is the site's name
    (GitHub Pages themes: "<h1><a href=site>talk-notes</a></h1><h1>Talk title</h1>")."""
    first = next((n for n, b in enumerate(blocks) if b.kind in ("h", "p", "li")), None)
    if first is None or first + 1 >= len(blocks) or blocks[first].kind != "h" or not blocks[first].link:
        return blocks
    below = blocks[first + 1]
    if below.kind != "h" or below.link or below.level != blocks[first].level:
        return blocks
    return blocks[:first] + [replace(blocks[first], kind="byline")] + blocks[first + 1 :]


def without_repeated_titles(blocks: list[Block]) -> list[Block]:
    """Drop a heading that repeats the page's title, its first heading (Medium repeats it in the body)."""
    title = next((b.text.casefold() for b in blocks if b.kind == "h"), None)
    first = next((n for n, b in enumerate(blocks) if b.kind == "h"), -1)
    return [b for n, b in enumerate(blocks) if n <= first or b.kind != "h" or b.text.casefold() != title]


def blocks_of(main, base: str = "") -> list[Block]:
    """Walk the content element once and return its blocks (chrome skipped, marks kept).

    `base` (the page's URL) tells links to the same site (counted in `local_chars`) from others."""
    out = _Builder(base)
    walker = etree.iterwalk(main, events=("start", "end"))
    skipping, soft, opened, entries = None, set(), set(), set()  # chrome being skipped; soft chrome (bylines)
    for event, el in walker:
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if skipping is not None:
                continue
            emit_marks(el, out)
            chrome = el is not main and is_chrome(el)
            if chrome and not is_soft_chrome(el):
                skipping = el
                continue
            if chrome:
                soft.add(el)
            if el is not main and is_outer_entry(el, main):
                out.flush()
                out.blocks.append(Block("entry", entry_permalink(el)))
                entries.add(el)
            if chrome or opens_block(el, out):
                out.flush()
                parent = out.kinds[-1][0] if out.kinds else "p"
                out.kinds.append(("byline", 0, "", "") if chrome else block_kind(el, parent))
                opened.add(el)
            elif el.tag == "br":
                out.buf.append("\n")
            elif el.tag in ("td", "th"):
                out.buf.append(" ")
            if el.tag == "a":
                out.count_link(el)
            if el.text:
                out.buf.append(el.text)
        else:
            if skipping is not None:
                if el is not skipping:
                    continue
                skipping = None
            elif el in soft or el in opened:
                out.flush()
                opened.discard(el)
                if out.kinds:
                    out.kinds.pop()
            if el in entries:
                out.flush()
                out.blocks.append(Block("entryend", ""))
            if el.tail and el is not main:
                out.buf.append(el.tail)
    out.flush()
    return without_repeated_titles(without_banner(out.blocks))


def is_outer_entry(el, main) -> bool:
    """An <article> (or h-entry/hentry) that is not inside another one: one entry of a listing."""
    if not is_entry(el):
        return False
    for ancestor in el.iterancestors():
        if ancestor is main:
            return True
        if is_entry(ancestor):
            return False
    return True


def is_entry(el) -> bool:
    return el.tag == "article" or bool(ENTRY_CLASS.search(el.get("class") or ""))


def entry_permalink(el) -> str:
    """Where an entry's own page is: its title's link, a rel=bookmark link, or a text-less overlay link."""
    for heading in el.iter("h1", "h2", "h3", "h4"):
        link = heading_link(heading)
        if link:
            return link
    for a in el.iter("a"):
        if "bookmark" in (a.get("rel") or "").split() and a.get("href"):
            return a.get("href")
    for a in el.iter("a"):
        if a.get("href") and not a.text_content().strip() and not a.get("href").startswith("#"):
            return a.get("href")
    return ""


def emit_marks(el, out: _Builder) -> None:
    tag = el.tag
    if tag == "time":
        out.mark("time", el.get("datetime") or el.text_content())
    elif tag == "abbr" and el.get("title") and PUBLISHED.search(el.get("class") or ""):
        out.mark("time", el.get("title"))
    elif tag == "a":
        rel = (el.get("rel") or "").lower().split()
        if "tag" in rel or "category" in rel:
            out.mark("tag", norm_space(el.text_content()))
        elif TAG_HREF.search(el.get("href") or ""):
            out.mark("tag", norm_space(el.text_content()))
        if "bookmark" in rel and el.get("href"):
            out.mark("bookmark", el.get("href"))
