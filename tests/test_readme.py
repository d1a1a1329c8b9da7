"README.md is generated from nbs/index.ipynb; this fails when someone edits one and not the other."
from pathlib import Path
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parents[1]

def test_readme_is_generated_from_index():
    body, _ = MarkdownExporter().from_filename(str(ROOT/'nbs'/'index.ipynb'))
    assert (ROOT/'README.md').read_text() == body, 'README.md is stale: run `./course refresh nbs/index.ipynb` and commit it.'
