"""Does a string name a person? Evidence from two libraries made for it, not from word lists of our own.

- `probablepeople` (a CRF trained on labelled names) tags a string as a Person or a Corporation and
  ships US census name frequencies: how often a word is a given name, and whether it is a name at all;
- `gender_guesser` (the `nam_dict` of Jörg Michael: about 45,000 given names from 50 countries) knows
  given names far beyond the US ("Ciarán", "Siddharth", "Kateřina");
- `nameparser` knows titles and positions ("Staff Engineer", "Principal Architect") that are roles, not names.

`evidence(text)` returns these as numbers between 0 and 1 for the splitter to weigh; it never decides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

HANDLE = re.compile(r"^@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?$")
HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?$", re.I)
PARTICLES = frozenset("van von der den de del della di da du dos das la le ten ter bin ibn al el st y ap zu".split())


@dataclass(frozen=True)
class Evidence:
    """How much a string reads as one person's name (each 0..1)."""

    given: float  # its first word is a known given name (either library)
    surname: float  # its last word is a known name word (census)
    person: float  # probablepeople tags the whole string as a Person
    shape: float  # capitalised words, 2-4 of them (particles and initials allowed)
    handle: float  # it is a @handle

    @property
    def likeness(self) -> float:
        """One summary number, for explanations and cheap filters; the splitter weighs the parts."""
        if self.handle:
            return 0.5
        return round(0.4 * self.given + 0.2 * self.surname + 0.2 * self.person + 0.2 * self.shape, 3)

    def features(self, prefix: str = "") -> dict[str, float]:
        return {f"{prefix}given": self.given, f"{prefix}surname": self.surname, f"{prefix}person": self.person,
                f"{prefix}shape": self.shape, f"{prefix}handle": self.handle}


def fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).replace("ł", "l").replace("Ł", "L").replace("đ", "d")


@lru_cache(maxsize=1)
def _given_names():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=1)
def _census():
    from probablepeople.ratios import ratios

    return ratios


def is_given_name(word: str) -> float:
    """1.0 for a given name either library knows; the census share for a word that is also a surname."""
    word = word.strip(".,'’")
    if len(word) < 2 or not word[0].isalpha():
        return 0.0
    parts = [p for p in re.split(r"[-‐]", word) if p] or [word]  # ("Jan-Willem", "Mei-Ling")
    for candidate in (word, fold(word), parts[0], fold(parts[0])):
        if _given_names().get_gender(candidate) != "unknown":
            return 1.0
    return min(1.0, 2 * _census().get(fold(parts[0]).upper(), 0.0))


def is_name_word(word: str) -> float:
    word = fold(word.strip(".,'’")).upper()
    parts = [p for p in re.split(r"[-‐']", word) if p]
    return 1.0 if word in _census() or any(p in _census() for p in parts) else 0.0


def tagged_person(text: str) -> float:
    import probablepeople

    try:
        return 1.0 if probablepeople.tag(text)[1] == "Person" else 0.0
    except probablepeople.RepeatedLabelError:
        return 0.0
    except Exception:  # (the CRF chokes on some unicode; such a string is no evidence either way)
        return 0.0


def shape(words: list[str]) -> float:
    """Capitalised words (or initials), two to four of them not counting particles."""
    named = [w for w in words if w.lower() not in PARTICLES]
    if not 1 <= len(named) <= 4:
        return 0.0
    capitalised = all(w[0].isupper() and not any(c.isdigit() for c in w) for w in named)
    camel = any(sum(c.isupper() for c in w[1:]) > 1 and not w.isupper() for w in named)  # ("GraphQL", "JavaScript")
    if not capitalised or camel:
        return 0.0
    return 1.0 if len(named) >= 2 else 0.5


@lru_cache(maxsize=65536)
def evidence(text: str) -> Evidence:
    text = " ".join(text.split())
    if HANDLE.match(text):
        return Evidence(0.0, 0.0, 0.0, 0.0, 1.0)
    words = [w for w in text.split() if not HONORIFIC.match(w)]
    if not words or len(words) > 6:
        return Evidence(0.0, 0.0, 0.0, 0.0, 0.0)
    first = words[0]
    last = next((w for w in reversed(words) if w.lower() not in PARTICLES), words[-1])
    surname = is_name_word(last) if len(words) > 1 else 0.0
    return Evidence(is_given_name(first), surname, tagged_person(text), shape(words), 0.0)


@lru_cache(maxsize=1)
def _job_titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles)


def role_share(text: str) -> float:
    """The share of a string's words that nameparser knows as titles and positions ("Staff Engineer": 1.0;
    honorifics are stripped from names before this): a role read as a name."""
    words = [w.strip(".,").lower() for w in text.split() if not HONORIFIC.match(w)]
    return sum(w in _job_titles() for w in words) / len(words) if words else 0.0


def likeness(text: str) -> float:
    return evidence(text).likeness
