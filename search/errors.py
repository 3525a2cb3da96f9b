"""The few errors confsearch raises on purpose. Each carries one sentence a user can act on."""


class SearchError(Exception):
    """Base class: str(error) is the one clear sentence shown to the user."""


class QueryError(SearchError):
    """The query cannot be understood or is too expensive to run."""


class IndexNotFound(SearchError):
    """There is no index at the given location."""


class IndexBusy(SearchError):
    """Another process is writing to the index and did not finish in time."""


class IndexCorrupt(SearchError):
    """The index on disk cannot be read."""


class FetchError(SearchError):
    """A URL could not be fetched; the message names the URL and the reason."""


class IndexWriteError(SearchError):
    """The index folder cannot be written (read-only, disk full); the last complete update is kept."""
