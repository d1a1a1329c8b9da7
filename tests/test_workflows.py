"""GitHub's workflows do what CI does, checked by running them: each workflow's matrix and `if:` expressions are
evaluated for a push and for the weekly run, and the shell steps of each leg run for real against stand-in commands
(`./course`, the venv's Python, a browser) that only write down how they were called. The docs check is compared with
the steps of nbdev-docs itself, so a new step in nbdev shows up here, not as a broken site."""
import ast, inspect, json, os, re, shutil, subprocess, tomllib
from pathlib import Path
import pytest, yaml

ROOT = Path(__file__).resolve().parents[1]
BASH = shutil.which('bash')  # the steps' PATH holds only stand-ins

def workflow(name:str)->dict:
    wf = yaml.safe_load((ROOT/'.github'/'workflows'/name).read_text())
    wf['on'] = wf.pop(True, wf.get('on'))  # YAML 1.1 reads the key `on` as True
    return wf

# --- GitHub's expression language, the part the workflows use: 'strings', a.b names, ==, !=, &&, ||, ( ), fromJSON

TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||\(|\))|([A-Za-z_][\w.-]*))")

def evaluate(text:str, ctx:dict):
    "The value of a GitHub expression (without its `${{ }}`); `ctx` maps names such as 'matrix.python' to values."
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        if not m: raise ValueError(f'cannot read {text[pos:]!r}')
        tokens.append(m.group(1) and ('str', m.group(1)[1:-1].replace("''", "'")) or ('op', m.group(2) or m.group(3)))
        pos = m.end()
    def value(i):
        kind, t = tokens[i]
        if kind == 'str': return t, i + 1
        if t == '(':
            v, i = either(i + 1); assert tokens[i] == ('op', ')'); return v, i + 1
        if t == 'fromJSON':
            assert tokens[i + 1] == ('op', '('); v, i = either(i + 2); assert tokens[i] == ('op', ')')
            return yaml.safe_load(v), i + 1
        if t not in ctx: raise KeyError(f'{t} is not in the context of this expression')
        return ctx[t], i + 1
    def compare(i):
        v, i = value(i)
        if i < len(tokens) and tokens[i][1] in ('==', '!='):
            op = tokens[i][1]; w, i = value(i + 1)
            v = (str(v).lower() == str(w).lower()) == (op == '==')
        return v, i
    def both(i):
        v, i = compare(i)
        while i < len(tokens) and tokens[i] == ('op', '&&'):
            w, i = compare(i + 1); v = w if v else v
        return v, i
    def either(i):
        v, i = both(i)
        while i < len(tokens) and tokens[i] == ('op', '||'):
            w, i = both(i + 1); v = v if v else w
        return v, i
    v, i = either(0)
    assert i == len(tokens), f'left over in {text!r}: {tokens[i:]}'
    return v

def interpolate(s, ctx:dict):
    "A workflow value with each `${{ expr }}` replaced by its value (the value itself when it is the whole string)."
    if not isinstance(s, str): return s
    whole = re.fullmatch(r'\$\{\{(.*)\}\}', s.strip(), re.S)
    if whole: return evaluate(whole.group(1), ctx)
    return re.sub(r'\$\{\{(.*?)\}\}', lambda m: str(evaluate(m.group(1), ctx)), s)

def test_expressions_follow_github_rules():
    "The evaluator itself, on cases whose value GitHub's docs state: && and || return an operand, == ignores case."
    ctx = {'github.event_name': 'push'}
    assert evaluate("github.event_name == 'PUSH' && 'a' || 'b'", ctx) == 'a'
    assert evaluate("github.event_name == 'schedule' && 'a' || 'b'", ctx) == 'b'
    assert evaluate("fromJSON('[\"x\", \"y\"]')", ctx) == ['x', 'y']
    assert evaluate("'' || 'fallback'", ctx) == 'fallback' and evaluate("'it''s'", ctx) == "it's"
    with pytest.raises(KeyError): evaluate('matrix.nothing', ctx)

def condition(step:dict, ctx:dict)->bool:
    "Whether a step runs: its `if:` is an expression with or without `${{ }}` around it."
    if 'if' not in step: return True
    text = step['if'].strip()
    return bool(evaluate(text[3:-2] if text.startswith('${{') else text, ctx))

def legs(event:str)->list:
    "The jobs `test.yaml` starts for `event`: each leg's matrix values, its environment and the steps that run."
    job = workflow('test.yaml')['jobs']['test']
    ctx = {'github.event_name': event}
    matrix = {k: interpolate(v, ctx) for k, v in job['strategy']['matrix'].items()}
    out = []
    for versions in matrix['versions']:
        for python in matrix['python']:
            c = ctx | {'matrix.versions': versions, 'matrix.python': python}
            env = {k: str(interpolate(v, c)) for k, v in job['env'].items()}
            steps = [s for s in job['steps'] if condition(s, c)]
            out.append(dict(versions=versions, python=python, env=env, steps=steps, ctx=c))
    return out

def test_push_runs_the_pins_on_the_oldest_python_and_colabs():
    oldest = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['requires-python'].removeprefix('>=')
    for event in 'push', 'pull_request':
        got = [(l['versions'], l['python'], l['env']['COURSE_NEWEST']) for l in legs(event)]
        assert got == [('pinned', oldest, ''), ('pinned', '3.12', '')], (event, got)

def test_weekly_and_by_hand_add_the_newest_versions():
    "The Monday run (and a run by hand) adds legs with COURSE_NEWEST=1, which `./course` reads as 'newest versions'."
    wf = workflow('test.yaml')
    assert wf['on']['schedule'][0]['cron'] and wf['jobs']['test']['strategy']['fail-fast'] is False
    for event in 'schedule', 'workflow_dispatch':
        got = {(l['versions'], l['env']['COURSE_NEWEST']) for l in legs(event)}
        assert got == {('pinned', ''), ('newest', '1')}, (event, got)
    assert 'COURSE_NEWEST' in (ROOT/'course').read_text()

def test_every_leg_gets_cpu_wheels_pips_cache_and_its_python():
    for leg in legs('schedule'):
        assert leg['env']['PIP_EXTRA_INDEX_URL'] == 'https://download.pytorch.org/whl/cpu'  # no 2.5 GB CUDA build
        python = next(s for s in leg['steps'] if s.get('uses', '').startswith('actions/setup-python'))
        given = {k: interpolate(v, leg['ctx']) for k, v in python['with'].items()}
        pythons = given['python-version'].split()
        assert pythons[-1] == leg['python'] and given['cache'] == 'pip', given  # the last listed is the default
        assert '3.12' in pythons, 'the colab nox session needs Colab\'s Python, 3.12, on every leg that runs nox'
        assert set(given['cache-dependency-path'].split()) == {'pyproject.toml', 'pins.txt'}  # what decides the install

# --- running the shell steps, with stand-ins that write down how they were called

def stand_in(path:Path, log:Path, name:str, body:str=''):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\necho "{name} $*" >> {log}\n{body}'); path.chmod(0o755)

@pytest.fixture
def tree(tmp_path):
    "A repository-shaped folder whose `./course`, `.venv/bin/*` and browsers are stand-ins; the log they write."
    repo, log = tmp_path/'repo', tmp_path/'calls.log'
    shutil.copytree(ROOT/'.ci', repo/'.ci')
    stand_in(repo/'course', log, 'course')
    for venv in '.venv', '.venv-newest':
        # asked for Playwright's browser, the stand-in Python names a stand-in browser
        stand_in(repo/venv/'bin'/'python', log, f'{venv}/python',
                 f'case "$1" in -c) echo {tmp_path}/playwright/chrome ;; esac\n')
        stand_in(repo/venv/'bin'/'nbdev-docs', log, f'{venv}/nbdev-docs')
    stand_in(tmp_path/'playwright'/'chrome', log, 'playwright-chrome')
    stand_in(tmp_path/'bin'/'apt-get', log, 'apt-get')  # .ci/run installs Chromium where it is missing
    stand_in(tmp_path/'bin'/'npm', log, 'npm')  # the static page's JavaScript
    (tmp_path/'shared'/'data').mkdir(parents=True); (tmp_path/'shared'/'data'/'mnist_sample.tgz').touch()
    return repo, log

def run_step(repo:Path, script:str, env:dict, path:str)->subprocess.CompletedProcess:
    return subprocess.run([BASH, '-eo', 'pipefail', '-c', script], cwd=repo, capture_output=True, text=True,
                          env={'HOME': str(repo.parent), 'PATH': path, **env})

def calls(log:Path)->list:
    out = [l.strip() for l in log.read_text().splitlines()] if log.exists() else []
    log.unlink(missing_ok=True)
    return out

def run_leg(repo, log, leg, path)->tuple:
    "Each `run:` step of a leg, in order, as GitHub runs them (bash -eo pipefail); the calls and GITHUB_ENV's lines."
    github_env = repo.parent/'github_env'; github_env.unlink(missing_ok=True)
    for step in leg['steps']:
        if 'run' not in step: continue
        res = run_step(repo, step['run'], leg['env'] | {'GITHUB_ENV': str(github_env)}, path)
        assert res.returncode == 0, (step.get('name'), res.stderr)
    return calls(log), github_env.read_text().splitlines() if github_env.exists() else []

def test_github_runs_what_ci_runs(tree, tmp_path):
    "The pinned leg on the oldest Python makes the calls .ci/run makes, after finding a browser; the other leg tests."
    repo, log = tree
    res = run_step(repo, './.ci/run', {}, f'{tmp_path/"bin"}:/usr/bin:/bin')
    assert res.returncode == 0, res.stderr
    ci = [c for c in calls(log) if not c.startswith('apt-get')]
    npm = 'npm ci --prefix tools/static_page --no-audit --no-fund --loglevel=error'
    assert ci == [npm, 'course test', '.venv/python -m tools.docs_check', '.venv/python -m nox'], ci
    chrome = tmp_path/'bin'/'google-chrome'; stand_in(chrome, log, 'google-chrome')  # what GitHub's images carry
    first, second = legs('push')
    got, env = run_leg(repo, log, first, str(tmp_path/'bin'))
    assert got == ['course setup', 'google-chrome --version', *ci], got
    assert env == [f'COURSE_BROWSER={chrome}'], env
    got, _ = run_leg(repo, log, second, str(tmp_path/'bin'))
    assert got == ['course setup', 'google-chrome --version', npm, 'course test'], got

def test_without_chrome_the_newest_leg_gets_playwrights_browser(tree, tmp_path):
    "Where an image lacks Chrome, the browser step installs Playwright's Chromium from the leg's own venv."
    repo, log = tree
    newest = next(l for l in legs('schedule') if l['versions'] == 'newest')
    got, env = run_leg(repo, log, newest, str(tmp_path/'bin'))  # a PATH with no browser on it
    assert got[:3] == ['course setup', '.venv-newest/python -m playwright install --with-deps chromium',
                       '.venv-newest/python -c ' + got[2].split(' -c ', 1)[1]], got
    assert 'playwright-chrome --version' in got and got[-1] == 'course test', got
    assert env == [f'COURSE_BROWSER={tmp_path}/playwright/chrome'], env

def test_docs_deploy_builds_with_nbdev_docs_after_setup(tree, tmp_path):
    repo, log = tree
    job = workflow('deploy.yaml')['jobs']['deploy']
    assert workflow('deploy.yaml')['on']['push']['branches'] == ['main']
    leg = dict(steps=job['steps'], env={k: str(v) for k, v in job['env'].items()})
    got, _ = run_leg(repo, log, leg, str(tmp_path/'bin'))
    assert got == ['course setup', '.venv/nbdev-docs'], got
    assert leg['env']['PIP_EXTRA_INDEX_URL'] == 'https://download.pytorch.org/whl/cpu'
    python = next(s for s in job['steps'] if s.get('uses', '').startswith('actions/setup-python'))
    assert python['with']['cache'] == 'pip'

# --- the docs check against nbdev-docs itself

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

def test_docs_check_takes_an_interacts_picture_from_its_saved_state():
    "An `interact` keeps its picture in its Output widget's saved state, which the page shows; a widget with neither is caught."
    from tools.docs_check import _shows_saved_picture
    state = {'box': {'model_name': 'VBoxModel', 'state': {'children': ['IPY_MODEL_slider', 'IPY_MODEL_out']}},
             'slider': {'model_name': 'FloatSliderModel', 'state': {}},
             'out': {'model_name': 'OutputModel', 'state': {'outputs': [{'data': {'image/png': 'iVBOR', 'text/plain': 'fig'}}]}}}
    page = {'metadata': {'widgets': {'application/vnd.jupyter.widget-state+json': {'state': state}}}}
    assert _shows_saved_picture(page, {'model_id': 'box'})
    state['out']['state']['outputs'] = [{'data': {'text/plain': 'no picture'}}]
    assert not _shows_saved_picture(page, {'model_id': 'box'})
    assert not _shows_saved_picture({'metadata': {}}, {'model_id': 'box'})

def test_docs_check_catches_a_widget_whose_state_the_page_lost(tmp_path):
    "A processed page that shows a widget but no longer carries its saved state (where it would run from) is reported."
    from tools.docs_check import problems
    view = {'output_type': 'display_data', 'metadata': {},
            'data': {'application/vnd.jupyter.widget-view+json': {'model_id': 'w1', 'version_major': 2, 'version_minor': 0},
                     'image/png': 'iVBOR', 'text/plain': '[sliders: a] a=1'}}
    page = {'cells': [{'cell_type': 'code', 'source': '#| fig-alt: "a picture"\nquad_widget(x, y)', 'metadata': {},
                       'outputs': [view], 'execution_count': 1}], 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    (tmp_path/'nbs').mkdir(); (tmp_path/'_proc').mkdir()
    (tmp_path/'nbs'/'sidebar.yml').write_text('04.ipynb')
    for where in ('nbs', '_proc'): (tmp_path/where/'04.ipynb').write_text(json.dumps(page))
    assert any('whose state the page does not carry' in p for p in problems(tmp_path)), problems(tmp_path)
    page['metadata'] = {'widgets': {'application/vnd.jupyter.widget-state+json': {'state': {'w1': {'model_name': 'AnyModel', 'state': {}}}}}}
    (tmp_path/'_proc'/'04.ipynb').write_text(json.dumps(page))
    assert not any('state' in p for p in problems(tmp_path)), problems(tmp_path)
