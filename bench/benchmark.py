"""The course against what it replaces, measured in one run on this machine.

    ./course bench                 # everything (about 12 minutes on 2 CPU cores)
    ./course bench --quick         # one round of the published notebooks; no test suite, no memory
    ./course bench --json out.json # where to write the results (default: bench/results.json)

First the published notebooks themselves (bench/peers.py): fastbook's chapter 4 and course22's lesson 3, unmodified,
each in a fresh kernel, alternating with the course's chapters that cover the same material, whole and stage by
stage. Then a few stages inside the chapters, the book's way against the course's; the test suite as
`./course test` runs it; the peak memory of each chapter. Prints the README's tables, then whether each target of the
performance issue is met, and writes it all as JSON. Exits 1 when a target is missed. Needs MNIST_SAMPLE (set
MNIST_SAMPLE_ARCHIVE when offline) and the peers (../shared/peers, or COURSE_PEERS).
"""
import argparse, json, os, platform, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

from mnist_basics.tensors import median_time  # the course's own timer: the median of several runs

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

def suite_seconds()->float:
    "The whole test suite as `./course test` runs it (two workers, whole files each, one thread per kernel)."
    # less the one test that compares the README with bench/results.json, which this very run is about to rewrite
    return run_seconds([PY, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-n', '2', '--dist', 'loadfile', '--deselect',
                        'tests/test_readme.py::test_readme_benchmark_table_is_the_recorded_results'],
                       env={'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'})

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

# the targets of the performance issues, checked against each run's own numbers
MEMORY_LIMIT_MIB = 2048  # every chapter fits an 8 GB laptop
SUITE_LIMIT_S = 120      # `./course test` on 2 cores, warm venv

def check_targets(rows:list, peers:list, suite_s:float|None, memory:dict)->dict:
    "Each target -> (met?, what was measured), for what this run measured."
    by = {r['stage']: r for r in rows}
    checks = {}
    if (r := by.get('load train/3 into a tensor')):
        checks['cached load >= 20x the PIL loop'] = (r['ratio'] >= 20, f"{r['ratio']}x")
    for comp in peers:
        whole = comp['rows'][0]
        checks[f"{comp['name']}: the course's chapters ({', '.join(comp['course'])}) take <= {comp['target']}x the peer"] = (
            whole['ratio'] <= comp['target'], f"{whole['course']:.1f} s vs {whole['peer']:.1f} s = {whole['ratio']:.2f}x")
        for row in comp['rows']:
            if row['stage'].startswith('ResNet-18'):
                speedup = row['peer']/row['course']
                checks['ResNet-18 cell >= 1.4x faster than the book\'s, accuracy >= 0.99'] = (
                    speedup >= 1.4 and row['course_accuracy'] >= 0.99, f"{speedup:.2f}x, accuracy {row['course_accuracy']}")
    if suite_s is not None:
        checks[f'./course test under {SUITE_LIMIT_S} s'] = (suite_s < SUITE_LIMIT_S, f'{suite_s:.0f} s')
    if memory:
        worst = max(memory, key=memory.get)
        checks[f'every chapter under {MEMORY_LIMIT_MIB} MiB peak'] = (memory[worst] < MEMORY_LIMIT_MIB, f'{worst}: {memory[worst]} MiB')
    return checks

# how each stage's two ways differ, for the README's table (fields in braces come from the stage's info)
# (a stage without an entry here is left out of the tables: pixel similarity's 'book's way' was a loop over images
# that the book never runs, so results recorded before 2026-12-01 still hold it but no table shows it)
HOW = {'load train/3 into a tensor': 'PIL file by file vs the one-file cache'}

def seconds_text(t:float)->str: return f'{t:.3f} s' if t < 1 else f'{t:.1f} s'

def readme_table(result:dict)->str:
    "The README's tables and memory line, made from a results JSON, so that the two cannot disagree."
    from peers import table as peers_table
    m = result['machine']
    lines = [f"Measured {m['date']} on {m['cpus']} CPU cores ({m['processor']}), {m['device']}, Python {m['python']}, "
             f"torch {m['torch']}.", '',
             f"**Against the published notebooks**, each run whole in a fresh kernel, alternating with the course, "
             f"{result['peers'][0]['rounds']} rounds, medians (course/peer below 1 means the course is faster). A "
             f"notebook's time runs from asking for its kernel to the end of its last cell:", '',
             peers_table(result['peers']), '']
    for comp in result['peers']:
        if comp['peer_errors']: lines += [f"Cells of {comp['peer']} that failed here: {', '.join(comp['peer_errors'])}.", '']
    lines += ['**Inside the chapters**, the book\'s way against the course\'s:', '',
              '| stage | book | course | ratio | how |', '|---|---:|---:|---:|---|']
    for r in result['stages']:
        if r['stage'] not in HOW: continue
        ratio = r['book_s']/r['course_s']
        ratio_text = f'{ratio:.0f}×' if ratio >= 10 else f'{ratio:.1f}×'
        lines.append(f"| {r['stage']} | {seconds_text(r['book_s'])} | {seconds_text(r['course_s'])} | {ratio_text} | "
                     f"{HOW[r['stage']].format(**r['info'])} |")
    if result.get('suite_s') is not None:
        lines += ['', f"The test suite as `./course test` runs it (two workers): {result['suite_s']:.0f} s."]
    mem = result['peak_rss_mib']
    if mem:
        worst = max(mem, key=mem.get)
        lines += ['', f"Peak memory of a fresh kernel running each chapter top to bottom: at most {mem[worst]/1024:.2f} GiB "
                  f"({worst}); " + ', '.join(f'{k} {v} MiB' for k, v in mem.items()) + '.']
    return '\n'.join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quick', action='store_true', help='one round of the peers; no test suite, no memory')
    ap.add_argument('--json', default=str(ROOT/'bench'/'results.json'))
    args = ap.parse_args()
    warnings.simplefilter('ignore')
    sys.path.insert(0, str(ROOT/'bench'))
    import peers
    from mnist_basics.data import mnist_sample_path
    path = mnist_sample_path()  # the PNG folders, for the book's way of loading
    log = lambda m: print(m, file=sys.stderr, flush=True)
    log('measuring: the published notebooks against the course …')
    peer_results = peers.measure(rounds=1 if args.quick else 3, log=log)
    stages = [('load train/3 into a tensor', lambda: stage_load(path))]  # training: the peers' stages
    rows = []
    for name, run in stages:
        log(f'measuring: {name} …')
        book, course, info = run()
        rows.append(dict(stage=name, book_s=round(book, 4), course_s=round(course, 4), ratio=round(book/course, 1), info=info))
    suite_s, memory = None, {}
    if not args.quick:
        log('measuring: the test suite …'); suite_s = suite_seconds()
        log('measuring: peak memory per chapter …'); memory = chapter_peak_memory()
    targets = check_targets(rows, peer_results, suite_s, memory)
    for comp in peer_results:  # where the time goes, for whoever makes the course faster (not part of the JSON)
        log(f"slowest cells, {comp['name']}:\n  peer:   " + '\n          '.join(comp['slowest cells']['peer'])
            + '\n  course: ' + '\n          '.join(comp.pop('slowest cells')['course']))
    result = dict(machine=machine(), peers=peer_results, stages=rows, suite_s=suite_s, peak_rss_mib=memory,
                  targets={name: dict(met=met, measured=measured) for name, (met, measured) in targets.items()})
    Path(args.json).write_text(json.dumps(result, indent=1) + '\n')
    print('\n' + readme_table(result))  # the README's tables: paste them there as they are
    print('\ntargets:')
    for name, (met, measured) in targets.items(): print(f"  {'met    ' if met else 'NOT MET'}  {name}: {measured}")
    print(f'\nwritten to {args.json}')
    return 0 if all(met for met, _ in targets.values()) else 1

if __name__ == '__main__': sys.exit(main())
