"""The course against the book's way, stage by stage, measured in one run on this machine.

    ./course bench                 # every stage (about 10 minutes on 2 CPU cores)
    ./course bench --quick         # skip the two slow stages (ResNet-18 and the test suites)
    ./course bench --json out.json # where to write the results (default: bench/results.json)

Prints a table (stage, book, course, ratio) and the machine it ran on, peak memory per chapter, and writes JSON.
Short stages report the median of several runs. Needs MNIST_SAMPLE (set MNIST_SAMPLE_ARCHIVE when offline).
"""
import argparse, json, os, platform, resource, statistics, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

def median_seconds(f, repeat:int)->float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter(); f(); times.append(time.perf_counter() - start)
    return statistics.median(times)

def run_seconds(cmd, env=None)->float:
    "Wall time of a fresh process (it must succeed)."
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

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
    return median_seconds(book, 3), median_seconds(lambda: load_digits(folder), 15), {}

def stage_similarity(tensors):
    "Pixel similarity on the validation 3s and 7s: a Python loop over images (the book's first idea) vs broadcasting."
    import torch
    from mnist_basics.similarity import mnist_distance, is_3
    t3, t7, v3, v7 = tensors
    mean3, mean7 = t3.mean(0), t7.mean(0)
    loop = lambda: [bool(mnist_distance(x, mean3) < mnist_distance(x, mean7)) for x in torch.cat([v3, v7])]
    vectorised = lambda: is_3(torch.cat([v3, v7]), mean3, mean7)
    assert loop() == vectorised().tolist()
    return median_seconds(loop, 3), median_seconds(vectorised, 15), {}

def stage_linear_epoch(tensors):
    "One epoch of the linear model from scratch (chapter 05): the book's loop and the course's are the same code."
    from fastai.torch_core import set_seed
    from fastai.data.load import DataLoader
    from mnist_basics.training import make_xy, init_params, linear1, train_epoch
    t3, t7, v3, v7 = tensors
    x, y = make_xy(t3, t7)
    def epoch():
        set_seed(42)
        w, b = init_params((784, 1)), init_params(1)
        train_epoch(lambda xb: linear1(xb, w, b), DataLoader(list(zip(x, y)), bs=256, shuffle=True), (w, b), lr=1.)
    t = median_seconds(epoch, 3)
    return t, t, {'note': 'same code'}

def stage_simple_net(tensors):
    "40 epochs of simple_net with fastai's Learner (chapter 06): the book's DataLoaders and the course's are the same."
    import fastai.callback.progress
    from fastai.torch_core import set_seed
    from fastai.learner import Learner
    from fastai.optimizer import SGD
    from mnist_basics.training import make_xy, mnist_loss, batch_accuracy
    from mnist_basics.learner import mnist_dataloaders, simple_net_module
    t3, t7, v3, v7 = tensors
    set_seed(42)
    dls = mnist_dataloaders(*make_xy(t3, t7), *make_xy(v3, v7))
    learn = Learner(dls, simple_net_module(), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): learn.fit(40, 0.1)
    t = time.perf_counter() - start
    return t, t, {'accuracy': round(learn.recorder.values[-1][2], 4), 'note': 'same code'}

def stage_resnet(path, tensors):
    "One epoch of ResNet-18 from scratch: ImageDataLoaders.from_folder (the book) vs in-memory tensors (the course)."
    import torch, torch.nn.functional as F
    import fastai.callback.schedule
    from fastai.torch_core import set_seed
    from fastai.vision.data import ImageDataLoaders
    from fastai.vision.learner import vision_learner
    from fastai.vision.models import resnet18
    from fastai.metrics import accuracy
    from mnist_basics.learner import image_dataloaders
    def fit(learn):
        start = time.perf_counter()
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, 0.1)
        return time.perf_counter() - start, round(learn.recorder.values[-1][2], 4)
    set_seed(42)
    book_learn = vision_learner(ImageDataLoaders.from_folder(path), resnet18, pretrained=False,
                                loss_func=F.cross_entropy, metrics=accuracy)
    book_t, book_acc = fit(book_learn)
    set_seed(42)
    learn = vision_learner(image_dataloaders(*tensors, bs=64), resnet18, n_in=1, pretrained=False,
                           loss_func=F.cross_entropy, metrics=accuracy)
    learn.model = learn.model.to(memory_format=torch.channels_last)
    course_t, course_acc = fit(learn)
    return book_t, course_t, {'book accuracy': book_acc, 'course accuracy': course_acc}

COURSE_IMPORTS = {  # what each chapter imports, as its first cells do
    '02_pixel_similarity': 'import torch; from mnist_basics.data import mnist_sample_path, load_digits, show_digits; from mnist_basics.similarity import mnist_distance, is_3; import matplotlib.pyplot',
    '06_learner': 'from mnist_basics.learner import *; from fastai.learner import Learner; import fastai.callback.progress, fastai.callback.schedule; from fastai.vision.learner import vision_learner; import matplotlib.pyplot',
}

def stage_cold_start():
    "A fresh interpreter importing what a chapter needs: `from fastai.vision.all import *` (the book) vs the course."
    book = statistics.median(run_seconds([PY, '-c', 'from fastai.vision.all import *']) for _ in range(3))
    course = {ch: statistics.median(run_seconds([PY, '-c', code]) for _ in range(3)) for ch, code in COURSE_IMPORTS.items()}
    worst = max(course.values())
    return book, worst, {f'{ch} seconds': round(t, 2) for ch, t in course.items()}

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

def table(rows)->str:
    lines = [f"| {'stage':<34} | {'book':>9} | {'course':>9} | {'ratio':>7} | notes", '|---|---:|---:|---:|---|']
    for r in rows:
        notes = ', '.join(f'{k}: {v}' for k, v in r['info'].items())
        lines.append(f"| {r['stage']:<34} | {r['book_s']:>8.3f}s | {r['course_s']:>8.3f}s | {r['ratio']:>6.1f}x | {notes}")
    return '\n'.join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quick', action='store_true', help='skip ResNet-18 and the test suites')
    ap.add_argument('--json', default=str(ROOT/'bench'/'results.json'))
    args = ap.parse_args()
    warnings.simplefilter('ignore')
    from mnist_basics.data import mnist_sample_path, load_digits
    path = mnist_sample_path()
    tensors = [load_digits(path/split/c) for split in ('train', 'valid') for c in '37']
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
    result = dict(machine=machine(), stages=rows, peak_rss_mib=memory)
    Path(args.json).write_text(json.dumps(result, indent=1) + '\n')
    m = result['machine']
    print(f"\nmachine: {m['cpus']} CPUs ({m['processor']}), {m['device']}, Python {m['python']}, torch {m['torch']}, {m['date']}\n")
    print(table(rows))
    print('\npeak memory per chapter (MiB): ' + ', '.join(f'{k} {v}' for k, v in memory.items()))
    print(f'\nwritten to {args.json}')

if __name__ == '__main__': main()
