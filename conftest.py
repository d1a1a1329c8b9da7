"""Test order: `./course test` runs two pytest-xdist workers, each taking whole files (`--dist loadfile`) in the order
they were collected. The longest files go first, so that the two workers finish at about the same time instead of one
of them starting the 06 notebook (the ResNet) when the other is nearly done."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# longest first: 06 (the ResNet), the browser test (JupyterLab starting included), the import checks (fresh
# interpreters), then 08, 09, 05 and 04; the rest take a few seconds each
HEAVY_FIRST = ['nbs/06_learner.ipynb', 'tests/test_browser.py', 'tests/test_imports.py', 'nbs/08_learner_from_scratch.ipynb',
               'nbs/09_all_digits.ipynb', 'nbs/05_mnist_loss.ipynb', 'nbs/04_quadratic.ipynb']

def pytest_collection_modifyitems(config, items):
    rank = {p: i for i, p in enumerate(HEAVY_FIRST)}
    def key(item):
        try: rel = Path(item.path).resolve().relative_to(ROOT).as_posix()
        except ValueError: rel = ''
        return rank.get(rel, len(rank))
    items.sort(key=key)  # a stable sort: each file's tests (a notebook's cells) keep their order

# One thread per process, for pytest and the notebook kernels it starts (which inherit this environment): two workers
# on two cores would otherwise each spawn a thread per core and fight over them. The other flags are pyproject.toml's.
import os
for _var in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ.setdefault(_var, '1')
