"""The course where learners run it, outside its own venv: two fresh environments, built from nothing, each given the
course the way a learner gets it (the wheel, installed by pip) and the notebooks copied out of the repository.

- colab:   a venv with the versions Colab preinstalls (ipywidgets 7.7.1 and the others in COLAB below). Installing
           the course there, as the setup cell does, must not upgrade or replace any of them; with Colab's
           environment variable set, the setup cell must install nothing more; chapter 04 is re-run by nbval, and
           a last cell drives every widget's callbacks and checks that the readout and the picture change.
- install: a venv with only the wheel (and its `digits` extra) and a kernel; every notebook is re-run there by nbval,
           from a folder outside the repository, so a path that only exists in the repository fails.

The notebooks run in a kernel of each venv; pytest and nbval run from the course's own venv (like a learner's
Jupyter, which is not the kernel's environment either).

    .venv/bin/python tools/envs_check.py [colab] [install] [--keep]   # both when none is named; exit 1 if one fails
"""
import json, os, shutil, subprocess, sys, tempfile
from pathlib import Path
from fault_check import ROOT, copy_tracked  # tools/ is on the path when this runs as a script

# What Colab's runtime carries (Python 3.12, late-2025 reports). Its torch (2.8) and fastai (2.8.4, which needs
# torch<2.9) cannot be installed here offline, so torch and fastai are the course's own (see `pins`).
COLAB = {'ipywidgets': '7.7.1', 'ipython': '7.34.0', 'ipykernel': '6.17.1', 'numpy': '2.0.2', 'pandas': '2.2.2',
         'matplotlib': '3.10.0', 'jinja2': '3.1.6', 'mlxtend': '0.23.4', 'fastprogress': '1.0.3'}
WIDGET_CELL = '''\
# Added by tools/envs_check.py (not part of the chapter): drive every live widget as a learner would
import math, ipywidgets
from IPython.display import display
from IPython.utils.capture import capture_output
from mnist_basics.launch import hosted_runtime
assert hosted_runtime() == 'colab', hosted_runtime()
assert ipywidgets.__version__ == %r, ipywidgets.__version__
live = [w for w in list(ipywidgets.Widget.widgets.values()) if hasattr(w, 'readout') and hasattr(w, 'controls')]
assert len(live) >= 3, f'found {len(live)} live widgets'
def moved(c):
    "A fifth of the slider's range away from its nearer end (a log slider's range is in powers of its base)."
    log = isinstance(c, ipywidgets.FloatLogSlider)
    v = math.log(c.value, c.base) if log else c.value
    v += (c.max - c.min)/5 * (-1 if v > (c.min + c.max)/2 else 1)
    return c.base**v if log else type(c.value)(v)
for panel in live:
    with capture_output() as shown: display(panel)
    data = shown.outputs[0].data
    assert {'application/vnd.jupyter.widget-view+json', 'image/png', 'text/plain'} <= set(data), sorted(data)
    for name, control in panel.controls.items():  # in order: the descent steps move before the learning rate
        text, picture = panel.readout.value, panel.image.value
        control.value = moved(control)  # the callback runs here
        assert panel.readout.value != text, f'{name}: the readout did not change'
        assert panel.image.value != picture, f'{name}: the picture did not change'
        assert 'Could not draw' not in panel.readout.value, panel.readout.value
'''

def sh(*cmd, **kw):
    print('+', ' '.join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)

def pins()->list:
    "The exact versions `./course` tests with (its PINS line): the one place they are written."
    line = next(l for l in (ROOT/'course').read_text().splitlines() if l.startswith('PINS='))
    return line.split('=', 1)[1].strip('"').split()

def freeze(venv:Path)->dict:
    out = subprocess.run([venv/'bin'/'python', '-m', 'pip', 'list', '--format=json'], capture_output=True, text=True, check=True).stdout
    return {p['name'].lower().replace('_', '-'): p['version'] for p in json.loads(out)}

def new_venv(path:Path, *requirements)->Path:
    sh(sys.executable, '-m', 'venv', path)  # the course venv's interpreter: the same Python, with nothing installed
    sh(path/'bin'/'python', '-m', 'pip', 'install', '-q', '--upgrade', 'pip')
    if requirements: sh(path/'bin'/'python', '-m', 'pip', 'install', '-q', *requirements)
    return path

def build_wheel(work:Path)->Path:
    "The wheel a learner's pip builds, from a copy of the committed tree (the build leaves nothing in the repository)."
    tree = work/'tree'; copy_tracked(tree)
    sh(sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', work/'dist', tree)
    (wheel,) = (work/'dist').glob('mnist_basics-*.whl')
    return wheel

def kernel(work:Path, venv:Path, name:str)->dict:
    "A kernelspec for `venv`'s Python in a Jupyter path of our own; returns the environment that finds it."
    spec = work/'jupyter'/'kernels'/name; spec.mkdir(parents=True)
    (spec/'kernel.json').write_text(json.dumps({'argv': [str(venv/'bin'/'python'), '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
                                                'display_name': name, 'language': 'python'}))
    return dict(os.environ, JUPYTER_PATH=str(work/'jupyter'), OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')

def copy_notebooks(dest:Path, names)->Path:
    "The notebooks (and the test's sanitize rules) in a folder of their own, as a learner who downloaded them has them."
    dest.mkdir(parents=True)
    for n in names: shutil.copy(ROOT/'nbs'/n, dest/n)
    shutil.copy(ROOT/'nbs'/'sanitize.cfg', dest/'sanitize.cfg')
    (dest/'pytest.ini').write_text('[pytest]\n')  # keeps the repository's pytest settings out
    return dest

def nbval(folder:Path, env:dict, kernel_name:str, *notebooks):
    sh(sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', folder, '-c', folder/'pytest.ini',
       '--nbval', '--nbval-kernel-name', kernel_name, '--nbval-sanitize-with', folder/'sanitize.cfg',
       '--nbval-cell-timeout', '600', *(notebooks or [folder]), cwd=folder, env=env)

def check_colab(work:Path, wheel:Path):
    venv = new_venv(work/'colab-venv', *pins(), *(f'{k}=={v}' for k, v in COLAB.items()), 'fastai')
    before = freeze(venv)
    wrong = {k: before.get(k) for k, v in COLAB.items() if before.get(k) != v}
    assert not wrong, f'the Colab venv did not get Colab\'s versions: {wrong}'
    # the setup cell's `%pip install "mnist_basics @ git+..."`, with the wheel standing in for the repository
    sh(venv/'bin'/'python', '-m', 'pip', 'install', '-q', wheel)
    after = freeze(venv)
    changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    added = sorted(set(after) - set(before))
    assert not changed, f'installing the course replaced what Colab has: {changed}'
    assert added == ['mnist-basics'], f'installing the course added more than itself: {added}'
    print(f'colab: installing the course changed none of {len(before)} packages, added only mnist_basics')
    env = kernel(work, venv, 'colab') | {'COLAB_RELEASE_TAG': 'envs-check'}
    sh(venv/'bin'/'python', '-c', 'from mnist_basics.launch import setup_hosted, missing_requirements as m; '
       'assert m() == [], m(); assert setup_hosted() == "colab"', env=env)
    assert freeze(venv) == after, 'the setup cell installed something on Colab'
    folder = copy_notebooks(work/'colab-nbs', ['04_quadratic.ipynb'])
    nb = json.loads((folder/'04_quadratic.ipynb').read_text())
    nb['cells'].append({'cell_type': 'code', 'id': 'envs-check', 'metadata': {}, 'execution_count': None, 'outputs': [],
                        'source': WIDGET_CELL % COLAB['ipywidgets']})
    (folder/'04_quadratic.ipynb').write_text(json.dumps(nb))
    nbval(folder, env, 'colab')
    print(f'colab: chapter 04 passes nbval on ipywidgets {COLAB["ipywidgets"]} and its widgets redraw')

def check_install(work:Path, wheel:Path):
    # the exact torch pins keep pip from fetching a newer torch with GBs of CUDA packages; all else is as resolved
    venv = new_venv(work/'install-venv', *pins(), f'{wheel}[digits]', 'ipykernel')
    env = kernel(work, venv, 'installed')
    env.pop('PYTHONPATH', None)
    sh(venv/'bin'/'python', '-c', 'import mnist_basics, sys; f = mnist_basics.__file__; print(f); '
       f'assert f.startswith({str(venv)!r}) and not f.startswith({str(ROOT)!r}), f', cwd=work, env=env)
    names = sorted(p.name for p in (ROOT/'nbs').glob('*.ipynb'))
    folder = copy_notebooks(work/'notebooks', names)
    nbval(folder, env, 'installed')
    print(f'install: {len(names)} notebooks pass nbval with the wheel, from {folder}')

if __name__ == '__main__':
    args = sys.argv[1:]
    keep = '--keep' in args  # leave the venvs and notebooks in place, to look into a failure
    which = [a for a in args if a != '--keep'] or ['colab', 'install']
    checks = {'colab': check_colab, 'install': check_install}
    if unknown := set(which) - set(checks): sys.exit(f'envs_check: unknown check(s) {sorted(unknown)}; choose from {sorted(checks)}')
    work = Path(tempfile.mkdtemp(prefix='mnist_basics-envs-'))
    if keep: print(f'envs check: working in {work} (kept)')
    try:
        wheel = build_wheel(work)
        for name in which: checks[name](work, wheel)
    finally:
        if not keep: shutil.rmtree(work, ignore_errors=True)
    print('envs check: OK')
