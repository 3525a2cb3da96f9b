import datetime as dt

from search.model import Talk


def test_talk_round_trips_through_dict():
    talk = Talk(id="a1", title="ZeroMQ", speakers=("Pieter Hintjens",), date=dt.date(2015, 5, 22),
                conference="PyGrunn 2015", tags=("python",), url="https://example.org/zeromq",
                source="/tmp/x.html", body="One.\n\nTwo.")
    data = talk.to_dict()
    assert data["date"] == "2015-05-22" and data["speakers"] == ["Pieter Hintjens"]
    assert Talk.from_dict(data) == talk
