"""What the stored notebooks show on GitHub and the docs site: every figure as a picture, with alt text.

nbval compares the text of each output but skips pictures, so a re-run that stores `<Figure size ...>` instead of
the picture (a Figure left as a cell's value before anything set up the notebook's picture display) passes nbval;
this catches it."""
import json, re
from pathlib import Path
import pytest
from tools.figures import figure_problems

NBS = sorted((Path(__file__).resolve().parents[1]/'nbs').glob('*.ipynb'))

@pytest.mark.parametrize('nb', NBS, ids=[p.name for p in NBS])
def test_every_figure_is_a_picture_with_alt_text(nb):
    assert figure_problems(json.loads(nb.read_text())) == []

def test_a_lost_picture_is_caught():
    lost = {'cells': [{'cell_type': 'code', 'id': 'x', 'source': '#| fig-alt: "a curve falling to zero, then flat"\nfig',
                       'outputs': [{'data': {'text/plain': '<Figure size 900x350 with 2 Axes>'}}]}]}
    assert figure_problems(lost) == ['cell x: a figure stored as text, without its picture']
