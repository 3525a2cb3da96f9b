"""A small weblog served by the test HTTP server: posts, a listing page announcing an RSS feed, the feed,
a sitemap index; each document with an ETag and Last-Modified, so unchanged ones answer 304."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from tests.fetchserver import FetchServer

LAST_MODIFIED = "Mon, 01 Jun 2015 10:00:00 GMT"
SPEAKERS = ["Pieter Hintjens", "Erik Groeneveld", "Lars de Ridder", "Bob Voorneveld", "Oscar Vilaplana",
            "Sébastien Martin", "Anna van der Berg", "Maria Jansen", "Priya Raman", "Tom de Vries"]
TOPICS = ["ZeroMQ messaging", "Generators and coroutines", "Advanced REST APIs", "The Gmail API in a CRM",
          "Orchestrating projects with CoreOS", "Accessible web forms", "Search with Whoosh",
          "Testing with Hypothesis", "Packaging Python", "Async databases"]


@dataclass
class Post:
    slug: str
    speaker: str
    title: str
    body: str
    date: str


def make_post(number: int) -> Post:
    speaker, topic = SPEAKERS[number % len(SPEAKERS)], TOPICS[number % len(TOPICS)]
    paragraph = (f"{speaker} talked about {topic.lower()} at PyGrunn. These notes cover the main points, the "
                 f"questions from the audience and links to the slides. ")
    return Post(slug=f"talk-{number}", speaker=speaker, title=topic, body=paragraph * 25,
                date=f"2015-05-{number % 28 + 1:02d}")


class Weblog:
    """Serves posts at /weblog/<slug>, the listing at /weblog/, RSS at /weblog/feed.xml, sitemaps."""

    def __init__(self, server: FetchServer, count: int = 6):
        self.server = server
        self.posts: list[Post] = []
        for number in range(count):
            self.add_post(number)

    def url(self, path: str) -> str:
        return self.server.url(path)

    def add_post(self, number: int) -> Post:
        post = make_post(number)
        self.posts.append(post)
        self.publish()
        return post

    def post_path(self, post: Post) -> str:
        return f"/weblog/{post.slug}"

    def publish(self) -> None:
        for post in self.posts:
            self.serve(self.post_path(post), post_html(post, self.url(self.post_path(post))))
        self.serve("/weblog/", listing_html(self.posts))
        self.serve("/weblog/feed.xml", rss(self.posts), "application/rss+xml")
        self.serve("/sitemap.xml", sitemap_index(), "application/xml")
        self.serve("/sitemap-posts.xml", sitemap(self.posts), "application/xml")

    def serve(self, path: str, text: str, content_type: str = "text/html; charset=utf-8") -> None:
        etag = '"' + hashlib.sha1(text.encode()).hexdigest()[:16] + '"'
        self.server.add(path, text, content_type, etag=etag, last_modified=LAST_MODIFIED)


def post_html(post: Post, url: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(post.speaker)}: '
            f'{html.escape(post.title)}</title><link rel="canonical" href="{url}"></head><body><main><article>'
            f"<h1>{html.escape(post.speaker)}: {html.escape(post.title)}</h1>"
            f'<time datetime="{post.date}">{post.date}</time><p>{html.escape(post.body)}</p>'
            f"</article></main></body></html>")


def listing_html(posts: list[Post]) -> str:
    items = "".join(f'<h2><a href="{post.slug}">{html.escape(post.speaker)}: {html.escape(post.title)}</a></h2>'
                    for post in posts)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Weblog</title><link rel="alternate" '
            f'type="application/rss+xml" href="feed.xml"></head><body><nav><a href="/about">About</a></nav>'
            f"<main>{items}</main></body></html>")


def rss(posts: list[Post]) -> str:
    items = "".join(f"<item><title>{html.escape(post.speaker)}: {html.escape(post.title)}</title>"
                    f"<link>{post.slug}</link><description>Notes.</description></item>" for post in posts)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Weblog</title>{items}</channel></rss>'


def sitemap_index() -> str:
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<sitemap><loc>/sitemap-posts.xml</loc></sitemap></sitemapindex>")


def sitemap(posts: list[Post]) -> str:
    urls = "".join(f"<url><loc>/weblog/{post.slug}</loc></url>" for post in posts)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
