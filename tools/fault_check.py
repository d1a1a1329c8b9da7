"""Is the test suite a real oracle? Break exported functions on purpose and check that the suite fails each time.

    .venv/bin/python -m tools.fault_check            # every fault
    .venv/bin/python -m tools.fault_check sigmoid    # only the faults whose name contains "sigmoid"

Each fault is applied to a throw-away copy of the committed tree — in the notebook's exported cell, then re-exported,
so notebook and package agree — and the whole suite runs there (two workers). Prints, per fault, whether it was
caught and by which tests. Exits 1 if any fault slipped through."""
import json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAULTS = {  # name: (notebook, exact text in an exported cell, its broken replacement)
    'off-by-one in mnist_distance': ('02_pixel_similarity.ipynb',
        "return (a - b).abs().mean((-1, -2))", "return (a - b)[..., :-1].abs().mean((-1, -2))"),
    'sigmoid dropped from mnist_loss': ('05_mnist_loss.ipynb',
        "    predictions = predictions.sigmoid()\n", ""),
    'gradients not zeroed in train_epoch': ('05_mnist_loss.ipynb',
        "        for p in params: p.grad = None\n", ""),
    'gradients not zeroed by BasicOptim': ('06_learner.ipynb',
        "        for p in self.params: p.grad = None", "        pass"),
    'exercise checks that accept anything': ('92_exercise_toolkit.ipynb',
        "    if isinstance(want, Tensor): return _compare_tensors(got, want)\n", "    return None\n"),
}

def break_notebook(nb:Path, old:str, new:str):
    data = json.loads(nb.read_text())
    hits = 0
    for cell in data['cells']:
        src = ''.join(cell['source'])
        if cell['cell_type'] == 'code' and src.startswith('#| export') and old in src:
            cell['source'] = src.replace(old, new); hits += 1
    if hits != 1: raise SystemExit(f'{nb.name}: expected the text once in an exported cell, found it {hits} times: {old!r}')
    nb.write_text(json.dumps(data, indent=1, ensure_ascii=False))

def copy_tracked(tree:Path):
    "Copy every file git tracks (as it is in the working tree) to `tree`: a throw-away copy to break or build in."
    files = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        (tree/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, tree/f)

def run_with_fault(name, nb, old, new)->list:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)/'tree'
        copy_tracked(tree)
        break_notebook(tree/'nbs'/nb, old, new)
        subprocess.run([str(Path(sys.executable).with_name('nbdev-export'))], cwd=tree, check=True, capture_output=True)
        # PYTHONPATH puts the broken copy of the package ahead of the installed one, for pytest and the kernels
        env = dict(os.environ, PYTHONPATH=str(tree))
        out = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-rf',
                              '--ignore=tests/test_browser.py', '--ignore=tests/test_export.py'],
                             cwd=tree, env=env, capture_output=True, text=True).stdout
        return re.findall(r'^FAILED (.+?)(?: - .*)?$', out, re.M)

def main():
    slipped, only = [], sys.argv[1:]
    for name, (nb, old, new) in FAULTS.items():
        if only and not any(o in name for o in only): continue
        failed = run_with_fault(name, nb, old, new)
        print(f"{'caught' if failed else 'SLIPPED THROUGH'}: {name} — {len(failed)} failing tests", flush=True)
        for f in failed[:8]: print('    ' + f)
        if not failed: slipped.append(name)
    sys.exit(1 if slipped else 0)

if __name__ == '__main__': main()
