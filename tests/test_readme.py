"README.md is generated from nbs/index.ipynb; this fails when someone edits one and not the other."
from pathlib import Path
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parents[1]

def test_readme_is_generated_from_index():
    body, _ = MarkdownExporter().from_filename(str(ROOT/'nbs'/'index.ipynb'))
    assert (ROOT/'README.md').read_text() == body, 'README.md is stale: run `./course refresh nbs/index.ipynb` and commit it.'

def test_readme_benchmark_table_is_the_recorded_results():
    "The README's performance table is the one `./course bench` made from bench/results.json, not a hand-edited copy."
    import json, sys
    sys.path.insert(0, str(ROOT/'bench'))
    from benchmark import readme_table
    table = readme_table(json.loads((ROOT/'bench'/'results.json').read_text()))
    assert table in (ROOT/'README.md').read_text(), \
        "README.md's benchmark table differs from bench/results.json: paste the table `./course bench` printed into nbs/index.ipynb"
