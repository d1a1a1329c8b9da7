"The package stays light to import: only the chapters that use fastai's Learner pull fastai in."
import functools, json, os, subprocess, sys
import pytest

# the modules a chapter imports before it needs fastai: importing fastai costs seconds, so they must not
LIGHT = ['mnist_basics.data', 'mnist_basics.external', 'mnist_basics.tensors', 'mnist_basics.shape_checks', 'mnist_basics.pixel_similarity',
         'mnist_basics.sgd', 'mnist_basics.quadratic', 'mnist_basics.widgets', 'mnist_basics.mnist_loss', 'mnist_basics.all_digits', 'mnist_basics.launch',
         'mnist_basics.exercise_toolkit', *[f'mnist_basics.exercises.ch0{n}' for n in range(1, 10)]]
HEAVY = ('fastai', 'torchvision', 'sklearn', 'pandas')

def heavy_after_each_import(modules:list, then:str='')->dict:
    """In one fresh interpreter, import `modules` in turn, then run the statement `then` (if any); after each step, the
    heavy packages loaded so far. The first step after which one appears is the one that pulled it in."""
    code = ('import sys, json, importlib\n'
            f'heavy = lambda: sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})\n'
            f'seen = {{m: (importlib.import_module(m), heavy())[1] for m in {modules!r}}}\n'
            f'if {then!r}: exec({then!r}); seen[{then!r}] = heavy()\n'
            'print(json.dumps(seen))')
    return json.loads(subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout)

LOAD = 'from mnist_basics.data import load_mnist_sample; load_mnist_sample()'

def sample_without_download()->bool:
    "MNIST_SAMPLE is on disk, or in an archive named by the environment: loading it needs no download (and no fastai)."
    from mnist_basics.external import ARCHIVE_ENV, fastai_data_path
    return bool(os.environ.get(ARCHIVE_ENV)) or (fastai_data_path()/'mnist_sample').is_dir()

@functools.lru_cache(maxsize=None)
def light_run()->dict:
    "The light modules imported, then MNIST_SAMPLE loaded where that needs no download: one interpreter for both tests."
    return heavy_after_each_import(LIGHT, then=LOAD if sample_without_download() else '')

def test_light_modules_do_not_import_fastai():
    for module, heavy in light_run().items():
        if module == LOAD: continue
        assert not heavy, f'importing {module} pulls in {heavy[:5]}: import those inside the function that needs them'

def test_the_import_check_can_fail():
    "The same check sees a heavy package where one is imported, and blames the module that imported it."
    seen = heavy_after_each_import(['json', 'pandas'])
    assert seen['json'] == [] and 'pandas' in seen['pandas']

ALL = [*LIGHT, 'mnist_basics.learner', 'mnist_basics.learner_from_scratch', 'mnist_basics']

def test_importing_changes_nothing_outside_the_package():
    "Importing every module (after the libraries it uses) leaves the warning filters, fastprogress and IPython's display settings as they were."
    code = ('import sys, warnings, importlib, json\n'
            'import fastprogress.fastprogress as fp, matplotlib.figure\n'
            'from IPython.core.interactiveshell import InteractiveShell\n'
            'shell = InteractiveShell.instance(); png = shell.display_formatter.formatters["image/png"]\n'
            'state = lambda: (list(map(repr, warnings.filters)), fp.show_styles.__qualname__, png.lookup_by_type.__self__.type_printers.get(matplotlib.figure.Figure) is not None)\n'
            # the libraries first: importing torch or fastai adds warning filters of their own
            'import torch, torchvision, fastcore.xtras, fastai.learner, fastai.vision.learner, fastai.callback.all, pandas, mlxtend.data\n'
            'before = state()\n'
            f'for m in {ALL!r}: importlib.import_module(m)\n'
            'print(json.dumps([before == state(), before, state()]))')
    same, before, after = json.loads(subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout)
    assert same, (before, after)

def test_prepare_notebook_silences_only_fastais_notice():
    "What a notebook's setup cell asks for: fastai's torch.jit notice is silenced, other notices still show."
    code = ('import warnings; warnings.simplefilter("default"); from mnist_basics.launch import prepare_notebook; '
            'prepare_notebook(); import fastai.data.load; warnings.warn("other notices still show", FutureWarning)')
    err = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stderr
    assert 'torch.jit.script' not in err and 'other notices still show' in err

def test_loading_the_sample_does_not_import_fastai():
    "Chapters 00-04 only read MNIST_SAMPLE: finding and loading it needs no fastai once it is on disk (or in an archive)."
    if LOAD not in light_run(): pytest.skip('MNIST_SAMPLE is neither on disk nor in an archive here: loading it would download with fastai')
    assert light_run()[LOAD] == [], f'loading MNIST_SAMPLE imported {light_run()[LOAD][:5]}'

def test_a_learners_error_is_explained_in_words():
    "After prepare_notebook, an error learners often meet gets the exercises' sentence after its traceback; others do not."
    code = ('from IPython.core.interactiveshell import InteractiveShell\n'
            'shell = InteractiveShell.instance()\n'
            'from mnist_basics.launch import prepare_notebook; prepare_notebook()\n'
            'shell.run_cell("import torch; torch.tensor([1, 2, 3]).requires_grad_()")\n'
            'shell.run_cell("print(\'NEXT CELL\'); 1/0")\n')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True).stdout
    known, other = out.split('NEXT CELL', 1)
    assert 'only Tensors of floating point dtype' in known and 'In words: autograd works on floats only' in known, out
    assert 'ZeroDivisionError' in other and 'In words' not in other, out
