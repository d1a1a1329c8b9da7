"The package stays light to import: only the chapters that use fastai's Learner pull fastai in."
import json, subprocess, sys

# the modules a chapter imports before it needs fastai: importing fastai costs seconds, so they must not
LIGHT = ['mnist_basics.data', 'mnist_basics.external', 'mnist_basics.tensors', 'mnist_basics.pixel_similarity',
         'mnist_basics.sgd', 'mnist_basics.quadratic', 'mnist_basics.mnist_loss', 'mnist_basics.all_digits', 'mnist_basics.launch',
         'mnist_basics.exercises']
HEAVY = ('fastai', 'torchvision', 'sklearn', 'pandas')

def heavy_after_each_import(modules:list)->dict:
    """In one fresh interpreter, import `modules` in turn; after each, the heavy packages loaded so far.
    The first module after which one appears is the one that pulled it in (all before it left it out)."""
    code = ('import sys, json, importlib\n'
            f'heavy = lambda: sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})\n'
            f'print(json.dumps({{m: (importlib.import_module(m), heavy())[1] for m in {modules!r}}}))')
    return json.loads(subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout)

def test_light_modules_do_not_import_fastai():
    for module, heavy in heavy_after_each_import(LIGHT).items():
        assert not heavy, f'importing {module} pulls in {heavy[:5]}: import those inside the function that needs them'

def test_the_import_check_can_fail():
    "The same check sees a heavy package where one is imported, and blames the module that imported it."
    seen = heavy_after_each_import(['json', 'pandas'])
    assert seen['json'] == [] and 'pandas' in seen['pandas']

def test_fastai_import_notice_is_silenced_once_for_all():
    "The package silences fastai's `torch.jit` deprecation notice, and only that, wherever fastai is imported first."
    code = ('import warnings; warnings.simplefilter("default"); import mnist_basics.data; '
            'import fastai.data.load; warnings.warn("other notices still show", FutureWarning)')
    err = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stderr
    assert 'torch.jit.script' not in err and 'other notices still show' in err

def test_loading_the_sample_does_not_import_fastai():
    "Chapters 00-04 only read MNIST_SAMPLE: finding and loading it needs no fastai once it is on disk (or in an archive)."
    import os, pytest
    from mnist_basics.external import ARCHIVE_ENV, fastai_data_path
    if not (os.environ.get(ARCHIVE_ENV) or (fastai_data_path()/'mnist_sample').is_dir()):
        pytest.skip('MNIST_SAMPLE is neither on disk nor in an archive here: loading it would download with fastai')
    code = ('import sys; from mnist_basics.data import load_mnist_sample; load_mnist_sample(); '
            f'print(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r}))')
    out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == '[]', f'loading MNIST_SAMPLE imported {out.strip()[:200]}'
