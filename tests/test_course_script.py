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
