"""Test order: `./course test` runs two pytest-xdist workers, each taking whole files (`--dist loadfile`) in the order
they were collected. The longest files go first, so that the two workers finish at about the same time instead of one
of them starting the 06 notebook (the ResNet) when the other is nearly done."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# longest first (seconds on 2 cores, 2026-11): 06 ~45, browser ~30, 08 ~16, 09 ~12, exercises ~10, 04 ~10
HEAVY_FIRST = ['nbs/06_learner.ipynb', 'tests/test_browser.py', 'nbs/08_learner_from_scratch.ipynb',
               'nbs/09_all_digits.ipynb', 'tests/test_exercises.py', 'nbs/04_quadratic.ipynb']

def pytest_collection_modifyitems(config, items):
    rank = {p: i for i, p in enumerate(HEAVY_FIRST)}
    def key(item):
        try: rel = Path(item.path).resolve().relative_to(ROOT).as_posix()
        except ValueError: rel = ''
        return rank.get(rel, len(rank))
    items.sort(key=key)  # a stable sort: each file's tests (a notebook's cells) keep their order
