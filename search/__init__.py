"""confsearch: full-text search over conference talk notes published on weblogs."""

import sys
import types

__version__ = "0.1.0"


def _import_whoosh_without_urllib() -> None:
    """Import Whoosh's compatibility module with a stand-in for `urllib.request`, removed again at once.

    whoosh.compat imports `urlretrieve` from urllib.request (for a download helper nothing in Whoosh or
    confsearch calls), and with it http.client, email and ssl: a sixth of the start-up of a command-line
    search. The stand-in's `urlretrieve` imports the real one if it is ever called; whoever imports
    urllib.request afterwards gets the real module.
    """
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real

        return real(*args, **kwargs)

    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_whoosh_without_urllib()
