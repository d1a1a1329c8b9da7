"""How fast chapter 04's sliders answer, as a learner feels it: from the arrow key to the new picture on screen, in
headless Chromium: the course's explorers in a real JupyterLab and on the static page (tools/static_page.py: the page
the course's site serves, with no kernel), against course22's `@interact` versions of the same plots, run unmodified
from ../shared/peers (or COURSE_PEERS) in the same JupyterLab.

For each slider: reach it from the keyboard, press an arrow key once away from the nearer end, then `presses` more
times, alternating left and right. A listener in the page notes the time of each key press. Ours draw on a canvas
while handling the slider's `input` event, so the time is taken at the next frame after that event (tools/static_page.py's
LATENCY); course22's picture comes from the kernel, so a MutationObserver notes when the new picture `@interact` puts in
its output arrives, waits for it to load and for the next frame (WATCH below), waiting each time for the kernel to go
idle. Reports the median per slider.

    .venv/bin/python -m bench.sliders [--presses N]      # prints a table; bench/benchmark.py includes it
"""
import argparse, json, os, shutil, statistics, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tools.lab_browser import find_browser, chromium_page, jupyter_lab, run_all, kernel_idle, focus_slider, away_from_end
from tools import static_page

PEERS = Path(os.environ.get('COURSE_PEERS', ROOT.parent/'shared'/'peers'))
PEER = 'course22_04_how_does_a_neural_net_really_work.ipynb'
OURS = '04_quadratic.ipynb'
# (widget, slider): ours is found by one of its sliders' names; course22's by the position of its `@interact`
# among those with that slider (the second quadratic is the one that shows the MAE, as ours does)
SLIDERS = [('quadratic', 'a'), ('quadratic', 'b'), ('quadratic', 'c'), ('quadratic', 'descent steps'),
           ('quadratic', 'lr'), ('one ReLU', 'm'), ('one ReLU', 'b'), ('two ReLUs', 'm1'), ('two ReLUs', 'b1'),
           ('two ReLUs', 'm2'), ('two ReLUs', 'b2'), ('descent map', 'lr'), ('descent map', 'steps')]
OUR_KIND = {'quadratic': 'quad', 'one ReLU': 'relu', 'two ReLUs': 'relu2', 'descent map': 'map'}
PEER_INTERACT = {'quadratic': ('c', 1), 'one ReLU': ('m', 0), 'two ReLUs': ('m1', 0)}

WATCH = '''container => {
  // one key listener for the page; one observer at a time, on the panel being measured
  if (!window.__keyListener) {
    window.__keyListener = e => { if (e.key.startsWith('Arrow')) window.__pressed = performance.now(); };
    document.addEventListener('keydown', window.__keyListener, true);
  }
  if (window.__observer) window.__observer.disconnect();
  window.__latencies = []; window.__pressed = null;
  const shown = img => {
    const t = window.__pressed; window.__pressed = null; if (t === null) return;
    const paint = () => requestAnimationFrame(() => window.__latencies.push(performance.now() - t));
    img.addEventListener('load', paint, {once: true});
  };
  window.__observer = new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.tagName === 'IMG') return shown(r.target);
      for (const n of r.addedNodes) {
        const img = n.tagName === 'IMG' ? n : (n.querySelector ? n.querySelector('img') : null);
        if (img) return shown(img);
      }
    }
  });
  window.__observer.observe(container, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}'''

def peer_panel(page, name:str):
    slider, nth = PEER_INTERACT[name]
    return page.locator('.widget-interact').filter(
        has=page.locator('.widget-slider', has=page.get_by_text(slider, exact=True))).nth(nth)

def time_slider(page, panel, slider:str, presses:int)->list:
    """Milliseconds from each arrow key to the new picture on screen. One press away from the nearer end first (not
    timed), then presses that alternate in direction, so that every press changes the picture (a slider pushed on
    and on can reach values that all draw the same picture, where nothing is sent)."""
    handle = focus_slider(page, panel, slider)
    panel.evaluate(WATCH)
    first = away_from_end(handle)
    keys = [first, {'ArrowLeft': 'ArrowRight', 'ArrowRight': 'ArrowLeft'}[first]]
    out = []
    for i in range(presses + 1):
        page.keyboard.press(keys[max(i - 1, 0) % 2])
        try: page.wait_for_function(f'() => window.__latencies.length > {i}', timeout=10_000)
        except Exception: raise SystemExit(f'bench: slider {slider!r}: no new picture within 10 s of key press {i + 1}')
        kernel_idle(page); time.sleep(0.3)  # nothing left to draw before the next key
        if i: out.append(page.evaluate(f'() => window.__latencies[{i}]'))
    page.evaluate('() => window.__observer.disconnect()')
    return out

def time_explorer(page, panel, slider:str, presses:int)->list:
    "Milliseconds from each arrow key to the next frame after the explorer redrew, as time_slider presses them."
    handle = static_page.focus_slider(page, panel, slider)
    page.evaluate(static_page.LATENCY); page.evaluate('() => window.__latency.splice(0)')
    first = static_page.away_from_end(handle)
    keys = [first, {'ArrowLeft': 'ArrowRight', 'ArrowRight': 'ArrowLeft'}[first]]
    for i in range(presses + 1):
        page.keyboard.press(keys[max(i - 1, 0) % 2])
        try: page.wait_for_function(f'() => window.__latency.length > {i}', timeout=10_000)
        except Exception: raise SystemExit(f'bench: slider {slider!r}: no new picture within 10 s of key press {i + 1}')
        time.sleep(0.05)
    return page.evaluate('() => window.__latency.splice(0)')[1:]

def _explorers(page, log, where:str)->dict:
    page.wait_for_function("document.querySelectorAll('.explorer .live-readout').length >= 4", timeout=60_000)
    log(f'sliders: measuring the explorers {where} …')
    return static_page.explorers(page)

def measure(presses:int=9, log=print)->list:
    browser = find_browser()
    if browser is None: raise SystemExit('bench/sliders.py needs a Chromium (apt-get install -y chromium) or COURSE_BROWSER')
    rows, results = [], {}
    def ours(page, where):
        found = _explorers(page, log, where)
        for name, slider in SLIDERS:
            panel = found[OUR_KIND[name]]; panel.scroll_into_view_if_needed()
            results[where, name, slider] = time_explorer(page, panel, slider, presses)
            log(f'  {where} {name} {slider}: median {statistics.median(results[where, name, slider]):.1f} ms')
    with chromium_page(browser) as page:  # the static page: no kernel, the JavaScript from npm packages
        static_page.route(page, {'/04_quadratic.html': static_page.build_page(ROOT/'nbs'/OURS)})
        page.goto(f'{static_page.ORIGIN}/04_quadratic.html'); ours(page, 'static page')
    for who, source in (('JupyterLab', ROOT/'nbs'/OURS), ('course22', PEERS/PEER)):
        # each notebook in a JupyterLab of its own, as a learner opens it: nothing of the other one on the page
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)/'nbs'; folder.mkdir()
            shutil.copy(source, folder)
            with jupyter_lab(folder) as address, chromium_page(browser) as page:
                log(f'sliders: running {source.name} in JupyterLab …')
                page.goto(address(source.name)); run_all(page)
                if who == 'JupyterLab': ours(page, who); continue
                for name, slider in SLIDERS:
                    if name not in PEER_INTERACT or slider in ('descent steps', 'lr'): continue
                    panel = peer_panel(page, name); panel.scroll_into_view_if_needed()
                    results[who, name, slider] = time_slider(page, panel, slider, presses)
                    log(f'  {who} {name} {slider}: median {statistics.median(results[who, name, slider]):.0f} ms')
    med = lambda v: round(statistics.median(v), 1) if v else None
    for name, slider in SLIDERS:
        lab, page_, peer = (results.get((w, name, slider)) for w in ('JupyterLab', 'static page', 'course22'))
        rows.append(dict(widget=name, slider=slider, course_ms=med(lab), course_all=[round(t, 1) for t in lab],
                         static_ms=med(page_), static_all=[round(t, 1) for t in page_],
                         peer_ms=med(peer), peer_all=[round(t, 1) for t in peer] if peer else None))
    return rows

def table(rows:list)->str:
    lines = ['| widget | slider | course22 `@interact` (JupyterLab) | course, JupyterLab | course, static page (no kernel) |',
             '|---|---|---:|---:|---:|']
    for r in rows:
        peer = f"{r['peer_ms']:.0f} ms" if r['peer_ms'] else '—'
        lines.append(f"| {r['widget']} | {r['slider']} | {peer} | {r['course_ms']:.1f} ms | {r.get('static_ms') or 0:.1f} ms |")
    return '\n'.join(lines)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--presses', type=int, default=9)
    rows = measure(ap.parse_args().presses)
    print(table(rows)); print(json.dumps(rows))
