"""Appended by noxfile.py's `colab` session as the last cell of chapter 04 (never part of the chapter): drive every
live widget as a learner would, on Colab's ipywidgets, and check that the readout and the picture change."""
import math, os, ipywidgets
from IPython.display import display
from IPython.utils.capture import capture_output
from mnist_basics.launch import hosted_runtime

assert hosted_runtime() == 'colab', hosted_runtime()
assert ipywidgets.__version__ == os.environ['COURSE_IPYWIDGETS'], ipywidgets.__version__
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
