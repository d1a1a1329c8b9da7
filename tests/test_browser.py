"""End to end: the widgets of nbs/04_quadratic.ipynb render and respond in a real JupyterLab 4, in headless Chromium.

The notebook's own asserts prove the Python side; only a browser proves that a learner sees the explorers (not their text) and that a slider, reached with a click on its
name, moves with the arrow keys and the picture and the readout (computed in the browser, equal to Python's) follow. Needs a Chromium
(Debian's `chromium`, or Google Chrome as on GitHub's runners; COURSE_BROWSER names any other) and `playwright`:
    apt-get install -y chromium && .venv/bin/pip install playwright      (never `playwright install`)
The machinery is in tools/lab_browser.py (the slider benchmark uses it too). Screenshots land in artifacts/browser/
(git-ignored)."""
import os, shutil, signal
from pathlib import Path
import pytest
from tools.lab_browser import BROWSERS, LabError, find_browser, chromium_page, jupyter_lab, run_all
from tools.static_page import explorers, state, focus_slider, away_from_end, python_readouts

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT/'nbs'/'04_quadratic.ipynb'
SHOTS = ROOT/'artifacts'/'browser'
# Running all cells takes ~10 s alone (the ReLU fits are the longest cell), longer on 2 busy cores.
RUN_ALL_MS = 150_000
TIMEOUT_S = 240  # the whole test, start-up and teardown included


def _missing(what:str):
    "Skip on a learner's machine, but fail in CI: there a missing browser must not turn into a silent green."
    if os.environ.get('CI') == 'true': pytest.fail(f'CI needs {what}', pytrace=False)
    pytest.skip(f'needs {what}')

def test_find_browser():
    "No browser needed: COURSE_BROWSER wins, GitHub's Google Chrome is found, and nothing found is None."
    assert find_browser({'COURSE_BROWSER': '/opt/x/chrome'}, lambda p: True) == '/opt/x/chrome'
    assert find_browser({'COURSE_BROWSER': '/opt/x/chrome'}, lambda p: p == BROWSERS[0]) is None  # a wrong name is not papered over
    assert find_browser({}, lambda p: p == '/usr/bin/google-chrome') == '/usr/bin/google-chrome'
    assert find_browser({}, lambda p: False) is None


@pytest.fixture
def deadline():
    "One alarm for the whole test: raises in the test (so every fixture's teardown still runs) if anything hangs."
    def expired(*_): raise TimeoutError(f'browser test took more than {TIMEOUT_S} s')
    old = signal.signal(signal.SIGALRM, expired); signal.alarm(TIMEOUT_S)
    try: yield
    finally: signal.alarm(0); signal.signal(signal.SIGALRM, old)


@pytest.fixture
def page(deadline):
    "A headless Chromium page with a throw-away profile; whatever is on screen at the end is kept as last.png."
    if (browser := find_browser()) is None:
        _missing(os.environ.get('COURSE_BROWSER') or f'a Chromium at one of {", ".join(BROWSERS)} (apt-get install -y chromium), or COURSE_BROWSER')
    try: import playwright.sync_api
    except ImportError: _missing('the playwright package (.venv/bin/pip install playwright)')
    shutil.rmtree(SHOTS, ignore_errors=True); SHOTS.mkdir(parents=True)  # no stale pictures from an earlier run
    with chromium_page(browser) as pg:
        yield pg
        pg.screenshot(path=SHOTS/'last.png')  # on failure too: pytest resumes fixtures after a failed test


@pytest.fixture
def lab(tmp_path, deadline):
    "A private JupyterLab on a random port and token, serving a *copy* of the notebook (JupyterLab autosaves)."
    nbs = tmp_path/'nbs'; nbs.mkdir()
    shutil.copy(NOTEBOOK, nbs)
    try:
        with jupyter_lab(nbs) as address: yield address(NOTEBOOK.name)
    except LabError as e: pytest.fail(str(e))


def nudge(page, panel, slider:str, shot:str, presses:int=3)->tuple:
    """Reach `slider` from the keyboard and move it with the arrow keys, away from whichever end it is nearer; check
    the explorer redrew. Returns the values it drew and its readout."""
    values, text, picture = state(panel)
    panel.screenshot(path=SHOTS/f'{shot}-before.png')
    handle = focus_slider(page, panel, slider)
    key = away_from_end(handle)
    for _ in range(presses): page.keyboard.press(key)
    new_values, new_text, new_picture = state(panel)
    assert new_values[KEYS.get(slider, slider)] != values[KEYS.get(slider, slider)], 'the slider did not move'
    assert new_text != text, 'the readout did not change'
    assert new_picture != picture, 'the picture was not redrawn'
    panel.screenshot(path=SHOTS/f'{shot}-after.png')
    return new_values, new_text

KEYS = {'descent steps': 'steps'}


def test_widgets_render_and_respond(page, lab):
    page.goto(lab)
    try: run_all(page, RUN_ALL_MS)
    except LabError as e: pytest.fail(str(e))
    page.screenshot(path=SHOTS/'notebook-after-run-all.png')
    # a widget whose frontend failed shows up as its text, or as ipywidgets' own error text
    outputs = '\n'.join(page.locator('.jp-OutputArea').all_text_contents())
    for bad in ('interactive(', '[sliders:', 'Error displaying widget', 'Loading widget'):
        assert bad not in outputs, f'a widget shows as text ({bad!r}): the widget frontend did not load'
    page.wait_for_function("document.querySelectorAll('.explorer .live-readout').length >= 4", timeout=30_000)
    found = explorers(page)
    assert sorted(found) == ['map', 'quad', 'relu', 'relu2'], sorted(found)
    assert page.locator('.jupyter-widgets .widget-slider').count() >= 1  # the interact's slider
    readouts = python_readouts()
    values, text = nudge(page, found['quad'], 'a', 'quad-a')
    assert text == readouts['quad'](**values), (text, values)
    # sharp: drawn at 1.5 to 2 times the size it is shown, never enlarged
    shown, drawn = found['quad'].locator('canvas').evaluate('c => [c.clientWidth, c.width]')
    assert drawn >= 1.5*shown - 2 and shown >= 400, (shown, drawn)
    values, text = nudge(page, found['relu2'], 'm1', 'double-relu-m1')
    assert text == readouts['relu2'](**values), (text, values)
