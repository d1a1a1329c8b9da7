"""Chapter 04's explorers on a static page with no kernel, as the course's web pages show them: the page is built from
the executed notebook the way Quarto builds one (tools/static_page.py says what is and is not reproduced), opened in
headless Chromium with every request answered from npm packages (never a CDN), and every slider of every explorer is
moved with the keyboard. At each position the readout must equal what the Python functions of appendix 94 compute
for the values the browser drew, and the picture must change.

Needs what tests/test_browser.py needs, and the page's JavaScript: `npm ci --prefix tools/static_page`. The
milliseconds from each key to the next frame are written to artifacts/static_page/latency.json (never asserted here:
`nox -s bench` reports them)."""
import json, os, shutil, statistics
from pathlib import Path
import pytest
from tools.lab_browser import find_browser, chromium_page
from tools.static_page import (NODE_MODULES, ORIGIN, build_page, route, explorers, state, focus_slider, away_from_end, LATENCY,
                               python_readouts)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT/'nbs'/'04_quadratic.ipynb'
OUT = ROOT/'artifacts'/'static_page'
PRESSES = (1, 3, 7)  # three positions per slider: after 1, 4 and 11 presses
OTHER = {'ArrowLeft': 'ArrowRight', 'ArrowRight': 'ArrowLeft'}

def _missing(what:str):
    if os.environ.get('CI') == 'true': pytest.fail(f'CI needs {what}', pytrace=False)
    pytest.skip(f'needs {what}')

def stored_readouts()->list:
    "The readouts chapter 04 stored with its explorers (their text/plain, after the list of sliders)."
    outs = [o for c in json.loads(NOTEBOOK.read_text())['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', [])]
    texts = [''.join(o['data']['text/plain']) for o in outs if 'application/vnd.jupyter.widget-view+json' in o.get('data', {})]
    return [t.split('] ', 1)[1] for t in texts if t.startswith('[sliders:')]

@pytest.fixture
def page():
    if (browser := find_browser()) is None: _missing('a Chromium (apt-get install -y chromium), or COURSE_BROWSER')
    try: import playwright.sync_api
    except ImportError: _missing('the playwright package')
    if not (NODE_MODULES/'@jupyter-widgets'/'html-manager').is_dir(): _missing('the page\'s JavaScript: npm ci --prefix tools/static_page')
    shutil.rmtree(OUT, ignore_errors=True); OUT.mkdir(parents=True)
    with chromium_page(browser) as pg:
        yield pg
        pg.screenshot(path=OUT/'last.png', full_page=True)

def test_explorers_run_without_a_kernel(page):
    errors = []
    page.on('pageerror', lambda e: errors.append(str(e)))
    record = route(page, {'/04_quadratic.html': build_page(NOTEBOOK)})
    page.goto(f'{ORIGIN}/04_quadratic.html')
    page.wait_for_function("document.querySelectorAll('.explorer .live-readout').length >= 4", timeout=30_000)
    page.evaluate(LATENCY)
    found = explorers(page)
    assert sorted(found) == ['map', 'quad', 'relu', 'relu2'], sorted(found)
    readouts = python_readouts()
    # the browser's first frame says what Python said when the chapter was run
    first = {kind: state(panel) for kind, panel in found.items()}
    assert sorted(text for _, text, _ in first.values()) == sorted(stored_readouts())
    moved, latency = 0, {}
    for kind, panel in found.items():
        panel.scroll_into_view_if_needed()
        for name in panel.locator('label.explorer-slider > span:first-child').all_text_contents():
            handle = focus_slider(page, panel, name)
            key, done = away_from_end(handle), 0
            for n in PRESSES:
                before = state(panel)
                for _ in range(n): page.keyboard.press(key)
                values, text, picture = state(panel)
                assert values != before[0], f'{kind} {name}: {n} presses of {key} did not move the slider'
                assert picture != before[2], f'{kind} {name}: the picture did not change'
                assert text == readouts[kind](**values), f'{kind} at {values}: the browser says {text!r}, Python {readouts[kind](**values)!r}'
                moved += 1; done += n
            key = OTHER[key]  # and back again, a few presses, timed
            for _ in range(5): page.keyboard.press(key)
            latency[f'{kind} {name}'] = page.evaluate('() => window.__latency.splice(0)')[-5:]
        for name in panel.locator('label.explorer-slider > span:first-child').all_text_contents():
            for key in ('Home', 'End'):  # every slider to its lowest, then its highest (so lr moves with 100 descent steps)
                focus_slider(page, panel, name); page.keyboard.press(key)
                values, text, _ = state(panel)
                assert text == readouts[kind](**values), f'{kind} at {values}: the browser says {text!r}, Python {readouts[kind](**values)!r}'
                assert 'nan' not in text.lower(), text
    for name, want in (('b', 'bend at x = 0.00'), ('m', 'flat: m = 0')):  # zeros: b = 0 (with m = 3), then m = 0
        focus_slider(page, found['relu'], name); page.keyboard.press('Home')
        for _ in range(30): page.keyboard.press('ArrowRight')  # from -3, 30 steps of 0.1
        values, text, _ = state(found['relu'])
        assert values[name] == 0 and text == want == readouts['relu'](**values), (values, text)
    assert moved == 3*(5 + 2 + 4 + 2)
    assert errors == [], errors
    assert record['refused'] == [], record['refused']  # nothing outside the page and the npm packages was asked for
    assert any('anywidget' in u for u in record['served']), record['served']
    (OUT/'latency.json').write_text(json.dumps({k: dict(median_ms=round(statistics.median(v), 2), all_ms=v) for k, v in latency.items()}, indent=1))

def test_the_page_gets_the_anywidget_it_asks_for():
    "No browser needed: the anywidget the course pins, the one npm installs for the page, and the one 04's saved state asks for agree."
    from tools.static_page import _matches
    pinned = next(p.split('==')[1] for p in (ROOT/'pins.txt').read_text().split() if p.startswith('anywidget=='))
    locked = json.loads((ROOT/'tools'/'static_page'/'package.json').read_text())['dependencies']['anywidget']
    assert pinned == locked, f'pins.txt has anywidget {pinned}, tools/static_page/package.json {locked}: make them the same'
    state = json.loads(NOTEBOOK.read_text())['metadata']['widgets']['application/vnd.jupyter.widget-state+json']['state']
    asked = {m['model_module_version'] for m in state.values() if m['model_module'] == 'anywidget'}
    assert len(asked) == 1 and _matches(asked.pop(), locked), (asked, locked)
    assert not _matches('~0.10.*', '0.11.0') and _matches('*', '1.0.15') and not _matches('2.3.6', '2.3.7')

NODE = shutil.which('node')

def run_module(cases:list, data:dict, numbers:list=())->dict:
    """The explorers' module run by Node: {'readouts': the readout of each of `cases` ({kind, v}), drawn on a canvas
    that records nothing; 'formats': each of `numbers` as its `fixed` gives 2, 1 and 0 decimals, and its `general`}."""
    from mnist_basics.widgets import _ESM
    import subprocess, tempfile
    driver = '''
const ctx = new Proxy({}, { get: (t, k) => k === 'getTransform' ? () => ({ a: 1 }) : (() => {}), set: () => true });
const { cases, data, numbers } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const kinds = module.exports.KINDS;
console.log(JSON.stringify({ readouts: cases.map(c => kinds[c.kind].draw(ctx, c.v, data, { map: {} })),
  formats: numbers.map(v => [fixed(v, 2), fixed(v, 1), fixed(v, 0), general(Math.abs(v) || 1)]) }));'''
    src = _ESM.replace('export default { render };', 'module.exports = { KINDS };') + driver
    with tempfile.NamedTemporaryFile('w', suffix='.cjs', delete=False) as f: f.write(src)
    out = subprocess.run([NODE, f.name], input=json.dumps(dict(cases=cases, data=data, numbers=list(numbers))), capture_output=True, text=True, timeout=120)
    os.unlink(f.name)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)

def near(js:str, py:str)->bool:
    "The same text, but for numbers that differ by one unit in their last digit (PyTorch sums in another order)."
    import re
    pat = r'-?\d+\.\d+'
    if re.sub(pat, '#', js) != re.sub(pat, '#', py): return False
    for a, b in zip(re.findall(pat, js), re.findall(pat, py)):
        if len(a.split('.')[1]) != len(b.split('.')[1]) or abs(float(a) - float(b)) > 1.01*10**-len(a.split('.')[1]): return False
    return True

@pytest.mark.skipif(NODE is None and os.environ.get('CI') != 'true', reason='needs Node.js')
def test_module_agrees_with_python_at_many_settings():
    """No browser needed: the module's maths and number formats, run by Node, against the Python readouts at 2,400
    random settings of the sliders and the corners where slips hide (m or b at 0, descent at both ends of lr), and its
    f'{v:.2f}'-style formatting against Python's on 20,000 numbers, ties included."""
    import random
    from mnist_basics.quadratic import make_quadratic_data
    x, y = make_quadratic_data()
    readout, rnd = python_readouts(), random.Random(0)
    pick = lambda lo, hi: round(rnd.uniform(lo, hi), 1) + 0.
    lrs = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.]
    cases = [dict(kind='quad', v=dict(a=pick(-1.1, 3.3), b=pick(-1.1, 3.3), c=pick(-1.1, 3.3), steps=rnd.choice([0, 1, 7, 20, 55, 100]), lr=rnd.choice(lrs)))
             for _ in range(400)]
    cases += [dict(kind='quad', v=dict(a=3.3, b=-1.1, c=3.3, steps=100, lr=lr)) for lr in (0.001, 1.)]
    cases += [dict(kind='relu', v=dict(m=pick(-3, 3), b=pick(-3, 3))) for _ in range(1000)]
    cases += [dict(kind='relu', v=dict(m=m, b=b)) for m, b in ((0., 1.5), (1.5, 0.), (-3., 0.), (0., 0.), (0.5, 3.))]
    cases += [dict(kind='relu2', v=dict(m1=pick(-3, 3), b1=pick(-3, 3), m2=pick(-3, 3), b2=pick(-3, 3))) for _ in range(1000)]
    cases += [dict(kind='map', v=dict(lr=round(0.05*k, 2), steps=s)) for k in range(1, 21) for s in (1, 20, 50)]
    numbers = [k/8 for k in range(-200, 200)] + [0.005, -9.65, 2.675, 1.005, 0.045, -0., 0.] + [rnd.uniform(-50, 50) for _ in range(20_000)]
    data = dict(x=x.flatten().tolist(), y=y.flatten().tolist(), c=1.1, start=[0., -3.])
    got = run_module(cases, data, numbers)
    wants = [readout[c['kind']](**c['v']) for c in cases]
    exact = sum(g == w for g, w in zip(got['readouts'], wants))
    off = [(c, g, w) for c, g, w in zip(cases, got['readouts'], wants) if g != w and not near(g, w)]
    assert off == [], off[:5]
    assert exact >= len(cases) - 3, f'{len(cases) - exact} readouts differ in their last digit'  # a value within a millionth of a rounding boundary is rare
    assert got['formats'] == [[f'{v:.2f}', f'{v:.1f}', f'{v:.0f}', f'{abs(v) or 1:g}'] for v in numbers]
    assert near('MAE 1.37', 'MAE 1.38') and not near('MAE 1.37', 'MAE 1.39') and not near('lr 0.6', 'lr 0.60')
