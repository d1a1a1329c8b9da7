"""The maintainers' tools, and the one home of what the tests, the tools and the benchmark share (the browser driver,
the figure check, the cell marks, the tree copy). Run a tool from the repository's root as a module, e.g.
`.venv/bin/python -m tools.docs_check`; the tests import from here (pytest puts the root on the path through
conftest.py)."""
