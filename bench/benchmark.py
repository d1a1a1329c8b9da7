"""What a learner waits for, measured against what the course replaces, in one run on this machine.

    .venv/bin/python -m nox -s bench                    # everything (about 15 minutes on 2 CPU cores)
    .venv/bin/python -m nox -s bench -- --quick         # one round of the published notebooks, fewer slider presses
    .venv/bin/python -m nox -s bench -- --json out.json # where to write the results (default: bench/results.json)

1. The sliders (bench/sliders.py): key to new picture, in JupyterLab and on the static page, in Chromium, every slider of chapter 04
   against course22's `@interact` versions, run unmodified.
2. The published notebooks (bench/peers.py): fastbook's chapter 4 and course22's lesson 3, unmodified, each in a
   fresh kernel, alternating with the course's chapters that cover the same material: each chapter's time to its
   first result and its slowest cell against the book's cells doing the same work; two stages; the whole
   notebooks, for information.
3. Loading a class folder, the book's way and the course's; the test suite as `./course test` runs it; the peak
   memory of each chapter.
Prints the tables CONTRIBUTING.md shows and what they say, and writes it all as JSON. Needs MNIST_SAMPLE (set
MNIST_SAMPLE_ARCHIVE when offline), the peers (../shared/peers, or COURSE_PEERS) and a Chromium.
"""
import statistics, argparse, json, os, platform, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

def median_time(f, repeat:int)->float:
    "The median wall time of `repeat` calls of `f`: the benchmark reports typical times, not best cases."
    runs = []
    for _ in range(repeat):
        start = time.perf_counter(); f(); runs.append(time.perf_counter() - start)
    return statistics.median(runs)

def run_seconds(cmd, env=None)->float:
    "Wall time of a fresh process, which must succeed (if not, its last lines of output say why)."
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode: raise SystemExit(f'{" ".join(cmd)} failed:\n' + '\n'.join((proc.stdout + proc.stderr).splitlines()[-40:]))
    return seconds

# --- the stages: each returns (book seconds, course seconds, extra info) -------------------------------------------

def stage_load(path):
    "Loading train/3 into a float tensor: PIL file by file (the book) vs the course's one-file cache."
    import numpy as np, torch
    from PIL import Image
    from mnist_basics.data import load_digits
    folder = path/'train'/'3'
    files = sorted(folder.glob('*.png'))
    book = lambda: torch.stack([torch.tensor(np.array(Image.open(f))) for f in files]).float()/255
    load_digits(folder)  # make sure the cache exists: the course's steady state
    assert torch.equal(book(), load_digits(folder))
    return median_time(book, 3), median_time(lambda: load_digits(folder), 15), {}

def stage_board(path):
    """Chapter 05's twenty epochs of the linear model, without and with its training board (drawn, not sent to a
    screen) and the validation loss it shows, as the chapter computes it; alternating, median of 7 each."""
    from fastai.data.load import DataLoader
    from fastai.torch_core import set_seed
    from mnist_basics.data import load_mnist_sample
    from mnist_basics.mnist_loss import make_xy, init_params, linear1, train_epoch, validate_epoch, mnist_loss
    from mnist_basics.widgets import TrainingBoard
    sample = load_mnist_sample()
    train_x, train_y = make_xy(sample.train_3, sample.train_7); valid_x, valid_y = make_xy(sample.valid_3, sample.valid_7)
    valid_dl = DataLoader(list(zip(valid_x, valid_y)), batch_size=256)
    boards = []
    def run(board:bool):
        set_seed(42)
        dl = DataLoader(list(zip(train_x, train_y)), batch_size=256, shuffle=True)
        weights, bias = init_params((28*28, 1)), init_params(1)
        model = lambda xb: linear1(xb, weights, bias)
        b = TrainingBoard(epochs=20, start=weights, show=lambda png: None) if board else None
        acc = validate_epoch(model, valid_dl)
        if b: b.add(weights, mnist_loss(model(valid_x), valid_y), acc)  # epoch 0, before training, as the chapter does
        for epoch in range(20):
            train_epoch(model, dl, (weights, bias), lr=1.)
            acc = validate_epoch(model, valid_dl)
            if b: b.add(weights, mnist_loss(model(valid_x), valid_y), acc)
        if b: boards.append(b)
    run(True)  # once, so that matplotlib's first drawing (fonts and all) is behind it, as in a notebook
    times = {True: [], False: []}
    for _ in range(7):  # alternating, so that a slow spell of the machine falls on both
        for board in (False, True):
            start = time.perf_counter(); run(board); times[board].append(time.perf_counter() - start)
    drawing = statistics.median(b.spent for b in boards[1:])
    return (statistics.median(times[True]), statistics.median(times[False]),
            dict(frames=boards[-1].frames, drawing_s=round(drawing, 4)))

def suite_seconds()->float:
    "The whole test suite as `./course test` runs it (two workers, whole files each, one thread per kernel)."
    # less the one test that compares the README with bench/results.json, which this very run is about to rewrite
    return run_seconds([PY, '-m', 'pytest', '-q', '--deselect', 'tests/test_readme.py::test_benchmark_tables_are_the_recorded_results'])

def chapter_peak_memory()->dict:
    "Peak resident memory (MiB) of a fresh kernel running each chapter top to bottom."
    peaks = {}
    for nb in sorted((ROOT/'nbs').glob('[0-9]*.ipynb')):
        code = ('import resource, subprocess, sys; '
                f'subprocess.run([sys.executable, "-m", "jupyter", "execute", {str(nb)!r}], check=True, '
                'stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); '
                'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
        out = subprocess.run([PY, '-c', code], check=True, capture_output=True, text=True, cwd=ROOT).stdout
        peaks[nb.stem] = round(int(out.split()[-1])/1024)  # Linux reports KiB
    return peaks

# --- report ----------------------------------------------------------------------------------------------------------

def machine()->dict:
    import torch
    dev = torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'CPU only'
    return {'python': platform.python_version(), 'torch': torch.__version__, 'cpus': os.cpu_count(),
            'processor': platform.processor() or platform.machine(), 'device': dev, 'date': time.strftime('%Y-%m-%d')}

def findings(result:dict)->dict:
    "What the run says, statement -> (true?, the figures): checked on each run's own numbers, never a timed test."
    out = {}
    sl = result['sliders']
    for key, where in (('course_ms', 'JupyterLab'), ('static_ms', 'the static page, with no kernel')):
        worst = max(sl, key=lambda r: r[key])
        out[f'every slider of chapter 04 answers within 25 ms (median) in {where}'] = (
            worst[key] <= 25, f"slowest: {worst['widget']} {worst['slider']}, {worst[key]:.1f} ms")
    paired = [r for r in sl if r['peer_ms']]
    out["every slider is faster than course22's"] = (all(r['course_ms'] < r['peer_ms'] for r in paired),
        f"largest course/course22: {max(r['course_ms']/r['peer_ms'] for r in paired):.2f}")
    chapters = [ch for comp in result['peers'] for ch in comp['chapters']]
    out["no chapter's first result comes later than the book's notebook's"] = (
        all(ch['first_result'] <= ch['peer_first_result'] for ch in chapters),
        f"largest chapter/book: {max(ch['first_result']/ch['peer_first_result'] for ch in chapters):.2f}")
    matched = [ch['slowest'] for ch in chapters if ch['slowest']['what']]
    out["no chapter's slowest cell is slower than the book's cells doing the same work"] = (
        all(s['seconds'] <= s['peer_seconds'] for s in matched),
        f"largest chapter/book: {max(s['seconds']/s['peer_seconds'] for s in matched):.2f}; "
        f"{len(chapters) - len(matched)} slowest cell(s) with no counterpart")
    board = next((r for r in result.get('stages', []) if r['stage'] == 'chapter 05 training, with the board'), None)
    if board:
        extra = board['book_s']/board['course_s'] - 1
        out["chapter 05's training board, with the validation loss it shows, adds at most a tenth to the training time"] = (
            extra <= 0.1, f"{extra:+.0%}: {board['book_s']:.2f} s with the board, {board['course_s']:.2f} s without, "
                          f"{board['info']['drawing_s']:.2f} s of it drawing")
    return out

# how each stage's two ways differ, for the tables (a stage without an entry here is left out of them: pixel
# similarity's 'book's way' was a loop over images that the book never runs)
HOW = {'load train/3 into a tensor': 'PIL file by file vs the one-file cache'}
# stages whose two columns are the course with and without something, not the book against the course
WITH = {'chapter 05 training, with the board': 'twenty epochs with the training board and its validation loss ({frames} '
                                               'pictures, {drawing_s} s of drawing) against neither'}

def seconds_text(t:float)->str: return f'{t:.3f} s' if t < 1 else f'{t:.1f} s'

def readme_table(result:dict)->str:
    "CONTRIBUTING.md's tables and memory line, made from a results JSON, so that the two cannot disagree."
    from bench.peers import table as peers_table
    from bench.sliders import table as sliders_table
    m = result['machine']
    lines = [f"Measured {m['date']} on {m['cpus']} CPU cores ({m['processor']}), {m['device']}, Python {m['python']}, "
             f"torch {m['torch']}.", '',
             f"**The sliders**: from the arrow key to the new picture on screen, median of {len(result['sliders'][0]['course_all'])} "
             "presses per slider:", '', sliders_table(result['sliders']), '',
             f"**The chapters against the published notebooks**, each run whole in a fresh kernel, alternating, "
             f"{result['peers'][0]['rounds']} rounds, medians (below 1 means the course is quicker). A first result is "
             "the first cell output a learner sees, timed from asking for the kernel:", '',
             peers_table(result['peers']), '']
    for comp in result['peers']:
        if comp['peer_errors']: lines += [f"Cells of {comp['peer']} that failed here: {', '.join(comp['peer_errors'])}.", '']
    lines += ['**Loading**, the book\'s way against the course\'s:', '',
              '| stage | book | course | ratio | how |', '|---|---:|---:|---:|---|']
    for r in result['stages']:
        if r['stage'] not in HOW: continue
        ratio = r['book_s']/r['course_s']
        ratio_text = f'{ratio:.0f}×' if ratio >= 10 else f'{ratio:.1f}×'
        lines.append(f"| {r['stage']} | {seconds_text(r['book_s'])} | {seconds_text(r['course_s'])} | {ratio_text} | "
                     f"{HOW[r['stage']].format(**r['info'])} |")
    extra = [r for r in result['stages'] if r['stage'] in WITH]
    if extra:
        lines += ['', '**What a view costs**, the course with it against without it:', '',
                  '| stage | with | without | share | how |', '|---|---:|---:|---:|---|']
        for r in extra:
            lines.append(f"| {r['stage']} | {seconds_text(r['book_s'])} | {seconds_text(r['course_s'])} | "
                         f"{r['book_s']/r['course_s'] - 1:+.0%} | {WITH[r['stage']].format(**r['info'])} |")
    if result.get('suite_s') is not None:
        lines += ['', f"The test suite as `./course test` runs it (two workers): {result['suite_s']:.0f} s."]
    mem = result['peak_rss_mib']
    if mem:
        worst = max(mem, key=mem.get)
        lines += ['', f"Peak memory of a fresh kernel running each chapter top to bottom: at most {mem[worst]/1024:.2f} GiB "
                  f"({worst}); " + ', '.join(f'{k} {v} MiB' for k, v in mem.items()) + '.']
    lines += ['', 'What this run says:', '']
    lines += [f"- {'yes' if ok else 'NO'}: {what} ({figures})" for what, (ok, figures) in result['findings'].items()]
    return '\n'.join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quick', action='store_true', help='one round of the peers, 5 presses per slider; no test suite, no memory')
    ap.add_argument('--json', default=str(ROOT/'bench'/'results.json'))
    args = ap.parse_args()
    warnings.simplefilter('ignore')
    from bench import peers, sliders
    from mnist_basics.data import mnist_sample_path
    path = mnist_sample_path()  # the PNG folders, for the book's way of loading
    log = lambda m: print(m, file=sys.stderr, flush=True)
    log('measuring: the sliders, in JupyterLab and on the static page, in Chromium …')
    slider_rows = sliders.measure(presses=5 if args.quick else 11, log=log)
    log('measuring: the published notebooks against the course …')
    peer_results = peers.measure(rounds=1 if args.quick else 3, log=log)
    rows = []
    for name, run in [('load train/3 into a tensor', lambda: stage_load(path)),
                      ('chapter 05 training, with the board', lambda: stage_board(path))]:
        log(f'measuring: {name} …')
        book, course, info = run()
        rows.append(dict(stage=name, book_s=round(book, 4), course_s=round(course, 4), ratio=round(book/course, 1), info=info))
    suite_s, memory = None, {}
    if not args.quick:
        log('measuring: the test suite …'); suite_s = suite_seconds()
        log('measuring: peak memory per chapter …'); memory = chapter_peak_memory()
    for comp in peer_results:  # where the time goes, for whoever makes the course faster (not part of the JSON)
        log(f"slowest cells, {comp['name']}:\n  peer:   " + '\n          '.join(comp['slowest cells']['peer'])
            + '\n  course: ' + '\n          '.join(comp.pop('slowest cells')['course']))
    result = dict(machine=machine(), sliders=slider_rows, peers=peer_results, stages=rows, suite_s=suite_s, peak_rss_mib=memory)
    result['findings'] = {what: [ok, figures] for what, (ok, figures) in findings(result).items()}
    Path(args.json).write_text(json.dumps(result, indent=1) + '\n')
    print('\n' + readme_table(result))  # CONTRIBUTING.md's tables: paste them there as they are
    print(f'\nwritten to {args.json}')
    return 0

if __name__ == '__main__': sys.exit(main())
