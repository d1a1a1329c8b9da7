"""A chapter as the course's web pages show it, with no kernel: built from an executed notebook the way Quarto builds a
page with widgets, and served to headless Chromium with the JavaScript from npm packages instead of the CDNs.

Quarto (quarto-cli's jupyter widget dependencies) puts in the page's head require.js 2.3.6 and jQuery 3.5.1 (from
jsDelivr, with integrity hashes), a `define('jquery')` shim and `@jupyter-widgets/html-manager`'s
`embed-amd.js`; each widget output becomes a `<script type="application/vnd.jupyter.widget-view+json">` tag, and the
notebook's saved widget state a `<script type="application/vnd.jupyter.widget-state+json">` tag after the body. The
widget manager then loads each widget's own module from jsDelivr (anywidget's `dist/index.js`). This module writes the
same tags, with the addresses quarto-cli writes today (older Quarto releases wrote cdnjs and unpkg addresses for the
same files; the site's build, deploy.yaml, takes whichever Quarto quarto-actions/setup installs). `route` answers
every request the page makes from tools/static_page/node_modules (`npm ci --prefix tools/static_page`), after checking
that the installed version satisfies the one the page asks for (html-manager's `@*` admits any: the live site gets
jsDelivr's newest, this page the locked 1.0.15), and refuses and records anything else, so a test proves the page
needs nothing but those files.

Not reproduced: require.js's integrity hash. Quarto asks jsDelivr for `require.min.js`, a file the npm package does not
hold: jsDelivr minifies `require.js` on the fly, and its hash is of that output; so the page here loads `require.js`
for it, without the hash. (jQuery's file is in its package, and its hash is kept and checked by the browser.) Nor
Quarto's own page template (Bootstrap, its CSS, the sidebar) and nbdev's processing of the notebook.
The widget cells of chapter 04 hold no import, so nbdev's processing does not execute them and passes their stored
outputs and the saved state through (tools/docs_check.py checks the processed pages carry a picture for each)."""
import html, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT/'tools'/'static_page'/'node_modules'
ORIGIN = 'http://course.test'  # the page's own address: answered by `route`, never looked up
CDN = 'https://cdn.jsdelivr.net/npm/'
WIDGET_VIEW, WIDGET_STATE = 'application/vnd.jupyter.widget-view+json', 'application/vnd.jupyter.widget-state+json'

HEAD = f'''<meta charset="utf-8">
<script src="{CDN}requirejs@2.3.6/require.min.js" crossorigin="anonymous"></script>
<script src="{CDN}jquery@3.5.1/dist/jquery.min.js" integrity="sha384-ZvpUoO/+PpLXR1lu4jmpXWu80pZlYUAfxl5NsBMWOEPSjUn/6Z/hRTt8+pR6L4N2" crossorigin="anonymous" data-relocate-top="true"></script>
<script type="application/javascript">define('jquery', [],function() {{return window.jQuery;}})</script>
<script src="{CDN}@jupyter-widgets/html-manager@*/dist/embed-amd.js" crossorigin="anonymous"></script>'''

def build_page(nb_path:Path)->str:
    "The page for an executed notebook: its outputs in order (widgets as view tags, pictures, text) and its widget state."
    nb = json.loads(Path(nb_path).read_text())
    body = []
    for cell in nb['cells']:
        if cell['cell_type'] != 'code': continue
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if WIDGET_VIEW in data: body.append(f'<div class="cell-output"><script type="{WIDGET_VIEW}">{json.dumps(data[WIDGET_VIEW])}</script></div>')
            elif 'image/png' in data: body.append(f'<div class="cell-output"><img src="data:image/png;base64,{data["image/png"]}"></div>')
            elif 'text/plain' in data or 'text' in out:
                body.append(f'<pre class="cell-output">{html.escape("".join(data.get("text/plain", out.get("text", ""))))}</pre>')
    state = nb.get('metadata', {}).get('widgets', {}).get(WIDGET_STATE)
    after = f'<script type="{WIDGET_STATE}">{json.dumps(state)}</script>' if state else ''
    return f'<!doctype html><html><head>{HEAD}</head><body>{"".join(body)}{after}</body></html>'

def _installed(package:str)->str:
    return json.loads((NODE_MODULES/package/'package.json').read_text())['version']

def _matches(spec:str, version:str)->bool:
    "Does an npm version `spec` as the page writes it (`*`, `2.3.6`, `~0.11.*`) admit `version`?"
    if spec == '*': return True
    parts = spec.lstrip('~^').split('.')
    if spec.startswith('~'): return version.split('.')[:2] == parts[:2]
    return version == spec

def cdn_file(url:str)->Path:
    "The installed file for a jsDelivr address, after checking that the installed version satisfies the one asked for."
    m = re.fullmatch(r'((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)', url[len(CDN):].split('?')[0])
    if not m: raise LookupError(f'not a package address: {url}')
    package, spec, path = m.groups()
    if not (NODE_MODULES/package).is_dir(): raise LookupError(f'{package} is not in {NODE_MODULES}')
    if not _matches(spec, _installed(package)):
        raise LookupError(f'the page asks for {package}@{spec}; {_installed(package)} is installed')
    f = NODE_MODULES/package/path
    if path.endswith('.min.js') and not f.exists(): f = f.with_name(f.name[:-len('.min.js')] + '.js')  # jsDelivr minifies it on the fly
    return f

TYPES = {'.js': 'application/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff',
         '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.eot': 'application/vnd.ms-fontobject', '.html': 'text/html'}

def route(page, pages:dict)->dict:
    """Answer every request of `page`: {path: html} at ORIGIN, CDN addresses from node_modules; refuse the rest.
    Returns a record, filled as the page loads: {'served': [urls], 'refused': [(url, why)]}."""
    record = {'served': [], 'refused': []}
    def answer(r):
        url = r.request.url
        try:
            if url.startswith(ORIGIN):
                path = url[len(ORIGIN):].split('?')[0]
                if path not in pages: return r.fulfill(status=404, body='')  # require.js first tries a module by its bare name here
                body, kind = pages[path].encode(), 'text/html'
            elif url.startswith(CDN):
                f = cdn_file(url)
                if not f.is_file(): raise LookupError(f'no file {f}')
                body, kind = f.read_bytes(), TYPES.get(f.suffix, 'application/octet-stream')
            else: raise LookupError('outside the page and the CDN')
        except LookupError as e:
            record['refused'].append((url, str(e))); return r.abort()
        record['served'].append(url)
        r.fulfill(status=200, body=body, headers={'Content-Type': kind, 'Access-Control-Allow-Origin': '*'})
    page.route('**/*', answer)
    return record

# ---- driving the explorers (chapter 04's anywidgets), on the static page or in JupyterLab ----
def explorers(page)->dict:
    "{kind: the explorer's element} for every explorer on the page (one of each kind)."
    found = {}
    for el in page.locator('.explorer').all():
        kind = el.get_attribute('data-kind')
        if kind in found: raise AssertionError(f'two explorers of kind {kind!r} on the page')
        found[kind] = el
    return found

def state(panel)->tuple:
    "(the slider values the explorer last drew, its readout, a fingerprint of its picture)."
    return panel.evaluate('''el => [JSON.parse(el.dataset.values), el.querySelector('.live-readout').textContent,
                                   el.querySelector('canvas').toDataURL().length + ':' + el.querySelector('canvas').toDataURL().slice(-64)]''')

def focus_slider(page, panel, name:str):
    "Reach slider `name` as a learner does: a click on its name, which focuses the slider without moving it."
    from playwright.sync_api import expect
    row = panel.locator('label.explorer-slider', has=page.get_by_text(name, exact=True))
    row.locator('span').first.click()
    handle = row.locator('input[type=range]')
    expect(handle, f'a click on {name!r} did not focus its slider').to_be_focused()
    return handle

def away_from_end(handle)->str:
    "The arrow key that moves a range input away from whichever end it is nearer."
    lo, hi, value = (float(handle.get_attribute(a) if a != 'value' else handle.input_value()) for a in ('min', 'max', 'value'))
    return 'ArrowLeft' if value > (lo + hi)/2 else 'ArrowRight'

def python_readouts()->dict:
    "{kind: readout(**values)}: the Python side of each explorer, built as chapter 04 builds them."
    from mnist_basics.quadratic import make_quadratic_data
    from mnist_basics.widgets import quad_widget, relu_widget, double_relu_widget, descent_map_widget
    x, y = make_quadratic_data()
    return {'quad': quad_widget(x, y).readout, 'relu': relu_widget().readout, 'relu2': double_relu_widget().readout,
            'map': descent_map_widget(x, y).readout}

# one listener per page: the time of each arrow key, and when the frame after the redraw it caused begins
LATENCY = '''() => {
  if (window.__latency) return;
  window.__latency = []; let pressed = null;
  document.addEventListener('keydown', e => { if (e.key.startsWith('Arrow')) pressed = performance.now(); }, true);
  document.addEventListener('input', e => {  // bubbles up after the explorer's own handler has drawn
    if (pressed === null || !e.target.closest('.explorer')) return;
    const t = pressed; pressed = null;
    requestAnimationFrame(() => window.__latency.push(performance.now() - t));
  });
}'''
