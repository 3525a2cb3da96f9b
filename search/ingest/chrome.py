"""Site chrome: what never belongs to a talk (navigation, banners, footers, sidebars, comment areas,
share/related widgets, "¶"/"permalink" marks, scripts, forms), and where the page's content area is.

Class and id names are matched word by word ("entry-footer", "widget-area"); a long id is a heading's
slug ("reaching-out-...-social-sciences"), not a class name, so it is not matched. A wrapper that holds
the page's title or article is never chrome, whatever its classes say ("has-sidebar").
"""

from __future__ import annotations

import re

from lxml import etree

DROP_TAGS = frozenset(
    "script style noscript template svg iframe form button input select textarea nav aside "
    "object embed canvas map audio video head title meta link".split()
)
CHROME = re.compile(
    r"(?:^|\s)(?:side|leftside|rightside|sidecol|side-col|side-column)(?:$|\s)|"  # (not "side-by-side")
    r"(?:^|[-_ ])(?:comments?|comment-respond|respond|discussion|disqus|sidebar|sphinxsidebar|"
    r"sidebarwrapper|widgets?|share|sharing|sharedaddy|social|related|relatedposts|yarpp|"
    r"breadcrumbs?|breadcrumb|navbar|navigation|nav-links|pagination|pager|menu|skip-link|"
    r"screen-reader-text|cookie|newsletter|subscribe|advert|ads|banner|masthead|site-header|"
    r"site-footer|footer|portlet|portlets|this-page-menu|searchbox|search-form|headerlink|section-number|"
    r"anchorjs-link|hiddenstructure|visually-hidden|sr-only|author-bio|about-author|author-info|author-box|entry-author|post-nav|"
    r"documentactions|document-actions|portalmessage|edit-bar|contentviews|contentactions|"
    r"tags|tag-links|tags-links|cat-links|post-tags|entry-tags|categories|taglist|tag-list|more-link|read-more|"
    r"readmore|post-terms|toc(?!-backref)|table-of-contents|nextprev|paginav|author-card|editsection|catlinks)(?:$|[-_ ])",
    re.I,
)
WIDGET = re.compile(
    r"(?:^|[-_ ])(?:related|relatedposts|yarpp|comments?|discussion|disqus|share|sharing|newsletter|subscribe)(?:$|[-_ ])",
    re.I,
)
TEASER_CHARS = 600  # a teaser of another post is a title and an excerpt; a post wrapped in "has-comments" is longer
FEATURED_CHARS = 200  # an excerpt under a teaser's title is a sentence; a featured post has paragraphs
MASTHEAD = re.compile(r"(?:^|[-_ ])(?:masthead|site-header|banner|navbar|navigation|menu)(?:$|[-_ ])", re.I)
SOFT = re.compile(
    r"(?:^|[-_ ])(?:footer|entry-utility|tags|tag-links|tags-links|cat-links|post-tags|entry-tags|categories|"
    r"taglist|tag-list|post-terms)(?:$|[-_ ])",
    re.I,
)
ENTRY_INSIDE = (
    ".//h1 | .//article | .//main | .//*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-body ')]"
)
MARK_TEXTS = frozenset({"¶", "#", "§", "🔗", "⌗", "permalink", "link", "∞", "¶ permalink", "continue reading",
                        "continue reading →", "read more", "read more…", "read more...", "read more »", "more…"})
KEEP_INSIDE = ("article", "main")



def classes(el) -> str:
    """Class, role and a short id: long ids are slugs of headings ("...-social-sciences"), not chrome."""
    if not el.attrib:
        return ""  # (most elements of a page's text have no attributes at all)
    ident = el.get("id") or ""
    if ident.count("-") + ident.count("_") > 2:
        ident = ""
    return f"{ident} {el.get('class') or ''} {el.get('role') or ''}".strip()


def is_chrome(el) -> bool:
    """Site chrome that never belongs to a talk's body."""
    tag = el.tag
    if tag in DROP_TAGS:
        return not is_featured_entry(el)
    if tag == "footer" and not inside_content(el):
        return True
    if tag == "header" and not inside_content(el) and not is_page_header(el):
        return True
    if el.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    label = classes(el)
    if label and CHROME.search(label):
        if is_teaser_widget(el, label):
            return True
        if el.xpath(".//main | .//article"):
            return False  # a layout wrapper ("page-navbar", "has-sidebar") around the page's main content
        return tag in ("header", "footer") or MASTHEAD.search(label) is not None or not holds_content(el)
    if tag == "a" and (el.text_content() or "").strip().lower() in MARK_TEXTS:
        return True
    return tag in ("ul", "ol") and is_local_toc(el)


def is_featured_entry(el) -> bool:
    """An <aside> holding a whole post with its title (Pelican's "featured" latest article), not a teaser."""
    if el.tag != "aside":
        return False
    return any(a.xpath(".//h1 | .//h2") and paragraph_chars(a) >= FEATURED_CHARS for a in el.iter("article"))


def paragraph_chars(el) -> int:
    return sum(len(p.text_content() or "") for p in el.iter("p"))


def is_teaser_widget(el, label: str) -> bool:
    """"You may also enjoy" / comment lists: <article> teasers of other posts, not the page's own title."""
    if not WIDGET.search(label) or el.xpath(".//h1 | .//main"):
        return False
    return all(len(article.text_content() or "") < TEASER_CHARS for article in el.iter("article"))


def is_local_toc(el) -> bool:
    """A list of links to this page's own sections (Sphinx "contents", a theme's "on this page")."""
    links = [a for a in el.iter("a") if a.get("href")]
    if len(links) < 2 or not all(a.get("href").startswith("#") for a in links):
        return False
    text = len("".join((el.text_content() or "").split()))
    return sum(len("".join((a.text_content() or "").split())) for a in links) >= 0.8 * text


def is_page_header(el) -> bool:
    """A <header> holding the page's own title (an <h1> that is not a link home), not the site's banner."""
    return any(not h1.xpath(".//a[@href]") for h1 in el.iter("h1"))


def holds_content(el) -> bool:
    """A layout wrapper ("has-sidebar", "widget Blog") that holds the page's title, article or entries."""
    return bool(el.xpath(ENTRY_INSIDE))


def is_soft_chrome(el) -> bool:
    """Chrome whose text is left out but whose marks (tags, dates) still describe the entry."""
    return el.tag == "footer" or bool(SOFT.search(classes(el)))


def inside_content(el) -> bool:
    for ancestor in el.iterancestors():
        if ancestor.tag in KEEP_INSIDE:
            return True
    return False


def find_main(root) -> etree._Element:
    """The element holding the page's content: <main>/role=main, the article(s), a content div, or body."""
    body = root.find("body")
    if body is None:
        body = root
    for path in ('//*[@role="main"]', "//main", '//*[@id="content"]', '//*[@id="main"]'):
        found = [el for el in root.xpath(path) if not chrome_ancestor(el)]
        if found:
            return with_featured(root, only_article(with_title(root, max(found, key=text_size))))
    articles = [el for el in root.xpath("//article") if not chrome_ancestor(el)]
    if len(articles) == 1:
        return articles[0]
    if articles:
        return common_ancestor(articles)
    for path in (
        '//*[contains(concat(" ", normalize-space(@class), " "), " hentry ")]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " post ")]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " entry-content ")]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " post-content ")]',
        '//*[contains(concat(" ", normalize-space(@class), " "), " content ")]',
    ):
        found = [el for el in root.xpath(path) if not chrome_ancestor(el)]
        if found:
            return max(found, key=text_size) if len(found) == 1 else common_ancestor(found)
    return body


def with_title(root, main) -> etree._Element:
    """The content area widened to take in the page's one <h1> just outside it (Confluence: the title
    sits in a page header beside the content div)."""
    if next(main.iter("h1"), None) is not None:
        return main
    inside = set(main.iter())
    titles = [h for h in root.iter("h1") if h not in inside and not chrome_ancestor(h)]
    page_title = " ".join(" ".join(root.xpath("//head/title//text()")).split())
    if len(titles) != 1 or " ".join(titles[0].text_content().split()) not in page_title:
        return main
    around = common_ancestor([titles[0], main])
    return main if around.tag in ("body", "html") else around


def with_featured(root, main) -> etree._Element:
    """The content area widened to take in a featured post placed outside it (beside the listing)."""
    featured = [el for el in root.iter("aside") if is_featured_entry(el) and main not in el.iterancestors()]
    outside = [el for el in featured if el not in main.iterdescendants() and not chrome_ancestor(el)]
    return common_ancestor([main, *outside]) if outside else main


def only_article(main) -> etree._Element:
    """The one titled <article> inside the content area, if there is exactly one (a single post)."""
    articles = [el for el in main.iter("article") if not chrome_ancestor(el)]
    if len(articles) == 1 and articles[0].xpath(".//h1|.//h2"):
        return articles[0]
    return main


def chrome_ancestor(el) -> bool:
    return any(is_chrome(ancestor) for ancestor in el.iterancestors() if ancestor.tag not in ("html", "body"))


def text_size(el) -> int:
    return len(el.text_content() or "")


def common_ancestor(elements: list) -> etree._Element:
    paths = [list(reversed([el, *el.iterancestors()])) for el in elements]
    common = paths[0][0]
    for level in zip(*paths):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common
