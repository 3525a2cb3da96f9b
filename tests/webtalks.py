"""The talks the web UI tests serve: known metadata (independent of the splitter) and one hostile talk."""

import datetime as dt

from search.model import Page, Talk

HOSTILE = Talk(
    id="hostile-talk",
    title="<script>alert('title')</script> Hostile zeromq",
    speakers=("Mallory <img src=x onerror=alert(1)>",),
    date=dt.date(2016, 5, 20),
    conference="<b>EvilConf</b>",
    tags=("xss",),
    url="javascript:alert('url')",
    source="https://evil.example/2016/hostile.html",
    body="Notes on zeromq. <script>alert('body')</script>\n\nA second paragraph about <i>sockets</i>.",
)


def talk(slug, title, speakers, date, conference, body, tags=()):
    return Talk(
        id=slug,
        title=title,
        speakers=tuple(speakers),
        date=date,
        conference=conference,
        tags=tuple(tags),
        url=f"https://notes.example/{date.year}/{slug}",
        source=f"https://notes.example/{date.year}/{slug}",
        body=body,
    )


TALKS = (
    talk("zeromq", "ZeroMQ: messaging for distributed systems", ["Pieter Hintjens"], dt.date(2015, 5, 22), "PyGrunn",
         "ZeroMQ is a socket library for messaging.\n\nBrokerless patterns: pub/sub, push/pull.\n\n"
         "Python bindings make ZeroMQ easy to try.", ["messaging"]),
    talk("generators", "Generators in Python", ["Erik Groeneveld"], dt.date(2015, 5, 22), "PyGrunn",
         "Generators are lazy iterators in Python.\n\nA generator function uses yield; coroutines build on generators."),
    talk("rest-apis", "Advanced REST APIs", ["Lars de Ridder"], dt.date(2015, 5, 22), "PyGrunn",
         "A REST API in Python with hypermedia links.\n\nVersioning, pagination and caching of a REST API."),
    talk("coreos", "Orchestrating Python projects using CoreOS", ["Oscar Vilaplana"], dt.date(2015, 5, 22), "PyGrunn",
         "CoreOS runs Docker containers.\n\nOrchestrating Python services with fleet and etcd."),
    talk("kubernetes", "Running Django on Kubernetes", ["Sébastien van der Berg"], dt.date(2016, 6, 2),
         "DjangoCon Europe", "Kubernetes schedules containers.\n\nDjango and Python run fine in a pod."),
    talk("testing", "Testing web applications", ["Jane Doe", "John Roe"], dt.date(2017, 9, 19), "PyCon UK",
         "Test the web application end to end with a real browser.\n\nFlaky tests are worse than no tests in Python."),
)


def pages(talks=TALKS + (HOSTILE,)):
    """One page per talk, as `update_pages` takes them."""
    return [Page(source=item.source, talks=(item,)) for item in talks]
