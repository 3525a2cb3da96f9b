"""Stage 1b: a table of talks as headings and paragraphs.

Meetup write-ups often list their talks as a table: a header row with a title column and a speaker
column ("Talk | Speaker | Notes"), then one row per talk. Such a table (two talks or more) is rewritten
in the parsed page as one "Title - Speaker" heading per row followed by the row's other cells, so the
later stages split it like any page of talk sections. Any other table is left alone.
"""

from __future__ import annotations

import re

from lxml import etree

from search.ingest.content import norm_space

TITLE_COLUMN = re.compile(
    r"(?i)^(?:talks?|titles?|sessions?|topics?|presentations?|vortrag|vorträge|titel|thema|lezing|onderwerp|titre|"
    r"sujet|charla|título|titolo|temat|tytuł)$"
)
SPEAKER_COLUMN = re.compile(
    r"(?i)^(?:speakers?|presenters?|by|who|names?|referent(?:in)?|sprecher(?:in)?|sprekers?|orateur|intervenant|"
    r"ponente|relatore|prelegent|palestrante)$"
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def with_talk_tables(main) -> None:
    """Rewrite, in place, every table of talks inside the content element."""
    level = min(6, max((int(h.tag[1]) for h in main.iter(*HEADINGS)), default=1) + 1)
    for table in list(main.iter("table")):
        rows = [[norm_space(c.text_content()) for c in row if c.tag in ("td", "th")] for row in table.iter("tr")]
        columns = talk_columns(rows[0]) if rows else None
        if columns and len(rows) >= 3 and table.getparent() is not None:
            replace_table(table, rows[1:], columns, level)


def talk_columns(header: list[str]) -> tuple[int, int] | None:
    """(title column, speaker column) of a header row, or None when it is not a table of talks."""
    title = next((n for n, cell in enumerate(header) if TITLE_COLUMN.match(cell)), None)
    speaker = next((n for n, cell in enumerate(header) if SPEAKER_COLUMN.match(cell)), None)
    return (title, speaker) if title is not None and speaker is not None else None


def replace_table(table, rows: list[list[str]], columns: tuple[int, int], level: int) -> None:
    title, speaker = columns
    box = etree.Element("div")
    for row in rows:
        if len(row) <= max(title, speaker) or not row[title]:
            continue
        heading = etree.SubElement(box, f"h{level}")
        heading.text = f"{row[title]} - {row[speaker]}" if row[speaker] else row[title]
        for n, cell in enumerate(row):
            if n not in columns and cell:
                etree.SubElement(box, "p").text = cell
    box.tail = table.tail
    table.getparent().replace(table, box)
