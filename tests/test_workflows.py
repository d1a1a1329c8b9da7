"""GitHub's workflows do what the checks here prove: the tests find a browser and also run, weekly, on the newest
torch, fastai and ipywidgets; the docs deploy runs nbdev-docs, whose steps before Quarto are the ones
tools/docs_check.py runs (so a new step in nbdev shows up here, not as a broken site)."""
import ast, inspect, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]

def workflow(name:str)->dict:
    wf = yaml.safe_load((ROOT/'.github'/'workflows'/name).read_text())
    wf['on'] = wf.pop(True, wf.get('on'))  # YAML 1.1 reads the key `on` as True
    return wf

def runs(job:dict)->list: return [s.get('run', '') for s in job['steps']]

def test_tests_find_a_browser_before_running():
    job = workflow('test.yaml')['jobs']['test']
    steps = runs(job)
    find = next(i for i, r in enumerate(steps) if 'COURSE_BROWSER=' in r and 'GITHUB_ENV' in r)
    test = next(i for i, r in enumerate(steps) if r.strip() == './course test')
    assert find < test
    from tools.lab_browser import BROWSERS
    assert 'google-chrome' in steps[find] and '/usr/bin/google-chrome' in BROWSERS  # what GitHub's images carry
    assert 'playwright install' in steps[find]  # and a fallback where they do not

def test_weekly_run_on_the_newest_versions():
    wf = workflow('test.yaml')
    assert {'push', 'pull_request', 'schedule'} <= set(wf['on']) and wf['on']['schedule'][0]['cron']
    job = wf['jobs']['test']
    matrix = job['strategy']['matrix']['versions']
    # pushes run the pins only; the schedule (and a run by hand) adds the newest versions
    assert "(github.event_name == 'push' || github.event_name == 'pull_request') && '[\"pinned\"]'" in matrix
    assert '"newest"' in matrix and job['strategy']['fail-fast'] is False
    assert job['env']['COURSE_NEWEST'] == "${{ matrix.versions == 'newest' && '1' || '' }}"

def test_deploy_runs_nbdev_docs_after_setup():
    steps = runs(workflow('deploy.yaml')['jobs']['deploy'])
    build = next(r for r in steps if 'nbdev-docs' in r)
    assert build.split() == ['./course', 'setup', '.venv/bin/nbdev-docs']

def _calls(code:str)->set:
    "The names of the functions `code` calls (the last part of a dotted name; `x.__wrapped__(...)` counts as x)."
    out = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr == '__wrapped__': f = f.value
            out.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', None))
    return out

def test_docs_check_runs_nbdev_docs_steps_before_quarto():
    import nbdev.quarto
    from tools import docs_check
    plumbing = {'get_config', 'Path', 'absolute', 'exists', 'chdir'}
    nbdev_steps = _calls(inspect.getsource(nbdev.quarto._pre_docs)) - plumbing
    ours = _calls(docs_check.PROCESS) - plumbing
    assert nbdev_steps - ours == {'_ensure_quarto'}, nbdev_steps - ours  # Quarto is the one thing not run here
    assert ours <= nbdev_steps, ours - nbdev_steps

def test_github_runs_what_ci_runs():
    "test.yaml runs each command of .ci/run (on the pinned leg), with PyTorch's CPU wheels and pip's cache."
    wf = workflow('test.yaml')
    job = wf['jobs']['test']
    steps = [s.get('run', '').strip() for s in job['steps']]
    ci = [l.strip().removeprefix('exec ') for l in (ROOT/'.ci'/'run').read_text().splitlines()
          if l.strip().startswith(('./course', '.venv/bin/python', 'exec '))]
    assert ci == ['./course test', '.venv/bin/python -m tools.docs_check', './course envs'], ci
    for command in ci: assert command in steps, f'.ci/run runs {command!r}; test.yaml does not'
    assert job['env']['PIP_EXTRA_INDEX_URL'] == 'https://download.pytorch.org/whl/cpu'
    python = next(s for s in job['steps'] if s.get('uses', '').startswith('actions/setup-python'))
    assert python['with']['cache'] == 'pip' and python['with']['python-version'] == '${{ matrix.python }}'
    import tomllib
    oldest = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['requires-python'].removeprefix('>=')
    assert job['strategy']['matrix']['python'] == [oldest, '3.12'], 'the oldest supported Python and Colab\'s'

def test_docs_deploy_installs_as_the_tests_do():
    "The docs workflow uses PyTorch's CPU wheels and pip's cache too: no GPU build to download for a web page."
    job = workflow('deploy.yaml')['jobs']['deploy']
    assert job['env']['PIP_EXTRA_INDEX_URL'] == 'https://download.pytorch.org/whl/cpu'
    python = next(s for s in job['steps'] if s.get('uses', '').startswith('actions/setup-python'))
    assert python['with']['cache'] == 'pip'
