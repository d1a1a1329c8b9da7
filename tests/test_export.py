"The committed package is exactly what `nbdev-export` makes of the notebooks."
import shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def snapshot(folder:Path)->dict:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob('*.py')) if '__pycache__' not in p.parts}

def test_package_matches_notebooks(tmp_path):
    for name in ['pyproject.toml', 'nbs', 'mnist_basics']:
        src = ROOT/name
        if src.is_dir(): shutil.copytree(src, tmp_path/name, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
        else: shutil.copy(src, tmp_path/name)
    nbdev_export = Path(sys.executable).with_name('nbdev-export')
    subprocess.run([str(nbdev_export)], cwd=tmp_path, check=True, capture_output=True)
    fresh, committed = snapshot(tmp_path/'mnist_basics'), snapshot(ROOT/'mnist_basics')
    stale = sorted(k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
    assert not stale, f'mnist_basics/ is out of date for {stale}: run `nbdev-export` (or `.venv/bin/python -m nox -s refresh`) and commit.'
    assert (tmp_path/'pyproject.toml').read_text() == (ROOT/'pyproject.toml').read_text(), 'nbdev-export changed pyproject.toml'
