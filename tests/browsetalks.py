"""Notes for the speaker and conference pages: one person under four spellings on four weblogs, a keynote
written up by three note-takers (and given again a year later), two people who share a surname, a hostile
name and a name in another script."""

import datetime as dt

from search.model import Page, Talk

DAY = dt.date(2015, 9, 19)


def note(slug, title, speakers, date, conference, body, site="one.example"):
    url = f"https://{site}/{date.year}/{slug}"
    return Talk(id=url, title=title, speakers=tuple(speakers), date=date, conference=conference, url=url, source=url,
                body=body)


KEYNOTE = "https://one.example/2015/keynote"
TALKS = (
    note("keynote", "Scaling Django", ["Katherine Novak"], DAY, "PyCon UK 2015",
         "Katherine Novak (@knovak) on scaling Django: caching, queues and read replicas."),
    note("keynote", "Keynote: Scaling Django", ["Kate Novak"], DAY, "PyCon UK 2015",
         "The keynote on scaling Django. Caching first, then queues.", site="two.example"),
    note("scaling-django", "Scaling Django", ["Dr Katherine Novak"], DAY + dt.timedelta(days=1), "PyCon UK 2015",
         "Scaling Django with read replicas and caching.", site="three.example"),
    note("scaling-again", "Scaling Django", ["Katherine Novac"], dt.date(2016, 7, 18), "EuroPython 2016",
         "The same keynote again, with new numbers on caching."),
    note("profiling", "Profiling Python", ["Katherine Novak"], DAY + dt.timedelta(days=1), "PyCon UK 2015",
         "Profilers and flame graphs."),
    note("smith-testing", "Testing with pytest", ["Jane Smith"], DAY, "PyCon UK 2015", "Fixtures and caching."),
    note("smith-docs", "Writing docs", ["John Smith"], DAY, "PyCon UK 2015", "Sphinx and caching of builds."),
    note("hostile", "A hostile name", ["<script>alert('speaker')</script>"], DAY, "<b>EvilConf</b> 2015",
         "Nothing to see."),
    note("wei", "Python in Shanghai", ["王伟"], dt.date(2016, 10, 1), "PyCon China 2016", "Python community."),
)


def pages(talks=TALKS):
    return [Page(source=item.source, talks=(item,)) for item in talks]
