"""`nox -s bench`: the course timed against the book's way and the published peers (`python -m bench.benchmark`)."""
