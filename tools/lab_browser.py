"""Driving JupyterLab in headless Chromium: shared by the browser test (tests/test_browser.py) and the slider
benchmark (bench/sliders.py). Needs a Chromium (Debian's `chromium`, Google Chrome, or COURSE_BROWSER) and playwright."""
import contextlib, json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path

# where Debian, Ubuntu and GitHub's runners put a Chromium (Ubuntu's own `chromium-browser` is only a snap shim)
BROWSERS = ('/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
# JupyterLab settings for a fresh, predictable page: no news toast over the notebook, and every cell laid out
# (the default 'contentVisibility' skips off-screen cells, which blanks their innerText and crops screenshots)
LAB_SETTINGS = {'@jupyterlab/apputils-extension/notification': {'fetchNews': 'false'},
                '@jupyterlab/notebook-extension/tracker': {'windowingMode': 'none'}}

class LabError(RuntimeError): "JupyterLab did not start, or a cell raised."

def find_browser(environ=os.environ, exists=os.path.exists)->str|None:
    "The Chromium to drive: COURSE_BROWSER if set (it must exist), else the first of BROWSERS that does."
    if path := environ.get('COURSE_BROWSER'): return path if exists(path) else None
    return next((b for b in BROWSERS if exists(b)), None)

def _free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@contextlib.contextmanager
def chromium_page(browser:str, width:int=1400, height:int=1000):
    "A headless Chromium page with a throw-away profile."
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, headless=True, args=CHROMIUM_ARGS)
        try:
            pg = chromium.new_page(viewport={'width': width, 'height': height})
            pg.set_default_timeout(30_000)
            yield pg
        finally: chromium.close()

@contextlib.contextmanager
def jupyter_lab(folder:Path, python=sys.executable):
    """A private JupyterLab on a random port and token serving `folder` (give it copies: JupyterLab autosaves);
    yields a function that turns a notebook's name into its address."""
    jup = folder.parent/(folder.name + '-jupyter')  # config, data, runtime, settings: nothing from the user's setup
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(jup/'config'), JUPYTER_DATA_DIR=str(jup/'data'),
               JUPYTER_RUNTIME_DIR=str(jup/'runtime'), JUPYTERLAB_SETTINGS_DIR=str(jup/'settings'),
               JUPYTERLAB_WORKSPACES_DIR=str(jup/'workspaces'))
    for plugin, values in LAB_SETTINGS.items():
        f = jup/'settings'/f'{plugin}.jupyterlab-settings'
        f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    log_path = jup/'lab.log'
    with open(log_path, 'w') as log:
        proc = subprocess.Popen([Path(python).parent/'jupyter', 'lab', '--no-browser', '--allow-root',
                                 '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={port}',
                                 f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={folder}'],
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):  # usually up in ~4 s
            if proc.poll() is not None: raise LabError(f'JupyterLab exited:\n{log_path.read_text()[-3000:]}')
            try: urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
            except OSError: time.sleep(0.5)
        else: raise LabError(f'JupyterLab did not answer within 60 s:\n{log_path.read_text()[-3000:]}')
        yield lambda name: f'{url}/lab/tree/{name}?token={token}'
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

def run_all(page, timeout_ms:int=150_000):
    "Clear the stored outputs (so we see only fresh ones), run every cell, and raise LabError with the traceback if one raised."
    kernel_idle(page)  # before the kernel is up, Run All asks "Select Kernel" instead of running
    menu(page, 'Edit', 'Clear Outputs of All Cells')
    menu(page, 'Run', 'Run All Cells')
    # the prompts of the code cells that hold code (JupyterLab does not run an empty cell: it keeps its [ ])
    prompts = ("[...document.querySelectorAll('.jp-CodeCell')].filter(c => (c.querySelector('.cm-content') || {}).textContent"
               "?.trim()).map(c => c.querySelector('.jp-InputPrompt').textContent.trim())")
    # done when nothing is queued ([*]) any more; after an error JupyterLab un-queues the rest, leaving them [ ]
    page.wait_for_function(f"() => {{ const p = {prompts}; return p.some(t => /\\d/.test(t)) && !p.includes('[*]:') }}",
                           timeout=timeout_ms)
    for _ in range(25):  # give the prompts up to 5 s to settle: a cell can still show [ ] as the queue drains
        if all(t[1:-2].isdigit() for t in page.evaluate(prompts)): return
        time.sleep(0.2)
    if not all(t[1:-2].isdigit() for t in page.evaluate(prompts)):
        traceback = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').last  # how JupyterLab shows it
        raise LabError(f'a cell raised:\n{traceback.text_content()}')

def focus_slider(page, panel, slider:str):
    """Reach the slider labelled `slider` in `panel` from the keyboard, as a learner does: a click on the slider's name
    selects the cell, then Tab moves through the cell's controls (a handle and a number box per slider). Returns
    the slider's handle, focused."""
    from playwright.sync_api import expect
    handle = panel.locator('.widget-slider', has=page.get_by_text(slider, exact=True)).locator('.noUi-handle')
    panel.locator('.widget-slider', has=page.get_by_text(slider, exact=True)).locator('.widget-label').click()
    for _ in range(20):
        page.keyboard.press('Tab')
        if handle.evaluate('h => h === document.activeElement'): break
    expect(handle, f'20 presses of Tab did not reach the slider {slider!r}').to_be_focused()
    return handle

def away_from_end(handle)->str:
    "The arrow key that moves the slider away from whichever end it is nearer."
    lo, hi, value = (float(handle.get_attribute(a)) for a in ('aria-valuemin', 'aria-valuemax', 'aria-valuenow'))
    return 'ArrowLeft' if value > (lo + hi)/2 else 'ArrowRight'
