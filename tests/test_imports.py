"The package stays light to import: only the chapters that use fastai's Learner pull fastai in."
import json, subprocess, sys

# the modules a chapter imports before it needs fastai: importing fastai costs seconds, so they must not
LIGHT = ['mnist_basics.data', 'mnist_basics.external', 'mnist_basics.tensors', 'mnist_basics.pixel_similarity',
         'mnist_basics.sgd', 'mnist_basics.quadratic', 'mnist_basics.mnist_loss', 'mnist_basics.all_digits', 'mnist_basics.launch']

def modules_after_import(module:str)->set:
    "Names in `sys.modules` after a fresh interpreter imports `module`."
    code = f'import sys, json, {module}; print(json.dumps(sorted(sys.modules)))'
    out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout
    return set(json.loads(out))

def test_light_modules_do_not_import_fastai():
    for module in LIGHT:
        heavy = sorted(m for m in modules_after_import(module) if m.split('.')[0] in ('fastai', 'torchvision', 'sklearn', 'pandas'))
        assert not heavy, f'importing {module} pulls in {heavy[:5]}: import those inside the function that needs them'

def test_fastai_import_notice_is_silenced_once_for_all():
    "The package silences fastai's `torch.jit` deprecation notice, and only that, wherever fastai is imported first."
    code = ('import warnings; warnings.simplefilter("default"); import mnist_basics.data; '
            'import fastai.data.load; warnings.warn("other notices still show", FutureWarning)')
    err = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stderr
    assert 'torch.jit.script' not in err and 'other notices still show' in err
