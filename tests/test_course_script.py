"The `./course` script reports a wrong MNIST_SAMPLE_ARCHIVE as what it is, instead of passing on a mangled path."
import os, subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run_setup(archive:str)->subprocess.CompletedProcess:
    env = dict(os.environ, MNIST_SAMPLE_ARCHIVE=archive)
    return subprocess.run(['./course', 'setup'], cwd=ROOT, env=env, capture_output=True, text=True)

def test_missing_folder_is_named():
    res = run_setup('/missing/dir/x.tgz')
    assert res.returncode == 1
    assert 'the folder /missing/dir does not exist' in res.stderr, res.stderr

def test_existing_folder_is_accepted(tmp_path):
    res = run_setup(str(tmp_path/'mnist_sample.tgz'))  # the archive itself may still be missing: the data code says so
    assert res.returncode == 0, res.stderr

def pip_calls(tmp_path, **env)->str:
    "What `./course setup` asks pip for, with a stand-in venv whose python only writes down its arguments."
    venv = tmp_path/'venv'; (venv/'bin').mkdir(parents=True)
    log = tmp_path/'pip.log'
    (venv/'bin'/'python').write_text(f'#!/bin/sh\necho "$@" >> {log}\n'); (venv/'bin'/'python').chmod(0o755)
    res = subprocess.run(['./course', 'setup'], cwd=ROOT, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != 'COURSE_NEWEST'} | {'COURSE_VENV': str(venv), **env})
    assert res.returncode == 0, res.stderr
    return log.read_text()

def test_pinned_by_default(tmp_path):
    "Setup installs the `course` line of pins.txt, the one place the exact versions are written."
    pins = next(l.split(':', 1)[1].split() for l in (ROOT/'pins.txt').read_text().splitlines() if l.startswith('course:'))
    assert any(p.startswith('torch==') for p in pins), pins
    calls = pip_calls(tmp_path)
    assert ' '.join(pins) in calls and '--upgrade torch' not in calls, calls

def test_newest_drops_the_pins(tmp_path):
    "The scheduled GitHub job (COURSE_NEWEST=1) installs the newest torch, fastai and ipywidgets, not the pins."
    calls = pip_calls(tmp_path, COURSE_NEWEST='1')
    assert 'torch==' not in calls and '--upgrade torch torchvision fastai ipywidgets -e .[dev]' in calls, calls
