"""Word and name lists for the synthetic weblog: real-looking words first, made-up ones to fill the long tail."""

from __future__ import annotations

import random

# The most frequent words of English prose (mostly stop words), in rough frequency order.
FUNCTION_WORDS = """the of and to a in is that for it as with was on be by this are or at from you have
not but we they an which can one all your their if there will more when so do about what some out up use how
into them then than only other its also just like these would very our new make need get way many because
""".split()

# Technical vocabulary that notes about software conference talks are made of.
TECH_WORDS = """python django flask database postgresql sqlite mysql redis cache queue worker celery async
await asyncio thread process memory performance latency throughput benchmark profile profiler server client
request response http api rest graphql json xml schema migration model view template form query index search
ranking relevance test testing pytest unittest mock fixture coverage deploy deployment docker container
kubernetes cluster node pod service microservice monolith architecture design pattern refactoring legacy code
review pull merge branch git commit release version package pip wheel dependency virtualenv packaging module
function class object method attribute decorator generator iterator coroutine closure lambda typing type
annotation mypy linter formatter black ruff style documentation sphinx markdown tutorial workshop keynote
community diversity inclusion mentoring open source license contributor maintainer governance foundation
security authentication authorization password token oauth encryption certificate vulnerability injection
frontend backend javascript react typescript css html browser websocket streaming event message broker kafka
rabbitmq zeromq protocol network socket latency bandwidth scaling autoscaling load balancer proxy nginx
monitoring logging metrics tracing observability alerting incident postmortem reliability availability
data pipeline etl analytics pandas numpy scipy notebook jupyter dataframe visualization plotting matplotlib
machine learning model training inference neural network tensorflow pytorch embedding vector classifier
regression dataset feature accuracy prediction statistics probability hardware raspberry arduino sensor
robot embedded firmware micropython compiler interpreter bytecode cpython pypy jit garbage collector
refcount gil parallelism concurrency multiprocessing rust extension binding cython wasm webassembly
accessibility usability internationalization localization unicode encoding timezone datetime calendar
serialization pickle protobuf grpc orm sqlalchemy transaction isolation lock deadlock replication sharding
partition backup restore failover cloud aws azure serverless lambda terraform ansible configuration secrets
continuous integration pipeline workflow automation scheduler cron batch startup product customer team
agile scrum kanban estimate roadmap career hiring interview burnout wellbeing education teaching student
plone zope pyramid fastapi starlette uvicorn gunicorn waitress wsgi asgi middleware routing session cookie
""".split()

FIRST_NAMES = """Anna Bob Carla Daan Erik Femke Gijs Hanna Ivo Joris Karin Lars Maaike Niels Oscar Pieter Quinten
Roos Sanne Tom Ursula Vincent Wouter Xander Yara Zoë Sébastien José Łukasz Søren François Åsa Chloé Jürgen
Mónica Renée Ölvir Raphaël Andrés Małgorzata Bjørn Amélie Kateřina Noël Inês Zoltán Thijs Marijke Hamish
Andrew Russell Ola Lynn Naomi Raymond Carlton Jessica Katie Daniele Baptiste Honza Reimar Mikey Laura Priya
Kenji Aiko Wei Mei Oluwaseun Chidi Fatima Omar Leila Yusuf Ingrid Astrid Matteo Giulia Marco Ana Lucía
""".split()

LAST_NAMES = """Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Groeneveld Hintjens
Vilaplana Voorneveld Müller Schröder Dvořák Nováková Kowalski Wójcik Jørgensen Ångström Lefèvre García
Martínez Núñez Gonçalves Öztürk Smith Jones Taylor Brown Wilson Evans Walker Wright Robinson Thompson
Downer Godwin Keith Campbell Hughes Nakamura Tanaka Zhang Wang Okafor Adeyemi Haddad Rahman Lindqvist
Rossi Bianchi Ferreira Silva Costa Moreau Dubois Laurent Kuznetsov Ivanova Horvath Nagy Popescu
""".split()

PARTICLES = ("van der", "van", "de", "van den", "ter", "von")

CONFERENCE_SERIES = """PyGrunn|DjangoCon Europe|PyCon UK|EuroPython|FOSDEM|PyData Berlin|Plone Conference|
PyCon US|DjangoCon US|PyCon Italia|PyCon Nederland|Python Meetup Amsterdam|EuroSciPy|PyCon DE|PyCon APAC|
Kiwi PyCon|PyCon Africa|PyCascades|North Bay Python|PyTexas|PyOhio|DjangoCon Australia|PyCon Portugal|
PyCon Sweden|PyCon Ireland|PyCon Estonia|Write the Docs|Strange Loop|RustConf|JSConf EU|Devoxx|QCon London|
Monitorama|SREcon Europe|KubeCon Europe|PostgresConf|pgDay Paris|Open Source Summit|Django Weekend|
PyCon Poland""".replace("\n", "").split("|")

SYLLABLES = """ka lo mi nu pe ra si to vu xe ba de fi go hu ja ke li mo ny qua ren sol tar ven wix yor zel
bro cra dri fla gre klo pla stri tro vex""".split()


def invented_words(count: int, rng: random.Random) -> list[str]:
    """`count` distinct made-up words (2 to 4 syllables) for the long tail of the vocabulary."""
    seen: set[str] = set(TECH_WORDS) | set(FUNCTION_WORDS)
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def ranked_vocabulary(size: int, rng: random.Random) -> list[str]:
    """Words in frequency-rank order: function words first, technical words interleaved with invented ones."""
    tech = list(dict.fromkeys(TECH_WORDS))
    rng.shuffle(tech)
    tail = invented_words(size - len(FUNCTION_WORDS) - len(tech), rng)
    ranked = list(FUNCTION_WORDS)
    # Spread technical words over ranks ~50..1200 so some are common and some rare, as in real notes.
    step = max(1, 1200 // len(tech))
    tail_iter = iter(tail)
    for word in tech:
        ranked.append(word)
        ranked.extend(next(tail_iter) for _ in range(step - 1))
    ranked.extend(tail_iter)
    return ranked[:size]
