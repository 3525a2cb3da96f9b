"""A handful of talks for the query, snippet and service tests."""

import datetime as dt

from search.model import Talk

TALKS = [
    Talk(
        id="zmq",
        title="Messaging with ZeroMQ",
        speakers=("Pieter Hintjens",),
        date=dt.date(2015, 5, 22),
        conference="PyGrunn 2015",
        tags=("messaging",),
        url="https://example.org/2015/05/zeromq",
        source="/notes/zeromq.html",
        body="ZeroMQ is a socket library.\n- Brokerless messaging patterns\n- Pub/sub and push/pull sockets\n"
        "He showed how <script>alert(1)</script> is not a message queue.",
    ),
    Talk(
        id="gen",
        title="Generators all the way down",
        speakers=("David Beazley",),
        date=dt.date(2014, 4, 11),
        conference="PyCon 2014",
        tags=("python", "generators"),
        url="https://example.org/2014/04/generators",
        source="/notes/generators.html",
        body="Generators are lazy iterators.\nA generator function uses yield. Coroutines build on generators.",
    ),
    Talk(
        id="k8s",
        title="Running Django on Kubernetes",
        speakers=("Sébastien van der Berg",),
        date=dt.date(2016, 6, 2),
        conference="DjangoCon Europe 2016",
        tags=("deployment",),
        url="https://example.org/2016/06/kubernetes",
        source="/notes/kubernetes.html",
        body="Kubernetes schedules containers. Django runs fine in a pod.\nUse readiness probes for deployment.",
    ),
    Talk(
        id="test",
        title="Testing web applications",
        speakers=("Jane Doe", "John Roe"),
        date=dt.date(2015, 9, 19),
        conference="PyCon UK 2015",
        tags=("testing",),
        url="https://example.org/2015/09/testing",
        source="/notes/testing.html",
        body="Write tests first. Test the web application end to end with a real browser.\n"
        "Flaky tests are worse than no tests.",
    ),
]
