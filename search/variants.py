"""Other ways of writing a word that notes use for the same thing: short names ("postgres", "k8s") and
British or American spelling ("randomised", "randomized"). Looked up per query word; nothing is indexed.
"""

from __future__ import annotations

import re

# Each group: words that stand for one another (lower case, one word each).
GROUPS = (
    ("postgres", "postgresql"),
    ("k8s", "kubernetes"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("mongo", "mongodb"),
    ("db", "database"),
    ("dbs", "databases"),
    ("async", "asynchronous"),
    ("auth", "authentication"),
    ("config", "configuration"),
    ("docs", "documentation"),
    ("repo", "repository"),
    ("repos", "repositories"),
    ("i18n", "internationalisation", "internationalization"),
    ("l10n", "localisation", "localization"),
    ("eu", "europe"),
)
# Abbreviations of a phrase: the abbreviation also finds the phrase (not the other way round).
SHORT = {
    "ci": "continuous integration",
    "cd": "continuous delivery",
    "tdd": "test driven development",
    "bdd": "behaviour driven development",
    "drf": "django rest framework",
    "cbv": "class based views",
    "cbvs": "class based views",
    "orm": "object relational mapper",
    "gil": "global interpreter lock",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "nlp": "natural language processing",
    "oop": "object oriented programming",
    "gc": "garbage collection",
    "jit": "just in time",
    "cli": "command line",
    "ui": "user interface",
    "ux": "user experience",
    "psf": "python software foundation",
    "dsf": "django software foundation",
    "sso": "single sign on",
}
_TABLE = {word: tuple(w for w in group if w != word) for group in GROUPS for word in group}
_TABLE.update({short: (phrase,) for short, phrase in SHORT.items()})

# British and American spelling: (pattern, replacement) on the whole word.
_OUR = "behavi|col|hon|lab|neighb|hum|fav|flav|harb|rum|endeav"
_SPELLINGS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(\w{3,})is(e|es|ed|er|ers|ing|ation|ations)$", r"\1iz\2"),
        (r"^(\w{3,})iz(e|es|ed|er|ers|ing|ation|ations)$", r"\1is\2"),
        (r"^(\w{2,})ys(e|es|ed|ing)$", r"\1yz\2"),
        (r"^(\w{2,})yz(e|es|ed|ing)$", r"\1ys\2"),
        (rf"^({_OUR})our(\w*)$", r"\1or\2"),
        (rf"^({_OUR})or(\w*)$", r"\1our\2"),
    )
)


def variants(word: str) -> tuple[str, ...]:
    """The other forms of `word` (lower case; a phrase holds spaces), or () when it has none."""
    word = word.lower()
    found = list(_TABLE.get(word, ()))
    for pattern, replacement in _SPELLINGS:
        other, count = pattern.subn(replacement, word)
        if count:
            found.append(other)
    return tuple(dict.fromkeys(f for f in found if f != word))
