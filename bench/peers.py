"""The course against the published notebooks it replaces, run as a learner runs them: each notebook in a fresh
Jupyter kernel, cell by cell, alternating peer and course in the same run.

The peers are read, unmodified, from ../shared/peers (or COURSE_PEERS): fastbook's chapter 4 against the chapters
covering the same material, course22's lesson 3 against chapter 04. fastbook needs its package
(`pip install --no-deps fastbook graphviz`, which `nox -s bench` does) and Debian's graphviz for two `gv()` cells;
a cell that fails is reported, and the run goes on (a failing cell only makes the peer look faster).

    .venv/bin/python -m bench.peers [--rounds N]    # print the comparison; bench/benchmark.py includes it
"""
import json, os, re, statistics, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = Path(os.environ.get('COURSE_PEERS', ROOT.parent/'shared'/'peers'))

# each comparison: the peer, the course's chapters covering the same material, and the stages to time inside both,
# each the same work on both sides, found by patterns in the cells' code (the cells matching a side's patterns are
# added up): {stage: (peer patterns, course patterns)}
RESNET = ([r'vision_learner\(dls, resnet18'],  # the book's cell builds its DataLoaders, then trains
          [r'image_dls = mnist_dataloaders', r'vision_learner\(image_dls, resnet18'])  # ours: two cells, the same work
IMPORTS = ([r'^import fastbook', r'^from fastbook import'], [r'^(from \S+ )?import '])  # the book: two cells
COMPARISONS = [
    dict(name='fastbook chapter 4', peer='fastbook_04_mnist_basics.ipynb',
         course=['00_data', '01_tensors', '02_pixel_similarity', '03_sgd', '05_mnist_loss', '06_learner'],
         stages={'ResNet-18: DataLoaders and one epoch': RESNET,
                 'simple_net, 40 epochs': ([r'learn\.fit\(40, 0\.1\)'], [r'Learner\(dls, simple_net_module\(\).*\n.*fit\(40'])}),
    dict(name='course22 lesson 3', peer='course22_04_how_does_a_neural_net_really_work.ipynb',
         course=['04_quadratic'], stages={}),
]
# A chapter's slowest cell and the peer's cells that do the same work: the first entry whose course patterns match
# the slowest cell. A slowest cell that matches none has no counterpart in the peer (said so in the table).
COUNTERPARTS = [('a ResNet-18: its DataLoaders and one epoch', *RESNET),
                ('importing the libraries', *IMPORTS)]

def run_notebook(nb_path:Path, cwd:Path)->dict:
    """Run a notebook in a fresh kernel: wall seconds from asking for the kernel to each cell's end, and what failed.
    `total` ends with the last cell: shutting the kernel down afterwards keeps no learner waiting (it is left out
    for peer and course alike, and reported apart as `shutdown`)."""
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    client = NotebookClient(nb, timeout=1800, kernel_name='python3', allow_errors=True,
                            resources={'metadata': {'path': str(cwd)}})
    cells, first_result, errors = [], None, []
    start = time.perf_counter()
    with client.setup_kernel():
        kernel = time.perf_counter() - start
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != 'code': continue
            t = time.perf_counter()
            client.execute_cell(cell, i)
            end = time.perf_counter()
            cells.append(dict(source=cell.source, seconds=end - t, outputs=cell.outputs))
            if any(o.get('output_type') == 'error' for o in cell.outputs): errors.append(cell.source.splitlines()[0][:60] if cell.source else '')
            elif first_result is None and any(o.get('output_type') != 'stream' or o.get('name') == 'stdout' for o in cell.outputs):
                first_result = end - start  # the first thing a learner sees: a value, a table, a picture or a print
        total = time.perf_counter() - start
    shutdown = time.perf_counter() - start - total
    return dict(total=total, kernel=kernel, shutdown=shutdown, first_result=first_result, cells=cells, errors=errors)

def accuracy(cell:dict)->float|None:
    "The last epoch's accuracy in a fastai training table (the last row's last number before the time)."
    html = ''.join(o.get('data', {}).get('text/html', '') for o in cell['outputs'] if o.get('output_type') != 'stream')
    rows = re.findall(r'<tr>(.*?)</tr>', html, re.S)
    nums = [re.findall(r'<td>([0-9.]+)</td>', r) for r in rows]
    nums = [n for n in nums if len(n) >= 4]
    return float(nums[-1][3]) if nums else None

def stage_seconds(runs:list, patterns:list)->tuple:
    """Seconds of the cells matching `patterns` among several notebooks' runs, added up (each pattern must match one
    cell), and the accuracy of the last of them if it trains."""
    hits = []
    for pattern in patterns:
        found = [c for r in runs for c in r['cells'] if re.search(pattern, c['source'], re.M)]
        if len(found) != 1: raise SystemExit(f'bench: the pattern {pattern!r} matched {len(found)} cells, not one')
        hits += found
    return sum(c['seconds'] for c in hits), accuracy(hits[-1])

def measure(rounds:int=3, log=print)->list:
    "Every comparison, `rounds` times, alternating peer and course (peer first in odd rounds, course first in even)."
    from mnist_basics.data import mnist_sample_path
    mnist_sample_path()  # warm caches: the data is where fastai looks (FASTAI_HOME), as it is for a returning learner
    out = []
    for comp in COMPARISONS:
        peer_path = PEERS/comp['peer']
        if not peer_path.exists(): raise SystemExit(f'bench: {peer_path} is missing; set COURSE_PEERS to the peers folder')
        peer_runs, course_runs = [], []
        for r in range(rounds):
            order = ('peer', 'course') if r % 2 == 0 else ('course', 'peer')
            for who in order:
                log(f'  round {r + 1}: {comp["peer"] if who == "peer" else ", ".join(comp["course"])} …')
                if who == 'peer':
                    with tempfile.TemporaryDirectory() as tmp: peer_runs.append(run_notebook(peer_path, Path(tmp)))
                else:
                    course_runs.append({ch: run_notebook(ROOT/'nbs'/f'{ch}.ipynb', ROOT/'nbs') for ch in comp['course']})
        out.append(summarise(comp, peer_runs, course_runs))
        out[-1]['slowest cells'] = slowest_cells(peer_runs[-1], course_runs[-1])
    return out

def slowest_cells(peer_run:dict, course_run:dict, n:int=10)->dict:
    "Where the time goes (the last round): the slowest cells of the peer and of the course, with their first line."
    def top(cells): return [f"{c['seconds']:.2f} s  {label}: {c['source'].strip().splitlines()[0][:70] if c['source'].strip() else ''}"
                            for label, c in sorted(cells, key=lambda lc: -lc[1]['seconds'])[:n]]
    return dict(peer=top([('peer', c) for c in peer_run['cells']]) + [f"{peer_run['kernel']:.2f} s  kernel start"],
                course=top([(ch, c) for ch, r in course_run.items() for c in r['cells']])
                       + [f"{sum(r['kernel'] for r in course_run.values()):.2f} s  kernel starts, {len(course_run)} chapters"])

def med(xs): return statistics.median(xs)

def _first_line(src:str)->str:
    "A cell's first line of code, past `#|` directives."
    lines = [l for l in src.strip().splitlines() if l.strip() and not l.startswith('#|')]
    return lines[0][:70] if lines else ''

def slowest_with_counterpart(chapter:str, course_runs:list, peer_runs:list)->dict:
    "The chapter's slowest cell (by median over the rounds), and the peer's cells that do the same work, if any."
    n = len(course_runs[0][chapter]['cells'])
    med_s = [med([run[chapter]['cells'][i]['seconds'] for run in course_runs]) for i in range(n)]
    i = max(range(n), key=med_s.__getitem__)
    cell = course_runs[0][chapter]['cells'][i]
    row = dict(chapter=chapter, cell=_first_line(cell['source']), seconds=med_s[i], what=None, peer_seconds=None)
    for what, peer_pats, course_pats in COUNTERPARTS:
        if any(re.search(p, cell['source'], re.M) for p in course_pats):
            mine = [p for p in course_pats if any(re.search(p, c['source'], re.M) for c in course_runs[0][chapter]['cells'])]
            if what.startswith('importing'):  # that one cell against the peer's imports cell
                course_s = med_s[i]
            else: course_s = med([stage_seconds([run[chapter]], mine)[0] for run in course_runs])
            row.update(what=what, seconds=course_s, peer_seconds=med([stage_seconds([r], peer_pats)[0] for r in peer_runs]))
            break
    return row

def summarise(comp:dict, peer_runs:list, course_runs:list)->dict:
    "Per chapter: the first result and the slowest cell, against the peer's; the stages; the whole notebooks (information)."
    chapters = [dict(chapter=ch, first_result=med([run[ch]['first_result'] for run in course_runs]),
                     peer_first_result=med([r['first_result'] for r in peer_runs]),
                     slowest=slowest_with_counterpart(ch, course_runs, peer_runs)) for ch in comp['course']]
    stages = []
    for stage, (peer_pats, course_pats) in comp['stages'].items():
        p = [stage_seconds([r], peer_pats) for r in peer_runs]
        c = [stage_seconds(list(run.values()), course_pats) for run in course_runs]
        stages.append(dict(stage=stage, peer=med([s for s, _ in p]), course=med([s for s, _ in c]),
                           peer_accuracy=min((a for _, a in p), default=None), course_accuracy=min((a for _, a in c), default=None)))
    whole = dict(peer=med([r['total'] for r in peer_runs]), course=med([sum(c['total'] for c in run.values()) for run in course_runs]))
    errors = sorted({e for r in peer_runs for e in r['errors']})
    course_errors = sorted({f'{ch}: {e}' for run in course_runs for ch, c in run.items() for e in c['errors']})
    if course_errors: raise SystemExit(f'bench: course cells failed: {course_errors}')
    return dict(name=comp['name'], peer=comp['peer'], course=comp['course'], rounds=len(peer_runs),
                chapters=chapters, stages=stages, whole=whole, peer_errors=errors)

def s_text(t:float)->str: return f'{t:.2f} s' if t < 10 else f'{t:.1f} s'

def table(results:list)->str:
    "Three tables: the first result per chapter, the slowest cell per chapter, and the stages and whole notebooks."
    first = ['| chapter | its first result | the book\'s notebook\'s first result | chapter/book |', '|---|---:|---:|---:|']
    slow = ['| chapter | its slowest cell | seconds | the book\'s cells doing the same work | seconds | chapter/book |',
            '|---|---|---:|---|---:|---:|']
    rest = ['| comparison | stage | peer | course | course/peer |', '|---|---|---:|---:|---:|']
    for res in results:
        for ch in res['chapters']:
            first.append(f"| `{ch['chapter']}` | {s_text(ch['first_result'])} | {s_text(ch['peer_first_result'])} ({res['name']}) | "
                         f"{ch['first_result']/ch['peer_first_result']:.2f} |")
            sl = ch['slowest']
            if sl['what']: slow.append(f"| `{ch['chapter']}` | `{sl['cell']}` | {s_text(sl['seconds'])} | {sl['what']} ({res['name']}) | "
                                       f"{s_text(sl['peer_seconds'])} | {sl['seconds']/sl['peer_seconds']:.2f} |")
            else: slow.append(f"| `{ch['chapter']}` | `{sl['cell']}` | {s_text(sl['seconds'])} | none: {res['name']} has no such cell | — | — |")
        for st in res['stages']:
            acc = f" (accuracy {st['peer_accuracy']:.4f} vs {st['course_accuracy']:.4f})" if st['peer_accuracy'] is not None else ''
            rest.append(f"| {res['name']} | {st['stage']}{acc} | {s_text(st['peer'])} | {s_text(st['course'])} | {st['course']/st['peer']:.2f} |")
        w = res['whole']
        rest.append(f"| {res['name']} | whole notebook{'s' if len(res['course']) > 1 else ''}, for information | "
                    f"{s_text(w['peer'])} | {s_text(w['course'])} | {w['course']/w['peer']:.2f} |")
    return '\n\n'.join('\n'.join(t) for t in (first, slow, rest))

if __name__ == '__main__':
    rounds = int(sys.argv[sys.argv.index('--rounds') + 1]) if "--rounds" in sys.argv else 3
    results = measure(rounds, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(table(results))
    for res in results:
        if res['peer_errors']: print(f"{res['peer']}: cells that failed: {res['peer_errors']}")
    Path(ROOT/'artifacts').mkdir(exist_ok=True)
    (ROOT/'artifacts'/'peers.json').write_text(json.dumps(results, indent=1, default=str))
