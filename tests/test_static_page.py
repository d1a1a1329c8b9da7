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
            for key in ('End', 'Home'):  # every slider to its highest, then its lowest
                focus_slider(page, panel, name); page.keyboard.press(key)
                values, text, _ = state(panel)
                assert text == readouts[kind](**values), f'{kind} at {values}: the browser says {text!r}, Python {readouts[kind](**values)!r}'
                assert 'nan' not in text.lower(), text
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
