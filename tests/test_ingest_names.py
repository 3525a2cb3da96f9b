"""Person names and the speaker patterns, one example per shape (and the look-alikes that must not match)."""

from __future__ import annotations

import pytest

from search.ingest import split_page
from search.ingest.content import Block
from search.ingest.names import is_name, name_from_line, split_names
from search.ingest.metadata import conference_prefix
from search.ingest.openers import from_line, line_options
from search.ingest.persons import role_share
from search.ingest.speakers import Speakers, from_title, title_options
from search.ingest.talklines import is_talk_line


@pytest.mark.parametrize(
    "text",
    ["Lars de Ridder", "Russell Kieth-McGee", "Łukasz Langa", "C. Titus Brown", "David MacIver", "Brian O'Neill",
     "Matt J Williams", "Markus H", "Dr Haley Gomez", "Loek Van Gent", "Guido van Rossum", "Will McGugan"],
)
def test_names(text):
    assert is_name(text)


@pytest.mark.parametrize(
    "text",
    ["Machine Learning", "Data Science", "Building Things", "Django CMS", "PostgreSQL Tips", "Don’t Trust",
     "Class Based Views", "The Future", "Python", "Lessons Learned", "Testing Strategies", "Web Scraping Today"],
)
def test_not_names(text):
    assert not is_name(text, allow_single=True)


def test_several_speakers():
    assert split_names("Naomi Ceder and Nicholas Tollervey") == ("Naomi Ceder", "Nicholas Tollervey")
    assert split_names("Ola Sitarska & Ola Sendecka") == ("Ola Sitarska", "Ola Sendecka")
    assert split_names("Anna Smit, Bob Jones and Carl Lee") == ("Anna Smit", "Bob Jones", "Carl Lee")
    assert split_names("Andrew Godwin, South") is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Paul Hallett @phalt_ http://phalt.co - working at hubbub", ("Paul Hallett",)),
        ("Andrew Godwin, South", ("Andrew Godwin",)),
        ("Vincent Knight (?) school of maths", ("Vincent Knight",)),
        ("@pydanny", ("@pydanny",)),
        ("Larry", ("Larry",)),
        ("Jane Doe of Acme Corp", ("Jane Doe",)),
        ("Threats:", ()),
        ("Flying saucers in minecraft", ()),
        ("Christian technology camp, every August", ()),
        ("slides - http://example.org/x", ()),
    ],
)
def test_name_lines(line, names):
    assert name_from_line(line) == names


@pytest.mark.parametrize(
    ("title", "names", "rest"),
    [
        ("Pieter Hintjens: ZeroMQ", ("Pieter Hintjens",), "ZeroMQ"),
        ("EuroPython 2015: Python in the browser - Russell Keith-Magee", ("Russell Keith-Magee",), "EuroPython 2015: Python in the browser"),
        ("Raymond Hettinger - Beyond PEP 8", ("Raymond Hettinger",), "Beyond PEP 8"),
        ("Asyncio in depth by Yury Selivanov", ("Yury Selivanov",), "Asyncio in depth"),
        ("Rust for Pythonistas (Carol Nichols)", ("Carol Nichols",), "Rust for Pythonistas"),
        ("Testing (Jane Doe, Acme)", ("Jane Doe",), "Testing"),
        ("Keynote: Guido van Rossum", ("Guido van Rossum",), "Keynote"),
        ("Machine Learning: an intro", (), "Machine Learning: an intro"),
        ("Class Based Views - untangling the mess", (), "Class Based Views - untangling the mess"),
        ("Conformity and you - a question of style", (), "Conformity and you - a question of style"),
        ("Stand by me", (), "Stand by me"),
    ],
)
def test_speakers_in_titles(title, names, rest):
    found = from_title(title)
    assert (found.names, found.title) == (names, rest)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("by Lynn Root", ("Lynn Root",)),
        ("Speaker: Katharine Jarmul", ("Katharine Jarmul",)),
        ("Presented by Jukka Lehtosalo (Dropbox)", ("Jukka Lehtosalo",)),
        ("Pieter Hintjens gives the keynote talk about ZeroMQ, at PyGrunn.", ("Pieter Hintjens",)),
        ("Erik Groeneveld talks about generators, at PyGrunn.", ("Erik Groeneveld",)),
        ("A talk given by Audrey Roy at PyCodeConf 2011.", ("Audrey Roy",)),
        ("A talk by Jesse Noller given at PyCodeConf 2011.", ("Jesse Noller",)),
        ("Talk given by Leah Culver from Convore, PyCodeConf 2011", ("Leah Culver",)),
        ("Jacob Kaplan-Moss's keynote was about the web.", ("Jacob Kaplan-Moss",)),
        ("Slides: http://x.org\nSpeaker: Ana Balica", ("Ana Balica",)),
        ("He talks about generators.", ()),
        ("The speaker gives a talk about caching.", ()),
        ("Everyone Agrees That Deploying On Friday Is Bad, but it is not.", ()),
    ],
)
def test_speakers_in_opening_lines(text, names):
    assert from_line(text)[0] == names


def test_speaker_among_several_title_parts():
    found = from_title("PyCon 2012 - Guido van Rossum - Keynote")
    assert (found.names, found.title) == (("Guido van Rossum",), "Keynote")


@pytest.mark.parametrize(
    "title, names, rest",
    [
        ("Kenneth Reitz on requests", ("Kenneth Reitz",), "requests"),
        ("Python on Android", (), "Python on Android"),
        ("Machine Learning on Kubernetes", (), "Machine Learning on Kubernetes"),
        ("Writing fast Python (PyCon UK 2018)", (), "Writing fast Python (PyCon UK 2018)"),
        ("My notes on Effective pandas by Matt Harrison at PyCon US 2023", ("Matt Harrison",),
         "My notes on Effective pandas"),
        ("PyCon 2014 keynote: Jessica McKellar", ("Jessica McKellar",), "PyCon 2014: keynote"),
    ],
)
def test_more_title_patterns(title, names, rest):
    found = from_title(title)
    assert (found.names, found.title) == (names, rest)


@pytest.mark.parametrize(
    "text, names",
    [
        ("A talk about Armin Ronacher given at PyCodeConf 2011", ("Armin Ronacher",)),
        ("A talk about Elixir given at the meetup", ()),
        ("— Ciarán Murphy", ("Ciarán Murphy",)),
    ],
)
def test_more_opening_lines(text, names):
    assert from_line(text)[0] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Speaker: Jane Doe, Acme Corp", ("Jane Doe",)),
        ("Speaker(s): Jane Doe; John Smith", ("Jane Doe", "John Smith")),
        ("Keynote speaker: Jane Doe", ("Jane Doe",)),
        ("Speaker — Jane Doe", ("Jane Doe",)),
        ("Jane Doe (Acme) and John Smith (Initech)", ("Jane Doe", "John Smith")),
        ("Speakers: Mathilde Laurent (Datadog), Kwame Asante (Spotify) and Yuki Tanaka",
         ("Mathilde Laurent", "Kwame Asante", "Yuki Tanaka")),
        ("Presented by Anna Kowalska, Jean-Luc Dubois and Mei Chen at PGConf.EU 2022 in Berlin.",
         ("Anna Kowalska", "Jean-Luc Dubois", "Mei Chen")),
        ("In this talk, Jane Doe explained why tests matter.", ("Jane Doe",)),
        ("This talk by Priya Raman was the most opinionated one.", ("Priya Raman",)),
        ("Our write-up of the Kafka Summit talk presented by Rahul Menon and Elena Petrova.", ("Rahul Menon", "Elena Petrova")),
        ("Referentin: Dr. Sabine Köhler", ("Sabine Köhler",)),
        ("Notizen zum Vortrag von Jürgen Müller-Lüdenscheidt auf der enterJS 2023.", ("Jürgen Müller-Lüdenscheidt",)),
        ("par Julien Moreau et Léa Girard", ("Julien Moreau", "Léa Girard")),
        ("Een talk door Joris van den Berg op PyGrunn 2022.", ("Joris van den Berg",)),
        ("Un talk di Marco Rossi a PyCon Italia 2023, a Firenze.", ("Marco Rossi",)),
        ("Ponente: María José García-Herrera", ("María José García-Herrera",)),
        ("by @jonas.petrauskas", ("@jonas.petrauskas",)),
        ("— Owen ap Dafydd", ("Owen ap Dafydd",)),
    ],
)
def test_opening_lines_in_more_shapes_and_languages(text, names):
    assert from_line(text)[0] == names


@pytest.mark.parametrize(
    ("title", "names", "rest"),
    [
        ("Fast tests [Jane Doe]", ("Jane Doe",), "Fast tests"),
        ("10:30 — Typing at scale, Ana Ruiz", ("Ana Ruiz",), "Typing at scale"),
        ("Ludovic d’Aubigné: xarray for climate people", ("Ludovic d’Aubigné",), "xarray for climate people"),
        ("« L'observabilité sans douleur » par Aurélie Lefèvre", ("Aurélie Lefèvre",), "« L'observabilité sans douleur »"),
    ],
)
def test_title_shapes_from_held_out_pages(title, names, rest):
    found = from_title(title)
    assert (found.names, found.title) == (names, rest)


def test_a_title_with_a_comma_list_of_words_has_no_speakers():
    assert from_title("Lookups, Transforms and Expressions").names == ()


@pytest.mark.parametrize(
    "text, names",
    [
        ("Jean DUPONT", ("Jean Dupont",)),  # French programmes write surnames in capitals
        ("Sophie N'GUYEN et Karim BENALI", ("Sophie N'Guyen", "Karim Benali")),
        ("Jean-Baptiste DUPONT-MOREAU", ("Jean-Baptiste Dupont-Moreau",)),
        ("Mei-Ling Zhou", ("Mei-Ling Zhou",)),  # (a hyphenated first name is not a gerund)
        ("Intro to AWS", None),
        ("PYTHON ROCKS", None),
        ("Self-Hosting Guide", None),
    ],
)
def test_capital_surnames_and_hyphenated_first_names(text, names):
    assert split_names(text) == names


def test_a_company_after_a_comma_is_no_second_speaker():
    assert from_line("Speaker: Mei-Ling Zhou, Octopus Energy")[0] == ("Mei-Ling Zhou",)


def test_a_sentence_after_a_comma_is_no_affiliation():
    assert name_from_line("Waterford Castle, rain, excellent talks. Here is day one.") == ()


@pytest.mark.parametrize(
    "title, names, rest",
    [
        ("«Django y la accesibilidad», de Carmen Ruiz de la Torre", ("Carmen Ruiz de la Torre",), "«Django y la accesibilidad»"),
        ("„Typen in großen Codebasen“ von Jörg Schäfer", ("Jörg Schäfer",), "„Typen in großen Codebasen“"),
    ],
)
def test_quoted_title_then_by_word_in_other_languages(title, names, rest):
    assert from_title(title) == Speakers(names, rest)


@pytest.mark.parametrize(
    "title, conference, rest",
    [
        ("Feature Flags at Scale — notes from QCon London 2024", "QCon London 2024", "Feature Flags at Scale"),
        ("Accessible forms, notes from Paris Web", None, "Accessible forms"),
        ("Refactoring legacy Java at Devoxx Belgium 2023", "Devoxx Belgium 2023", "Refactoring legacy Java"),
        ("Python at scale", None, "Python at scale"),
    ],
)
def test_conference_and_notes_suffixes_leave_the_title(title, conference, rest):
    assert conference_prefix(title) == (conference, rest)


def test_a_lead_in_with_a_day_before_the_speaker():
    assert from_line("In her talk on Tuesday, Sarah Chen (@sarahchen_dev) explained how flags work.")[0] == ("Sarah Chen",)


@pytest.mark.parametrize(
    "text, names",
    [
        ("The last panel of the day. On stage: Ana Souza (GitHub), Kwame Mensah (STF) and Tomasz Nowak, who moderated.",
         ("Ana Souza", "Kwame Mensah", "Tomasz Nowak")),
        ("Second talk after lunch, and the room was packed. Speaker: Kateryna Novak. She started with a confession.",
         ("Kateryna Novak",)),
        ("A palestrante Ana Beatriz dos Santos abriu a Python Brasil 2023 em Caxias do Sul.", ("Ana Beatriz dos Santos",)),
        ("We went to the pub afterwards. The bill was paid by Acme Corp.", ()),
    ],
)
def test_labels_opening_a_later_sentence_or_after_an_article(text, names):
    assert from_line(text)[0] == names


def test_the_talks_own_quoted_title_then_by_names_its_speaker_a_quoted_book_does_not():
    from search.ingest.openers import quoted_title_by

    text = "My favourite talk was “Accessible forms” by Léa Fontaine. I also re-read “Refactoring” by Martin Fowler."
    assert quoted_title_by(text, "Accessible forms, notes from Paris Web") == ("Léa Fontaine",)
    assert quoted_title_by(text, "Notes on legacy code") == ()


def test_notes_on_a_possessive_name():
    assert from_line("Notes on Agata Wiśniewska's talk about autovacuum tuning.")[0] == ("Agata Wiśniewska",)


def test_a_conference_and_kind_after_the_title():
    assert conference_prefix("The state of Postgres, PGDay Lowlands keynote") == ("PGDay Lowlands", "The state of Postgres")


def test_the_keynote_of_an_event_was_given_by():
    text = "The opening keynote of Rust Nation UK 2024 in London was given by Niko Matsakis, and it was great."
    assert from_line(text)[0] == ("Niko Matsakis",)


@pytest.mark.parametrize(
    "title, names, rest",
    [
        ("Il talk di Alessandra Rinaldi: Django e HTMX in produzione", ("Alessandra Rinaldi",), "Django e HTMX in produzione"),
        ("Keynote by Jane Doe: The future of the web", ("Jane Doe",), "The future of the web"),
    ],
)
def test_a_talk_of_name_prefix(title, names, rest):
    assert from_title(title) == Speakers(names, rest)


def test_a_name_line_after_an_emoji():
    assert name_from_line("🎤 Daniel Roe") == ("Daniel Roe",)


def test_next_comma_name_presented():
    assert from_line("Next, Marlon Baeten presented a checklist for wrapping C libraries.")[0] == ("Marlon Baeten",)


def test_conference_from_sentences_and_event_labels():
    import datetime as dt

    from search.ingest.content import Block
    from search.ingest.metadata import conference
    from search.ingest.pageinfo import PageInfo

    def conf_of(*texts: str) -> str | None:
        blocks = [Block("p", text) for text in texts]
        return conference("A talk", blocks, range(len(blocks)), (), PageInfo(base="file:///x.html"), dt.date(2024, 6, 1))

    assert conf_of("At CSS Day 2024 in Amsterdam, Miriam showed cascade layers.") == "CSS Day 2024"
    assert conf_of("The closing keynote of JSConf EU 2024 was the highlight.") == "JSConf EU 2024"
    assert conf_of("Speaker: Zac\nEvent: PyCon US 2023, Salt Lake City") == "PyCon US 2023"
    assert conf_of("Three talks and one pizza at Vue.js Amsterdam 2024.") == "Vue.js Amsterdam 2024"
    assert conf_of("PyCon Israel 2023, 13 June 2023.", "A confluence of great ideas.") == "PyCon Israel 2023"
    assert conf_of("Stockholm, 9 November 2023.") is None


def test_a_chat_with_names_its_guest_and_keeps_its_title():
    assert from_title("Fireside chat with Guido van Rossum") == Speakers(("Guido van Rossum",), "Fireside chat with Guido van Rossum")
    assert from_title("Fireside chat with the organisers").names == ()


@pytest.mark.parametrize(
    "title, names, rest",
    [
        ("Edge AI on a budget", (), "Edge AI on a budget"),  # ("AI" is no surname in capitals)
        ("Keynote: Prof. Dr. Ingrid Weber — Software as infrastructure", ("Ingrid Weber",),
         "Keynote: Software as infrastructure"),
    ],
)
def test_acronyms_are_no_capital_surnames_and_a_kind_label_before_the_speaker(title, names, rest):
    assert from_title(title) == Speakers(names, rest)


def test_today_name_gave_a_talk():
    assert from_line("Today Nadia Petrova gave a talk about running Kafka for a small team.")[0] == ("Nadia Petrova",)


@pytest.mark.parametrize("text, names", [("Nick Young", ("Nick Young",)), ("Evan You", ("Evan You",)), ("Thank You", None),
                                         ("Open Source", None), ("Best Practices", None)])
def test_common_words_that_are_surnames_after_a_first_name(text, names):
    assert split_names(text) == names


def test_schedule_time_and_room_before_a_title_and_a_name_with_handle_and_company():
    assert from_title("10:00 · Room B · Cluster API in anger — Stefan Schimanski") == Speakers(
        ("Stefan Schimanski",), "Cluster API in anger")
    assert from_title("Yuki Sato (@yukisato) - Money Forward").title != "Yuki Sato (@yukisato)"
    assert from_line("The speaker is Isabela Presedo-Floyd, who works on JupyterLab.")[0] == ("Isabela Presedo-Floyd",)
    assert name_from_line("Natalia Panferova · Nil Coalescing") == ("Natalia Panferova",)


@pytest.mark.parametrize(
    "text, names",
    [
        ("Speaker: Xiaoming Li", ("Xiaoming Li",)),  # (a name ending in -ing after a label)
        ("Kim Min-jun walked us through OpenTelemetry.", ("Kim Min-jun",)),
        ("Omar al-Farsi showed the current state of the port.", ("Omar al-Farsi",)),
        ("Ingrid van 't Hof opened with a diagram.", ("Ingrid van 't Hof",)),
        ("Jean-Luc O'Neill-Smith compared two operators.", ("Jean-Luc O'Neill-Smith",)),
    ],
)
def test_names_of_many_shapes_in_opening_lines(text, names):
    assert from_line(text)[0] == names


@pytest.mark.parametrize("text", ["Building Things", "Self-hosting Guide", "Zero-copy Parsing"])
def test_no_lenient_names_without_a_label(text):
    assert split_names(text) is None


def test_a_place_and_date_line_is_no_name_and_a_tool_name_is_a_first_name_only_after_a_label():
    assert name_from_line("Cape Town, 14 March 2024.") == ()
    assert from_line("Présenté par Hugo Lefebvre et Manon Petit")[0] == ("Hugo Lefebvre", "Manon Petit")
    assert split_names("Hugo Sites") is None
    assert from_title("Load testing with k6 – Thandiwe Nkosi [slides] [video]") == Speakers(
        ("Thandiwe Nkosi",), "Load testing with k6")


@pytest.mark.parametrize(
    "title, names, rest",
    [
        ("Open source program offices, presented by Nithya Ruff", ("Nithya Ruff",), "Open source program offices"),
        ("Type-safe configuration — by Kristjan Tamm", ("Kristjan Tamm",), "Type-safe configuration"),
        ("Yukihiro Matsumoto's keynote: Ruby 3.3 and beyond", ("Yukihiro Matsumoto",), "Ruby 3.3 and beyond"),
    ],
)
def test_presented_by_dash_by_and_possessive_headings(title, names, rest):
    assert from_title(title) == Speakers(names, rest)


@pytest.mark.parametrize(
    "text, names",
    [
        ("Moderated by Thibaud Colas-Martin.", ()),
        ("Moderator: Ann Lee-Park", ()),
        ("Moderated by Ann Lee-Park.\nPanelists: Sarah Boyce, Tom Carrick", ("Sarah Boyce", "Tom Carrick")),
    ],
)
def test_a_moderator_is_not_a_speaker(text, names):
    assert from_line(text)[0] == names


@pytest.mark.parametrize(
    "text, names",
    [
        ("👤 Relatore: Giulia Moretti-Sala · 🏢 Bending Spoons", ("Giulia Moretti-Sala",)),
        ("👤 Relatori: Luca Bianchi-Neri e Chiara Esposito", ("Luca Bianchi-Neri", "Chiara Esposito")),
    ],
)
def test_a_speaker_label_after_a_pictograph_and_italian_e(text, names):
    assert from_line(text)[0] == names


def test_readings_the_libraries_make_possible():
    """Names the word lists missed, proposed as options for the evidence to weigh."""
    by_first = [o for o in title_options("Theming by Jane") if o.cue == "heading_by_first"]
    assert [(o.names, o.title) for o in by_first] == [(("Jane",), "Theming")]
    by_lower = [o for o in title_options("Caching by pat jones") if o.cue == "heading_by_lower"]
    assert [(o.names, o.title) for o in by_lower] == [(("Pat Jones",), "Caching")]
    assert not [o for o in title_options("Testing by example") if o.names]  # ("example" is no given name)
    cues = {cue: names for cue, names, _ in line_options("Ben - Divio")}
    assert cues == {"first_name_line": ("Ben",)}
    assert name_from_line("Louis Ryan @ Google & Shriram Rajajopalan @ IBM") == ("Louis Ryan", "Shriram Rajajopalan")
    assert name_from_line("Mike Clement / blog.softwareontheside.com") == ("Mike Clement",)
    assert from_line("Our guest speaker Jane Smith, tech lead of the platform team, opened with a story.")[0] == ("Jane Smith",)


def test_a_role_is_no_name():
    assert role_share("Staff Engineer") == 1.0 and role_share("Principal Architect") == 1.0
    assert role_share("Jane Smith") == 0.0 and role_share("Dr Jane Smith") == 0.0


KEYNOTES_BY_PERSON = """<html><body><article><h1>Day 1 keynotes</h1>
<h2>Jane Smith, CTO, Acme Corp</h2><p>Service meshes in production and the cost of sidecars in large clusters.</p>
<p>She showed how retries multiply load.</p>
<h2>Paul Okafor, Principal Engineer, Initech</h2><p>Logging pipelines: buffering and back pressure when the sink is slow.</p>
<p>Keep logs structured.</p>
</article></body></html>"""


def test_a_section_headed_by_a_person_with_role_and_company_is_their_talk():
    talks = split_page(KEYNOTES_BY_PERSON, "day1.html")
    assert [(t.title, t.speakers) for t in talks] == [
        ("Jane Smith, CTO, Acme Corp", ("Jane Smith",)),
        ("Paul Okafor, Principal Engineer, Initech", ("Paul Okafor",)),
    ]


def test_a_panel_listed_one_name_per_line_keeps_all_its_names():
    panel = ("Panelists:\n  * Ana Ruiz, Acme - @anaruiz\n  * Tom Dyson, Torchbox\n  * Priya Raman, Initech - @priya\n"
             "  * Lena Vogel, Examplesoft\n  * Marco Bianchi, Globex - @mbianchi")
    readings = dict((cue, names) for cue, names, _ in line_options(panel))
    assert readings["name_lines"] == ("Ana Ruiz", "Tom Dyson", "Priya Raman", "Lena Vogel", "Marco Bianchi")


@pytest.mark.parametrize("line, is_talk", [
    ("Henrik Nielsen (Principal Architect, Bot Framework)", False),  # a person and a role: who speaks
    ("Btrfs snapshots - Henk Jansen", True),
    ("Docs as a product — Jane Doe (Acme)", True),
])
def test_a_person_with_a_role_in_parentheses_is_no_talk_line(line, is_talk):
    """"NAME (role)" was read "Title (Speaker)" with the role as a name, and began a new talk."""
    assert is_talk_line(Block("p", line)) is is_talk
