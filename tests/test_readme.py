"""README.md is generated from nbs/index.ipynb and speaks to learners; CONTRIBUTING.md holds the maintainers' matter.
Every claim they make that can be checked is checked here: the messages they quote, the chapter times, the tables."""
import json, re
from pathlib import Path
from nbconvert import MarkdownExporter
from tools.lesson_cells import minutes

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT/'README.md').read_text()

def test_readme_is_generated_from_index():
    body, _ = MarkdownExporter().from_filename(str(ROOT/'nbs'/'index.ipynb'))
    assert (ROOT/'README.md').read_text() == body, 'README.md is stale: run `.venv/bin/python -m nox -s refresh -- nbs/index.ipynb` and commit it.'

def test_benchmark_tables_are_the_recorded_results():
    "CONTRIBUTING's performance tables are the ones `nox -s bench` made from bench/results.json, not a hand-edited copy."
    from bench.benchmark import readme_table
    table = readme_table(json.loads((ROOT/'bench'/'results.json').read_text()))
    assert table in (ROOT/'CONTRIBUTING.md').read_text(), \
        "CONTRIBUTING.md's benchmark tables differ from bench/results.json: paste the tables `nox -s bench` printed"

def test_readme_is_for_learners():
    "No test, CI or benchmark matter on the learners' page; it links the maintainers' guide and the docs site."
    for word in ('nbval', 'pytest', '.ci/run', 'target', 'bench', 'envs_check', 'fault_check'):
        assert word not in README, f'README.md mentions {word!r}: that belongs in CONTRIBUTING.md'
    assert '(CONTRIBUTING.md)' in README
    import tomllib
    urls = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['urls']
    assert urls['Documentation'] in README

QUOTED = {  # each message the README quotes, and an answer that gets it
    'the fractions were cut off, not rounded': ('ch01.to_bytes', 'def to_bytes(imgs): return (imgs*255).byte()'),
    'that is the RMSE (square, mean, square root); the L1 distance is the mean of the absolute differences':
        ('ch02.l1_distance', 'def l1_distance(a, b): return torch.sqrt(torch.mean((a - b)**2))'),
    '`stack[-4:][-4:]` slices the first axis twice': ('ch01.corner', 'def corner(stack): return stack[-4:][-4:]'),
    'threshold 0.5 on raw outputs': ('ch05.my_accuracy', 'def my_accuracy(preds, targets): return ((preds > 0.5) == targets).float().mean()'),
    'the gradients are not cleared between steps': ('ch07.sgd_epoch', 'def sgd_epoch(model, batches, params, lr, loss_func):\n'
        '    total, n = 0., 0\n    for xb, yb in batches:\n        loss = loss_func(model(xb), yb)\n'
        '        total, n = total + loss.item()*len(xb), n + len(xb)\n        loss.backward()\n'
        '        with torch.no_grad():\n            for p in params: p -= lr*p.grad\n    return total/n'),
}

def test_quoted_messages_are_what_the_checks_say():
    from mnist_basics.exercise_toolkit import all_exercises
    exercises = all_exercises()
    section = README[README.index('## How the exercises work'):]
    quoted = re.findall(r'^- "(.+)"$', section, flags=re.M)
    assert sorted(quoted) == sorted(QUOTED), quoted
    for message, (name, answer) in QUOTED.items():
        fb = exercises[name].check(exercises[name].attempt(answer))
        assert not fb.passed and message in fb.text, (name, fb.text)


ROW = re.compile(r'^\| \[`(\d\d_\w+)`\]\(([^)]+)\) \(\[read\]\(([^)]+)\), \[Kaggle\]\(([^)]+)\)\) \|[^|]*\|(?: (\d+) min \|)?', re.M)

def row(name:str)->str:
    "The README's path-table row for the notebook `name`."
    return next(l for l in README.splitlines() if ROW.match(l) and ROW.match(l).group(1) == name)

def test_table_gives_each_chapters_exercises():
    from mnist_basics.exercise_toolkit import chapters, all_exercises
    for ch in chapters():
        assert f'| {len(ch.EXERCISES)} exercise' in row(ch.NOTEBOOK), f'the README row for {ch.NOTEBOOK} should give {len(ch.EXERCISES)} exercises'
    assert '`92_exercise_toolkit`' in README
    assert f'{len(all_exercises())} exercises sit in the chapters' in README  # the number the README's text gives

def test_chapter_times_follow_the_stated_rule():
    rows = [(name, stated) for name, *_, stated in ROW.findall(README) if stated]
    assert len(rows) == 10, rows
    for name, stated in rows:
        want = minutes(ROOT/'nbs'/f'{name}.ipynb')
        assert abs(int(stated) - want) <= 5, f'{name}: README says {stated} min, the rule gives {want}'

def test_total_time_is_the_sum_of_the_chapters():
    mins = [int(stated) for *_, stated in ROW.findall(README) if stated]
    core, total = sum(mins[:7]), sum(mins)
    assert f'about {core//60} hours {core%60} minutes for the core' in README
    assert f'{total//60} hours {total%60} minutes for the whole path' in README

def test_every_notebook_opens_from_the_table():
    "Each chapter and appendix row opens its notebook on Colab and on Kaggle, and its page on the site, from pyproject.toml's addresses."
    import tomllib
    urls = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['urls']
    slug = urls['Repository'].removeprefix('https://github.com/')
    rows = ROW.findall(README)
    names = sorted(p.stem for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    assert sorted(name for name, *_ in rows) == names
    for name, colab, site, kaggle, _ in rows:
        assert colab == f'https://colab.research.google.com/github/{slug}/blob/main/nbs/{name}.ipynb', colab
        assert site == urls['Documentation'] + re.sub(r'^\d\d_', '', name) + '.html', site
        assert kaggle == f'https://kaggle.com/kernels/welcome?src={urls["Repository"]}/blob/main/nbs/{name}.ipynb', kaggle
    assert f'git clone {urls["Repository"]}' in README
    assert f'<{urls["Repository"]}/issues>' in README

def test_python_versions_agree():
    "README, pyproject.toml and ./course name the same oldest Python."
    import tomllib
    assert tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['requires-python'] == '>=3.11'
    assert 'Python 3.11 or newer' in README
    assert 'sys.version_info < (3, 11)' in (ROOT/'course').read_text()
