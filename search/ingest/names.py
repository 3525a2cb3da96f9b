"""Speakers: is this string a person's name, and which speakers does a title or an opening line give?

Strict on purpose: a name is 1-4 capitalised name-like tokens (particles such as "van", "de" allowed,
initials allowed), never a common word, a verb or a technical CamelCase word. Finding no speaker is
better than returning a fragment of a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from search.ingest.dates import DAY_AND_MONTH, parse_date
from search.ingest.persons import is_given_name

PARTICLES = frozenset(
    "van von der den de del della degli di da du dos das la le ten ter bin ibn al el st y ap ab af zu vom zum zur 't ’t".split()
)
TITLES = re.compile(r"^(?:dr|prof|mr|mrs|ms|sir)\.?$", re.I)
HANDLE = re.compile(r"^@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?$")
NICKNAME = re.compile(r"(?<=\w)\s+(?:[\"“‘'][A-Z][\w.-]{1,20}[\"”’']|\([A-Z][\w.-]{1,20}\))\s+(?=[A-Z])")  # ('"Matz"', "(Bob)")
AFFILIATION = re.compile(r"\s*\([^()]{1,60}\)")
ELIDED = re.compile(r"^(?:d|l|dell|[A-Z])['’](?=[A-Z])")  # "d’Aubigné", "l'Estrange", "O'Brien", "N'Guyen"
CAPS_WORD = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")  # "DUPONT", "N'GUYEN", "DUPONT-MOREAU"
INNER_CAPITAL = re.compile(r"^(?:Mc|Mac|De|Di|Le|La|Van|O['’])\w")
SPLIT_SPEAKERS = re.compile(r"\s*(?:,\s*(?:and|&)\s+|\s+(?:and|und|en|et|y|e|og|och|és)\s+|\s*&\s*|\s*/\s*|;\s*)\s*")
SEPARATORS = re.compile(r"\s+[-–—|·•/]\s+|\s*[,(:]\s*|\s+(?:of|from|at)\s+|\s+(?=@|https?://|www\.)")
COMMON = frozenset(
    """a an the and or but of in on at to for from with without by about into over under after before
    this that these those it its is are was were be been being have has had do does did would can
    could should might must shall i we you he she they me us my our your his her their them what who
    why how when where which there here intro introduction outline overview summary conclusion conclusions
    background basics basis notes note talk talks keynote keynotes lightning slides slide video videos demo
    questions question answers references links resources bio about agenda contents history future
    today tomorrow yesterday day days morning afternoon evening night week weekend session sessions track
    workshop tutorial tutorials sprint sprints panel welcome thanks thank hello update updates news problem
    problems solution solutions lessons lesson tips tricks examples example setup install usage results
    takeaways takeaway highlights points thoughts recap
    data code testing tests test web python django plone flask docker ansible api apis rest http json
    open source free new old good bad best great simple simplicity advanced part chapter section
    monday tuesday wednesday thursday friday saturday sunday january february march july september
    october november december
    speaker speakers presented presenter author posted published tags tagged category categories comments
    read more continue home blog weblog archive index contents page pages next previous prev top
    why what how edit share tweet permalink location url venue university company team community
    mozilla google microsoft facebook twitter github amazon apple heroku
    machine machines deep neural network networks science sciences scientific building scaling writing
    making getting using beyond inside hood learned lessons state art real world life time big small fast
    faster slow better clean pure type types static dynamic async asynchronous concurrency parallel
    performance security secure privacy software hardware cloud native serverless micro services
    microservices graphql database databases search engine engines computer vision natural language
    processing text analysis analytics visualization visualisation mobile apps app application applications
    frontend backend full stack devops ops infrastructure coding review reviews design patterns pattern
    architecture domain driven unit integration continuous delivery deployment deploying distributed
    systems system functional programming programmer programmers modern practical effective beginner
    beginners started packaging package packages dependency dependencies management manager team teams
    diversity inclusion education teaching learning health mental career careers hiring remote work
    working startup startups business product products user users experience accessibility
    documentation docs stories story tale tales journey journeys adventures adventure road path guide tour
    crash course dive primer secrets magic craft zen way ways rise fall closing opening discussion
    discussions birds feather tools tool library libraries framework frameworks platform platforms
    language languages scripting script scripts server servers client clients browser browsers network
    internet online offline interactive hands quick easy hard deep dark light green blue red black white
    game games gaming music art arts sound audio image images video graphics maps map geo spatial
    science scientists research researchers students student kids children school schools university
    python pythons pythonic django flask pyramid plone zope docker kubernetes ansible salt celery redis
    postgres postgresql mysql sqlite mongo elasticsearch solr lucene rust java javascript ruby rails node
    react angular vue linux windows mac android ios git pypi numpy pandas scipy jupyter notebook notebooks
    tensorflow pytorch cython numba dask spark hadoop kafka twisted tornado gevent asyncio trio wagtail
    odoo sentry aws azure firefox chrome raspberry arduino micropython circuitpython blender minecraft
    kivy pygame sphinx markdown pelican hugo jekyll wordpress drupal volto unicode emoji
    introducing introduction welcome keynote lightning closing panel q lunch break dinner party
    first second third last final next one two three four five ten hundred thousand million
    all any every each some many most more less few other another same different new old young
    why how what when where who class classes based view views model models form forms template templates
    object objects function functions method methods data happy hacking hacker hackers live thanks
    summary recap wrap corp inc ltd gmbh llc labs lab institute foundation group technologies solutions
    consulting studio studios agency energy bank capital media digital insurance partners ventures
    industries electric motors airlines telecom payments logistics""".split()
)
SURNAME_WORDS = frozenset(  # common words that are also surnames, after a first name ("Nick Young", "Evan You")
    "young white black green brown gray grey little long best king page case hall hill wood stone bell price rich love you".split()
)
FIRST_NAME_WORDS = frozenset("hugo ruby will mark grace hope joy june april august rose".split())
STRONG_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ism|ogy|ship|able|ible|ful|less|ous|ware|ized|ised)$")
NOT_FIRST_NAME = re.compile(r"(?:ing|tion|sion|ment|ness|ics|ism|ogy|ship|able|ible|ful|less|ous|ware|ized|ised)$")


def is_name_token(token: str, lenient: bool = False) -> bool:
    """"Lars", "Kieth-McGee", "O'Brien", "Łukasz", "H", "J.", "al-Farsi": capitalised, no common word, no
    CamelCase; `lenient` (after a speaker label or before "talked"): also "Min-jun"."""
    if token.lower() in COMMON or re.search(r"n['’]t$", token) or token.endswith("-"):
        return False
    parts = [part for part in token.split("-") if part]
    if len(parts) > 1 and parts[0].lower() in PARTICLES:
        parts = parts[1:]  # ("al-Farsi", "el-Sayed")
    if lenient and len(parts) > 1 and is_name_part(parts[0]):
        return all(is_name_part(p) or (p.isalpha() and p.islower() and len(p) <= 4) for p in parts[1:])
    return all(is_name_part(part) for part in parts)


def is_name_part(part: str) -> bool:
    part = ELIDED.sub("", part)
    if len(part.rstrip(".")) == 1:
        return part[0].isupper() and part[0].isalpha()
    letters = part.replace("'", "").replace("’", "")
    if not letters.isalpha() or not part[0].isupper():
        return False
    rest = letters[1:]
    return rest.islower() or bool(INNER_CAPITAL.match(part) and sum(c.isupper() for c in rest) == 1)


def caps_surnames(tokens: list[str]) -> list[str]:
    """French programmes write surnames in capitals ("Jean DUPONT"): read them as "Dupont" (never the first token)."""
    return tokens[:1] + [t.title() if is_caps_surname(t) else t for t in tokens[1:]]


def is_caps_surname(token: str) -> bool:
    """"DUPONT", "N'GUYEN": four letters or more with a vowel (not "AI", "SQL", "HTTP")."""
    letters = [c for c in token if c.isalpha()]
    return token.isupper() and bool(CAPS_WORD.match(token)) and len(letters) >= 4 and any(c in "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ" for c in letters)


def tidy_name(name: str) -> str:
    """"Jean DUPONT" -> "Jean Dupont"; "Prof. Dr. Ingrid Weber" -> "Ingrid Weber" (a title, like a role, is not
    part of the name: the same person is named with and without it)."""
    tokens = name.split()
    while len(tokens) > 2 and TITLES.match(tokens[0]):
        tokens = tokens[1:]
    return " ".join(caps_surnames(tokens))


@lru_cache(maxsize=65536)
def is_name(text: str, *, allow_single: bool = False, lenient: bool = False) -> bool:
    """True when text looks like one person's name ("Lars de Ridder", "Markus H", "Dr Haley Gomez")."""
    tokens = text.split()
    while len(tokens) > 1 and TITLES.match(tokens[0]):  # ("Prof. Dr. Ingrid Weber")
        tokens = tokens[1:]
    tokens = caps_surnames(tokens)
    if not tokens or len(tokens) > 6 or sum(t.lower() not in PARTICLES for t in tokens) > 4:
        return False  # ("Carmen Ruiz de la Torre": particles do not count)
    if tokens[0].lower() in PARTICLES or tokens[-1].lower() in PARTICLES:
        return False
    named = [t for t in tokens if t.lower() not in PARTICLES]
    if (len(named) >= 2 and all(is_name_part(t) for t in named) and named[0].lower() not in COMMON
            and is_given_name(named[0]) >= 1.0):
        return True  # (a given name the libraries know, then capitalised words: "Mike Clement", whatever they end in)
    surname_ok = len(named) > 1 and named[-1].lower() in SURNAME_WORDS and is_name_part(named[-1])  # ("Nick Young")
    checked = named[:-1] if surname_ok else named
    if lenient and len(checked) > 1 and checked[0].lower() in FIRST_NAME_WORDS and is_name_part(checked[0]):
        checked = checked[1:]  # ("Hugo Lefebvre": a tool's name that is also a first name)
    if len(named) < (1 if allow_single else 2) or not all(is_name_token(t, lenient) for t in checked):
        return False
    first = named[0].split("-")[-1]  # ("Mei-Ling" is a name, "Self-Hosting" is not; after a label "Xiaoming" is)
    if len(first) > 5 and NOT_FIRST_NAME.search(first.lower()) and not lenient:
        return False
    if any(len(t) > 5 and STRONG_SUFFIX.search(t.lower()) for t in named[1:]):
        return False
    if len(named[0].rstrip(".")) < 2 and len(named[-1]) < 2:
        return False
    return not (len(named) == 1 and len(named[0]) < 3)


@lru_cache(maxsize=65536)
def split_names(text: str, *, allow_single: bool = False, lenient: bool = False) -> tuple[str, ...] | None:
    """"A and B", "A & B", "A, B and C" -> the names, or None if any part is not a name (or handle).
    `lenient` where the context says names come (after "Speaker:", before "talked about")."""
    text = NICKNAME.sub(" ", text.strip().strip("."))  # ('Yukihiro "Matz" Matsumoto')
    parts = [p.strip() for p in SPLIT_SPEAKERS.split(text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    single_ok = allow_single or len(parts) > 1
    if all(is_name(p, allow_single=single_ok, lenient=lenient) or HANDLE.match(p) for p in parts):
        return tuple(map(tidy_name, parts))
    commas = [p.strip() for part in parts for p in part.split(",") if p.strip()]
    if len(commas) > len(parts) and all(is_name(p, lenient=lenient) or HANDLE.match(p) for p in commas):
        return tuple(map(tidy_name, commas))
    return None


@lru_cache(maxsize=65536)
def name_from_line(line: str, *, allow_single: bool = True) -> tuple[str, ...]:
    """A short line that is just a name, maybe followed by a handle, URL or affiliation.

    "Paul Hallett @phalt_ http://phalt.co - working at hubbub" -> ("Paul Hallett",);
    "@pydanny" -> ("@pydanny",); "Larry" -> ("Larry",); "Flying saucers in minecraft" -> ().
    """
    names = split_names(AFFILIATION.sub("", line.strip())) if "(" in line else None  # "A (Acme) and B (Initech)"
    if names and len(names) > 1:
        return names
    line = re.sub(r"^[^\w@(\[]+", "", line.strip()).strip("()[]").strip()  # ("— Ciarán Murphy", "🎤 Daniel Roe")
    line = re.sub(r"^(?:twitter|speaker|speakers|by)\s*[:\-]?\s*", "", line, flags=re.I)
    line = NICKNAME.sub(" ", line)  # ("Robert (Bob) Jones")
    if not line or len(line) > 160:
        return ()
    first = line.split()[0].rstrip(",;")
    if HANDLE.match(first) and allow_single:
        return (first,)
    whole = split_names(line)
    if whole and len(whole) > 1 and all(" " in name for name in whole):
        return whole  # ("Venkat Subramaniam / Josh Long", not "Michael Stowe / @mikegstowe")
    parts = [part for part in SPLIT_SPEAKERS.split(line) if part.strip()]
    if 2 <= len(parts) <= 5 and "," not in line:  # ("Louis Ryan @ Google & Shriram Rajajopalan @ IBM")
        each = [name_from_line(part, allow_single=False) for part in parts]
        if all(len(names) == 1 and " " in names[0] for names in each):
            return tuple(names[0] for names in each)
    pieces = SEPARATORS.split(line, maxsplit=1)
    head = pieces[0].strip()
    rest = pieces[1].strip() if len(pieces) > 1 else ""
    names = split_names(head)
    if names and not (line[len(head):].lstrip().startswith(",") and (is_sentence(rest) or is_dateline(rest))):
        return names  # (but not "Waterford Castle, rain, great talks. Here is day one." or "Cape Town, 14 March 2024.")
    if not allow_single or not is_name(head, allow_single=True):
        return ()
    if line == head or (rest and looks_like_contact(rest) and not line[len(head):].lstrip().startswith(":")):
        return (tidy_name(head),)
    return ()


LOWER_WORDS = re.compile(r"^[a-z\u00df-\u00ff'’-]+(?: [a-z\u00df-\u00ff'’-]+){1,2}$")


def lower_full_name(text: str) -> str | None:
    """"stefan foulis", "pat jones": a name typed in lower case, when its first word is a given name the
    libraries know and no word is a common one; title-cased ("Stefan Foulis"), else None."""
    text = " ".join(text.strip().rstrip(".").split())
    if not LOWER_WORDS.match(text) or any(w in COMMON for w in text.split()) or is_given_name(text.split()[0]) < 1:
        return None
    return " ".join(w if w in PARTICLES else w[:1].upper() + w[1:] for w in text.split())


def first_name_with_affiliation(line: str) -> str | None:
    """"Ben - Divio", "Ilja, cuescience": a given name alone (the libraries know it) before a separator and
    an affiliation; None for anything else."""
    pieces = SEPARATORS.split(line.strip(), maxsplit=1)
    head = pieces[0].strip()
    if len(pieces) < 2 or " " in head or not is_name_part(head) or head.lower() in COMMON or is_given_name(head) < 1:
        return None
    return head if not is_sentence(pieces[1]) else None


def is_dateline(rest: str) -> bool:
    """"14 March 2024." after "Cape Town, ": a place and a date, not a name and an affiliation."""
    return bool(parse_date(rest) or DAY_AND_MONTH.match(rest))


def is_sentence(line: str) -> bool:
    """Running text rather than an affiliation after a name: two sentences, or a long line."""
    return len(line) > 100 or bool(re.search(r"[a-z]{3}[.!?]\s+\w", line))


def looks_like_contact(text: str) -> bool:
    """A handle, URL or e-mail address (what may follow a lone first name)."""
    first = text.split()[0].strip("(),")
    return bool(HANDLE.match(first) or re.match(r"^(?:https?://|www\.|[\w.-]+\.(?:com|org|net|io|co)\b)", first))
