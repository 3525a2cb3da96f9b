"""Benchmark queries by class, drawn from the generated talks, in confsearch syntax and as FTS5 MATCH strings."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

from bench.generate import GenTalk
from bench.vocabulary import FUNCTION_WORDS, TECH_WORDS

CLASSES = ("rare", "common", "two words", "phrase", "speaker", "prefix", "fuzzy", "conference+year")
# A realistic mix for the load run: mostly plain words, some fields, a few expensive forms.
LOAD_MIX = {"rare": 15, "common": 20, "two words": 30, "phrase": 10, "speaker": 10, "prefix": 5,
            "fuzzy": 5, "conference+year": 5}
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str  # confsearch query language
    fts: str  # FTS5 MATCH expression
    year: int | None = None  # extra filter for the FTS5 reference


def document_frequencies(talks: list[GenTalk]) -> Counter:
    df: Counter = Counter()
    for talk in talks:
        df.update(set(WORD.findall(talk.body.lower())))
    return df


def misspell(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word) - 1)
    letter = rng.choice([c for c in "aeiourstnl" if c != word[position]])
    return word[:position] + letter + word[position + 1:]


def fts_phrase(words: str) -> str:
    return '"' + words.replace('"', "") + '"'


def make_queries(talks: list[GenTalk], per_class: int = 20, seed: int = 11) -> dict[str, list[BenchQuery]]:
    """`per_class` queries of each class in CLASSES (the same talks and seed give the same queries)."""
    rng = random.Random(seed)
    df = document_frequencies(talks)
    n = len(talks)
    stop = set(FUNCTION_WORDS)
    tech = sorted({w for w in TECH_WORDS if df[w] > 0})
    rare = sorted(w for w, c in df.items() if 2 <= c <= max(3, n // 500) and w.isalpha() and w not in stop)
    common = sorted(w for w in tech if df[w] > n * 0.15) or tech[:20]
    middle = sorted(w for w in tech if n * 0.01 < df[w] < n * 0.3) or tech
    fuzzy_base = sorted(w for w in middle if len(w) >= 6)
    speakers = sorted({name for talk in talks for name in talk.speakers})
    editions = sorted({(talk.conference, int(talk.date[:4])) for talk in talks})

    def pick(items):  # distinct where possible, so a result cache cannot serve a class from its own repeats
        if len(items) >= per_class:
            return rng.sample(items, per_class)
        return [items[rng.randrange(len(items))] for _ in range(per_class)]

    queries: dict[str, list[BenchQuery]] = {
        "rare": [BenchQuery("rare", w, w) for w in pick(rare)],
        "common": [BenchQuery("common", w, w) for w in pick(common)],
        "two words": [BenchQuery("two words", f"{a} {b}", f"{a} {b}")
                      for a, b in zip(pick(middle), pick(middle))],
        "phrase": [BenchQuery("phrase", f'"{p}"', fts_phrase(p)) for p in phrases(talks, stop, rng, per_class)],
        "speaker": [],
        "prefix": [BenchQuery("prefix", f"{w[:3]}*", f"{w[:3]}*") for w in pick(common)],
        "fuzzy": [],
        "conference+year": [BenchQuery("conference+year", f'conference:"{c}" year:{y}',
                                       f"conference : {fts_phrase(c)}", y) for c, y in pick(editions)],
    }
    for name in pick(speakers):
        last = name.split()[-1]
        queries["speaker"].append(BenchQuery("speaker", f"speaker:{last}", f"speakers : {fts_phrase(last)}"))
    for word in pick(fuzzy_base):
        wrong = misspell(word, rng)
        queries["fuzzy"].append(BenchQuery("fuzzy", f"{wrong}~", wrong))
    return queries


def phrases(talks: list[GenTalk], stop: set[str], rng: random.Random, count: int) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        words = WORD.findall(talks[rng.randrange(len(talks))].body.lower())
        for i in range(rng.randrange(len(words)), len(words) - 1):
            a, b = words[i], words[i + 1]
            if a not in stop and b not in stop and a.isalpha() and b.isalpha():
                found.append(f"{a} {b}")
                break
    return found
