"""confsearch: full-text search over conference talk notes published on weblogs."""

__version__ = "0.1.0"
