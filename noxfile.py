"""The course where learners run it, outside its own venv, as nox sessions: each builds a fresh environment from
nothing and gives it the course the way a learner gets it (the wheel, installed by pip), with the notebooks copied
out of the repository.

- colab:   the versions Colab preinstalls (`COLAB` below). Installing the course there, as the setup cell does,
           must not upgrade or replace any of them; with Colab's environment variable set, the setup cell must
           install nothing more; chapter 04 is re-run by nbval, with `tools/drive_widgets.py` as a last cell that
           moves every slider of every widget and checks that the readout and the picture change.
- install: only the wheel (and its `digits` extra) and a kernel; every notebook is re-run by nbval from a folder
           outside the repository, so a path that only exists in the repository fails.

The notebooks run in a kernel of the session's environment; pytest and nbval run from the course's own venv (like a
learner's Jupyter, which is not the kernel's environment either).

    ./course envs                   # both sessions (the same as .venv/bin/python -m nox, from the root)
    ./course envs -s colab          # one of them
    ./course envs -s install -- --keep   # keep the copied notebooks, to look into a failure
"""
import contextlib, json, shutil, subprocess, sys, tempfile
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

@nox.session
def colab(session):
    "Colab's versions: the course's wheel installs beside them without replacing any, and chapter 04's widgets work."
    with wheel_in_workdir(session) as (work, wheel):
        session.install(*pins(), *(f'{k}=={v}' for k, v in COLAB.items()), 'fastai')
        before = freeze(session)
        wrong = {k: before.get(k) for k, v in COLAB.items() if before.get(k) != v}
        if wrong: session.error(f"the environment did not get Colab's versions: {wrong}")
        # the setup cell's `%pip install "mnist_basics @ git+..."`, with the wheel standing in for the repository
        session.install(str(wheel))
        after = freeze(session)
        changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
        added = sorted(set(after) - set(before))
        if changed: session.error(f'installing the course replaced what Colab has: {changed}')
        if added != ['mnist-basics']: session.error(f'installing the course added more than itself: {added}')
        session.log(f'installing the course changed none of {len(before)} packages, added only mnist_basics')
        env = kernel_env(session, work, 'colab') | {'COLAB_RELEASE_TAG': 'envs-check', 'COURSE_IPYWIDGETS': COLAB['ipywidgets']}
        session.run('python', '-c', 'from mnist_basics.launch import setup_hosted, missing_requirements as m; '
                    'assert m() == [], m(); assert setup_hosted() == "colab"', env=env)
        if freeze(session) != after: session.error('the setup cell installed something on Colab')
        folder = copy_notebooks(work/'notebooks', ['04_quadratic.ipynb'])
        nb = json.loads((folder/'04_quadratic.ipynb').read_text())
        nb['cells'].append({'cell_type': 'code', 'id': 'envs-check', 'metadata': {}, 'execution_count': None, 'outputs': [],
                            'source': (ROOT/'tools'/'drive_widgets.py').read_text()})
        (folder/'04_quadratic.ipynb').write_text(json.dumps(nb))
        nbval(session, folder, env, 'colab')
        session.log(f'chapter 04 passes nbval on ipywidgets {COLAB["ipywidgets"]} and its widgets redraw')

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
