"""Appended by noxfile.py's `colab` session as the last cell of chapter 04 (never part of the chapter): on Colab's
ipywidgets, check every explorer as far as a kernel can see it. Their sliders move in the browser, with nothing sent
to the kernel for a picture (tests/test_static_page.py and tests/test_browser.py drive them in Chromium); here each must
display as a widget with its module, a picture and a readout, and a learner's moves, reported back in `values`, must
change the picture and the readout a new display shows."""
import os, ipywidgets
from IPython.display import display
from IPython.utils.capture import capture_output
from mnist_basics.launch import hosted_runtime
from mnist_basics.widgets import Explorer

assert hosted_runtime() == 'colab', hosted_runtime()
assert ipywidgets.__version__ == os.environ['COURSE_IPYWIDGETS'], ipywidgets.__version__
live = [w for w in list(ipywidgets.Widget.widgets.values()) if isinstance(w, Explorer)]
assert sorted(w.kind for w in live) == ['map', 'quad', 'relu', 'relu2'], sorted(w.kind for w in live)

def bundle(w)->dict:
    with capture_output() as shown: display(w)
    (out,) = shown.outputs
    return out.data

for w in live:
    data = bundle(w)
    assert {'application/vnd.jupyter.widget-view+json', 'image/png', 'text/plain'} <= set(data), sorted(data)
    assert 'live-readout' in w.get_state()['_esm'], 'the module does not travel with the widget'
    for s in w.sliders:  # a fifth of the slider's range away from its nearer end, as the browser would report it
        v = w.values[s['key']]
        if 'choices' in s:
            i, n = s['choices'].index(v), len(s['choices'])
            new = s['choices'][i + (n//5 or 1)*(-1 if i > (n - 1)/2 else 1)]
        else: new = type(v)(v + (s['max'] - s['min'])/5*(-1 if v > (s['min'] + s['max'])/2 else 1))
        w.values = dict(w.values, **{s['key']: new})
        new = bundle(w)
        assert new['text/plain'] != data['text/plain'], f"{w.kind} {s['name']}: the readout did not change"
        assert new['image/png'] != data['image/png'], f"{w.kind} {s['name']}: the picture did not change"
        data = new
