"""End to end: the widgets of nbs/04_quadratic.ipynb render and respond in a real JupyterLab 4, in headless Chromium.

The notebook's own asserts prove the Python side; only a browser proves that a learner sees sliders (not the text
`VBox(children=...)`) and that Tab reaches a slider, arrow keys move it and the picture is redrawn. Needs a Chromium
(Debian's `chromium`, or Google Chrome as on GitHub's runners; COURSE_BROWSER names any other) and `playwright`:
    apt-get install -y chromium && .venv/bin/pip install playwright      (never `playwright install`)
Screenshots land in artifacts/browser/ (git-ignored)."""
import json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT/'nbs'/'04_quadratic.ipynb'
SHOTS = ROOT/'artifacts'/'browser'
# where Debian, Ubuntu and GitHub's runners put a Chromium (Ubuntu's own `chromium-browser` is only a snap shim)
BROWSERS = ('/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
# Running all cells takes ~10 s alone (the ReLU fits are the longest cell), longer on 2 busy cores.
RUN_ALL_MS = 150_000
TIMEOUT_S = 240  # the whole test, start-up and teardown included
# JupyterLab settings for a fresh, predictable page: no news toast over the notebook, and every cell laid out
# (the default 'contentVisibility' skips off-screen cells, which blanks their innerText and crops screenshots)
LAB_SETTINGS = {'@jupyterlab/apputils-extension/notification': {'fetchNews': 'false'},
                '@jupyterlab/notebook-extension/tracker': {'windowingMode': 'none'}}


def _missing(what:str):
    "Skip on a learner's machine, but fail in CI: there a missing browser must not turn into a silent green."
    if os.environ.get('CI') == 'true': pytest.fail(f'CI needs {what}', pytrace=False)
    pytest.skip(f'needs {what}')

def find_browser(environ=os.environ, exists=os.path.exists)->str|None:
    "The Chromium to drive: COURSE_BROWSER if set (it must exist), else the first of BROWSERS that does."
    if path := environ.get('COURSE_BROWSER'): return path if exists(path) else None
    return next((b for b in BROWSERS if exists(b)), None)

def test_find_browser():
    "No browser needed: COURSE_BROWSER wins, GitHub's Google Chrome is found, and nothing found is None."
    assert find_browser({'COURSE_BROWSER': '/opt/x/chrome'}, lambda p: True) == '/opt/x/chrome'
    assert find_browser({'COURSE_BROWSER': '/opt/x/chrome'}, lambda p: p == BROWSERS[0]) is None  # a wrong name is not papered over
    assert find_browser({}, lambda p: p == '/usr/bin/google-chrome') == '/usr/bin/google-chrome'
    assert find_browser({}, lambda p: False) is None

def _free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


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
    try: from playwright.sync_api import sync_playwright
    except ImportError: _missing('the playwright package (.venv/bin/pip install playwright)')
    shutil.rmtree(SHOTS, ignore_errors=True); SHOTS.mkdir(parents=True)  # no stale pictures from an earlier run
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser, headless=True, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={'width': 1400, 'height': 1000})
            pg.set_default_timeout(30_000)
            yield pg
            pg.screenshot(path=SHOTS/'last.png')  # on failure too: pytest resumes fixtures after a failed test
        finally: browser.close()


@pytest.fixture
def lab(tmp_path, deadline):
    "A private JupyterLab on a random port and token, serving a *copy* of the notebook (JupyterLab autosaves)."
    nbs = tmp_path/'nbs'; nbs.mkdir()
    shutil.copy(NOTEBOOK, nbs)
    jup = tmp_path/'jupyter'  # config, data, runtime, settings, workspaces: nothing from the user's setup leaks in
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(jup/'config'), JUPYTER_DATA_DIR=str(jup/'data'),
               JUPYTER_RUNTIME_DIR=str(jup/'runtime'), JUPYTERLAB_SETTINGS_DIR=str(jup/'settings'),
               JUPYTERLAB_WORKSPACES_DIR=str(jup/'workspaces'))
    for plugin, values in LAB_SETTINGS.items():
        f = jup/'settings'/f'{plugin}.jupyterlab-settings'
        f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    log_path = tmp_path/'lab.log'
    with open(log_path, 'w') as log:
        proc = subprocess.Popen([Path(sys.executable).parent/'jupyter', 'lab', '--no-browser', '--allow-root',
                                 '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={port}',
                                 f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={nbs}'],
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):  # usually up in ~4 s
            if proc.poll() is not None: pytest.fail(f'JupyterLab exited:\n{log_path.read_text()[-3000:]}')
            try: urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
            except OSError: time.sleep(0.5)
        else: pytest.fail(f'JupyterLab did not answer within 60 s:\n{log_path.read_text()[-3000:]}')
        yield f'{url}/lab/tree/{NOTEBOOK.name}?token={token}'
    finally:
        # SIGTERM lets the server shut its kernels down (they run in their own sessions, so killpg can't reach
        # them; they also exit by themselves once the server is gone)
        os.killpg(proc.pid, signal.SIGTERM)
        try: proc.wait(15)
        except subprocess.TimeoutExpired: os.killpg(proc.pid, signal.SIGKILL); proc.wait()


def menu(page, top:str, item:str):
    "Click a JupyterLab menu item, as a learner would: the menu bar entry, then the item labelled `item`."
    page.locator('.lm-MenuBar-item', has_text=top).first.click()
    page.locator('.lm-Menu-item').filter(has=page.get_by_text(item, exact=True)).click()

def kernel_idle(page):
    "Wait for the status bar to say the kernel is idle."
    page.locator('.jp-StatusBar-TextItem', has_text='(ipykernel) | Idle').wait_for()

def run_all(page):
    "Clear the stored outputs (so we see only fresh ones), run every cell, and fail with the traceback if one raised."
    kernel_idle(page)  # before the kernel is up, Run All asks "Select Kernel" instead of running
    menu(page, 'Edit', 'Clear Outputs of All Cells')
    menu(page, 'Run', 'Run All Cells')
    prompts = "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim())"
    # done when nothing is queued ([*]) any more; after an error JupyterLab un-queues the rest, leaving them [ ]
    page.wait_for_function(f"() => {{ const p = {prompts}; return p.some(t => /\\d/.test(t)) && !p.includes('[*]:') }}",
                           timeout=RUN_ALL_MS)
    if not all(t[1:-2].isdigit() for t in page.evaluate(prompts)):
        traceback = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').last  # how JupyterLab shows it
        pytest.fail(f'a cell raised:\n{traceback.text_content()}')

def settled(page, readout, quiet_s:float=1.0)->str:
    """The readout's text once the kernel is idle and the text has not changed for `quiet_s`.
    Needed because a slider view can write its value back to the kernel after Run All, causing one more redraw."""
    text, since = readout.text_content(), time.monotonic()
    while time.monotonic() - since < quiet_s:
        kernel_idle(page); time.sleep(0.2)
        if (new := readout.text_content()) != text: text, since = new, time.monotonic()
    return text

def widget(page, slider:str):
    "The live_widget panel (the outer VBox that holds a readout) with a slider described `slider`."
    return page.locator('.widget-vbox:has(> .live-readout)').filter(
        has=page.locator('.widget-slider', has=page.get_by_text(slider, exact=True)))

def nudge(page, panel, slider:str, shot:str, presses:int=3):
    """Tab to `slider` and move it with the arrow keys, away from whichever end it is nearer; check the panel redrew.
    Returns the slider's new value and the readout's new text."""
    from playwright.sync_api import expect
    handle = panel.locator('.widget-slider', has=page.get_by_text(slider, exact=True)).locator('.noUi-handle')
    readout, img = panel.locator('.live-readout'), panel.locator('img.live-figure')
    text, src = settled(page, readout), img.get_attribute('src')
    lo, hi, value = (handle.get_attribute(a) for a in ('aria-valuemin', 'aria-valuemax', 'aria-valuenow'))
    panel.screenshot(path=SHOTS/f'{shot}-before.png')
    # from the keyboard: a click on the slider's name selects the cell (as a learner's click does), then Tab
    # moves through the cell's controls, one handle and one number box per slider, until it reaches this one
    panel.locator('.widget-slider', has=page.get_by_text(slider, exact=True)).locator('.widget-label').click()
    for _ in range(20):
        page.keyboard.press('Tab')
        if handle.evaluate('h => h === document.activeElement'): break
    expect(handle, f'20 presses of Tab did not reach the slider {slider!r}').to_be_focused()
    for _ in range(presses): page.keyboard.press('ArrowLeft' if float(value) > (float(lo) + float(hi))/2 else 'ArrowRight')
    expect(handle, 'the slider handle did not move').not_to_have_attribute('aria-valuenow', value)
    expect(readout, 'the readout did not change').not_to_have_text(text)
    expect(img, 'the picture was not redrawn').not_to_have_attribute('src', src)
    new_text = settled(page, readout)
    panel.screenshot(path=SHOTS/f'{shot}-after.png')
    return float(handle.get_attribute('aria-valuenow')), new_text


def test_widgets_render_and_respond(page, lab):
    page.goto(lab)
    run_all(page)
    page.screenshot(path=SHOTS/'notebook-after-run-all.png')
    # a widget whose frontend failed shows up as its repr, or as ipywidgets' own error text
    outputs = '\n'.join(page.locator('.jp-OutputArea').all_text_contents())
    for bad in ('interactive(', 'VBox(children=', 'Error displaying widget', 'Loading widget'):
        assert bad not in outputs, f'a widget shows as text ({bad!r}): the widget frontend did not load'
    assert page.locator('.jupyter-widgets .widget-slider').count() >= 5 + 2 + 4  # quadratic, ReLU, double ReLU
    for name in ('descent steps', 'm1'): assert widget(page, name).count() == 1, f'not one widget with slider {name!r}'

    a, text = nudge(page, widget(page, 'descent steps'), 'a', 'quad-a')
    assert text.startswith(f'a={a:.2f},'), f'readout {text!r} does not show the slider value a={a:.2f}'
    nudge(page, widget(page, 'm1'), 'm1', 'double-relu-m1')
