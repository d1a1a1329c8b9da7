"""The course against the book's way, stage by stage, measured in one run on this machine.

    ./course bench                 # every stage (about 12 minutes on 2 CPU cores)
    ./course bench --quick         # skip the two slow stages (ResNet-18 and the test suites)
    ./course bench --json out.json # where to write the results (default: bench/results.json)

Prints the README's table (stage, book, course, ratio, how; the machine it ran on; peak memory per chapter), then
whether each target of the performance issue is met, and writes it all as JSON. Exits 1 when a target is missed.
Stages report the median of several runs. Needs MNIST_SAMPLE (set MNIST_SAMPLE_ARCHIVE when offline).
"""
import argparse, json, os, platform, re, statistics, subprocess, sys, time, warnings
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

def stage_similarity(tensors):
    "Pixel similarity on the validation 3s and 7s: a Python loop over images (the book's first idea) vs broadcasting."
    import torch
    from mnist_basics.pixel_similarity import mnist_distance, is_3
    t3, t7, v3, v7 = tensors
    mean3, mean7 = t3.mean(0), t7.mean(0)
    loop = lambda: [bool(mnist_distance(x, mean3) < mnist_distance(x, mean7)) for x in torch.cat([v3, v7])]
    vectorised = lambda: is_3(torch.cat([v3, v7]), mean3, mean7)
    assert loop() == vectorised().tolist()
    return median_time(loop, 3), median_time(vectorised, 15), {}

def stage_linear_epoch(tensors):
    "One epoch of the linear model from scratch (chapter 05): the book's loop and the course's are the same code."
    from fastai.torch_core import set_seed
    from fastai.data.load import DataLoader
    from mnist_basics.mnist_loss import make_xy, init_params, linear1, train_epoch
    t3, t7, v3, v7 = tensors
    x, y = make_xy(t3, t7)
    def epoch():
        set_seed(42)
        w, b = init_params((784, 1)), init_params(1)
        train_epoch(lambda xb: linear1(xb, w, b), DataLoader(list(zip(x, y)), bs=256, shuffle=True), (w, b), lr=1.)
    t = median_time(epoch, 3)
    return t, t, {'note': 'same code'}

def stage_simple_net(tensors):
    "40 epochs of simple_net with fastai's Learner (chapter 06): the book's DataLoaders and the course's are the same."
    import fastai.callback.progress
    from fastai.torch_core import set_seed
    from fastai.learner import Learner
    from fastai.optimizer import SGD
    from mnist_basics.mnist_loss import make_xy, mnist_loss, batch_accuracy
    from mnist_basics.learner import mnist_dataloaders, simple_net_module
    t3, t7, v3, v7 = tensors
    set_seed(42)
    dls = mnist_dataloaders(*make_xy(t3, t7), *make_xy(v3, v7))
    learn = Learner(dls, simple_net_module(), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): learn.fit(40, 0.1)
    t = time.perf_counter() - start
    return t, t, {'accuracy': round(learn.recorder.values[-1][2], 4), 'note': 'same code'}

def stage_resnet(path, tensors, repeat:int=3):
    "One epoch of ResNet-18 from scratch: the book's way vs the course's (in-memory tensors, one channel, fused Adam)."
    import torch.nn.functional as F
    import fastai.callback.schedule
    from fastai.torch_core import set_seed
    from fastai.vision.data import ImageDataLoaders
    from fastai.vision.learner import vision_learner
    from fastai.vision.models import resnet18
    from fastai.metrics import accuracy
    from mnist_basics.mnist_loss import make_xy
    from mnist_basics.learner import mnist_dataloaders, fused_adam
    def book():  # as the book does it: from the PNG folders, three channels, fastai's default Adam
        return vision_learner(ImageDataLoaders.from_folder(path), resnet18, pretrained=False,
                              loss_func=F.cross_entropy, metrics=accuracy)
    def course():  # as chapter 06 does it: the chapters' tensors as one-channel images, class 1 for a 3
        (x, y), (vx, vy) = make_xy(tensors.train_3, tensors.train_7), make_xy(tensors.valid_3, tensors.valid_7)
        dls = mnist_dataloaders(x.view(-1, 1, 28, 28), y.squeeze(1), vx.view(-1, 1, 28, 28), vy.squeeze(1), bs=64)
        return vision_learner(dls, resnet18, n_in=1, n_out=2, pretrained=False,
                              loss_func=F.cross_entropy, metrics=accuracy, opt_func=fused_adam)
    def fit(make_learner):
        set_seed(42)
        learn = make_learner()
        start = time.perf_counter()
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, 0.1)
        return time.perf_counter() - start, round(learn.recorder.values[-1][2], 4)
    runs = {'book': [], 'course': []}
    for _ in range(repeat):  # alternated, so that a slow spell of the machine hits both ways alike
        for way, make in (('book', book), ('course', course)): runs[way].append(fit(make))
    seconds = {way: statistics.median(t for t, _ in r) for way, r in runs.items()}
    info = {f'{way} accuracy': min(a for _, a in r) for way, r in runs.items()}
    info['runs'] = repeat
    return seconds['book'], seconds['course'], info

def opening_code(nb:Path)->str:
    "What a chapter runs before its first lesson cell: its leading code cells that import (setup cell and magics included)."
    opening = []
    for cell in json.loads(nb.read_text())['cells']:
        if cell['cell_type'] != 'code': continue
        src = ''.join(cell['source'])
        code = '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#', '%')))
        if not code.strip(): continue  # e.g. the `#| default_exp` cell
        if not re.search(r'^\s*(import|from)\s', code, re.M): break
        opening.append(src)
    return '\n'.join(opening)

def kernel_seconds(code:str)->float:
    "Seconds a fresh Jupyter kernel, started in `nbs/`, takes to run `code`, counted from the moment it is ready."
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name='python3', cwd=str(ROOT/'nbs'))
    try:
        start = time.perf_counter()
        reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
        seconds = time.perf_counter() - start
        if reply['content']['status'] != 'ok': raise RuntimeError(f'the kernel failed to run:\n{code}')
        return seconds
    finally:
        kc.stop_channels(); km.shutdown_kernel(now=True)

def stage_cold_start(repeat:int=3):
    "A fresh kernel running a chapter's opening imports, for every chapter, vs one running `from fastai.vision.all import *`."
    chapters = sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))
    book_runs, course_runs = [], {nb.stem: [] for nb in chapters}
    for _ in range(repeat):  # alternated, so that a slow spell of the machine hits both alike
        book_runs.append(kernel_seconds('from fastai.vision.all import *'))
        for nb in chapters: course_runs[nb.stem].append(kernel_seconds(opening_code(nb)))
    course = {ch: statistics.median(runs) for ch, runs in course_runs.items()}
    slowest = max(course, key=course.get)
    return statistics.median(book_runs), course[slowest], {'slowest chapter': slowest,
                                                          'per chapter': {ch: round(t, 2) for ch, t in course.items()}}

def stage_suite():
    "The whole test suite: serial vs two pytest-xdist workers (whole notebooks per worker, one thread each)."
    serial = run_seconds([PY, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'])
    parallel = run_seconds([PY, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-n', '2', '--dist', 'loadfile'],
                           env={'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'})
    return serial, parallel, {'book': 'serial', 'course': 'parallel'}

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

# the targets of the performance issue, checked against each run's own numbers
COLD_START_SHARE = 0.6  # "well under" `fastai.vision.all`: the slowest chapter's opening takes at most 60% of it
MEMORY_LIMIT_MIB = 2048  # every chapter fits an 8 GB laptop

def check_targets(rows:list, memory:dict)->dict:
    "Each target → (met?, what was measured), for the stages this run measured."
    by = {r['stage']: r for r in rows}
    checks = {}
    if (r := by.get('load train/3 into a tensor')):
        checks['cached load >= 20x the PIL loop'] = (r['ratio'] >= 20, f"{r['ratio']}x")
    if (r := by.get('ResNet-18, one epoch')):
        acc = r['info']['course accuracy']
        checks['ResNet-18 epoch >= 1.5x the book, accuracy >= 0.99'] = (
            r['book_s']/r['course_s'] >= 1.5 and acc >= 0.99, f"{r['book_s']/r['course_s']:.2f}x, accuracy {acc}")
    if (r := by.get('chapter cold start (imports)')):
        share = r['course_s']/r['book_s']
        checks[f'slowest chapter opening <= {COLD_START_SHARE:.0%} of fastai.vision.all'] = (
            share <= COLD_START_SHARE, f"{share:.0%} ({r['info']['slowest chapter']})")
    if (r := by.get('test suite: serial vs parallel')):
        checks['parallel suite faster than serial'] = (r['course_s'] < r['book_s'], f"{r['book_s']:.0f} s vs {r['course_s']:.0f} s")
    if memory:
        worst = max(memory, key=memory.get)
        checks[f'every chapter under {MEMORY_LIMIT_MIB} MiB peak'] = (memory[worst] < MEMORY_LIMIT_MIB, f'{worst}: {memory[worst]} MiB')
    return checks

# how each stage's two ways differ, for the README's table (fields in braces come from the stage's info)
HOW = {'load train/3 into a tensor': 'PIL file by file vs the one-file cache',
       'pixel similarity, validation set': 'a loop over images vs broadcasting',
       'linear model, one epoch': 'the same code in both',
       'simple_net, 40 epochs (Learner)': 'the same code in both; accuracy {accuracy}',
       'chapter cold start (imports)': '`from fastai.vision.all import *` vs the slowest chapter\'s opening cells '
                                       '({slowest chapter}), each in a fresh kernel',
       'ResNet-18, one epoch': '`from_folder`, fastai\'s Adam (accuracy {book accuracy}) vs tensors in memory, one '
                               'channel, `fused_adam` (accuracy {course accuracy}); median of {runs} runs',
       'test suite: serial vs parallel': 'serial vs two pytest-xdist workers'}

def seconds_text(t:float)->str: return f'{t:.3f} s' if t < 1 else f'{t:.1f} s'

def readme_table(result:dict)->str:
    "The README's table and memory line, made from a results JSON, so that the two cannot disagree."
    m = result['machine']
    lines = [f"Measured {m['date']} on {m['cpus']} CPU cores ({m['processor']}), {m['device']}, Python {m['python']}, "
             f"torch {m['torch']}:", '', '| stage | book | course | ratio | how |', '|---|---:|---:|---:|---|']
    for r in result['stages']:
        ratio = r['book_s']/r['course_s']
        ratio_text = f'{ratio:.0f}×' if ratio >= 10 else f'{ratio:.1f}×'
        lines.append(f"| {r['stage']} | {seconds_text(r['book_s'])} | {seconds_text(r['course_s'])} | {ratio_text} | "
                     f"{HOW[r['stage']].format(**r['info'])} |")
    mem = result['peak_rss_mib']
    worst = max(mem, key=mem.get)
    lines += ['', f"Peak memory of a fresh kernel running each chapter top to bottom: at most {mem[worst]/1024:.2f} GiB "
              f"({worst}); " + ', '.join(f'{k} {v} MiB' for k, v in mem.items()) + '.']
    return '\n'.join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quick', action='store_true', help='skip ResNet-18 and the test suites')
    ap.add_argument('--json', default=str(ROOT/'bench'/'results.json'))
    args = ap.parse_args()
    warnings.simplefilter('ignore')
    from mnist_basics.data import mnist_sample_path, load_mnist_sample
    path = mnist_sample_path()  # the PNG folders, for the book's way of loading
    tensors = load_mnist_sample()
    stages = [('load train/3 into a tensor', lambda: stage_load(path)),
              ('pixel similarity, validation set', lambda: stage_similarity(tensors)),
              ('linear model, one epoch', lambda: stage_linear_epoch(tensors)),
              ('simple_net, 40 epochs (Learner)', lambda: stage_simple_net(tensors)),
              ('chapter cold start (imports)', stage_cold_start)]
    if not args.quick:
        stages += [('ResNet-18, one epoch', lambda: stage_resnet(path, tensors)),
                   ('test suite: serial vs parallel', stage_suite)]
    rows = []
    for name, run in stages:
        print(f'measuring: {name} …', file=sys.stderr, flush=True)
        book, course, info = run()
        rows.append(dict(stage=name, book_s=round(book, 4), course_s=round(course, 4), ratio=round(book/course, 1), info=info))
    print('measuring: peak memory per chapter …', file=sys.stderr, flush=True)
    memory = chapter_peak_memory()
    targets = check_targets(rows, memory)
    result = dict(machine=machine(), stages=rows, peak_rss_mib=memory,
                  targets={name: dict(met=met, measured=measured) for name, (met, measured) in targets.items()})
    Path(args.json).write_text(json.dumps(result, indent=1) + '\n')
    print('\n' + readme_table(result))  # the README's table: paste it there as it is
    print('\ntargets:')
    for name, (met, measured) in targets.items(): print(f"  {'met    ' if met else 'NOT MET'}  {name}: {measured}")
    print(f'\nwritten to {args.json}')
    return 0 if all(met for met, _ in targets.values()) else 1

if __name__ == '__main__': sys.exit(main())
