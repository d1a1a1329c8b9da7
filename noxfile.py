"""The maintainers' commands, as nox sessions run from the course's venv (`./course` keeps the learner's `lab` and
`test`). Run them from the repository's root with the venv's Python (`-m` puts the root on the path, for tools/):

    .venv/bin/python -m nox                       # colab and install: the course where learners run it
    .venv/bin/python -m nox -s colab              # one of them (`-s install -- --keep` keeps the copied notebooks)
    .venv/bin/python -m nox -s refresh            # re-execute every notebook and store its outputs
    .venv/bin/python -m nox -s refresh -- nbs/03_sgd.ipynb   # only the notebooks named
    .venv/bin/python -m nox -s bench              # time the course against the book's way (`-- --quick`: shorter)
    .venv/bin/python -m nox -s pins               # the exact versions the course is tested with

Where learners run it, each in a fresh environment built from nothing, with the course the way a learner gets it (the
wheel, installed by pip) and the notebooks copied out of the repository:

- colab:   the versions Colab preinstalls (`COLAB` below). Installing the course there, as the setup cell does,
           must not upgrade or replace any of them; with Colab's environment variable set, the setup cell must
           install nothing more; chapter 04 is re-run by nbval, with `tools/drive_widgets.py` as a last cell that
           moves every slider of every widget and checks that the readout and the picture change.
- install: only the wheel (and its `digits` extra) and a kernel; every notebook is re-run by nbval from a folder
           outside the repository, so a path that only exists in the repository fails.

The notebooks run in a kernel of the session's environment; pytest and nbval run from the course's own venv (like a
learner's Jupyter, which is not the kernel's environment either). The chores (refresh, bench, pins) build no
environment: they run in the course's venv, which `./course setup` keeps up to date first.
"""
import contextlib, glob, json, os, shutil, subprocess, sys, tempfile
from pathlib import Path
import nox

ROOT = Path(__file__).resolve().parent
from tools.fault_check import copy_tracked

nox.options.default_venv_backend = 'venv'
nox.options.sessions = ['colab', 'install']
nox.options.error_on_missing_interpreters = True
# the environments live outside the repository, so that nothing in them can be found through it
nox.options.envdir = str(Path(tempfile.gettempdir())/'mnist_basics-nox')
COURSE_PYTHON = sys.executable  # the course's venv, where nox itself is installed: pytest and nbval run from it

def pins(kind:str='course')->list:
    "The exact versions pins.txt gives for `kind` ('course': what `./course` tests with; 'colab': Colab's own)."
    for line in (ROOT/'pins.txt').read_text().splitlines():
        if line.startswith(f'{kind}:'): return line.split(':', 1)[1].split()
    raise KeyError(f'pins.txt has no {kind!r} line')

COLAB = dict(p.split('==') for p in pins('colab'))  # what Colab's runtime carries; pins.txt says where that comes from

def freeze(session)->dict:
    out = session.run('python', '-m', 'pip', 'list', '--format=json', silent=True)
    return {p['name'].lower().replace('_', '-'): p['version'] for p in json.loads(out)}

@contextlib.contextmanager
def wheel_in_workdir(session):
    """A folder outside the repository (removed afterwards unless `-- --keep`) holding the course's wheel, built by
    the session's own, upgraded pip: yields (folder, wheel)."""
    session.install('--upgrade', 'pip')
    work = Path(tempfile.mkdtemp(prefix=f'mnist_basics-{session.name}-'))
    try: yield work, build_wheel(session, work)
    finally:
        if '--keep' in session.posargs: session.log(f'kept {work}')
        else: shutil.rmtree(work, ignore_errors=True)

def build_wheel(session, work:Path)->Path:
    "The wheel a learner's pip builds, from a copy of the committed tree (the build leaves nothing in the repository)."
    tree = work/'tree'; copy_tracked(tree)
    session.run('python', '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', str(work/'dist'), str(tree))
    (wheel,) = (work/'dist').glob('mnist_basics-*.whl')
    return wheel

def kernel_env(session, work:Path, name:str)->dict:
    "A kernelspec for the session's Python in a Jupyter path of our own; the environment variables that find it."
    spec = work/'jupyter'/'kernels'/name; spec.mkdir(parents=True)
    python = str(Path(session.bin)/'python')
    (spec/'kernel.json').write_text(json.dumps({'argv': [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
                                                'display_name': name, 'language': 'python'}))
    return dict(JUPYTER_PATH=str(work/'jupyter'), OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', PYTHONPATH='')

def copy_notebooks(dest:Path, names)->Path:
    "The notebooks (and the test's sanitize rules) in a folder of their own, as a learner who downloaded them has them."
    dest.mkdir(parents=True)
    for n in names: shutil.copy(ROOT/'nbs'/n, dest/n)
    shutil.copy(ROOT/'nbs'/'sanitize.cfg', dest/'sanitize.cfg')
    (dest/'pytest.ini').write_text('[pytest]\n')  # keeps the repository's pytest settings out
    return dest

def nbval(session, folder:Path, env:dict, kernel_name:str):
    with session.chdir(folder):
        session.run(COURSE_PYTHON, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', str(folder),
                    '-c', str(folder/'pytest.ini'), '--nbval', '--nbval-kernel-name', kernel_name,
                    '--nbval-sanitize-with', str(folder/'sanitize.cfg'), '--nbval-cell-timeout', '600', str(folder),
                    env=env, external=True)

# What the course's setup cell may add on Colab besides itself: anywidget (chapter 04's explorers), which Colab does
# not ship, and psygnal, which anywidget needs; both are small wheels. Anything else would be a download learners wait for.
COLAB_ADDS = {'mnist-basics', 'anywidget', 'psygnal'}

def colab_python()->str:
    """Colab's Python, 3.12: $COLAB_PYTHON, else a `python3.12` that runs, else pyenv's; when none is found nox says
    so and the session fails (`error_on_missing_interpreters`)."""
    if os.environ.get('COLAB_PYTHON'): return os.environ['COLAB_PYTHON']
    found = [shutil.which('python3.12'), *sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/3.12*/bin/python3.12')))]
    for python in filter(None, found):
        if subprocess.run([python, '-c', 'import sys; assert sys.version_info[:2] == (3, 12)'], capture_output=True).returncode == 0:
            return python
    return '3.12'

@nox.session(python=colab_python())
def colab(session):
    """Colab's Python and versions: the course's wheel installs beside them without replacing any, and every notebook
    passes nbval there, chapter 04 with its widgets moved and redrawn."""
    with wheel_in_workdir(session) as (work, wheel):
        session.install(*pins('colab'))  # torch and fastai included: Colab's own, from PyPI
        before = freeze(session)
        wrong = {k: before.get(k) for k, v in COLAB.items() if before.get(k, '').split('+')[0] != v}
        if wrong: session.error(f"the environment did not get Colab's versions: {wrong}")
        # the setup cell's `%pip install "mnist_basics @ git+..."`, with the wheel standing in for the repository
        session.install(str(wheel))
        after = freeze(session)
        changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
        added = sorted(set(after) - set(before))
        if changed: session.error(f'installing the course replaced what Colab has: {changed}')
        if 'mnist-basics' not in added or set(added) - COLAB_ADDS:
            session.error(f'installing the course should add itself and at most {sorted(COLAB_ADDS - {"mnist-basics"})}; it added {added}')
        session.log(f'installing the course changed none of {len(before)} packages, added only {added}')
        env = kernel_env(session, work, 'colab') | {'COLAB_RELEASE_TAG': 'envs-check', 'COURSE_IPYWIDGETS': COLAB['ipywidgets']}
        with session.chdir(work):  # outside the repository, so that the wheel's package is the one imported
            session.run('python', '-c', 'import mnist_basics.launch as l, sys; assert l.__file__.startswith(sys.prefix), l.__file__; '
                        'assert l.unmet_requirements() == [], l.unmet_requirements(); assert l.setup_hosted() == "colab"', env=env)
        if freeze(session) != after: session.error('the setup cell installed something on Colab')
        names = sorted(p.name for p in (ROOT/'nbs').glob('*.ipynb'))
        folder = copy_notebooks(work/'notebooks', names)
        nb = json.loads((folder/'04_quadratic.ipynb').read_text())
        nb['cells'].append({'cell_type': 'code', 'id': 'envs-check', 'metadata': {}, 'execution_count': None, 'outputs': [],
                            'source': (ROOT/'tools'/'drive_widgets.py').read_text()})
        (folder/'04_quadratic.ipynb').write_text(json.dumps(nb))
        nbval(session, folder, env, 'colab')
        session.log(f'{len(names)} notebooks pass nbval on Colab\'s versions (torch {COLAB["torch"]}, Python 3.12), '
                    f'and chapter 04\'s widgets redraw on ipywidgets {COLAB["ipywidgets"]}')

@nox.session
def install(session):
    "The wheel alone in a fresh environment: every notebook passes nbval from a folder outside the repository."
    with wheel_in_workdir(session) as (work, wheel):
        # the exact torch pins keep pip from fetching a newer torch with GBs of CUDA packages; all else is as resolved
        session.install(*pins(), f'{wheel}[digits]', 'ipykernel')
        env = kernel_env(session, work, 'installed')
        with session.chdir(work):
            session.run('python', '-c', 'import mnist_basics, sys; f = mnist_basics.__file__; print(f); '
                        f'assert f.startswith({session.virtualenv.location!r}), f', env=env)
        names = sorted(p.name for p in (ROOT/'nbs').glob('*.ipynb'))
        folder = copy_notebooks(work/'notebooks', names)
        nbval(session, folder, env, 'installed')
        session.log(f'{len(names)} notebooks pass nbval with the wheel, from {folder}')

# The maintainers' chores: no environment of their own, the course's venv (where nox itself runs)

def course_venv(session)->dict:
    "Bring the course's venv up to date (a stamp check when nothing changed); the environment the chores run with."
    session.run(str(ROOT/'course'), 'setup', external=True)
    env = {}
    archive = os.environ.get('MNIST_SAMPLE_ARCHIVE')
    if archive:  # a relative path must still be found from the notebooks' folder, where jupyter runs them
        path = Path(archive).resolve()
        if not path.parent.is_dir():
            session.error(f'MNIST_SAMPLE_ARCHIVE={archive}: the folder {path.parent} does not exist; '
                          'point it at a copy of mnist_sample.tgz')
        env['MNIST_SAMPLE_ARCHIVE'] = str(path)
    return env

def in_venv(session, *args, **kw): session.run(COURSE_PYTHON, *args, external=True, **kw)

def write_readme():
    "README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which cannot be installed everywhere)."
    out = subprocess.run([COURSE_PYTHON, '-m', 'jupyter', 'nbconvert', '--log-level=WARN', '--to', 'markdown', '--stdout',
                          'nbs/index.ipynb'], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    (ROOT/'README.md').write_text(out)

@nox.session(venv_backend='none')
def refresh(session):
    """Re-execute notebooks, storing the outputs the tests compare against (`-- nbs/NN_name.ipynb`: only those).
    With no names, every notebook, the exercise modules too; the package is re-exported first, README.md made last."""
    env = course_venv(session)
    names = session.posargs or [str(p.relative_to(ROOT)) for p in
                                sorted((ROOT/'nbs').glob('*.ipynb')) + sorted((ROOT/'nbs'/'exercises').glob('*.ipynb'))]
    missing = [n for n in names if not (ROOT/n).is_file()]
    if missing: session.error(f'no such notebook: {", ".join(missing)} (name them from the root, as nbs/03_sgd.ipynb)')
    in_venv(session, '-m', 'tools.launch_cells')  # the Colab badge and setup cell in every notebook
    in_venv(session, '-m', 'tools.lesson_cells')  # checks and machinery collapsed in the chapters
    session.run(str(Path(COURSE_PYTHON).parent/'nbdev-export'), external=True)  # later chapters import what earlier ones export
    for name in names:
        session.log(f'executing {name}')
        in_venv(session, '-m', 'jupyter', 'execute', '--inplace', str(ROOT/name), env=env)
    write_readme()

@nox.session(venv_backend='none')
def bench(session):
    "The course timed against the book's way and the published peers (bench/benchmark.py; `-- --quick`, `-- --json F`)."
    course_venv(session)
    if subprocess.run([COURSE_PYTHON, '-c', 'import fastbook'], capture_output=True).returncode:  # the book's helpers, once
        in_venv(session, '-m', 'pip', 'install', '--quiet', '--no-deps', *pins('bench'))
    in_venv(session, '-m', 'bench.benchmark', *session.posargs)

@nox.session(name='pins', venv_backend='none')
def print_pins(session):
    "Print the exact versions the course is tested with (the `course` line of pins.txt)."
    print(' '.join(pins()))
