"""`python -m search ...` runs the confsearch command line."""

from search.cli import main

main()
